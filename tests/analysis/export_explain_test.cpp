// Exports round-trip (CSV per RFC 4180 and JSONL against the database) and
// `explain` lists exactly the passages that produce its figures.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "outputs/explain.h"
#include "outputs/export.h"
#include "tests/analysis/fixture.h"

using namespace normcode;
using namespace normcode::testing;

namespace {

TEST(Csv, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"no\""), "\"say \"\"no\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("cr\r"), "\"cr\r\"");
  EXPECT_EQ(CsvField(" padded"), "\" padded\"");
  EXPECT_EQ(CsvField(""), "");
}

TEST(Csv, ParsesWhatItWritesAndReportsBrokenInput) {
  std::ostringstream out;
  std::vector<std::string> row = {"1", "a,b", "say \"no\"", "two\r\nlines", "", "sécurité"};
  WriteCsvRow(out, {"h1", "h2", "h3", "h4", "h5", "h6"});
  WriteCsvRow(out, row);
  auto p = ParseCsv(out.str());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_EQ(p->size(), 2u);
  EXPECT_EQ((*p)[1].fields, row);
  EXPECT_EQ((*p)[1].line, 2);
  // BOM, LF line ends, no final newline, empty trailing field.
  auto q = ParseCsv("\xEF\xBB\xBF" "a,b\n1,\n\"x\ny\",z");
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->size(), 3u);
  EXPECT_EQ((*q)[0].fields, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ((*q)[1].fields, (std::vector<std::string>{"1", ""}));
  EXPECT_EQ((*q)[2].fields, (std::vector<std::string>{"x\ny", "z"}));
  auto open = ParseCsv("a,b\n1,\"never closed\n");
  ASSERT_FALSE(open.ok());
  EXPECT_NE(open.status().message().find("line 2"), std::string::npos) << open.status().message();
  auto stray = ParseCsv("a\nx\"y\n");
  ASSERT_FALSE(stray.ok());
  EXPECT_NE(stray.status().message().find("line 2"), std::string::npos);
  auto after = ParseCsv("\"a\"b\n");
  EXPECT_FALSE(after.ok());
}

class ExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = tmp_.Path("f.db");
    WriteFixtureDb(db_);
    opts_.rules = FixtureRules();
    opts_.entities = FixtureEntities();
  }
  std::string Export(const std::string& what, const std::string& format) {
    std::ostringstream out;
    Status st = ExportTable(db_, what, format, opts_, out);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out.str();
  }
  TempDir tmp_;
  std::string db_;
  ClassifyOptions opts_;
};

