// ProcessItem: the glue between readers and the coder, on real records.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "extractors/match/codebook.h"
#include "extractors/match/entities.h"
#include "pipeline/process.h"

namespace normcode {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

class ProcessTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::vector<LexiconError> errors;
    auto cb = Codebook::Load(std::string(NORMCODE_SOURCE_DIR) + "/lexicons", &errors);
    ASSERT_TRUE(cb.ok()) << cb.status().ToString() << (errors.empty() ? "" : " " + errors[0].ToString());
    codebook_ = *cb;
    entities_ = new Entities;
    ASSERT_TRUE(Entities::Load(std::string(NORMCODE_SOURCE_DIR) + "/lexicons", entities_, &errors).ok());
  }
  static void TearDownTestSuite() {
    codebook_.reset();
    delete entities_;
  }
  static std::shared_ptr<const Codebook> codebook_;
  static Entities* entities_;
};
std::shared_ptr<const Codebook> ProcessTest::codebook_;
Entities* ProcessTest::entities_ = nullptr;

TEST(ContentHash, Xxh3_128Hex) {
  // XXH3-128 of the empty input, canonical (big-endian) hex.
  EXPECT_EQ(ContentHash(""), "99aa06d3014798d86001c324468d497f");
  EXPECT_EQ(ContentHash("abc").size(), 32u);
  EXPECT_NE(ContentHash("abc"), ContentHash("abd"));
}

TEST_F(ProcessTest, SentencesAndEvidenceIndexesOnARealRecord) {
  std::string raw = Slurp(std::string(NORMCODE_SHARED_DIR) + "/corpus-sample/unsc-debates/S-PV-5577.html");
  ASSERT_FALSE(raw.empty());
  SentenceCoder coder(codebook_, Limits());
  auto r = ProcessItem(raw, "x/S-PV-5577.html", Limits(), coder, entities_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const CodedDocument& c = *r;
  EXPECT_EQ(c.doc.path, "x/S-PV-5577.html");
  EXPECT_EQ(c.doc.size, raw.size());
  EXPECT_EQ(c.doc.content_hash, ContentHash(raw));
  EXPECT_EQ(c.doc.symbol, "S/PV.5577");
  ASSERT_FALSE(c.sentences.empty());
  ASSERT_FALSE(c.evidence.empty()) << "the protection-of-civilians debate has codable sentences";

  std::map<int, const Turn*> turns;
  for (const Turn& t : c.doc.turns) turns[t.index] = &t;
  // Sentences: 1-based and consecutive within each turn, inside the turn's span, in document order.
  std::map<int, int> last;
  uint64_t prev_end = 0;
  for (const Sentence& s : c.sentences) {
    ASSERT_TRUE(turns.count(s.turn)) << s.turn;
    EXPECT_EQ(s.index, ++last[s.turn]);
    EXPECT_GE(s.span.begin, turns[s.turn]->span.begin);
    EXPECT_LE(s.span.end, turns[s.turn]->span.end);
    EXPECT_GE(s.span.begin, prev_end);
    prev_end = s.span.end;
  }
  // Evidence: points at its sentence, inside it; never in a procedural turn.
  std::map<std::pair<int, int>, Span> sent;
  for (const Sentence& s : c.sentences) sent[{s.turn, s.index}] = s.span;
  for (const Evidence& e : c.evidence) {
    auto it = sent.find({e.turn, e.sentence});
    ASSERT_NE(it, sent.end()) << e.turn << "/" << e.sentence;
    EXPECT_GE(e.match.begin, it->second.begin);
    EXPECT_LE(e.match.end, it->second.end);
    EXPECT_FALSE(turns[e.turn]->procedural);
    EXPECT_EQ(c.doc.text.substr(e.match.begin, e.match.size()), e.matched_text);
  }
  // iso3 from entity data: every state speaker of this debate resolves.
  int with_iso3 = 0;
  for (const Turn& t : c.doc.turns) {
    if (t.affiliation == "China") {
      EXPECT_EQ(t.iso3, "CHN");
    }
    if (t.affiliation == "Ghana") {
      EXPECT_EQ(t.iso3, "GHA");
    }
    if (!t.iso3.empty()) ++with_iso3;
  }
  EXPECT_GE(with_iso3, 8);

  // Deterministic: the same input gives the same result.
  auto again = ProcessItem(raw, "x/S-PV-5577.html", Limits(), coder, nullptr);
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->evidence.size(), c.evidence.size());
  for (size_t i = 0; i < c.evidence.size(); ++i) {
    EXPECT_EQ(again->evidence[i].match.begin, c.evidence[i].match.begin);
    EXPECT_EQ(again->evidence[i].entry_id, c.evidence[i].entry_id);
  }
  for (const Turn& t : again->doc.turns) EXPECT_EQ(t.iso3, "") << "no entity data, no iso3";
}

TEST_F(ProcessTest, ReaderErrorsComeBackAsStatus) {
  SentenceCoder coder(codebook_, Limits());
  auto empty = ProcessItem("", "empty.html", Limits(), coder, entities_);
  EXPECT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), Status::Code::kInvalidInput);
  std::string bin("\x00\x01\x02\x03garbage\x00", 12);
  auto b = ProcessItem(bin, "blob.bin", Limits(), coder, entities_);
  EXPECT_FALSE(b.ok());
  Limits small;
  small.max_html_depth = 10;
  std::string nested;
  for (int i = 0; i < 50; ++i) nested += "<div>";
  nested += "<p>Too deep for the limit.</p>";
  for (int i = 0; i < 50; ++i) nested += "</div>";
  auto d = ProcessItem("<html><body>" + nested + "</body></html>", "deep.html", small, coder, entities_);
  EXPECT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), Status::Code::kLimitExceeded) << d.status().ToString();
  EXPECT_NE(d.status().message().find("max_html_depth"), std::string::npos) << d.status().ToString();
}

}  // namespace
}  // namespace normcode
