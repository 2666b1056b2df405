#include <re2/re2.h>

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "extractors/match/codebook.h"
#include "extractors/match/labels.h"
#include "extractors/match/phrase.h"
#include "tests/match/lexicon_test_util.h"

namespace normcode {
namespace {

using testing::ScratchLexicon;

std::shared_ptr<const Codebook> Load(const std::string& dir) {
  std::vector<LexiconError> errors;
  auto cb = Codebook::Load(dir, &errors);
  std::string msg;
  for (const auto& e : errors) msg += e.ToString() + "\n";
  EXPECT_TRUE(cb.ok()) << msg;
  return cb.ok() ? *cb : nullptr;
}

SentenceContext Ctx(const std::string& role = role::kRepresentative, const std::string& lang = "en") {
  SentenceContext c;
  c.speaker = "Mr. Sardenberg";
  c.role = role;
  c.affiliation = "Brazil";
  c.language = lang;
  return c;
}

std::vector<Evidence> CodeAll(SentenceCoder& coder, const std::string& text, const SentenceContext& ctx) {
  return coder.Code(text, Span{0, text.size()}, ctx);
}

std::set<std::string> Ids(const std::vector<Evidence>& ev) {
  std::set<std::string> s;
  for (const auto& e : ev) s.insert(e.entry_id);
  return s;
}

std::string SampleText(const std::string& rel) {
  std::ifstream in(std::string(NORMCODE_SHARED_DIR) + "/corpus-sample/" + rel);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string t = std::regex_replace(ss.str(), std::regex("<[^>]+>"), " ");
  return std::regex_replace(t, std::regex("[ \t\r\n]+"), " ");
}

TEST(Coder, RegexSpanNarrowedByCaptureGroup) {
  auto cb = Load(testing::MinLexicon());
  ASSERT_TRUE(cb);
  SentenceCoder coder(cb);
  std::string t = "Yesterday the battalion commander refused to move his troops.";
  auto ev = CodeAll(coder, t, Ctx());
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].entry_id, "en.rec.refused_to_move");
  EXPECT_EQ(ev[0].code, "recalcitrance_rejecting");
  EXPECT_EQ(ev[0].matched_text, "refused");
  EXPECT_EQ(t.substr(ev[0].match.begin, ev[0].match.size()), "refused");
  EXPECT_EQ(ev[0].lexicon_version, "test.1");
  EXPECT_EQ(ev[0].polarity, polarity::kAsserted);
  EXPECT_DOUBLE_EQ(ev[0].score, 1.0);
  EXPECT_FALSE(ev[0].target.empty());
}

TEST(Coder, OffsetsAreIntoTheWholeText) {
  auto cb = Load(testing::MinLexicon());
  SentenceCoder coder(cb);
  std::string t = "First sentence here. The contingent refused to deploy. Last one.";
  auto sents = coder.Sentences(t, Span{0, t.size()});
  ASSERT_EQ(sents.size(), 3u);
  auto ev = coder.Code(t, sents[1], Ctx());
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(t.substr(ev[0].match.begin, ev[0].match.size()), "refused");
  auto all = coder.CodeText(t, Ctx());
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].sentence, 2);
  EXPECT_EQ(all[0].match.begin, ev[0].match.begin);
}

TEST(Coder, RolesExcludeAndNearConstraints) {
  auto cb = Load(testing::MinLexicon());
  SentenceCoder coder(cb);
  std::string means = "Our troops are without the means needed to protect the camps.";
  EXPECT_EQ(Ids(CodeAll(coder, means, Ctx(role::kRepresentative))), std::set<std::string>{"en.app.lack_of_means"});
  EXPECT_TRUE(CodeAll(coder, means, Ctx(role::kInterviewer)).empty());  // role not allowed
  EXPECT_TRUE(CodeAll(coder, "They brought humanitarian aid without the means to protect the convoys.", Ctx()).empty());
  // near: "principles of peacekeeping" needs enforc*/combatant* within 10 tokens.
  EXPECT_EQ(Ids(CodeAll(coder, "Enforcement abandons the principles of peacekeeping.", Ctx())),
            std::set<std::string>{"en.val.principles_against_force"});
  EXPECT_TRUE(CodeAll(coder,
                      "Enforcement was one of many many topics that we discussed in the session on the principles of "
                      "peacekeeping.",
                      Ctx())
                  .empty());
}

