// Precision audit: Wilson intervals against hand-computed values, the sample
// (stratified, reproducible, only the asked polarities), scoring a filled sheet,
// stored verdicts, and sheets with errors.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "outputs/audit.h"
#include "outputs/export.h"
#include "tests/analysis/fixture.h"

using namespace normcode;
using namespace normcode::testing;

namespace {

// Hand computation, z = 1.96 (1.959964), z^2 = 3.841459:
// 45/50: p = 0.9, z^2/n = 0.0768292, denominator 1.0768292,
//   centre = (0.9 + 0.0384146) / 1.0768292 = 0.871461,
//   half = 1.959964 / 1.0768292 * sqrt(0.9*0.1/50 + 3.841459/10000) = 1.820129 * 0.0467349 = 0.085064
//   -> [0.786397, 0.956525] (the usual textbook 0.7864-0.9565)
// 0/10: centre = 0.192073/1.384146 = 0.138766, half = 1.415999*sqrt(0.00960365) = 0.138766 -> [0, 0.277533]
// 10/10: symmetric to 0/10 -> [0.722467, 1]
TEST(Wilson, HandComputedIntervals) {
  WilsonInterval a = Wilson(45, 50);
  EXPECT_NEAR(a.lower, 0.786397, 2e-6);
  EXPECT_NEAR(a.upper, 0.956525, 2e-6);
  WilsonInterval b = Wilson(0, 10);
  EXPECT_NEAR(b.lower, 0.0, 1e-12);
  EXPECT_NEAR(b.upper, 0.277533, 2e-6);
  WilsonInterval c = Wilson(10, 10);
  EXPECT_NEAR(c.lower, 0.722467, 2e-6);
  EXPECT_NEAR(c.upper, 1.0, 1e-12);
  WilsonInterval d = Wilson(0, 0);
  EXPECT_EQ(d.lower, 0.0);
  EXPECT_EQ(d.upper, 1.0);
}

TEST(Verdicts, AcceptedSpellings) {
  for (const char* y : {"1", "Y", "yes", "Correct", " TRUE ", "tp"}) EXPECT_EQ(ParseVerdict(y), 1) << y;
  for (const char* n : {"0", "n", "No", "incorrect", "false", "FP", "wrong"}) EXPECT_EQ(ParseVerdict(n), 0) << n;
  EXPECT_EQ(ParseVerdict(""), -1);
  EXPECT_EQ(ParseVerdict("  "), -1);
  EXPECT_EQ(ParseVerdict("maybe"), -2);
}

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = tmp_.Path("f.db");
    WriteFixtureDb(db_);
  }
  std::vector<CsvRecord> Sample(const AuditSampleOptions& o) {
    std::ostringstream out;
    Status st = AuditSample(db_, o, out);
    EXPECT_TRUE(st.ok()) << st.ToString();
    auto p = ParseCsv(out.str());
    EXPECT_TRUE(p.ok());
    return *p;
  }
  TempDir tmp_;
  std::string db_;
};