TEST_F(ExportTest, EvidenceCsvAndJsonlRoundTripAgainstTheDatabase) {
  std::string csv = Export("evidence", "csv");
  std::string jsonl = Export("evidence", "jsonl");
  auto rows = ParseCsv(csv);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  const auto& cols = ExportColumns("evidence");
  ASSERT_EQ((*rows)[0].fields, cols);
  SQLite::Database db(db_, SQLite::OPEN_READONLY);
  int64_t n = db.execAndGet("SELECT count(*) FROM evidence").getInt64();
  ASSERT_EQ(static_cast<int64_t>(rows->size()) - 1, n);
  std::istringstream in(jsonl);
  std::string line;
  size_t r = 1;
  auto col = [&](const std::string& name) { return std::find(cols.begin(), cols.end(), name) - cols.begin(); };
  while (std::getline(in, line)) {
    ASSERT_LT(r, rows->size());
    auto j = nlohmann::ordered_json::parse(line);
    const auto& f = (*rows)[r].fields;
    ASSERT_EQ(f.size(), cols.size());
    size_t k = 0;
    for (auto it = j.begin(); it != j.end(); ++it, ++k) {
      ASSERT_EQ(it.key(), cols[k]);
      std::string as_text = it->is_null() ? "" : it->is_string() ? it->get<std::string>() : it->dump();
      if (it->is_number_float()) {
        EXPECT_DOUBLE_EQ(it->get<double>(), std::stod(f[k])) << cols[k];
      } else {
        EXPECT_EQ(as_text, f[k]) << cols[k] << " row " << r;
      }
    }
    // Against the database: matched text and the sentence at the stored offsets.
    int64_t id = std::stoll(f[col("evidence_id")]);
    SQLite::Statement q(db,
                        "SELECT e.matched_text, substr(dt.text, s.char_start + 1, s.char_end - s.char_start), d.title "
                        "FROM evidence e JOIN sentences s ON s.id = e.sentence_id JOIN document_text dt ON "
                        "dt.doc_id = e.doc_id JOIN documents d ON d.id = e.doc_id WHERE e.id = ?");
    q.bind(1, id);
    ASSERT_TRUE(q.executeStep());
    EXPECT_EQ(f[col("matched_text")], q.getColumn(0).getString());
    EXPECT_EQ(f[col("sentence_text")], q.getColumn(1).getString());
    EXPECT_EQ(f[col("title")], q.getColumn(2).getString());
    ++r;
  }
  EXPECT_EQ(r, rows->size());
  // The title has a newline and the quoted sentence quotes and a comma: they survived.
  EXPECT_NE(csv.find("\"The situation concerning the DRC,\nsecond line\""), std::string::npos);
  EXPECT_NE(csv.find("launched a \"\"pre-emptive\"\" operation"), std::string::npos);
}