TEST(Coder, ProceduralAndUnknownLanguageGetNothing) {
  auto cb = Load(testing::MinLexicon());
  SentenceCoder coder(cb);
  std::string t = "The contingent refused to deploy.";
  SentenceContext c = Ctx();
  c.procedural = true;
  EXPECT_TRUE(CodeAll(coder, t, c).empty());
  EXPECT_TRUE(CodeAll(coder, t, Ctx(role::kProcedure)).empty());
  EXPECT_TRUE(CodeAll(coder, t, Ctx(role::kRepresentative, "es")).empty());
  EXPECT_EQ(CodeAll(coder, t, Ctx()).size(), 1u);
}

TEST(Coder, FrenchPhraseWithDiacritics) {
  auto cb = Load(testing::MinLexicon());
  SentenceCoder coder(cb);
  std::string t = "Le bataillon a REFUSÉ d’intervenir à Bunia.";
  auto ev = CodeAll(coder, t, Ctx(role::kRepresentative, "fr"));
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].matched_text, "REFUSÉ d’intervenir");
  EXPECT_TRUE(CodeAll(coder, t, Ctx()).empty());  // English entries only in English
}

TEST(Coder, NonAssertedRowsKeptWithZeroScore) {
  auto cb = Load(testing::MinLexicon());
  SentenceCoder coder(cb);
  auto ev = CodeAll(coder, "Nobody here suggests that the mandate is unrealistic.", Ctx());
  ASSERT_EQ(ev.size(), 1u);
  for (const auto& e : ev) {
    if (e.polarity == std::string(polarity::kAsserted)) EXPECT_GT(e.score, 0.0);
    else EXPECT_EQ(e.score, 0.0);
  }
  EXPECT_NE(ev[0].polarity, polarity::kAsserted);  // scope (MatchPolarity) sees the negation
  EXPECT_TRUE(SentenceLabels(ev, CodebookThreshold(*cb)).empty());
}

TEST(Coder, OverlappingHitsOfOneEntryCollapseAndOrderIsDeterministic) {
  auto cb = Load(testing::MinLexicon());
  SentenceCoder coder(cb);
  // Both patterns of en.app.mandate_unrealistic hit overlapping spans.
  std::string t = "An unrealistic mandate was imposed, and the contingent refused to move; the mandate is unrealistic.";
  auto ev = CodeAll(coder, t, Ctx());
  std::vector<std::string> got;
  for (const auto& e : ev) got.push_back(e.entry_id + ":" + e.matched_text);
  EXPECT_EQ(got, (std::vector<std::string>{"en.app.mandate_unrealistic:unrealistic mandate",
                                           "en.rec.refused_to_move:refused",
                                           "en.app.mandate_unrealistic:mandate is unrealistic"}));
  EXPECT_EQ(CodeAll(coder, t, Ctx()).size(), ev.size());
}

TEST(Coder, ExclusiveGroupKeepsBestScoringCode) {
  auto cb = Load(testing::MinLexicon());
  SentenceCoder coder(cb);
  // validity (weight 1.2) and application (weight 1.0) both asserted: application rows dropped.
  std::string t = "Enforcement abandons the principles of peacekeeping, and the mandate is unrealistic.";
  auto ev = CodeAll(coder, t, Ctx());
  EXPECT_EQ(Ids(ev), std::set<std::string>{"en.val.principles_against_force"});
  EXPECT_EQ(SentenceLabels(ev, 0.5), std::vector<std::string>{"validity_contestation"});
  // Alone, the application entry codes the sentence.
  EXPECT_EQ(Ids(CodeAll(coder, "Frankly, the mandate is unrealistic.", Ctx())),
            std::set<std::string>{"en.app.mandate_unrealistic"});
}

