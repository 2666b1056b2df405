// `normcode audit sample --db F --per-code N --seed S --out audit.csv`: a
// reproducible sample of evidence stratified by code, with an empty verdict column.
// `normcode audit score SHEET --db F [--no-store]`: precision per code and per
// entry with 95% Wilson intervals; stores the verdicts (table audit_verdicts).
// `normcode audit report --db F`: audited precision from every stored verdict.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "core/text.h"
#include "outputs/audit.h"
#include "outputs/output_file.h"
#include "pipeline/commands.h"

namespace normcode {
namespace {

struct Args {
  std::string db, out, sheet, polarity = "asserted";
  int64_t per_code = 50;
  uint64_t seed = 1;
  std::vector<std::string> codes;
  bool no_store = false, per_entry = false;
};

int Fail(const char* what, const Status& st) {
  std::fprintf(stderr, "normcode audit %s: %s\n", what, PrintableName(st.ToString()).c_str());
  return st.code() == Status::Code::kBusy ? kExitBusy : kExitFatal;
}

void PrintPrecision(const std::vector<PrecisionRow>& rows, bool entries) {
  std::printf("%-31s %s%8s %8s %9s  %s\n", "code", entries ? "entry                                    " : "",
              "audited", "correct", "precision", "95% Wilson interval");
  for (const auto& r : rows) {
    if (entries)
      std::printf("%-31s %-40s %8lld %8lld %9.3f  [%.3f, %.3f]\n", PrintableName(r.code).c_str(),
                  PrintableName(r.entry_id).c_str(), static_cast<long long>(r.audited),
                  static_cast<long long>(r.correct), r.precision, r.ci.lower, r.ci.upper);
    else
      std::printf("%-31s %8lld %8lld %9.3f  [%.3f, %.3f]\n", PrintableName(r.code).c_str(),
                  static_cast<long long>(r.audited), static_cast<long long>(r.correct), r.precision, r.ci.lower,
                  r.ci.upper);
  }
}

int RunSample(const Args& a) {
  AuditSampleOptions o;
  o.per_code = a.per_code;
  o.seed = a.seed;
  o.codes = a.codes;
  if (a.polarity == "all")
    o.polarities.clear();
  else
    o.polarities = {a.polarity};
  std::vector<std::pair<std::string, int64_t>> counts;
  // Never through a link, never replacing a device (outputs/output_file.h).
  auto f = OutputFile::Open(a.out);
  if (!f.ok()) return Fail("sample", f.status());
  Status st = AuditSample(a.db, o, (*f)->stream(), &counts);
  if (st.ok()) st = (*f)->Commit();
  if (!st.ok()) return Fail("sample", st);
  int64_t total = 0;
  for (const auto& [c, n] : counts) {
    std::fprintf(stderr, "  %-31s %lld\n", c.c_str(), static_cast<long long>(n));
    total += n;
  }
  std::fprintf(stderr, "normcode audit sample: %lld rows written to %s (seed %llu)\n", static_cast<long long>(total),
               PrintableName(a.out).c_str(), static_cast<unsigned long long>(a.seed));
  return kExitOk;
}

int RunScore(const Args& a) {
  AuditScore s;
  Status st = ScoreAudit(a.db, a.sheet, !a.no_store, &s);
  if (!st.ok()) return Fail("score", st);
  for (const auto& w : s.warnings) std::fprintf(stderr, "normcode audit score: warning: %s\n", PrintableName(w).c_str());
  std::printf("sheet %s: %lld rows, %lld with a verdict, %lld without (skipped)", PrintableName(a.sheet).c_str(),
              static_cast<long long>(s.rows), static_cast<long long>(s.audited), static_cast<long long>(s.skipped));
  if (!a.no_store) std::printf(", %lld verdicts stored", static_cast<long long>(s.stored));
  std::printf("\n\nprecision per code\n");
  PrintPrecision(s.by_code, false);
  std::printf("\nprecision per entry\n");
  PrintPrecision(s.by_entry, true);
  return kExitOk;
}

int RunReport(const Args& a) {
  auto rows = AuditedPrecision(a.db, a.per_entry);
  if (!rows.ok()) return Fail("report", rows.status());
  if (rows->empty()) {
    std::printf("no stored verdicts (run `normcode audit score` first)\n");
    return kExitOk;
  }
  PrintPrecision(*rows, a.per_entry);
  return kExitOk;
}

CommandRegistrar reg("audit", [](CLI::App& app) -> std::function<int()> {
  auto* audit = app.add_subcommand("audit", "Precision audit: sample evidence, score verdicts");
  audit->require_subcommand(1);
  auto a = std::make_shared<Args>();
  auto* sample = audit->add_subcommand("sample", "Write a stratified random sample of evidence for verdicts (CSV)");
  sample->add_option("--db", a->db, "Database file")->required();
  sample->add_option("--per-code", a->per_code, "rows per code")->check(CLI::Range(1, 1000000))->capture_default_str();
  sample->add_option("--seed", a->seed, "random seed (same seed, same database: same sample)")->capture_default_str();
  sample->add_option("--out", a->out, "CSV file to write")->required();
  sample->add_option("--polarity", a->polarity, "asserted, negated, reported, hypothetical or all")
      ->check(CLI::IsMember({"asserted", "negated", "reported", "hypothetical", "all"}))
      ->capture_default_str();
  sample->add_option("--code", a->codes, "only these codes (repeatable)");
  auto* score = audit->add_subcommand("score", "Precision per code and entry from a filled sheet; stores the verdicts");
  score->add_option("SHEET", a->sheet, "filled audit CSV")->required();
  score->add_option("--db", a->db, "Database file")->required();
  score->add_flag("--no-store", a->no_store, "do not store the verdicts in the database");
  auto* report = audit->add_subcommand("report", "Audited precision per code from the stored verdicts");
  report->add_option("--db", a->db, "Database file")->required();
  report->add_flag("--per-entry", a->per_entry, "per lexicon entry");
  return [a, sample, score, report]() -> int {
    if (sample->parsed()) return RunSample(*a);
    if (score->parsed()) return RunScore(*a);
    if (report->parsed()) return RunReport(*a);
    return kExitUsage;
  };
});

}  // namespace
}  // namespace normcode
