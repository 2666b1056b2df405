// Tests of the static HTML report (outputs/report.h): the escape function on
// hostile text, a report rendered from a fixture database written through the
// Store API (files, escaping, every link resolving, every linked figure equal
// to the passages it links to, figures equal to actor_summary), errors.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "extractors/match/entities.h"
#include "outputs/classify.h"
#include "outputs/report.h"
#include "tests/report/report_fixture.h"

using namespace normcode;
using namespace normcode::testing;

namespace {

std::string Slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

size_t CountOf(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + needle.size())) ++n;
  return n;
}

TEST(HtmlEscape, HostileText) {
  EXPECT_EQ(HtmlEscape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(HtmlEscape("a & b \"c\" 'd'"), "a &amp; b &quot;c&quot; &#39;d&#39;");
  EXPECT_EQ(HtmlEscape("&amp;"), "&amp;amp;");
  EXPECT_EQ(HtmlEscape("\" onmouseover=\"x"), "&quot; onmouseover=&quot;x");
  // Valid multi-byte text is kept as it is.
  EXPECT_EQ(HtmlEscape("sécurité 中国 😀"), "sécurité 中国 😀");
  // Invalid UTF-8: stray continuation, truncated sequence, overlong '/', surrogate, > U+10FFFF.
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(HtmlEscape("a\x80z"), "a" + fffd + "z");
  EXPECT_EQ(HtmlEscape("a\xE2\x82"), "a" + fffd + fffd);
  EXPECT_EQ(HtmlEscape("\xC0\xAF"), fffd + fffd);
  EXPECT_EQ(HtmlEscape("\xED\xA0\x80"), fffd + fffd + fffd);
  EXPECT_EQ(HtmlEscape("\xF4\x90\x80\x80"), fffd + fffd + fffd + fffd);
  EXPECT_EQ(HtmlEscape("<\xFF>"), "&lt;" + fffd + "&gt;");
  // C0 controls (not tab/newline/CR) and DEL cannot appear in HTML text.
  EXPECT_EQ(HtmlEscape(std::string("a\x01\x1B\x7F\tb\n", 7)), "a" + fffd + fffd + fffd + "\tb\n");
  EXPECT_EQ(HtmlEscape(std::string("a\0b", 3)), "a" + fffd + "b");
}

struct Rendered {
  TempDir tmp;
  std::string db, out;
  ReportSummary summary;
  std::map<std::string, std::string> files;  // name -> content
};

// Entity data and classification exactly as `normcode report` builds them.
void FillOptions(const std::string& db, const std::string& out, ReportOptions* o) {
  const std::string lex = std::string(NORMCODE_SOURCE_DIR) + "/lexicons";
  Entities entities;
  std::vector<LexiconError> errors;
  ASSERT_TRUE(Entities::Load(lex, &entities, &errors).ok());
  ASSERT_TRUE(errors.empty());
  for (const auto& c : entities.countries()) o->countries.push_back({c.iso3, c.name, c.un_group});
  auto rules = LoadClassificationRules(ClassificationRulesPath(lex));
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  ClassifyOptions co;
  co.rules = *rules;
  co.entities = ClassifyEntitiesFrom(entities);
  co.period = PeriodKind::kYear;
  auto by_year = ClassifyActors(db, co);
  ASSERT_TRUE(by_year.ok()) << by_year.status().ToString();
  co.period = PeriodKind::kTerm;
  auto by_term = ClassifyActors(db, co);
  ASSERT_TRUE(by_term.ok()) << by_term.status().ToString();
  o->by_year = *by_year;
  o->by_term = *by_term;
  o->db_path = db;
  o->out_dir = out;
  o->precision.push_back({"validity_contestation", 10, 8, 0.8, 0.49, 0.94});
}

std::unique_ptr<Rendered> Render() {
  auto r = std::make_unique<Rendered>();
  r->db = r->tmp.Path("fixture.db");
  r->out = r->tmp.Path("report/out");  // nested: created by the report
  WriteFixtureDb(r->db);
  ReportOptions o;
  FillOptions(r->db, r->out, &o);
  Status st = WriteReport(o, &r->summary);
  EXPECT_TRUE(st.ok()) << st.ToString();
  for (const auto& e : fs::directory_iterator(r->out)) r->files[e.path().filename().string()] = Slurp(e.path().string());
  // To look at the fixture's report: NORMCODE_REPORT_TEST_KEEP=/some/dir.
  if (const char* keep = std::getenv("NORMCODE_REPORT_TEST_KEEP"); keep && *keep) {
    std::error_code ec;
    fs::create_directories(keep, ec);
    fs::copy(r->out, keep, fs::copy_options::overwrite_existing | fs::copy_options::recursive, ec);
  }
  return r;
}

TEST(Report, WritesThePages) {
  auto r = Render();
  EXPECT_EQ(r->summary.evidence, 12);
  EXPECT_EQ(r->summary.documents, 3);
  ASSERT_FALSE(r->summary.files.empty());
  EXPECT_EQ(r->summary.files.front(), "index.html");
  EXPECT_EQ(r->files.size(), r->summary.files.size());
  for (const char* f : {"index.html", "state-CHN.html", "state-BRA.html", "state-GHA.html",
                        "code-validity_contestation.html", "code-application_contestation.html",
                        "code-determined_implementation.html", "code-hesitation_delaying.html"})
    EXPECT_TRUE(r->files.count(f)) << f;
  int groups = 0, fcs = 0;
  for (const auto& [name, html] : r->files) {
    groups += name.rfind("group-", 0) == 0;
    fcs += name.rfind("fc-", 0) == 0;
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u) << name;
    EXPECT_NE(html.find("</html>"), std::string::npos) << name;
  }
  EXPECT_EQ(groups, 3);  // African (GHA), Asia-Pacific (CHN), Latin American and Caribbean (BRA)
  EXPECT_EQ(fcs, 1);     // Santos Cruz
  const std::string& index = r->files["index.html"];
  EXPECT_NE(index.find("<svg"), std::string::npos);
  EXPECT_NE(index.find("Santos Cruz"), std::string::npos);
  EXPECT_NE(index.find("Latin American and Caribbean"), std::string::npos);
  // The audited precision handed in is shown.
  EXPECT_NE(index.find("0.80 (0.49–0.94, n=10)"), std::string::npos);
  // Three charts on the overview: codes over time, groups, commanders.
  EXPECT_EQ(CountOf(index, "<svg"), 3u);
  // The state page has the codes-over-time chart and its classification.
  EXPECT_NE(r->files["state-BRA.html"].find("<svg"), std::string::npos);
  EXPECT_NE(r->files["state-BRA.html"].find("id=\"classification\""), std::string::npos);
}