TEST(Coder, MaxMatchesPerSentence) {
  auto cb = Load(testing::MinLexicon());
  Limits lim;
  lim.max_matches_per_sentence = 2;
  SentenceCoder coder(cb, lim);
  std::string t = "They refused to move, refused to deploy, refused to leave and refused to move again.";
  auto ev = CodeAll(coder, t, Ctx());
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_LT(ev[0].match.begin, ev[1].match.begin);
  EXPECT_EQ(coder.dropped_matches(), 2u);
}

TEST(Coder, ForceAsOrganisationDropsMatch) {
  ScratchLexicon lex("force");
  lex.Write("en/force.yaml",
            "language: en\nentries:\n  - id: en.det.force\n    code: determined_implementation\n    kind: phrase\n"
            "    patterns: [\"force will deploy\"]\n    examples:\n      positive: [\"a\", \"b\"]\n      negative: [\"c\"]\n");
  auto cb = Load(lex.dir());
  ASSERT_TRUE(cb);
  SentenceCoder coder(cb);
  // e2's ForceOrganisationMentions recognises "the Force will deploy" as the organisation.
  EXPECT_TRUE(CodeAll(coder, "The Force will deploy to the east next week.", Ctx()).empty());
}

// A lexicon of many regex and phrase entries; the coder's prefiltered result must
// equal running every pattern on every sentence.
TEST(Coder, PrefilterAndIndexGiveSameResultsAsRunningEverything) {
  ScratchLexicon lex("prefilter");
  const std::vector<std::string> words = {"peacekeep", "mandate", "civilian", "protect", "force", "troop",
                                          "council", "resolution", "Sudan", "Darfur", "mission", "security",
                                          "deploy", "government", "support", "African", "humanitarian", "report",
                                          "operation", "political"};
  std::string regex_yaml = "language: en\nentries:\n", phrase_yaml = "language: en\nentries:\n";
  std::vector<std::string> regexes, phrases;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    const std::string& v = words[(i * 7 + 3) % words.size()];
    std::string r1 = "(?i)\\b" + w + "\\w*";
    std::string r2 = "(?i)\\b(" + w + ")\\w* \\w+ " + v;
    regexes.push_back(r1);
    regexes.push_back(r2);
    auto esc = [](std::string s) {
      std::string o;
      for (char c : s) {
        if (c == '\\' || c == '"') o += '\\';
        o += c;
      }
      return o;
    };
    regex_yaml += "  - id: re." + std::to_string(i) + "\n    code: recalcitrance_ignoring\n    kind: regex\n"
                  "    patterns: [\"" + esc(r1) + "\", \"" + esc(r2) + "\"]\n"
                  "    examples: {positive: [a, b], negative: [c]}\n";
    std::string lw = FoldForMatch(w);
    std::string p1 = "the " + lw + "*";
    std::string p2 = lw + "* NEAR/4 " + FoldForMatch(v);
    phrases.push_back(p1);
    phrases.push_back(p2);
    phrase_yaml += "  - id: ph." + std::to_string(i) + "\n    code: hesitation_delaying\n    kind: phrase\n"
                   "    patterns: [\"" + p1 + "\", \"" + p2 + "\"]\n"
                   "    examples: {positive: [a, b], negative: [c]}\n";
  }
  lex.Write("en/gen_regex.yaml", regex_yaml);
  lex.Write("en/gen_phrase.yaml", phrase_yaml);
  auto cb = Load(lex.dir());
  ASSERT_TRUE(cb);
  SentenceCoder coder(cb, Limits{.max_matches_per_sentence = 100000});
  auto seg = std::move(Segmenter::Create("en")).value();
  std::vector<std::shared_ptr<const PhraseNode>> parsed;
  for (const auto& p : phrases) parsed.push_back(*ParsePhrase(p, *seg));
  std::vector<std::unique_ptr<RE2>> compiled;
  for (const auto& r : regexes) compiled.push_back(std::make_unique<RE2>(r));

  std::string t = SampleText("unsc/S-PV-5151.html");
  auto sents = coder.Sentences(t, Span{0, t.size()});
  ASSERT_GT(sents.size(), 50u);
  size_t fired_total = 0;
  for (const Span& sp : sents) {
    std::string s = t.substr(sp.begin, sp.size());
    std::set<std::string> expect;
    for (size_t i = 0; i < regexes.size(); ++i)
      if (RE2::PartialMatch(s, *compiled[i])) expect.insert("re." + std::to_string(i / 2));
    auto toks = seg->Words(s, Span{0, s.size()});
    for (size_t i = 0; i < parsed.size(); ++i) {
      std::vector<TokenRange> r;
      MatchPhrase(*parsed[i], toks, &r);
      if (!r.empty()) expect.insert("ph." + std::to_string(i / 2));
    }
    auto ev = coder.Code(t, sp, Ctx());
    EXPECT_EQ(Ids(ev), expect) << s;
    fired_total += expect.size();
  }
  EXPECT_GT(fired_total, 100u);
}

