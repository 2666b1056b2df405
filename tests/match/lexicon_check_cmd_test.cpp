// `normcode lexicon check`: output format and exit codes, on the minimal test
// lexicon and on broken copies of it.
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "pipeline/commands.h"
#include "tests/match/lexicon_test_util.h"

namespace normcode {
namespace {

using testing::ScratchLexicon;

struct Result {
  int code = -1;
  std::string out;
};

Result Check(const std::string& dir) {
  std::string cmd = std::string(NORMCODE_BINARY) + " lexicon check '" + dir + "' 2>&1";
  Result r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = pclose(p);
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

TEST(LexiconCheckCommand, CleanLexiconPasses) {
  Result r = Check(testing::MinLexicon());
  EXPECT_EQ(r.code, kExitOk) << r.out;
  EXPECT_EQ(r.out, "lexicon check: 5 entries, 15 examples, 0 failures\n");
}

TEST(LexiconCheckCommand, FailingExamplesAreReported) {
  ScratchLexicon lex("cmdfail");
  // A positive example the entry cannot match, and a negative one it does match.
  ASSERT_TRUE(lex.Replace("en/rejecting.yaml", "The contingent REFUSED to deploy to the north.",
                          "The contingent declined to deploy to the north."));
  ASSERT_TRUE(lex.Replace("en/rejecting.yaml", "The battalion moved beyond the perimeter as requested.",
                          "The battalion refused to leave the base."));
  Result r = Check(lex.dir());
  EXPECT_EQ(r.code, kExitCheckFailed) << r.out;
  EXPECT_NE(r.out.find(lex.path("en/rejecting.yaml") +
                       ":14: entry en.rec.refused_to_move: positive example not coded: \"The contingent declined to "
                       "deploy to the north.\" (fired: nothing)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(lex.path("en/rejecting.yaml") +
                       ":16: entry en.rec.refused_to_move: negative example coded recalcitrance_rejecting: \"The "
                       "battalion refused to leave the base.\" (fired: en.rec.refused_to_move=recalcitrance_rejecting "
                       "\"refused\")"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("lexicon check: 5 entries, 15 examples, 2 failures\n"), std::string::npos) << r.out;
}

TEST(LexiconCheckCommand, InvalidLexiconIsFatalAndListsEveryError) {
  ScratchLexicon lex("cmdinvalid");
  ASSERT_TRUE(lex.Replace("en/rejecting.yaml", "(?:move|deploy|leave)", "(?:move|deploy|leave"));
  ASSERT_TRUE(lex.Replace("en/validity.yaml", "code: validity_contestation", "code: validity"));
  lex.Write("en/broken.yaml", "language: en\nentries:\n  - id: [unclosed\n");
  Result r = Check(lex.dir());
  EXPECT_EQ(r.code, kExitFatal) << r.out;
  EXPECT_NE(r.out.find(lex.path("en/rejecting.yaml") + ":7: entry en.rec.refused_to_move: bad regex"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(lex.path("en/validity.yaml") + ":4: entry en.val.principles_against_force: unknown code"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(lex.path("en/broken.yaml") + ":"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("YAML syntax error"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("lexicon check: invalid lexicon, 3 error(s)"), std::string::npos) << r.out;
}

TEST(LexiconCheckCommand, MissingDirectoryIsFatal) {
  Result r = Check("/nonexistent/lexicons");
  EXPECT_EQ(r.code, kExitFatal) << r.out;
}

}  // namespace
}  // namespace normcode
