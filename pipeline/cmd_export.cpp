// `normcode export --db FILE --what evidence|actors|documents|classifications
//  --format csv|jsonl [--out FILE]`: tables with stable snake_case columns for
// R, pandas and Stata (docs/CLASSIFICATION.md, "Exports").
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "core/text.h"
#include "outputs/export.h"
#include "outputs/output_file.h"
#include "pipeline/commands.h"
#include "pipeline/run.h"

namespace normcode {
namespace {

struct Args {
  std::string db, what, format = "csv", out, period = "year", lexicons, rules;
};

int RunExport(const Args& a) {
  ClassifyOptions o;
  if (a.what == "classifications") {
    PeriodKind pk = a.period == "term" ? PeriodKind::kTerm : a.period == "all" ? PeriodKind::kAll : PeriodKind::kYear;
    if (Status st = LoadClassifyOptions(ResolveLexiconDir(a.lexicons), a.rules, pk, &o); !st.ok()) {
      std::fprintf(stderr, "normcode export: %s\n", PrintableName(st.ToString()).c_str());
      return kExitFatal;
    }
  }
  Status st;
  if (a.out.empty() || a.out == "-") {
    std::ios::sync_with_stdio(false);
    st = ExportTable(a.db, a.what, a.format, o, std::cout);
  } else {
    // Never through a link, never replacing a device (outputs/output_file.h).
    auto f = OutputFile::Open(a.out);
    if (!f.ok()) {
      std::fprintf(stderr, "normcode export: %s\n", PrintableName(f.status().ToString()).c_str());
      return kExitFatal;
    }
    st = ExportTable(a.db, a.what, a.format, o, (*f)->stream());
    if (st.ok()) st = (*f)->Commit();
  }
  if (!st.ok()) {
    std::fprintf(stderr, "normcode export: %s\n", PrintableName(st.ToString()).c_str());
    return kExitFatal;
  }
  return kExitOk;
}

CommandRegistrar reg("export", [](CLI::App& app) -> std::function<int()> {
  auto* cmd = app.add_subcommand("export", "Export evidence, actors, documents or classifications as CSV or JSONL");
  auto a = std::make_shared<Args>();
  cmd->add_option("--db", a->db, "Database file")->required();
  cmd->add_option("--what", a->what, "table")
      ->required()
      ->check(CLI::IsMember({"evidence", "actors", "documents", "classifications"}));
  cmd->add_option("--format", a->format, "csv (RFC 4180) or jsonl")
      ->check(CLI::IsMember({"csv", "jsonl"}))
      ->capture_default_str();
  cmd->add_option("--out", a->out, "output file (default: standard output); written to a temporary beside it, then renamed; a device or pipe "
                  "is written directly; a symbolic link is refused");
  cmd->add_option("--period", a->period, "classifications: year, term or all")
      ->check(CLI::IsMember({"year", "term", "all"}))
      ->capture_default_str();
  cmd->add_option("--lexicons", a->lexicons, "classifications: lexicon directory (classification.yaml, entities/)");
  cmd->add_option("--rules", a->rules, "classifications: rules file");
  return [a]() { return RunExport(*a); };
});

}  // namespace
}  // namespace normcode
