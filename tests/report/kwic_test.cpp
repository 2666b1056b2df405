// Tests of concordance and search (outputs/kwic.h) on the fixture database:
// FTS5 phrases, NEAR, prefixes, invalid syntax, filters, query text never
// reaching the SQL, keyword location and the fixed-width KWIC layout.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "outputs/kwic.h"
#include "tests/report/report_fixture.h"

using namespace normcode;
using namespace normcode::testing;

namespace {

class KwicTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = tmp_.Path("k.db");
    WriteFixtureDb(db_);
  }
  std::vector<SearchHit> Search(const std::string& q, SearchFilter f = {}) {
    auto r = SearchSentences(db_, q, f);
    EXPECT_TRUE(r.ok()) << q << ": " << r.status().ToString();
    return r.ok() ? *r : std::vector<SearchHit>{};
  }
  static std::vector<std::string> Keywords(const SearchHit& h) {
    std::vector<std::string> out;
    for (auto [b, e] : h.keywords) out.push_back(h.text.substr(b, e - b));
    return out;
  }
  TempDir tmp_;
  std::string db_;
};

TEST_F(KwicTest, WordPhraseNearPrefix) {
  auto hits = Search("consent");
  ASSERT_EQ(hits.size(), 2u);  // CHN 2013 and BRA 2014, in date order
  EXPECT_EQ(hits[0].symbol, "S/PV.7000");
  EXPECT_EQ(hits[0].iso3, "CHN");
  EXPECT_EQ(hits[0].speaker, "Mr. Liu Jieyi");
  EXPECT_EQ(hits[0].date, "2013-03-28");
  EXPECT_EQ(Keywords(hits[0]), std::vector<std::string>{"consent"});
  EXPECT_EQ(hits[1].symbol, "S/PV.7100");

  hits = Search("\"pre-emptive operation\"");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].text, "We launched a pre-emptive operation against the M23 near Goma.");
  // The phrase is one highlighted span.
  EXPECT_EQ(Keywords(hits[0]), std::vector<std::string>{"pre-emptive operation"});

  // NEAR: both terms within 3 tokens; the same words further apart do not match.
  hits = Search("NEAR(mandate helicopters, 3)");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(Keywords(hits[0]), (std::vector<std::string>{"mandate", "helicopters"}));
  EXPECT_TRUE(Search("NEAR(robust host, 3)").empty());
  EXPECT_TRUE(Search("NEAR(robust host, 6)").empty());  // 7 tokens between them
  EXPECT_EQ(Search("NEAR(robust host, 7)").size(), 1u);

  // Prefix: peacekeep* finds "peacekeeping" and "Peacekeepers".
  hits = Search("peacekeep*");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(Keywords(hits[0]), std::vector<std::string>{"peacekeeping"});
  EXPECT_EQ(Keywords(hits[1]), std::vector<std::string>{"Peacekeepers"});

  // Case and diacritics folded by the tokenizer.
  EXPECT_EQ(Search("GOMA").size(), 2u);
  EXPECT_TRUE(Search("nonexistentword").empty());
}

