// `normcode stats --db FILE [--format text|json] [--runs N]`: what is in a
// database (read-only open: works while a run is writing).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "core/text.h"
#include "outputs/store.h"
#include "pipeline/commands.h"

namespace normcode {
namespace {

std::string Key(const std::string& k) { return k.empty() ? "(none)" : PrintableName(k); }

void PrintCounts(const char* title, const std::vector<StoreStats::Count>& v) {
  std::printf("\n%s\n", title);
  if (v.empty()) {
    std::printf("  (none)\n");
    return;
  }
  size_t w = 0;
  for (const auto& c : v) w = std::max(w, Key(c.key).size());
  for (const auto& c : v) std::printf("  %-*s %10lld\n", static_cast<int>(w), Key(c.key).c_str(), static_cast<long long>(c.count));
}

void PrintText(const std::string& db, const StoreStats& s) {
  std::printf("database        %s (schema version %d)\n", PrintableName(db).c_str(), s.schema_version);
  std::printf("documents %10lld\nturns     %10lld\nsentences %10lld\nevidence  %10lld\nactors    %10lld\nruns      %10lld\n",
              static_cast<long long>(s.documents), static_cast<long long>(s.turns),
              static_cast<long long>(s.sentences), static_cast<long long>(s.evidence),
              static_cast<long long>(s.actors), static_cast<long long>(s.runs));
  PrintCounts("documents by status", s.by_status);
  PrintCounts("documents by kind", s.by_kind);
  PrintCounts("documents by body", s.by_body);
  PrintCounts("documents by year", s.by_year);

  std::printf("\nevidence by code and polarity\n");
  if (s.evidence_by_code.empty()) std::printf("  (none)\n");
  size_t w = 4;
  for (const auto& c : s.evidence_by_code) w = std::max(w, c.code.size());
  if (!s.evidence_by_code.empty())
    std::printf("  %-*s %-12s %10s\n", static_cast<int>(w), "code", "polarity", "count");
  for (const auto& c : s.evidence_by_code)
    std::printf("  %-*s %-12s %10lld\n", static_cast<int>(w), PrintableName(c.code).c_str(),
                PrintableName(c.polarity).c_str(), static_cast<long long>(c.count));

  std::printf("\nlast runs\n");
  if (s.last_runs.empty()) {
    std::printf("  (none)\n");
    return;
  }
  std::printf("  %5s %-24s %-11s %8s %8s %9s %7s %9s %9s %9s\n", "id", "started", "status", "new", "changed",
              "unchanged", "failed", "withdrawn", "evidence", "seconds");
  for (const auto& r : s.last_runs) {
    std::printf("  %5lld %-24s %-11s %8lld %8lld %9lld %7lld %9lld %9lld %9.1f\n", static_cast<long long>(r.id),
                r.started_at.c_str(), r.status.c_str(), static_cast<long long>(r.new_docs),
                static_cast<long long>(r.changed), static_cast<long long>(r.unchanged),
                static_cast<long long>(r.failed), static_cast<long long>(r.withdrawn),
                static_cast<long long>(r.evidence), r.duration_s);
  }
}

nlohmann::json CountsJson(const std::vector<StoreStats::Count>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& c : v) {
    nlohmann::json o;
    o["key"] = c.key.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.key);
    o["count"] = c.count;
    a.push_back(o);
  }
  return a;
}

void PrintJson(const std::string& db, const StoreStats& s) {
  nlohmann::json j;
  j["database"] = db;
  j["schema_version"] = s.schema_version;
  j["documents"] = s.documents;
  j["turns"] = s.turns;
  j["sentences"] = s.sentences;
  j["evidence"] = s.evidence;
  j["actors"] = s.actors;
  j["runs"] = s.runs;
  j["documents_by_status"] = CountsJson(s.by_status);
  j["documents_by_kind"] = CountsJson(s.by_kind);
  j["documents_by_body"] = CountsJson(s.by_body);
  j["documents_by_year"] = CountsJson(s.by_year);
  nlohmann::json codes = nlohmann::json::array();
  for (const auto& c : s.evidence_by_code) codes.push_back({{"code", c.code}, {"polarity", c.polarity}, {"count", c.count}});
  j["evidence_by_code"] = codes;
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& r : s.last_runs) {
    runs.push_back({{"id", r.id},
                    {"started_at", r.started_at},
                    {"finished_at", r.finished_at.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.finished_at)},
                    {"status", r.status},
                    {"program_version", r.program_version},
                    {"codebook_version", r.codebook_version},
                    {"new_docs", r.new_docs},
                    {"changed", r.changed},
                    {"unchanged", r.unchanged},
                    {"failed", r.failed},
                    {"withdrawn", r.withdrawn},
                    {"evidence", r.evidence},
                    {"duration_s", r.duration_s}});
  }
  j["last_runs"] = runs;
  std::printf("%s\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

int RunStats(const std::string& db, const std::string& format, int runs) {
  auto opened = Store::Open(db, /*read_only=*/true);
  if (!opened.ok()) {
    std::fprintf(stderr, "normcode stats: %s\n", PrintableName(opened.status().ToString()).c_str());
    return opened.status().code() == Status::Code::kBusy ? kExitBusy : kExitFatal;
  }
  StoreStats s;
  Status st = (*opened)->ReadStats(&s, runs);
  if (!st.ok()) {
    std::fprintf(stderr, "normcode stats: %s\n", PrintableName(st.ToString()).c_str());
    return st.code() == Status::Code::kBusy ? kExitBusy : kExitFatal;
  }
  if (format == "json")
    PrintJson(db, s);
  else
    PrintText(db, s);
  return kExitOk;
}

CommandRegistrar reg("stats", [](CLI::App& app) -> std::function<int()> {
  auto* cmd = app.add_subcommand("stats", "Summarise a database: documents, turns, sentences, evidence, runs");
  auto db = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("text");
  auto runs = std::make_shared<int>(5);
  cmd->add_option("--db", *db, "Database file")->required();
  cmd->add_option("--format", *format, "Output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  cmd->add_option("--runs", *runs, "How many recent runs to list")->check(CLI::Range(0, 1000000))->capture_default_str();
  return [db, format, runs]() { return RunStats(*db, *format, *runs); };
});

}  // namespace
}  // namespace normcode