TEST(Report, HostileTextIsEscapedEverywhere) {
  auto r = Render();
  for (const auto& [name, html] : r->files) {
    // The report has no scripts of its own, and document text never becomes markup.
    std::string lower = html;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(lower.find("<script"), std::string::npos) << name;
    EXPECT_EQ(lower.find("<b>in</b>"), std::string::npos) << name;
    EXPECT_EQ(lower.find("http://"), lower.find("http://www.w3.org/2000/svg")) << name;  // only the SVG namespace
    EXPECT_EQ(lower.find("https://"), std::string::npos) << name;
    EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos) << name;
  }
  const std::string& page = r->files["code-application_contestation.html"];
  EXPECT_NE(page.find("<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark> &amp; &quot;quoted&quot; &#39;text&#39;"),
            std::string::npos);
  EXPECT_NE(r->files["state-CHN.html"].find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  // Multi-byte text before the match: the highlight is placed by code points, not bytes.
  EXPECT_NE(page.find("La «mission» — MONUSCO 😀 — cannot protect civilians <mark>without the means</mark>."),
            std::string::npos);
}

// href="file#anchor" -> (file, anchor), resolved against the page it is on.
std::pair<std::string, std::string> SplitHref(const std::string& page, const std::string& href) {
  size_t h = href.find('#');
  std::string file = h == std::string::npos ? href : href.substr(0, h);
  std::string anchor = h == std::string::npos ? "" : href.substr(h + 1);
  return {file.empty() ? page : file, anchor};
}