TEST_F(AuditTest, SampleIsStratifiedReproducibleAndAssertedOnly) {
  AuditSampleOptions o;
  o.per_code = 2;
  o.seed = 42;
  auto rows = Sample(o);
  ASSERT_EQ(rows[0].fields, AuditSheetColumns());
  // Asserted evidence in the fixture: determined 6 (4 + procedural + 2016), delaying 1, rejecting 3.
  std::map<std::string, int> per_code;
  for (size_t i = 1; i < rows.size(); ++i) {
    per_code[rows[i].fields[1]]++;
    EXPECT_EQ(rows[i].fields[3], "asserted");
    EXPECT_TRUE(rows[i].fields[10].empty());  // verdict column empty
    const std::string& sentence = rows[i].fields[8];
    EXPECT_NE(sentence.find("[[" + rows[i].fields[7] + "]]"), std::string::npos) << sentence;
    EXPECT_NE(rows[i].fields[9].find(rows[i].fields[7]), std::string::npos);  // context holds the sentence
  }
  EXPECT_EQ(per_code, (std::map<std::string, int>{
                          {"determined_implementation", 2}, {"hesitation_delaying", 1}, {"recalcitrance_rejecting", 2}}));
  auto again = Sample(o);
  ASSERT_EQ(again.size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(again[i].fields, rows[i].fields);
  // Another seed draws other determined rows at least once in a few seeds (6 rows, 2 drawn).
  std::set<std::set<std::string>> draws;
  for (uint64_t s = 1; s <= 5; ++s) {
    o.seed = s;
    std::set<std::string> ids;
    for (const auto& r : Sample(o))
      if (r.fields[1] == "determined_implementation") ids.insert(r.fields[0]);
    draws.insert(ids);
  }
  EXPECT_GT(draws.size(), 1u);
  o.polarities = {"reported"};
  auto rep = Sample(o);
  ASSERT_EQ(rep.size(), 2u);
  EXPECT_EQ(rep[1].fields[1], "non_implementation");
}

TEST_F(AuditTest, ScoreReportsPrecisionAndStoresVerdicts) {
  AuditSampleOptions o;
  o.per_code = 10;
  auto rows = Sample(o);
  ASSERT_EQ(rows.size(), 11u);  // 6 + 1 + 3 asserted rows + header
  // Verdicts: determined rows correct except the first; rejecting all wrong; delaying left empty.
  std::ostringstream sheet;
  WriteCsvRow(sheet, rows[0].fields);
  int det = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    auto f = rows[i].fields;
    if (f[1] == "determined_implementation") f[10] = det++ == 0 ? "no" : "yes";
    if (f[1] == "recalcitrance_rejecting") f[10] = "0";
    if (f[1] == "recalcitrance_rejecting") f[11] = "a note, with \"quotes\"";
    WriteCsvRow(sheet, f);
  }
  std::ofstream(tmp_.Path("audit.csv"), std::ios::binary) << sheet.str();
  AuditScore s;
  Status st = ScoreAudit(db_, tmp_.Path("audit.csv"), true, &s);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(s.rows, 10);
  EXPECT_EQ(s.audited, 9);
  EXPECT_EQ(s.skipped, 1);
  EXPECT_EQ(s.stored, 9);
  ASSERT_EQ(s.by_code.size(), 2u);
  const PrecisionRow& d = s.by_code[0];
  EXPECT_EQ(d.code, "determined_implementation");
  EXPECT_EQ(d.audited, 6);
  EXPECT_EQ(d.correct, 5);
  EXPECT_NEAR(d.precision, 5.0 / 6, 1e-12);
  EXPECT_NEAR(d.ci.lower, Wilson(5, 6).lower, 1e-12);
  EXPECT_EQ(s.by_code[1].correct, 0);
  // 6 determined entries (one per row) + 3 rejecting entries; delaying was not audited.
  EXPECT_EQ(s.by_entry.size(), 9u);
  auto stored = AuditedPrecision(db_);
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 2u);
  EXPECT_EQ((*stored)[0].audited, 6);
  EXPECT_EQ((*stored)[0].correct, 5);
  SQLite::Database db(db_, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM audit_verdicts WHERE note = 'a note, with \"quotes\"'").getInt(), 3);
  // Scoring again with changed verdicts replaces them (one row per evidence id).
  std::string all_yes = sheet.str();
  for (size_t p; (p = all_yes.find(",no,")) != std::string::npos;) all_yes.replace(p, 4, ",yes,");
  std::ofstream(tmp_.Path("audit2.csv"), std::ios::binary) << all_yes;
  ASSERT_TRUE(ScoreAudit(db_, tmp_.Path("audit2.csv"), true, &s).ok());
  auto again = AuditedPrecision(db_);
  EXPECT_EQ((*again)[0].correct, 6);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM audit_verdicts").getInt(), 9);
}

TEST_F(AuditTest, BrokenSheetsNameTheLine) {
  auto write = [&](const std::string& body) {
    std::ofstream(tmp_.Path("bad.csv"), std::ios::binary) << body;
    AuditScore s;
    return ScoreAudit(db_, tmp_.Path("bad.csv"), false, &s);
  };
  Status a = write("evidence_id,verdict\n1,yes\n2,perhaps\n");
  EXPECT_EQ(a.code(), Status::Code::kInvalidInput);
  EXPECT_NE(a.message().find("line 3"), std::string::npos) << a.message();
  EXPECT_NE(a.message().find("perhaps"), std::string::npos);
  Status b = write("evidence_id,verdict\n1,yes\n1,no\n");
  EXPECT_NE(b.message().find("appears twice"), std::string::npos) << b.message();
  Status c = write("id,verdict\n1,yes\n");
  EXPECT_NE(c.message().find("evidence_id and verdict"), std::string::npos);
  Status d = write("evidence_id,verdict\nabc,yes\n");
  EXPECT_NE(d.message().find("not a positive integer"), std::string::npos);
  Status e = write("evidence_id,verdict\n9999,yes\n");  // gone, and no code column to fall back on
  EXPECT_NE(e.message().find("not in the database"), std::string::npos);
  AuditScore s;
  std::ofstream(tmp_.Path("gone.csv")) << "evidence_id,code,verdict\n9999,non_implementation,yes\n";
  ASSERT_TRUE(ScoreAudit(db_, tmp_.Path("gone.csv"), false, &s).ok());
  EXPECT_EQ(s.missing_evidence, 1);
  EXPECT_EQ(s.by_code[0].code, "non_implementation");
  EXPECT_EQ(ScoreAudit(db_, tmp_.Path("none.csv"), false, &s).code(), Status::Code::kNotFound);
  // Nothing stored by --no-store runs: the table does not even exist.
  auto p = AuditedPrecision(db_);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->empty());
}

TEST_F(AuditTest, StoringWaitsForNoRun) {
  auto writer = Store::Open(db_);  // a run holds the writer lock
  ASSERT_TRUE(writer.ok());
  std::ofstream(tmp_.Path("s.csv")) << "evidence_id,verdict\n1,yes\n";
  AuditScore s;
  Status st = ScoreAudit(db_, tmp_.Path("s.csv"), true, &s);
  EXPECT_EQ(st.code(), Status::Code::kBusy) << st.ToString();
}

}  // namespace
