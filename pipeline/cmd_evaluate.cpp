// `normcode evaluate --gold FILE.jsonl`: codes every gold text with the same
// coder as `tag`/`run`, compares the sentence labels (SentenceLabels) with the
// gold labels and reports per-code and averaged precision/recall/F1, the
// validity/application confusion, and every false positive and negative.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/text.h"
#include "extractors/match/codebook.h"
#include "extractors/learn/gold.h"
#include "extractors/learn/metrics.h"
#include "extractors/match/labels.h"
#include "extractors/match/model.h"
#include "pipeline/commands.h"
#include "pipeline/run.h"

namespace normcode {
namespace {

using nlohmann::json;

struct EvalArgs {
  std::string gold;
  std::string lexicons;
  std::string format = "text";
  double min_micro_f1 = -1;
  double min_precision = -1;
  std::string role = role::kRepresentative;
  ModelOptions model;
};

// A gold sentence with what the coder made of it.
struct GoldItem {
  GoldSentence gold_sentence;
  const std::string& id() const { return gold_sentence.id; }
  const std::string& text() const { return gold_sentence.text; }
  const std::set<std::string>& gold() const { return gold_sentence.labels; }
  std::set<std::string> predicted;
  std::vector<Evidence> evidence;
};

std::string Fired(const std::vector<Evidence>& ev) {
  if (ev.empty()) return "none";
  std::string s;
  for (const Evidence& e : ev) {
    if (!s.empty()) s += ", ";
    s += e.entry_id;
    if (e.polarity != std::string_view(polarity::kAsserted)) s += "(" + e.polarity + ")";
  }
  return s;
}

int RunEvaluate(const EvalArgs& args) {
  const std::string dir = ResolveLexiconDir(args.lexicons);
  std::shared_ptr<const Codebook> cb = LoadCodebookOrReport(dir, args.model, "evaluate");
  if (!cb) return kExitFatal;
  std::vector<std::string> gold_errors;
  std::vector<GoldItem> items;
  for (GoldSentence& g : ReadGold(args.gold, args.role, &gold_errors)) items.push_back(GoldItem{std::move(g), {}, {}});
  if (!gold_errors.empty()) {
    for (const auto& e : gold_errors) std::fprintf(stderr, "%s\n", e.c_str());
    std::fprintf(stderr, "normcode evaluate: invalid gold file, %zu error(s)\n", gold_errors.size());
    return kExitFatal;
  }
  if (items.empty()) {
    std::fprintf(stderr, "normcode evaluate: %s holds no gold sentences\n", PrintableName(args.gold).c_str());
    return kExitFatal;
  }

  const double threshold = CodebookThreshold(*cb);
  SentenceCoder coder(cb);
  CodeCounts counts;
  for (GoldItem& g : items) {
    g.evidence = coder.CodeText(g.text(), g.gold_sentence.Context());
    for (const std::string& c : SentenceLabels(g.evidence, threshold)) g.predicted.insert(c);
    counts.Add(g.gold(), g.predicted);
  }
  std::map<std::string, Counts> per;
  for (size_t c = 0; c < kCodeCount; ++c) per[kCodes[c]] = counts.by_code[c];

  // Micro: pooled counts over all ten codes. Macro: unweighted mean over the
  // codes with support > 0 or predictions > 0 (a code absent from both gold and
  // predictions says nothing and is left out).
  const Counts micro = counts.Micro();
  int macro_n = 0;
  const double macro_f = counts.MacroF1(&macro_n), macro_p = counts.MacroPrecision(), macro_r = counts.MacroRecall();
  const double micro_p = micro.precision(), micro_r = micro.recall(), micro_f = micro.f1();

  // Validity/application confusion, among sentences whose gold carries either.
  const std::string kV = "validity_contestation", kA = "application_contestation";
  struct Conf {
    uint64_t n = 0, right_only = 0, other_instead = 0, both = 0, neither = 0;
  };
  Conf conf_v, conf_a;
  for (const GoldItem& g : items) {
    bool pv = g.predicted.count(kV) > 0, pa = g.predicted.count(kA) > 0;
    if (g.gold().count(kV)) {
      ++conf_v.n;
      if (pv && pa) ++conf_v.both;
      else if (pv) ++conf_v.right_only;
      else if (pa) ++conf_v.other_instead;
      else ++conf_v.neither;
    }
    if (g.gold().count(kA)) {
      ++conf_a.n;
      if (pv && pa) ++conf_a.both;
      else if (pa) ++conf_a.right_only;
      else if (pv) ++conf_a.other_instead;
      else ++conf_a.neither;
    }
  }

  uint64_t exact = 0;
  for (const GoldItem& g : items) exact += g.gold() == g.predicted;

  bool gate_failed = false;
  std::string gate_msg;
  if (args.min_micro_f1 >= 0 && micro_f < args.min_micro_f1) {
    gate_failed = true;
    gate_msg += "micro F1 " + std::to_string(micro_f) + " < --min-micro-f1 " + std::to_string(args.min_micro_f1) + "; ";
  }
  if (args.min_precision >= 0 && micro_p < args.min_precision) {
    gate_failed = true;
    gate_msg += "micro precision " + std::to_string(micro_p) + " < --min-precision " +
                std::to_string(args.min_precision) + "; ";
  }

  if (args.format == "json") {
    json out;
    out["gold"] = args.gold;
    out["lexicon_version"] = cb->version();
    out["model_version"] = cb->model() ? cb->model()->version() : "";
    out["threshold"] = threshold;
    out["sentences"] = items.size();
    out["exact_match"] = exact;
    json codes = json::array();
    for (const char* code : kCodes) {
      const Counts& k = per[code];
      codes.push_back({{"code", code}, {"tp", k.tp}, {"fp", k.fp}, {"fn", k.fn}, {"support", k.support()},
                       {"predicted", k.predicted()}, {"precision", k.precision()}, {"recall", k.recall()},
                       {"f1", k.f1()}});
    }
    out["codes"] = codes;
    out["micro"] = {{"tp", micro.tp}, {"fp", micro.fp}, {"fn", micro.fn},
                    {"precision", micro_p}, {"recall", micro_r}, {"f1", micro_f}};
    out["macro"] = {{"codes", macro_n}, {"precision", macro_p}, {"recall", macro_r}, {"f1", macro_f},
                    {"rule", "unweighted mean over codes with support > 0 or predictions > 0"}};
    auto conf_json = [](const Conf& c, const char* other) {
      return json{{"n", c.n}, {"correct_only", c.right_only}, {std::string(other) + "_instead", c.other_instead},
                  {"both", c.both}, {"neither", c.neither}};
    };
    out["confusion"] = {{"validity_contestation", conf_json(conf_v, "application")},
                        {"application_contestation", conf_json(conf_a, "validity")}};
    json errs = json::array();
    for (const GoldItem& g : items) {
      json fired = json::array();
      for (const Evidence& e : g.evidence)
        fired.push_back({{"entry", e.entry_id}, {"code", e.code}, {"polarity", e.polarity}, {"match", e.matched_text}});
      for (const char* code : kCodes) {
        bool in_gold = g.gold().count(code) > 0, in_pred = g.predicted.count(code) > 0;
        if (in_gold == in_pred) continue;
        errs.push_back({{"kind", in_pred ? "FP" : "FN"}, {"code", code}, {"id", g.id()}, {"text", g.text()},
                        {"fired", fired}});
      }
    }
    out["errors"] = errs;
    out["gate_failed"] = gate_failed;
    std::printf("%s\n", out.dump(2, ' ', false, json::error_handler_t::replace).c_str());
  } else {
    std::printf("evaluate: %s, %zu sentences, lexicon %s (version %s), threshold %.2f\n",
                PrintableName(args.gold).c_str(), items.size(), PrintableName(dir).c_str(),
                cb->version().c_str(), threshold);
    std::printf("\n%-31s %5s %5s %5s %8s %10s %7s %7s\n", "code", "tp", "fp", "fn", "support", "precision",
                "recall", "f1");
    for (const char* code : kCodes) {
      const Counts& k = per[code];
      std::printf("%-31s %5llu %5llu %5llu %8llu %10.3f %7.3f %7.3f\n", code, (unsigned long long)k.tp,
                  (unsigned long long)k.fp, (unsigned long long)k.fn, (unsigned long long)k.support(), k.precision(),
                  k.recall(), k.f1());
    }
    std::printf("\nvalidity/application confusion (sentences whose gold carries either code):\n");
    std::printf("  gold validity_contestation    n=%llu: validity only %llu, application instead %llu, both %llu, "
                "neither %llu\n",
                (unsigned long long)conf_v.n, (unsigned long long)conf_v.right_only,
                (unsigned long long)conf_v.other_instead, (unsigned long long)conf_v.both,
                (unsigned long long)conf_v.neither);
    std::printf("  gold application_contestation n=%llu: application only %llu, validity instead %llu, both %llu, "
                "neither %llu\n",
                (unsigned long long)conf_a.n, (unsigned long long)conf_a.right_only,
                (unsigned long long)conf_a.other_instead, (unsigned long long)conf_a.both,
                (unsigned long long)conf_a.neither);
    for (const char* kind : {"FP", "FN"}) {
      bool fp = std::string_view(kind) == "FP";
      uint64_t n = fp ? micro.fp : micro.fn;
      std::printf("\n%s (%llu):\n", fp ? "false positives" : "false negatives", (unsigned long long)n);
      for (const char* code : kCodes) {
        for (const GoldItem& g : items) {
          bool in_gold = g.gold().count(code) > 0, in_pred = g.predicted.count(code) > 0;
          if (fp ? !(in_pred && !in_gold) : !(in_gold && !in_pred)) continue;
          std::printf("  %s %s %s: \"%s\" [fired: %s]\n", kind, code, PrintableName(g.id()).c_str(),
                      PrintableName(g.text()).c_str(), PrintableName(Fired(g.evidence)).c_str());
        }
      }
    }
    std::printf("\nsentences %zu, exact label-set match %llu (%.1f%%)\n", items.size(), (unsigned long long)exact,
                items.empty() ? 0.0 : 100.0 * static_cast<double>(exact) / static_cast<double>(items.size()));
    // The last two lines: the summary read by CI and the stop hook.
    std::printf("micro: precision %.3f recall %.3f f1 %.3f (tp %llu fp %llu fn %llu)\n", micro_p, micro_r, micro_f,
                (unsigned long long)micro.tp, (unsigned long long)micro.fp, (unsigned long long)micro.fn);
    std::printf("macro: precision %.3f recall %.3f f1 %.3f (mean over %d codes with support or predictions > 0)\n",
                macro_p, macro_r, macro_f, macro_n);
  }
  std::fflush(stdout);
  if (gate_failed) {
    gate_msg.resize(gate_msg.size() - 2);
    std::fprintf(stderr, "normcode evaluate: check failed: %s\n", gate_msg.c_str());
    return kExitCheckFailed;
  }
  return kExitOk;
}

CommandRegistrar reg("evaluate", [](CLI::App& app) -> std::function<int()> {
  auto args = std::make_shared<EvalArgs>();
  CLI::App* cmd = app.add_subcommand(
      "evaluate",
      "Score the coder against a gold file: per-code precision, recall, F1 and support (the ten codes in\n"
      "codebook order), micro average (pooled counts) and macro average (mean over the codes with support\n"
      "or predictions > 0), the validity/application confusion, and every false positive and negative with\n"
      "the entries that fired. Gold lines: {\"id\",\"text\",\"labels\":[codes...]} plus optional \"speaker\",\n"
      "\"role\",\"country\",\"language\",\"previous\",\"doc\". The last two lines of text output are the micro and macro summaries.\n"
      "Exit codes: 0 ok, 3 invalid lexicon or gold file, 5 a --min-* gate not met.");
  cmd->add_option("--gold", args->gold, "gold JSONL file")->required();
  cmd->add_option("--lexicons", args->lexicons,
                  "lexicon directory (default: ./lexicons, else $NORMCODE_LEXICONS, else the source tree's lexicons)");
  cmd->add_option("--format", args->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  cmd->add_option("--min-micro-f1", args->min_micro_f1, "exit 5 when micro F1 is below this")->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--min-precision", args->min_precision, "exit 5 when micro precision is below this")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--role", args->role, "speaker role for gold lines that give none")->capture_default_str();
  AddModelOptions(cmd, &args->model);
  cmd->footer(
      "Examples:\n"
      "  normcode evaluate --gold tests/data/gold_invented.jsonl\n"
      "  normcode evaluate --gold gold.jsonl --format json > scores.json\n"
      "  normcode evaluate --gold gold.jsonl --min-micro-f1 0.6 --min-precision 0.8   # CI gate");
  return [args]() -> int { return RunEvaluate(*args); };
});

}  // namespace
}  // namespace normcode
