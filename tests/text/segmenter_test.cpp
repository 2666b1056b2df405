#include "extractors/text/segmenter.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace normcode {
namespace {

std::unique_ptr<Segmenter> Make(const std::string& lang) {
  auto s = Segmenter::Create(lang);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

std::vector<std::string> Split(Segmenter& seg, const std::string& text, uint64_t max_bytes = 20000) {
  std::vector<std::string> out;
  for (const Span& sp : seg.Sentences(text, Span{0, text.size()}, max_bytes)) out.push_back(text.substr(sp.begin, sp.size()));
  return out;
}

// Text of a sample record with the markup dropped and whitespace collapsed (good
// enough to get real sentences; the readers do this properly).
std::string SampleText(const std::string& rel) {
  std::ifstream in(std::string(NORMCODE_SHARED_DIR) + "/corpus-sample/" + rel);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string t = std::regex_replace(ss.str(), std::regex("<[^>]+>"), " ");
  t = std::regex_replace(t, std::regex("&nbsp;"), " ");
  t = std::regex_replace(t, std::regex("[ \t\r\n]+"), " ");
  return t;
}

TEST(Segmenter, TitlesAndSymbolsDoNotEndSentences) {
  auto seg = Make("en");
  std::string t =
      "I give the floor to Mr. Sardenberg, who is the representative of Brazil. "
      "Since my briefing to the Council in December 2003 (see S/PV.4877) we have witnessed a steady decline. "
      "The draft resolution has been adopted unanimously as resolution 1590 (2005). "
      "I give the floor to Mr. Jean-Marie Guéhenno, Under-Secretary-General.";
  auto s = Split(*seg, t);
  ASSERT_EQ(s.size(), 4u) << ::testing::PrintToString(s);
  EXPECT_EQ(s[0], "I give the floor to Mr. Sardenberg, who is the representative of Brazil.");
  EXPECT_EQ(s[1], "Since my briefing to the Council in December 2003 (see S/PV.4877) we have witnessed a steady decline.");
  EXPECT_EQ(s[2], "The draft resolution has been adopted unanimously as resolution 1590 (2005).");
}

TEST(Segmenter, AbbreviationsAndInitials) {
  auto seg = Make("en");
  auto s = Split(*seg,
                 "As Lt. Gen. Santos Cruz and Brig. Gen. J. K. Smith said (see para. 5 and p. 12 of the report), "
                 "the H.E. Amb. Tanaka agreed. The group left. Art. 5 applies. See document S/2005/123/Add. 1. "
                 "They met in Prof. Dr. Moreau's office.");
  ASSERT_EQ(s.size(), 5u) << ::testing::PrintToString(s);
  EXPECT_EQ(s[1], "The group left.");  // "p." must not swallow "group."
  EXPECT_EQ(s[2], "Art. 5 applies.");
}

TEST(Segmenter, NumberingLettersStillEndSentences) {
  auto seg = Make("en");
  auto s = Split(*seg, "The text is reproduced in annex I. The Council took note. It acted under Chapter VII. Then it left.");
  EXPECT_EQ(s.size(), 4u) << ::testing::PrintToString(s);
  auto u = Split(*seg, "The position of the UN. The Council agreed.");
  EXPECT_EQ(u.size(), 2u) << ::testing::PrintToString(u);
}

TEST(Segmenter, TrimsAndDropsEmptyAndRespectsRange) {
  auto seg = Make("en");
  std::string t = "xx   First one.   \n\n  Second one!  \n\n \n  yy";
  Span range{2, t.size() - 2};
  auto spans = seg->Sentences(t, range, 20000);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(t.substr(spans[0].begin, spans[0].size()), "First one.");
  EXPECT_EQ(t.substr(spans[1].begin, spans[1].size()), "Second one!");
  EXPECT_TRUE(seg->Sentences(t, Span{5, 5}, 20000).empty());
  EXPECT_TRUE(seg->Sentences("   \n\n  ", Span{0, 7}, 20000).empty());
}

TEST(Segmenter, OverlongSentenceCutAtWordBoundary) {
  auto seg = Make("en");
  std::string t;
  for (int i = 0; i < 200; ++i) t += "peacekeeping ";  // 13 bytes a word, no full stop
  auto spans = seg->Sentences(t, Span{0, t.size()}, 100);
  ASSERT_GT(spans.size(), 20u);
  uint64_t covered = 0;
  for (const Span& sp : spans) {
    EXPECT_LE(sp.size(), 100u);
    std::string s = t.substr(sp.begin, sp.size());
    EXPECT_EQ(s.front(), 'p');
    EXPECT_EQ(s.back(), 'g') << s;  // ends on a whole word
    covered += std::count(s.begin(), s.end(), ' ') + 1;
  }
  EXPECT_EQ(covered, 200u);  // nothing lost
  // No space at all: cut on code point boundaries.
  std::string e;
  for (int i = 0; i < 100; ++i) e += "é";
  for (const Span& sp : seg->Sentences(e, Span{0, e.size()}, 31)) {
    EXPECT_LE(sp.size(), 31u);
    EXPECT_EQ(sp.size() % 2, 0u);
  }
}

TEST(Segmenter, French) {
  auto seg = Make("fr");
  auto s = Split(*seg,
                 "M. Guéhenno a pris la parole. La MINUSTAH a-t-elle refusé d'agir ? Oui, selon le par. 12 du rapport. "
                 "Le Conseil s'est réuni.");
  ASSERT_EQ(s.size(), 4u) << ::testing::PrintToString(s);
  EXPECT_EQ(s[0], "M. Guéhenno a pris la parole.");
  EXPECT_EQ(s[1], "La MINUSTAH a-t-elle refusé d'agir ?");
}

TEST(Segmenter, WordsAreFoldedAndOffsetsAreBytes) {
  auto seg = Make("fr");
  std::string t = "« Le contingent a REFUSÉ » — l'opération, 2005.";
  auto w = seg->Words(t, Span{0, t.size()});
  std::vector<std::string> folded;
  for (const auto& tok : w) {
    folded.push_back(tok.folded);
    EXPECT_EQ(FoldForMatch(t.substr(tok.span.begin, tok.span.size())), tok.folded);
  }
  EXPECT_EQ(folded, (std::vector<std::string>{"le", "contingent", "a", "refuse", "l'operation", "2005"}));
  EXPECT_EQ(t.substr(w[3].span.begin, w[3].span.size()), "REFUSÉ");
  // A range gives offsets into the full text.
  auto w2 = seg->Words(t, Span{w[1].span.begin, w[1].span.end});
  ASSERT_EQ(w2.size(), 1u);
  EXPECT_EQ(w2[0].span.begin, w[1].span.begin);
}

TEST(Segmenter, FoldForMatch) {
  EXPECT_EQ(FoldForMatch("Refusé"), "refuse");
  EXPECT_EQ(FoldForMatch("CÔTE D’IVOIRE"), "cote d'ivoire");
  EXPECT_EQ(FoldForMatch("ﬁnancement"), "financement");  // NFKD compatibility
  EXPECT_EQ(FoldForMatch("Peacekeeping"), "peacekeeping");
  EXPECT_EQ(FoldForMatch("São Tomé"), "sao tome");
  EXPECT_EQ(FoldForMatch(""), "");
}

TEST(Segmenter, RealRecordSentences) {
  std::string t = SampleText("unsc-debates/S-PV-5577.html");
  ASSERT_GT(t.size(), 10000u);
  auto seg = Make("en");
  auto spans = seg->Sentences(t, Span{0, t.size()}, 20000);
  ASSERT_GT(spans.size(), 100u);
  bool saw_spv = false;
  for (const Span& sp : spans) {
    std::string s = t.substr(sp.begin, sp.size());
    // No sentence ends with a title.
    for (const char* a : {" Mr.", " Mrs.", " Ms.", " Dr.", " S/PV."})
      EXPECT_FALSE(s.size() >= strlen(a) && s.compare(s.size() - strlen(a), strlen(a), a) == 0) << s;
    if (s.find("(see S/PV.4877 ) -- my first such briefing -- we have witnessed") != std::string::npos) saw_spv = true;
  }
  EXPECT_TRUE(saw_spv);
}

TEST(Segmenter, ClonesWorkInParallel) {
  auto proto = Make("en");
  std::string t = SampleText("unsc/S-PV-5151.html");
  auto expect = proto->Sentences(t, Span{0, t.size()}, 20000);
  std::vector<std::thread> th;
  std::vector<size_t> got(4);
  for (int i = 0; i < 4; ++i)
    th.emplace_back([&, i] {
      auto c = proto->Clone();
      auto s = c->Sentences(t, Span{0, t.size()}, 20000);
      size_t words = c->Words(t, Span{0, t.size()}).size();
      got[i] = (s.size() == expect.size() && words > 1000) ? s.size() : 0;
    });
  for (auto& x : th) x.join();
  for (size_t g : got) EXPECT_EQ(g, expect.size());
}

}  // namespace
}  // namespace normcode