TEST(Report, EveryLinkResolves) {
  auto r = Render();
  std::map<std::string, std::set<std::string>> ids;
  std::regex id_re("\\bid=\"([^\"]*)\"");
  for (const auto& [name, html] : r->files)
    for (std::sregex_iterator it(html.begin(), html.end(), id_re), end; it != end; ++it) {
      EXPECT_TRUE(ids[name].insert((*it)[1]).second) << "duplicate id " << (*it)[1] << " in " << name;
    }
  std::regex href_re("href=\"([^\"]*)\"");
  size_t links = 0;
  for (const auto& [name, html] : r->files) {
    for (std::sregex_iterator it(html.begin(), html.end(), href_re), end; it != end; ++it) {
      std::string href = (*it)[1];
      ASSERT_EQ(href.find("://"), std::string::npos) << href;
      ASSERT_NE(href.rfind("/", 0), 0u) << "absolute path " << href;
      auto [file, anchor] = SplitHref(name, href);
      ASSERT_TRUE(r->files.count(file)) << name << " links to missing file " << href;
      if (!anchor.empty()) {
        EXPECT_TRUE(ids[file].count(anchor)) << name << " links to missing anchor " << href;
      }
      ++links;
    }
  }
  EXPECT_GT(links, 100u);
  // Every passage has its permalink anchor on its code page.
  SQLite::Database db(r->db, SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT id, code FROM evidence");
  int n = 0;
  while (q.executeStep()) {
    std::string file = "code-" + q.getColumn(1).getString() + ".html";
    EXPECT_TRUE(ids[file].count("e" + std::to_string(q.getColumn(0).getInt64()))) << file;
    ++n;
  }
  EXPECT_EQ(n, 12);
}

// The passages an anchor stands for: a <section> up to its end, an <h4> up to
// the next heading of its level or the end of its section. Empty when the
// anchor is on another kind of element.
std::string Region(const std::string& html, const std::string& anchor, std::string* tag) {
  size_t p = html.find("id=\"" + anchor + "\"");
  if (p == std::string::npos) return "";
  size_t lt = html.rfind('<', p);
  *tag = html.substr(lt + 1, html.find_first_of(" >", lt) - lt - 1);
  size_t start = html.find('>', p) + 1;
  size_t end;
  if (*tag == "section") {
    end = html.find("</section>", start);
  } else if (*tag == "h4") {
    end = std::min(html.find("<h4", start), html.find("</section>", start));
  } else {
    return "";
  }
  return html.substr(start, end - start);
}

TEST(Report, EveryLinkedFigureEqualsItsPassages) {
  auto r = Render();
  std::regex fig_re("<a href=\"([^\"]*)\">([0-9]+)</a>");
  size_t checked = 0;
  for (const auto& [name, html] : r->files) {
    for (std::sregex_iterator it(html.begin(), html.end(), fig_re), end; it != end; ++it) {
      auto [file, anchor] = SplitHref(name, (*it)[1]);
      int64_t figure = std::stoll((*it)[2]);
      std::string tag;
      std::string region = Region(r->files[file], anchor, &tag);
      if (region.empty()) continue;
      int64_t expected;
      bool classification = anchor.rfind("k-", 0) == 0 || anchor.rfind("h-", 0) == 0;
      if (classification) {
        if (tag != "h4") continue;  // the whole actor-period (n = sum of three families): checked below
        expected = static_cast<int64_t>(CountOf(region, "<span class=\"tag\">counted</span>"));
      } else if (anchor.size() > 6 && anchor.compare(anchor.size() - 6, 6, "-other") == 0) {
        expected = static_cast<int64_t>(CountOf(region, "<li"));
      } else {
        expected = static_cast<int64_t>(CountOf(region, "<li") - CountOf(region, "<span class=\"pol\">"));
      }
      EXPECT_EQ(figure, expected) << name << " -> " << (*it)[1];
      ++checked;
    }
  }
  EXPECT_GT(checked, 40u);
}

TEST(Report, StateFiguresEqualActorSummary) {
  auto r = Render();
  SQLite::Database db(r->db, SQLite::OPEN_READONLY);
  std::regex cell_re("href=\"#([sa])-([a-z_]+)\">([0-9]+)</a>");
  for (const char* iso : {"CHN", "BRA", "GHA"}) {
    const std::string& html = r->files[std::string("state-") + iso + ".html"];
    // Only the figures table (before the chart): the first link per (set, code).
    std::string table = html.substr(0, html.find("<svg"));
    std::map<std::pair<std::string, std::string>, int64_t> shown;
    for (std::sregex_iterator it(table.begin(), table.end(), cell_re), end; it != end; ++it)
      shown.emplace(std::make_pair((*it)[1].str(), (*it)[2].str()), std::stoll((*it)[3]));
    SQLite::Statement q(db,
                        "SELECT code, sum(as_speaker), sum(as_target) FROM actor_summary WHERE iso3 = ? AND "
                        "polarity = 'asserted' GROUP BY code");
    q.bind(1, iso);
    int codes = 0;
    while (q.executeStep()) {
      std::string code = q.getColumn(0).getString();
      int64_t said = q.getColumn(1).getInt64(), about = q.getColumn(2).getInt64();
      auto s = shown.find({"s", code});
      auto a = shown.find({"a", code});
      EXPECT_EQ(s == shown.end() ? 0 : s->second, said) << iso << " " << code;
      EXPECT_EQ(a == shown.end() ? 0 : a->second, about) << iso << " " << code;
      ++codes;
    }
    EXPECT_GT(codes, 0) << iso;
  }
}

TEST(Report, ForceCommanderBesideHomeState) {
  auto r = Render();
  std::string fc;
  for (const auto& [name, html] : r->files)
    if (name.rfind("fc-", 0) == 0) fc = html;
  ASSERT_FALSE(fc.empty());
  EXPECT_NE(fc.find(kFc), std::string::npos);
  EXPECT_NE(fc.find("MONUSCO 2013-2015"), std::string::npos);
  EXPECT_NE(fc.find("state-BRA.html"), std::string::npos);
  EXPECT_NE(fc.find("(same period)"), std::string::npos);  // the home state's bar in the chart
  // Three asserted determined passages in his term: he is classified determined.
  EXPECT_NE(fc.find(">determined</a>"), std::string::npos);
  EXPECT_NE(fc.find("launched a pre-emptive operation"), std::string::npos);
}

TEST(Report, WithoutClassificationSaysSo) {
  TempDir tmp;
  std::string db = tmp.Path("f.db");
  WriteFixtureDb(db);
  ReportOptions o;
  o.db_path = db;
  o.out_dir = tmp.Path("out");
  o.classification_note = "disabled <here>";
  ReportSummary s;
  ASSERT_TRUE(WriteReport(o, &s).ok());
  std::string index = Slurp(tmp.Path("out/index.html"));
  EXPECT_NE(index.find("Classification not available: disabled &lt;here&gt;"), std::string::npos);
  EXPECT_NE(index.find("nothing audited yet"), std::string::npos);
  // Without entity data the states have no regional group, and say so.
  EXPECT_NE(index.find("no regional group known"), std::string::npos);
}

TEST(Report, Errors) {
  TempDir tmp;
  ReportOptions o;
  o.db_path = tmp.Path("missing.db");
  o.out_dir = tmp.Path("out");
  ReportSummary s;
  Status st = WriteReport(o, &s);
  EXPECT_EQ(st.code(), Status::Code::kNotFound) << st.ToString();

  // Not a normcode database.
  {
    std::ofstream(tmp.Path("other.db")) << "this is not sqlite";
  }
  o.db_path = tmp.Path("other.db");
  st = WriteReport(o, &s);
  EXPECT_FALSE(st.ok());

  // The output directory is a file.
  std::string db = tmp.Path("f.db");
  WriteFixtureDb(db);
  {
    std::ofstream(tmp.Path("file")) << "x";
  }
  o.db_path = db;
  o.out_dir = tmp.Path("file");
  st = WriteReport(o, &s);
  EXPECT_EQ(st.code(), Status::Code::kIOError) << st.ToString();
}

}  // namespace