// The keyword spans are exactly those of FTS5's highlight() (which reads the text through
// the external-content view): words, phrases, NEAR, prefixes, folding, boolean queries,
// and overlapping instances that merge into one span.
TEST_F(KwicTest, KeywordsAreHighlightSpans) {
  SQLite::Database db(db_, SQLite::OPEN_READONLY);
  SearchFilter all;
  all.limit = 0;
  int compared = 0;
  for (std::string q : {"consent", "\"pre-emptive operation\"", "NEAR(mandate helicopters, 3)", "peacekeep*", "GOMA",
                        "consent OR mandate", "mandate AND helicopters", "\"pre-emptive operation\" operation",
                        "\"operation against\" \"pre-emptive operation\"", "the", "m*"}) {
    auto hits = Search(q, all);
    EXPECT_FALSE(hits.empty()) << q;
    for (const auto& h : hits) {
      SQLite::Statement st(db,
                           "SELECT highlight(sentence_fts, 0, '[', ']') FROM sentence_fts WHERE sentence_fts MATCH ? "
                           "AND rowid = ?");
      st.bind(1, q);
      st.bind(2, h.sentence_id);
      ASSERT_TRUE(st.executeStep()) << q;
      std::string ours;
      uint64_t p = 0;
      for (auto [b, e] : h.keywords) {
        ASSERT_LE(p, b);
        ours += h.text.substr(p, b - p) + "[" + h.text.substr(b, e - b) + "]";
        p = e;
      }
      ours += h.text.substr(p);
      EXPECT_EQ(ours, st.getColumn(0).getString()) << q;
      ++compared;
    }
  }
  EXPECT_GT(compared, 20);
}

TEST_F(KwicTest, InvalidQueriesAreInvalidInput) {
  for (const char* q : {"\"unterminated", "NEAR(a b", "foo:bar", "AND", "a OR", "(x"}) {
    auto r = SearchSentences(db_, q, {});
    ASSERT_FALSE(r.ok()) << q;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidInput) << q;
    EXPECT_EQ(r.status().message().rfind("invalid search query", 0), 0u) << r.status().message();
  }
}

TEST_F(KwicTest, QueryTextNeverReachesTheSql) {
  // SQL in the query is FTS5 text: an error or no match, and the database is intact.
  for (const char* q : {"x'); DROP TABLE evidence; --", "\"'; DELETE FROM sentences; --\"", "1=1 OR"}) {
    auto r = SearchSentences(db_, q, {});
    if (r.ok()) {
      EXPECT_TRUE(r->empty()) << q;
    }
  }
  SearchFilter f;
  f.actor = "x' OR '1'='1";
  f.body = "' OR 1=1 --";
  EXPECT_TRUE(Search("consent", f).empty());
  SQLite::Database db(db_, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM evidence").getInt(), 12);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM sentences").getInt(), 14);
}

TEST_F(KwicTest, Filters) {
  SearchFilter f;
  f.codes = {"validity_contestation"};
  auto hits = Search("", f);  // filters only
  ASSERT_EQ(hits.size(), 3u);
  for (const auto& h : hits) {
    bool has = false;
    for (const auto& e : h.evidence) has |= e.code == "validity_contestation";
    EXPECT_TRUE(has) << h.text;
  }
  f.actor = "bra";  // ISO3, any case
  EXPECT_EQ(Search("", f).size(), 2u);
  f.actor = "Patriota";  // actor name
  EXPECT_EQ(Search("", f).size(), 2u);
  f.actor = "Mr. Liu Jieyi";  // speaker as printed
  EXPECT_EQ(Search("", f).size(), 1u);
  f.actor = "Jieyi";  // surname
  EXPECT_EQ(Search("", f).size(), 1u);
  f.actor = "China";  // affiliation
  EXPECT_EQ(Search("", f).size(), 1u);
  f.actor = "Jie%";  // LIKE wildcards are literal
  EXPECT_EQ(Search("", f).size(), 0u);

  SearchFilter d;
  d.from = "2014";
  EXPECT_EQ(Search("consent", d).size(), 1u);
  d.from = "2013-03";
  d.to = "2013";
  hits = Search("consent", d);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].date, "2013-03-28");
  d.from = "2013-03-29";
  EXPECT_TRUE(Search("consent", d).empty());

  SearchFilter b;
  b.body = "security council";
  EXPECT_EQ(Search("attack", b).size(), 1u);  // the interview (no body) drops out
  EXPECT_EQ(Search("attack").size(), 2u);

  SearchFilter l;
  l.limit = 1;
  EXPECT_EQ(Search("Goma", l).size(), 1u);

  // Without query and code: coded sentences only, evidence attached with offsets into the sentence.
  hits = Search("", {});
  EXPECT_EQ(hits.size(), 12u);
  for (const auto& h : hits)
    for (const auto& e : h.evidence) {
      ASSERT_LE(e.byte_end, h.text.size());
      EXPECT_EQ(h.text.substr(e.byte_begin, e.byte_end - e.byte_begin), e.matched_text);
    }
}

