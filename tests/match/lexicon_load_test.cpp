#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "extractors/match/codebook.h"
#include "extractors/match/labels.h"
#include "tests/match/lexicon_test_util.h"

namespace normcode {
namespace {

using testing::ScratchLexicon;

std::vector<std::string> LoadErrors(const std::string& dir) {
  std::vector<LexiconError> errors;
  auto cb = Codebook::Load(dir, &errors);
  EXPECT_EQ(cb.ok(), errors.empty());
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.ToString());
  return out;
}

bool HasError(const std::vector<std::string>& errs, const std::string& want) {
  for (const auto& e : errs)
    if (e.find(want) != std::string::npos) return true;
  return false;
}

#define EXPECT_ERROR(errs, want) EXPECT_TRUE(HasError(errs, want)) << "want: " << want << "\ngot:\n" << ::testing::PrintToString(errs)

TEST(LexiconLoad, MinimalLexiconLoads) {
  std::vector<LexiconError> errors;
  auto cb = Codebook::Load(testing::MinLexicon(), &errors);
  ASSERT_TRUE(cb.ok()) << cb.status().ToString();
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ((*cb)->version(), "test.1");
  EXPECT_EQ((*cb)->entry_count(), 5u);
  EXPECT_DOUBLE_EQ(CodebookThreshold(**cb), 0.5);
  const auto& entries = CodebookEntries(**cb);
  ASSERT_EQ(entries.size(), 5u);
  // Files sorted by path: en/application, en/rejecting, en/validity, fr/rejecting.
  EXPECT_EQ(entries[0].id, "en.app.mandate_unrealistic");
  EXPECT_EQ(entries[0].line, 3);
  EXPECT_EQ(entries[0].file, testing::MinLexicon() + "/en/application.yaml");
  EXPECT_EQ(entries[2].id, "en.rec.refused_to_move");
  EXPECT_EQ(entries[4].language, "fr");
  ASSERT_EQ(entries[0].examples.size(), 3u);
  EXPECT_TRUE(entries[0].examples[0].positive);
  EXPECT_EQ(entries[0].examples[0].line, 13);
  EXPECT_FALSE(entries[0].examples[2].positive);
  EXPECT_EQ(entries[1].roles, (std::vector<std::string>{"representative", "briefer"}));
  EXPECT_DOUBLE_EQ(entries[1].weight, 0.8);
  ASSERT_EQ(CodebookExclusiveGroups(**cb).size(), 1u);
}

TEST(LexiconLoad, TopLevelYamlOtherThanCodebookIsNotAnEntryFile) {
  ScratchLexicon lex("toplevel");
  lex.Write("classification.yaml", "version: \"1\"\nfamilies: {a: b}\n");
  lex.Write("en/sub/deeper.yaml", "language: en\nentries:\n  - id: en.deep\n    code: non_implementation\n"
                                  "    kind: phrase\n    patterns: [\"stayed in its base\"]\n"
                                  "    examples: {positive: [a, b], negative: [c]}\n");
  std::vector<LexiconError> errors;
  auto cb = Codebook::Load(lex.dir(), &errors);
  ASSERT_TRUE(cb.ok()) << cb.status().ToString();
  EXPECT_EQ((*cb)->entry_count(), 6u);  // nested entry files are read
}

TEST(LexiconLoad, YamlSyntaxErrorNamesLine) {
  ScratchLexicon lex("syntax");
  ASSERT_TRUE(lex.Replace("en/validity.yaml", "    weight: 1.2", "    weight: [1.2"));
  auto errs = LoadErrors(lex.dir());
  ASSERT_FALSE(errs.empty());
  EXPECT_ERROR(errs, lex.path("en/validity.yaml") + ":");
  EXPECT_ERROR(errs, "YAML syntax error");
}

TEST(LexiconLoad, BadRegexGivesRe2Message) {
  ScratchLexicon lex("regex");
  ASSERT_TRUE(lex.Replace("en/rejecting.yaml", "(?:move|deploy|leave)", "(?:move|deploy|leave"));
  auto errs = LoadErrors(lex.dir());
  EXPECT_ERROR(errs, lex.path("en/rejecting.yaml") + ":7: entry en.rec.refused_to_move: bad regex");
  EXPECT_ERROR(errs, "missing )");  // RE2's own message
}

TEST(LexiconLoad, UnknownCodeAndRole) {
  ScratchLexicon lex("code");
  ASSERT_TRUE(lex.Replace("en/validity.yaml", "code: validity_contestation", "code: validity_contest"));
  ASSERT_TRUE(lex.Replace("en/rejecting.yaml", "roles: [representative, briefer,", "roles: [representative, general,"));
  auto errs = LoadErrors(lex.dir());
  EXPECT_ERROR(errs, lex.path("en/validity.yaml") +
                         ":4: entry en.val.principles_against_force: unknown code \"validity_contest\"");
  EXPECT_ERROR(errs, lex.path("en/rejecting.yaml") + ":9: entry en.rec.refused_to_move: unknown role \"general\"");
}

TEST(LexiconLoad, DuplicateIdNamesBothPlaces) {
  ScratchLexicon lex("dup");
  ASSERT_TRUE(lex.Replace("fr/rejecting.yaml", "id: fr.rec.refus_intervenir", "id: en.rec.refused_to_move"));
  auto errs = LoadErrors(lex.dir());
  EXPECT_ERROR(errs, lex.path("fr/rejecting.yaml") + ":3: duplicate entry id \"en.rec.refused_to_move\" (first defined at " +
                         lex.path("en/rejecting.yaml") + ":3)");
}

TEST(LexiconLoad, MissingExamples) {
  ScratchLexicon lex("examples");
  ASSERT_TRUE(lex.Replace("en/validity.yaml",
                          "        - \"The principles of peacekeeping do not allow peacekeepers to become combatants.\"\n",
                          ""));
  ASSERT_TRUE(lex.Replace("fr/rejecting.yaml", "      negative:\n        - \"Le contingent est intervenu rapidement.\"\n", ""));
  auto errs = LoadErrors(lex.dir());
  EXPECT_ERROR(errs, lex.path("en/validity.yaml") + ":13: entry en.val.principles_against_force: too few positive examples (1, need >= 2)");
  EXPECT_ERROR(errs, lex.path("fr/rejecting.yaml") + ":8: entry fr.rec.refus_intervenir: too few negative examples (0, need >= 1)");
  ScratchLexicon lex2("noexamples");
  std::string s = lex2.Read("en/rejecting.yaml");
  s = s.substr(0, s.find("    examples:"));
  lex2.Write("en/rejecting.yaml", s);
  EXPECT_ERROR(LoadErrors(lex2.dir()), lex2.path("en/rejecting.yaml") + ":3: entry en.rec.refused_to_move: missing examples");
}

TEST(LexiconLoad, CollectsAllErrorsAcrossFiles) {
  ScratchLexicon lex("all");
  ASSERT_TRUE(lex.Replace("en/application.yaml", "weight: 0.8", "weight: 2.5"));
  ASSERT_TRUE(lex.Replace("en/application.yaml", "\"mandate* NEAR/5 unrealistic\"", "\"mandate* NEAR/five unrealistic\""));
  ASSERT_TRUE(lex.Replace("en/validity.yaml", "window: 10", "window: 0"));
  ASSERT_TRUE(lex.Replace("en/rejecting.yaml", "kind: regex", "kind: regexp"));
  ASSERT_TRUE(lex.Replace("codebook.yaml", "  - [validity_contestation, application_contestation]",
                          "  - [validity_contestation, app_contestation]"));
  lex.Write("en/typo.yaml", "language: en\nentries:\n  - id: en.typo\n    code: non_implementation\n    kind: phrase\n"
                            "    paterns: [\"x\"]\n");
  auto errs = LoadErrors(lex.dir());
  EXPECT_ERROR(errs, lex.path("en/application.yaml") + ":26: entry en.app.lack_of_means: weight 2.5 out of range");
  EXPECT_ERROR(errs, lex.path("en/application.yaml") + ":8: entry en.app.mandate_unrealistic: bad phrase");
  EXPECT_ERROR(errs, "malformed operator \"NEAR/five\"");
  EXPECT_ERROR(errs, lex.path("en/validity.yaml") + ":11: entry en.val.principles_against_force: bad constraint: near.window");
  EXPECT_ERROR(errs, lex.path("en/rejecting.yaml") + ":5: entry en.rec.refused_to_move: kind must be phrase or regex");
  EXPECT_ERROR(errs, lex.path("codebook.yaml") + ":24: unknown code \"app_contestation\" in exclusive group");
  EXPECT_ERROR(errs, lex.path("en/typo.yaml") + ":6: unknown key \"paterns\" in entry");
  EXPECT_ERROR(errs, lex.path("en/typo.yaml") + ":3: entry en.typo: patterns must be a non-empty list");
  EXPECT_EQ(errs.size(), 8u) << ::testing::PrintToString(errs);
}

TEST(LexiconLoad, CodebookProblems) {
  ScratchLexicon lex("codebook");
  ASSERT_TRUE(lex.Replace("codebook.yaml", "  - id: non_implementation\n    description: \"Force not used although requested.\"\n", ""));
  ASSERT_TRUE(lex.Replace("codebook.yaml", "threshold: 0.5", "threshold: high"));
  auto errs = LoadErrors(lex.dir());
  EXPECT_ERROR(errs, lex.path("codebook.yaml") + ":2: code \"non_implementation\" is missing from codes");
  EXPECT_ERROR(errs, lex.path("codebook.yaml") + ":23: threshold must be a number");
  // Entries of the removed code are now undeclared.
  ScratchLexicon none("nocodebook");
  std::filesystem::remove(none.path("codebook.yaml"));
  EXPECT_ERROR(LoadErrors(none.dir()), none.path("codebook.yaml") + ": cannot read codebook");
  EXPECT_ERROR(LoadErrors("/nonexistent/lexicons"), "/nonexistent/lexicons: lexicon directory not found");
}

TEST(LexiconLoad, SentenceLabelsUsesAssertedAndThreshold) {
  std::vector<Evidence> ev(4);
  ev[0].code = "recalcitrance_rejecting";
  ev[0].score = 1.0;
  ev[1].code = "validity_contestation";
  ev[1].score = 0.4;  // below threshold
  ev[2].code = "application_contestation";
  ev[2].polarity = polarity::kNegated;
  ev[2].score = 0.0;
  ev[3].code = "application_contestation";
  ev[3].score = 0.5;
  EXPECT_EQ(SentenceLabels(ev, 0.5), (std::vector<std::string>{"application_contestation", "recalcitrance_rejecting"}));
  EXPECT_EQ(SentenceLabels(ev, 0.3),
            (std::vector<std::string>{"validity_contestation", "application_contestation", "recalcitrance_rejecting"}));
  EXPECT_TRUE(SentenceLabels({}, 0.5).empty());
  // A row the model decided counts whatever its probability: the model's own
  // threshold was applied in the resolve stage.
  std::vector<Evidence> model_row(1);
  model_row[0].code = "determined_implementation";
  model_row[0].score = 0.12;
  EXPECT_TRUE(SentenceLabels(model_row, 0.5).empty());
  model_row[0].model_version = "m0123456789abcdef";
  EXPECT_EQ(SentenceLabels(model_row, 0.5), std::vector<std::string>{"determined_implementation"});
}

}  // namespace
}  // namespace normcode
