#include "extractors/match/phrase.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace normcode {
namespace {

class PhraseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Segmenter::Create("en");
    ASSERT_TRUE(s.ok());
    seg_ = std::move(s).value();
  }
  // Matched texts of `pattern` in `text`.
  std::vector<std::string> Find(const std::string& pattern, const std::string& text) {
    auto p = ParsePhrase(pattern, *seg_);
    EXPECT_TRUE(p.ok()) << pattern << ": " << p.status().ToString();
    if (!p.ok()) return {};
    auto toks = seg_->Words(text, Span{0, text.size()});
    std::vector<TokenRange> r;
    MatchPhrase(**p, toks, &r);
    std::vector<std::string> out;
    for (const auto& x : r)
      out.push_back(text.substr(toks[x.first].span.begin, toks[x.last].span.end - toks[x.first].span.begin));
    return out;
  }
  std::string Error(const std::string& pattern) {
    auto p = ParsePhrase(pattern, *seg_);
    return p.ok() ? "" : p.status().message();
  }
  std::unique_ptr<Segmenter> seg_;
};

using V = std::vector<std::string>;

TEST_F(PhraseTest, ConsecutiveWordsIgnoringCaseAndPunctuation) {
  EXPECT_EQ(Find("rules of engagement", "Each contingent reads the Rules of Engagement, through its capital."),
            V{"Rules of Engagement"});
  EXPECT_EQ(Find("rules of engagement", "rules of the engagement"), V{});
  EXPECT_EQ(Find("rules, of engagement!", "the rules of engagement"), V{"rules of engagement"});
  EXPECT_EQ(Find("mandate", "The mandate and the mandate."), (V{"mandate", "mandate"}));
}

TEST_F(PhraseTest, PrefixWildcard) {
  EXPECT_EQ(Find("refus*", "They refused; a refusal; he refuses; to refuse; refuge"),
            (V{"refused", "refusal", "refuses", "refuse"}));
  EXPECT_EQ(Find("refus* to act", "They refused to act."), V{"refused to act"});
  EXPECT_EQ(Find("refus* to act", "They refused not to act."), V{});
}

TEST_F(PhraseTest, DiacriticsAndElision) {
  EXPECT_EQ(Find("refuse d'intervenir", "Le contingent a REFUSÉ d’intervenir hier."), V{"REFUSÉ d’intervenir"});
  EXPECT_EQ(Find("intervenir", "a refusé d'intervenir"), V{"d'intervenir"});
  EXPECT_EQ(Find("operation", "l'opération"), V{"l'opération"});
  EXPECT_EQ(Find("council", "the Council's decision"), V{"Council's"});
  EXPECT_EQ(Find("securite", "Conseil de sécurité"), V{"sécurité"});
  EXPECT_EQ(Find("sécurité", "Conseil de securite"), V{"securite"});
}

TEST_F(PhraseTest, Near) {
  const std::string t = "The mandate we were given is unrealistic for a force of this size.";
  EXPECT_EQ(Find("mandate NEAR/5 unrealistic", t), V{"mandate we were given is unrealistic"});
  EXPECT_EQ(Find("mandate NEAR/4 unrealistic", t), V{"mandate we were given is unrealistic"});  // 4 tokens between
  EXPECT_EQ(Find("mandate NEAR/3 unrealistic", t), V{});
  EXPECT_EQ(Find("unrealistic NEAR/5 mandate", t), V{"mandate we were given is unrealistic"});  // either order
  EXPECT_EQ(Find("mandate NEAR/0 unrealistic", "an unrealistic mandate"), V{"unrealistic mandate"});
}

TEST_F(PhraseTest, Before) {
  EXPECT_EQ(Find("refus* BEFORE/3 intervenir", "Le contingent a refusé d'intervenir."), V{"refusé d'intervenir"});
  EXPECT_EQ(Find("intervenir BEFORE/3 refus*", "Le contingent a refusé d'intervenir."), V{});
  EXPECT_EQ(Find("without the means BEFORE/6 protect*", "without the means needed to protect the camps"),
            V{"without the means needed to protect"});
  // Chained: left to right.
  EXPECT_EQ(Find("asked BEFORE/3 protect* BEFORE/4 means", "we were asked to protect civilians without the means"),
            V{"asked to protect civilians without the means"});
}

TEST_F(PhraseTest, Errors) {
  EXPECT_NE(Error("NEAR/3 mandate").find("both sides"), std::string::npos);
  EXPECT_NE(Error("mandate NEAR/3").find("both sides"), std::string::npos);
  EXPECT_NE(Error("mandate NEAR/x unrealistic").find("malformed operator"), std::string::npos);
  EXPECT_NE(Error("mandate NEAR unrealistic").find("needs a distance"), std::string::npos);
  EXPECT_NE(Error("man*date").find("only allowed at the end"), std::string::npos);
  EXPECT_NE(Error("re*").find("too short"), std::string::npos);
  EXPECT_NE(Error("   ").find("empty"), std::string::npos);
  EXPECT_EQ(Error("NEARBY camps"), "");  // a word, not an operator
  EXPECT_EQ(Error("mandate NEAR/100 camps"), "");
  EXPECT_NE(Error("mandate NEAR/101 camps"), "");
}

TEST_F(PhraseTest, AnchorIsARequiredTerm) {
  auto p = ParsePhrase("the refus* BEFORE/3 intervention", *seg_);
  ASSERT_TRUE(p.ok());
  const PhraseTerm* a = AnchorTerm(**p);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->text, "intervention");
  EXPECT_FALSE(a->prefix);
  auto q = ParsePhrase("refus*", *seg_);
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE(AnchorTerm(**q)->prefix);
}

}  // namespace
}  // namespace normcode