TEST_F(ExportTest, DocumentsAndActors) {
  auto docs = ParseCsv(Export("documents", "csv"));
  ASSERT_TRUE(docs.ok());
  ASSERT_EQ(docs->size(), 3u);
  const auto& dc = ExportColumns("documents");
  auto at = [&](const std::vector<std::string>& cols, const std::string& n) {
    return std::find(cols.begin(), cols.end(), n) - cols.begin();
  };
  EXPECT_EQ((*docs)[1].fields[at(dc, "symbol")], "S/PV.7000");
  EXPECT_EQ((*docs)[1].fields[at(dc, "year")], "2013");
  EXPECT_EQ((*docs)[1].fields[at(dc, "n_evidence")], "11");
  EXPECT_EQ((*docs)[1].fields[at(dc, "n_turns")], "4");
  auto actors = ParseCsv(Export("actors", "csv"));
  ASSERT_TRUE(actors.ok());
  const auto& ac = ExportColumns("actors");
  bool found = false;
  for (size_t i = 1; i < actors->size(); ++i) {
    const auto& f = (*actors)[i].fields;
    if (f[at(ac, "kind")] == "force_commander") {
      found = true;
      EXPECT_EQ(f[at(ac, "name")], "Carlos Alberto dos Santos Cruz");
      EXPECT_EQ(f[at(ac, "n_evidence_about")], "2");  // S/PV.7000 and S/PV.7600
      EXPECT_EQ(f[at(ac, "first_date")], "2013-06-10");
      EXPECT_EQ(f[at(ac, "last_date")], "2016-03-01");
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(ExportTest, ClassificationsMatchClassifyActors) {
  auto rows = ParseCsv(Export("classifications", "csv"));
  ASSERT_TRUE(rows.ok());
  const auto& cols = ExportColumns("classifications");
  ASSERT_EQ((*rows)[0].fields, cols);
  for (const auto& c : cols) EXPECT_LE(c.size(), 32u) << c << " is too long for a Stata variable name";
  auto v = ClassifyActors(db_, opts_);
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(rows->size(), v->size() + 1);
  auto at = [&](const std::string& n) { return std::find(cols.begin(), cols.end(), n) - cols.begin(); };
  for (size_t i = 0; i < v->size(); ++i) {
    const auto& f = (*rows)[i + 1].fields;
    ASSERT_EQ(f.size(), cols.size());
    EXPECT_EQ(f[at("actor_key")], (*v)[i].actor_key);
    EXPECT_EQ(f[at("position")], (*v)[i].figures.position);
    if ((*v)[i].actor_key == "state:BRA") {
      EXPECT_EQ(f[at("words")], "33");
      EXPECT_EQ(f[at("det_asserted")], "3");
      EXPECT_EQ(f[at("det_negated")], "1");
      EXPECT_DOUBLE_EQ(std::stod(f[at("det_rate_asserted")]), 30000.0 / 33);
      EXPECT_EQ(f[at("alignment")], "");
    }
    if ((*v)[i].actor_key == "contingent:IND") {
      EXPECT_EQ(f[at("rec_reject_rate_asserted")], "");
    }
  }
}

TEST(ExportColumnsTest, SnakeCaseAndStataSafe) {
  for (const char* what : {"evidence", "actors", "documents", "classifications"}) {
    const auto& cols = ExportColumns(what);
    ASSERT_FALSE(cols.empty()) << what;
    std::set<std::string> seen;
    for (const auto& c : cols) {
      EXPECT_LE(c.size(), 32u) << c;
      EXPECT_TRUE(seen.insert(c).second) << "duplicate column " << c;
      for (char ch : c) EXPECT_TRUE((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_') << c;
    }
  }
}

TEST_F(ExportTest, UnknownTableOrFormat) {
  std::ostringstream out;
  EXPECT_EQ(ExportTable(db_, "votes", "csv", opts_, out).code(), Status::Code::kInvalidInput);
  EXPECT_EQ(ExportTable(db_, "evidence", "xlsx", opts_, out).code(), Status::Code::kInvalidInput);
}

// explain: the figures printed add up from the passages listed.
void CheckAddsUp(const nlohmann::json& figures, const nlohmann::json& passages) {
  std::map<std::string, int64_t> fam;
  std::map<std::string, std::map<std::string, int64_t>> codes;
  int64_t validity = 0, application = 0;
  for (const auto& p : passages) {
    ASSERT_TRUE(p.contains("sentence")) << "passage without its text";
    EXPECT_EQ(p["before"].get<std::string>() + p["match"].get<std::string>() + p["after"].get<std::string>(),
              p["sentence"].get<std::string>());
    if (!p["duplicate_of"].is_null()) continue;
    codes[p["code"].get<std::string>()][p["polarity"].get<std::string>()]++;
    if (!p["counted"].get<bool>()) continue;
    if (p["code"] == "validity_contestation") ++validity;
    if (p["code"] == "application_contestation") ++application;
    if (!p["family"].is_null()) fam[p["family"].get<std::string>()]++;
  }
  EXPECT_EQ(figures["n_determined"].get<int64_t>(), fam["determined"]);
  EXPECT_EQ(figures["n_reluctant"].get<int64_t>(), fam["reluctant"]);
  EXPECT_EQ(figures["n_non_implementation"].get<int64_t>(), fam["non_implementation"]);
  EXPECT_EQ(figures["n_validity"].get<int64_t>(), validity);
  EXPECT_EQ(figures["n_application"].get<int64_t>(), application);
  for (const auto& [code, cf] : figures["codes"].items())
    for (const char* pol : {"asserted", "negated", "reported", "hypothetical"})
      EXPECT_EQ(cf[pol].get<int64_t>(), codes[code][pol]) << code << " " << pol;
}

TEST_F(ExportTest, ExplainListsExactlyThePassagesBehindItsFigures) {
  auto v = ClassifyActors(db_, opts_);
  ASSERT_TRUE(v.ok());
  auto sel = SelectActor(*v, opts_.entities, "santos cruz", "", "2013");
  ASSERT_EQ(sel.size(), 1u);
  std::vector<int64_t> ids;
  for (const auto& c : sel[0]->evidence) ids.push_back(c.evidence_id);
  for (const auto& c : sel[0]->alignment->home_evidence) ids.push_back(c.evidence_id);
  auto ps = LoadPassages(db_, ids);
  ASSERT_TRUE(ps.ok());
  std::map<int64_t, Passage> by_id;
  for (const auto& p : *ps) by_id[p.evidence_id] = p;
  ExplainOptions eo;
  eo.format = "json";
  std::ostringstream out;
  ASSERT_TRUE(RenderExplain(sel, by_id, {}, opts_.rules, eo, out).ok());
  auto j = nlohmann::json::parse(out.str());
  ASSERT_EQ(j["actors"].size(), 1u);
  const auto& a = j["actors"][0];
  EXPECT_EQ(a["figures"]["position"], "reluctant");
  EXPECT_EQ(a["passages"].size(), 5u);
  CheckAddsUp(a["figures"], a["passages"]);
  CheckAddsUp(a["alignment"]["home_figures"], a["alignment"]["home_passages"]);
  EXPECT_EQ(a["alignment"]["value"], "diverging");
  // The first passages push toward the position; every passage says where to find it.
  EXPECT_EQ(a["passages"][0]["direction"], 1);
  for (const auto& p : a["passages"]) {
    EXPECT_EQ(p["codebook_version"], "cb-test");
    EXPECT_EQ(p["path"], "corpus/S-PV-7000.html");
    EXPECT_FALSE(p["entry_id"].get<std::string>().empty());
  }
  // Text: no escape codes without colour, the match marked; with colour, ANSI codes.
  eo.format = "text";
  std::ostringstream t;
  ASSERT_TRUE(RenderExplain(sel, by_id, {}, opts_.rules, eo, t).ok());
  EXPECT_EQ(t.str().find('\x1b'), std::string::npos);
  EXPECT_NE(t.str().find("[[act once the capital confirms]]"), std::string::npos) << t.str();
  EXPECT_NE(t.str().find("position: reluctant"), std::string::npos);
  eo.color = true;
  std::ostringstream c;
  ASSERT_TRUE(RenderExplain(sel, by_id, {}, opts_.rules, eo, c).ok());
  EXPECT_NE(c.str().find("\x1b[1;30;43mact once the capital confirms\x1b[0m"), std::string::npos);
  // HTML escapes the text and marks the match.
  eo.format = "html";
  std::ostringstream h;
  ASSERT_TRUE(RenderExplain(sel, by_id, {}, opts_.rules, eo, h).ok());
  EXPECT_NE(h.str().find("<mark>launched a &quot;pre-emptive&quot; operation</mark>"), std::string::npos);
  // --code: only that code's passages.
  eo.format = "json";
  eo.code = "recalcitrance_rejecting";
  std::ostringstream k;
  ASSERT_TRUE(RenderExplain(sel, by_id, {}, opts_.rules, eo, k).ok());
  auto jk = nlohmann::json::parse(k.str());
  EXPECT_EQ(jk["actors"][0]["passages"].size(), 2u);  // the counted row and its duplicate
}

TEST_F(ExportTest, SelectActorByNameIsoAliasAndPeriod) {
  auto v = ClassifyActors(db_, opts_);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(SelectActor(*v, opts_.entities, "brazil", "", "").size(), 1u);  // state:BRA 2013 (no contingent BRA)
  EXPECT_EQ(SelectActor(*v, opts_.entities, "IND", "", "").size(), 1u);
  EXPECT_EQ(SelectActor(*v, opts_.entities, "General Santos Cruz", "", "").size(), 2u);  // 2013, 2016
  EXPECT_EQ(SelectActor(*v, opts_.entities, "General Santos Cruz", "state", "").size(), 0u);
  EXPECT_EQ(SelectActor(*v, opts_.entities, "United Kingdom", "", "2016").size(), 1u);
  EXPECT_EQ(SelectActor(*v, opts_.entities, "nobody", "", "").size(), 0u);
}

}  // namespace