// One coder, sentences in several languages: per-language scratch state must not leak.
TEST(Coder, LanguagesDoNotShareScratchState) {
  ScratchLexicon lex("langs");
  lex.Write("fr/regex.yaml",
            "language: fr\nentries:\n"
            "  - id: fr.det.mesures\n    code: determined_implementation\n    kind: regex\n"
            "    patterns: ['(?i)\\btoutes les mesures n[ée]cessaires']\n"
            "    examples: {positive: [a, b], negative: [c]}\n"
            "  - id: fr.rec.refus\n    code: recalcitrance_rejecting\n    kind: regex\n"
            "    patterns: ['(?i)\\brefus\\S* de (?:bouger|partir)']\n"
            "    examples: {positive: [a, b], negative: [c]}\n");
  auto cb = Load(lex.dir());
  ASSERT_TRUE(cb);
  const std::string fr1 = "La brigade peut prendre toutes les mesures nécessaires contre les groupes armés.";
  const std::string fr2 = "Le bataillon a refusé de bouger.";
  const std::string en = "The contingent refused to deploy and refused to move.";
  SentenceCoder fresh(cb);
  auto expect1 = Ids(CodeAll(fresh, fr1, Ctx(role::kRepresentative, "fr")));
  auto expect2 = Ids(CodeAll(fresh, fr2, Ctx(role::kRepresentative, "fr")));
  EXPECT_EQ(expect1, std::set<std::string>{"fr.det.mesures"});
  EXPECT_EQ(expect2, std::set<std::string>{"fr.rec.refus"});
  SentenceCoder mixed(cb);
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(Ids(CodeAll(mixed, en, Ctx())), std::set<std::string>{"en.rec.refused_to_move"});
    EXPECT_EQ(Ids(CodeAll(mixed, fr1, Ctx(role::kRepresentative, "fr"))), expect1);
    EXPECT_EQ(Ids(CodeAll(mixed, fr2, Ctx(role::kRepresentative, "fr"))), expect2);
  }
}

TEST(Coder, CodersInParallelAgree) {
  auto cb = Load(testing::MinLexicon());
  std::string t = SampleText("unsc-debates/S-PV-5577.html") +
                  " The contingent refused to deploy. The mandate is unrealistic for this force.";
  SentenceCoder one(cb);
  auto expect = one.CodeText(t, Ctx());
  ASSERT_GE(expect.size(), 2u);
  std::vector<size_t> same(3, 0);
  std::vector<std::thread> th;
  for (int i = 0; i < 3; ++i)
    th.emplace_back([&, i] {
      SentenceCoder c(cb);
      auto got = c.CodeText(t, Ctx());
      bool eq = got.size() == expect.size();
      for (size_t k = 0; eq && k < got.size(); ++k)
        eq = got[k].match.begin == expect[k].match.begin && got[k].entry_id == expect[k].entry_id;
      same[i] = eq;
    });
  for (auto& x : th) x.join();
  for (size_t s : same) EXPECT_EQ(s, 1u);
}

}  // namespace
}  // namespace normcode
