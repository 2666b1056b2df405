// `normcode report --db FILE --out DIR`: a self-contained static HTML report
// (overview, a page per code, UN regional group, state and force commander;
// inline SVG charts; every figure links to its passages). See docs/REPORT.md.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>

#include "core/text.h"
#include "extractors/match/entities.h"
#include "outputs/audit.h"
#include "outputs/classify.h"
#include "outputs/report.h"
#include "pipeline/commands.h"
#include "pipeline/run.h"

namespace normcode {
namespace {

struct ReportArgs {
  std::string db, out, lexicons, rules, title = "normcode evidence report";
  bool no_classification = false;
};

int RunReport(const ReportArgs& a) {
  ReportOptions o;
  o.db_path = a.db;
  o.out_dir = a.out;
  o.title = a.title;
  o.generated_by = "normcode " NORMCODE_VERSION;

  std::string lex = ResolveLexiconDir(a.lexicons);
  Entities entities;
  std::vector<LexiconError> errors;
  Status st = Entities::Load(lex, &entities, &errors);
  if (!st.ok() || !errors.empty()) {
    std::fprintf(stderr, "normcode report: entity data in %s unusable: %s\n", PrintableName(lex).c_str(),
                 PrintableName(!st.ok() ? st.ToString() : errors.front().ToString()).c_str());
    return kExitFatal;
  }
  for (const auto& c : entities.countries()) o.countries.push_back({c.iso3, c.name, c.un_group});

  if (a.no_classification) {
    o.classification_note = "disabled with --no-classification";
  } else {
    auto rules = LoadClassificationRules(a.rules.empty() ? ClassificationRulesPath(lex) : a.rules);
    if (!rules.ok()) {
      std::fprintf(stderr, "normcode report: %s\n", PrintableName(rules.status().ToString()).c_str());
      return a.rules.empty() ? kExitFatal : kExitUsage;
    }
    ClassifyOptions co;
    co.rules = *rules;
    co.entities = ClassifyEntitiesFrom(entities);
    co.period = PeriodKind::kYear;
    auto by_year = ClassifyActors(a.db, co);
    if (!by_year.ok()) {
      std::fprintf(stderr, "normcode report: %s\n", PrintableName(by_year.status().ToString()).c_str());
      return kExitFatal;
    }
    co.period = PeriodKind::kTerm;
    auto by_term = ClassifyActors(a.db, co);
    if (!by_term.ok()) {
      std::fprintf(stderr, "normcode report: %s\n", PrintableName(by_term.status().ToString()).c_str());
      return kExitFatal;
    }
    o.by_year = std::move(*by_year);
    o.by_term = std::move(*by_term);
  }

  // Audited precision per code from the verdicts stored by `normcode audit score --store`.
  auto precision = AuditedPrecision(a.db, /*per_entry=*/false);
  if (!precision.ok()) {
    std::fprintf(stderr, "normcode report: %s\n", PrintableName(precision.status().ToString()).c_str());
    return kExitFatal;
  }
  for (const auto& p : *precision)
    if (p.entry_id.empty())
      o.precision.push_back({p.code, p.audited, p.correct, p.precision, p.ci.lower, p.ci.upper});

  ReportSummary s;
  st = WriteReport(o, &s);
  if (!st.ok()) {
    std::fprintf(stderr, "normcode report: %s\n", PrintableName(st.ToString()).c_str());
    return st.code() == Status::Code::kBusy ? kExitBusy : kExitFatal;
  }
  std::fprintf(stderr, "report: %zu pages in %s (%lld documents, %lld pieces of evidence); open %s/index.html\n",
               s.files.size(), PrintableName(a.out).c_str(), static_cast<long long>(s.documents),
               static_cast<long long>(s.evidence), PrintableName(a.out).c_str());
  return kExitOk;
}

CommandRegistrar reg("report", [](CLI::App& app) -> std::function<int()> {
  auto* cmd = app.add_subcommand("report", "Write a self-contained static HTML report of a database");
  auto a = std::make_shared<ReportArgs>();
  cmd->add_option("--db", a->db, "Database file")->required();
  cmd->add_option("--out", a->out, "Output directory (created; report files in it are overwritten)")->required();
  cmd->add_option("--lexicons", a->lexicons,
                  "lexicon directory for entity data and classification rules (default: ./lexicons, else "
                  "$NORMCODE_LEXICONS, else the source tree's lexicons)");
  cmd->add_option("--rules", a->rules, "classification rules (default: <lexicons>/classification.yaml)");
  cmd->add_option("--title", a->title, "Report title")->capture_default_str();
  cmd->add_flag("--no-classification", a->no_classification, "Raw figures only, no actor classification");
  return [a]() { return RunReport(*a); };
});

}  // namespace
}  // namespace normcode