TEST_F(KwicTest, BadFilterValues) {
  SearchFilter f;
  f.codes = {"not_a_code"};
  EXPECT_EQ(SearchSentences(db_, "x", f).status().code(), Status::Code::kInvalidInput);
  SearchFilter d;
  d.from = "2013-13";
  EXPECT_EQ(SearchSentences(db_, "x", d).status().code(), Status::Code::kInvalidInput);
  d.from = "13-01-2013";
  EXPECT_EQ(SearchSentences(db_, "x", d).status().code(), Status::Code::kInvalidInput);
  EXPECT_EQ(SearchSentences(tmp_.Path("missing.db"), "x", {}).status().code(), Status::Code::kNotFound);
}

TEST(NormalizeDateBound, WidensAndValidates) {
  std::string out;
  EXPECT_TRUE(NormalizeDateBound("2013", false, &out));
  EXPECT_EQ(out, "2013-01-01");
  EXPECT_TRUE(NormalizeDateBound("2013", true, &out));
  EXPECT_EQ(out, "2013-12-31");
  EXPECT_TRUE(NormalizeDateBound("2013-02", true, &out));
  EXPECT_EQ(out, "2013-02-29");  // compares correctly as a string even in non-leap years
  EXPECT_TRUE(NormalizeDateBound("2013-04-30", true, &out));
  EXPECT_EQ(out, "2013-04-30");
  EXPECT_FALSE(NormalizeDateBound("2013-04-31", true, &out));
  EXPECT_FALSE(NormalizeDateBound("2013-00", false, &out));
  EXPECT_FALSE(NormalizeDateBound("20130", false, &out));
  EXPECT_FALSE(NormalizeDateBound("", false, &out));
}

TEST_F(KwicTest, KwicLinesAreAligned) {
  auto hits = Search("Goma OR consent OR peacekeep*");
  ASSERT_GE(hits.size(), 4u);
  const int width = 20;
  size_t lines = 0;
  for (const auto& h : hits) {
    for (const auto& line : FormatKwicLines(h, width)) {
      // The first " | " is after exactly `width` code points of left context.
      size_t bar = line.find(" | ");
      ASSERT_NE(bar, std::string::npos);
      int64_t cps = 0;
      for (size_t i = 0; i < bar; ++i) cps += (static_cast<unsigned char>(line[i]) & 0xC0) != 0x80;
      EXPECT_EQ(cps, width) << line;
      EXPECT_NE(line.find(h.symbol), std::string::npos);
      EXPECT_EQ(line.find('\n'), std::string::npos);
      ++lines;
    }
  }
  EXPECT_GE(lines, 4u);
  SearchHit h;
  h.text = "Left side text here\nwith a newline and the KEY word then more text to the right of it";
  size_t k = h.text.find("KEY");
  h.keywords = {{k, k + 3}};
  h.symbol = "S/1";
  h.date = "2001-01-01";
  h.speaker = "Ms. X";
  h.affiliation = "Y";
  auto l = FormatKwicLines(h, 12);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0], "…ine and the | KEY | word then m…  S/1  2001-01-01  Ms. X (Y)");
}

TEST(OneLine, ControlsAndInvalidUtf8) {
  EXPECT_EQ(OneLine("a\n\tb\x1b[31m  c"), "a b [31m c");
  EXPECT_EQ(OneLine("x\xFFy"), "x\xEF\xBF\xBDy");
  EXPECT_EQ(OneLine("p\xE2\x80\xA8q"), "p q");
}

}  // namespace
