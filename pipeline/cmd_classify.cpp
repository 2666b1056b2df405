// `normcode classify --db FILE [--period year|term|all] [--type T] [--format text|json]`:
// the position of every actor-period (docs/CLASSIFICATION.md). `normcode explain`
// shows why; `normcode export --what classifications` gives every figure.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "core/text.h"
#include "outputs/classify.h"
#include "pipeline/commands.h"
#include "pipeline/run.h"

namespace normcode {
namespace {

struct Args {
  std::string db, period = "year", type, format = "text", lexicons, rules;
};

PeriodKind ParsePeriodKind(const std::string& p) {
  return p == "term" ? PeriodKind::kTerm : p == "all" ? PeriodKind::kAll : PeriodKind::kYear;
}

int RunClassify(const Args& a) {
  ClassifyOptions o;
  std::string lex = ResolveLexiconDir(a.lexicons);
  if (Status st = LoadClassifyOptions(lex, a.rules, ParsePeriodKind(a.period), &o); !st.ok()) {
    std::fprintf(stderr, "normcode classify: %s\n", PrintableName(st.ToString()).c_str());
    return kExitFatal;
  }
  auto v = ClassifyActors(a.db, o);
  if (!v.ok()) {
    std::fprintf(stderr, "normcode classify: %s\n", PrintableName(v.status().ToString()).c_str());
    return kExitFatal;
  }
  if (a.format == "json") {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& c : *v) {
      if (!a.type.empty() && c.actor_type != a.type) continue;
      arr.push_back({{"actor_type", c.actor_type},
                     {"actor_name", c.actor_name},
                     {"iso3", c.iso3},
                     {"period", c.period},
                     {"n_implementation", c.figures.n},
                     {"position", c.figures.position},
                     {"confidence", c.figures.confidence},
                     {"balance_label", c.figures.balance_label},
                     {"alignment", c.alignment ? nlohmann::ordered_json(c.alignment->value) : nullptr}});
    }
    std::cout << arr.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  std::printf("%-16s %-36s %-22s %5s %-22s %5s %-20s %s\n", "type", "actor", "period", "n", "position", "conf",
              "contestation", "alignment");
  for (const auto& c : *v) {
    if (!a.type.empty() && c.actor_type != a.type) continue;
    std::printf("%-16s %-36s %-22s %5lld %-22s %5.2f %-20s %s\n", c.actor_type.c_str(),
                PrintableName(c.actor_name).c_str(), PrintableName(c.period).c_str(),
                static_cast<long long>(c.figures.n), c.figures.position.c_str(), c.figures.confidence,
                c.figures.balance_label.c_str(), c.alignment ? c.alignment->value.c_str() : "");
  }
  return kExitOk;
}

CommandRegistrar reg("classify", [](CLI::App& app) -> std::function<int()> {
  auto* cmd = app.add_subcommand("classify", "Position of every actor on the implementation continuum, per period");
  auto a = std::make_shared<Args>();
  cmd->add_option("--db", a->db, "Database file")->required();
  cmd->add_option("--period", a->period, "year, term (force commanders' terms) or all")
      ->check(CLI::IsMember({"year", "term", "all"}))
      ->capture_default_str();
  cmd->add_option("--type", a->type, "only this actor type")
      ->check(CLI::IsMember({"state", "force_commander", "contingent", "mission"}));
  cmd->add_option("--format", a->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  cmd->add_option("--lexicons", a->lexicons, "lexicon directory with classification.yaml and entities/");
  cmd->add_option("--rules", a->rules, "classification rules file (default: <lexicons>/classification.yaml)");
  return [a]() { return RunClassify(*a); };
});

}  // namespace
}  // namespace normcode
