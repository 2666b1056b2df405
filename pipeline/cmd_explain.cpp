// `normcode explain --db FILE --actor NAME [--type T] [--period P] [--code C]
//  [--format text|json|html] [--color auto|always|never]`: the rule applied to
// an actor, the figures, and the passages that produce them ranked by
// contribution (docs/CLASSIFICATION.md).
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <set>
#include <string>

#include "core/text.h"
#include "outputs/audit.h"
#include "outputs/explain.h"
#include "pipeline/commands.h"
#include "pipeline/run.h"

namespace normcode {
namespace {

struct Args {
  std::string db, actor, type, period = "year", code, format = "text", color = "auto", lexicons, rules;
};

int RunExplain(const Args& a) {
  // --period: a grouping (year, term, all) or one period's label.
  PeriodKind pk = PeriodKind::kYear;
  std::string label;
  if (a.period == "term") {
    pk = PeriodKind::kTerm;
  } else if (a.period == "all") {
    pk = PeriodKind::kAll;
  } else if (a.period == "year" || a.period.empty()) {
    pk = PeriodKind::kYear;
  } else if ((a.period.size() == 4 && std::all_of(a.period.begin(), a.period.end(), ::isdigit)) ||
             a.period == "undated") {
    label = a.period;
  } else {
    pk = PeriodKind::kTerm;  // a term label ("MONUSCO 2013-2015", "MONUSCO", "outside_term")
    label = a.period;
  }
  if (!a.code.empty()) {
    const auto& codes = ClassificationCodes();
    if (std::find(codes.begin(), codes.end(), a.code) == codes.end()) {
      std::fprintf(stderr, "normcode explain: unknown code '%s'\n", PrintableName(a.code).c_str());
      return kExitUsage;
    }
  }
  ClassifyOptions o;
  if (Status st = LoadClassifyOptions(ResolveLexiconDir(a.lexicons), a.rules, pk, &o); !st.ok()) {
    std::fprintf(stderr, "normcode explain: %s\n", PrintableName(st.ToString()).c_str());
    return kExitFatal;
  }
  auto all = ClassifyActors(a.db, o);
  if (!all.ok()) {
    std::fprintf(stderr, "normcode explain: %s\n", PrintableName(all.status().ToString()).c_str());
    return kExitFatal;
  }
  auto selected = SelectActor(*all, o.entities, a.actor, a.type, label);
  if (selected.empty()) {
    std::set<std::string> names;
    for (const auto& c : *all)
      if (a.type.empty() || c.actor_type == a.type) names.insert(c.actor_type + " " + c.actor_name);
    std::string list;
    size_t k = 0;
    for (const auto& n : names) {
      if (++k > 20) {
        list += ", ...";
        break;
      }
      list += (list.empty() ? "" : ", ") + n;
    }
    std::fprintf(stderr, "normcode explain: no classification for actor '%s'%s%s (actors with evidence: %s)\n",
                 PrintableName(a.actor).c_str(), label.empty() ? "" : " in period ",
                 PrintableName(label).c_str(), list.empty() ? "none" : PrintableName(list).c_str());
    return kExitUsage;
  }
  std::vector<int64_t> ids;
  for (const auto* c : selected) {
    for (const auto& e : c->evidence) ids.push_back(e.evidence_id);
    if (c->alignment)
      for (const auto& e : c->alignment->home_evidence) ids.push_back(e.evidence_id);
  }
  auto passages = LoadPassages(a.db, ids);
  if (!passages.ok()) {
    std::fprintf(stderr, "normcode explain: %s\n", PrintableName(passages.status().ToString()).c_str());
    return kExitFatal;
  }
  std::map<int64_t, Passage> by_id;
  for (auto& p : *passages) by_id.emplace(p.evidence_id, std::move(p));
  auto precision = AuditedPrecision(a.db);
  ExplainOptions eo;
  eo.format = a.format;
  eo.code = a.code;
  const char* no_color = std::getenv("NO_COLOR");
  eo.color = a.format == "text" &&
             (a.color == "always" || (a.color == "auto" && ::isatty(STDOUT_FILENO) && !(no_color && *no_color)));
  std::ios::sync_with_stdio(false);
  Status st = RenderExplain(selected, by_id, precision.ok() ? *precision : std::vector<PrecisionRow>{}, o.rules, eo,
                            std::cout);
  if (!st.ok()) {
    std::fprintf(stderr, "normcode explain: %s\n", PrintableName(st.ToString()).c_str());
    return kExitFatal;
  }
  return kExitOk;
}

CommandRegistrar reg("explain", [](CLI::App& app) -> std::function<int()> {
  auto* cmd = app.add_subcommand("explain", "Why an actor got its classification: rule, figures, passages");
  auto a = std::make_shared<Args>();
  cmd->add_option("--db", a->db, "Database file")->required();
  cmd->add_option("--actor", a->actor, "actor name, ISO3 code, mission acronym or force commander alias")->required();
  cmd->add_option("--type", a->type, "actor type when the name is ambiguous")
      ->check(CLI::IsMember({"state", "force_commander", "contingent", "mission"}));
  cmd->add_option("--period", a->period,
                  "year | term | all (grouping, all periods shown), or one period: 2013, 'MONUSCO 2013-2015', MONUSCO")
      ->capture_default_str();
  cmd->add_option("--code", a->code, "list only the passages of this code");
  cmd->add_option("--format", a->format, "text, json or html")
      ->check(CLI::IsMember({"text", "json", "html"}))
      ->capture_default_str();
  cmd->add_option("--color", a->color, "colour in text output")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->add_option("--lexicons", a->lexicons, "lexicon directory (classification.yaml, entities/)");
  cmd->add_option("--rules", a->rules, "classification rules file");
  return [a]() { return RunExplain(*a); };
});

}  // namespace
}  // namespace normcode
