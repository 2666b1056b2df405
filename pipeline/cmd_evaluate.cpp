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
#include "extractors/match/labels.h"
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
};

struct GoldItem {
  std::string id;  // as printed
  std::string text;
  std::set<std::string> gold;
  std::set<std::string> predicted;
  std::vector<Evidence> evidence;
};

struct Counts {
  uint64_t tp = 0, fp = 0, fn = 0, support = 0, predicted = 0;
};

double Ratio(uint64_t a, uint64_t b) { return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0; }
double F1(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0.0; }

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

std::string IdString(const json& v, uint64_t line_no) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return v.dump();
  return std::to_string(line_no);
}

// Parses the gold file; problems are appended as "file:line: reason".
std::vector<GoldItem> ReadGold(const std::string& path, const EvalArgs& args, std::vector<std::string>* errors,
                               std::vector<SentenceContext>* contexts) {
  std::vector<GoldItem> items;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors->push_back(PrintableName(path) + ": cannot open gold file");
    return items;
  }
  std::string line;
  uint64_t line_no = 0;
  std::set<std::string> ids;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    auto err = [&](const std::string& why) {
      errors->push_back(PrintableName(path) + ":" + std::to_string(line_no) + ": " + why);
    };
    if (!IsValidUtf8(line)) {
      err("invalid UTF-8");
      continue;
    }
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      err("invalid JSON object");
      continue;
    }
    GoldItem g;
    g.id = j.contains("id") ? IdString(j["id"], line_no) : std::to_string(line_no);
    if (!ids.insert(g.id).second) err("duplicate id \"" + g.id + "\"");
    auto t = j.find("text");
    if (t == j.end() || !t->is_string()) {
      err("no \"text\" string");
      continue;
    }
    g.text = t->get<std::string>();
    auto l = j.find("labels");
    if (l == j.end() || !l->is_array()) {
      err("no \"labels\" array");
      continue;
    }
    bool ok = true;
    for (const auto& x : *l) {
      if (!x.is_string() || !IsKnownCode(x.get<std::string>())) {
        err("unknown label " + x.dump());
        ok = false;
        continue;
      }
      g.gold.insert(x.get<std::string>());
    }
    SentenceContext ctx;
    ctx.role = args.role;
    auto str = [&](const char* k, std::string* out) {
      auto it = j.find(k);
      if (it == j.end() || it->is_null()) return;
      if (!it->is_string()) {
        err(std::string("field \"") + k + "\" must be a string");
        ok = false;
        return;
      }
      *out = it->get<std::string>();
    };
    std::string role_field, lang;
    str("speaker", &ctx.speaker);
    str("role", &role_field);
    str("country", &ctx.affiliation);
    str("language", &lang);
    if (!role_field.empty()) ctx.role = role_field;
    if (!lang.empty()) ctx.language = lang;
    if (!ok) continue;
    items.push_back(std::move(g));
    contexts->push_back(ctx);
  }
  if (in.bad()) errors->push_back(PrintableName(path) + ": read error");
  return items;
}

int RunEvaluate(const EvalArgs& args) {
  const std::string dir = ResolveLexiconDir(args.lexicons);
  std::vector<LexiconError> lex_errors;
  auto cb = Codebook::Load(dir, &lex_errors);
  if (!cb.ok()) {
    for (const LexiconError& e : lex_errors) std::fprintf(stderr, "%s\n", PrintableName(e.ToString()).c_str());
    std::fprintf(stderr, "normcode evaluate: invalid lexicon %s: %s\n", PrintableName(dir).c_str(),
                 cb.status().ToString().c_str());
    return kExitFatal;
  }
  std::vector<std::string> gold_errors;
  std::vector<SentenceContext> contexts;
  std::vector<GoldItem> items = ReadGold(args.gold, args, &gold_errors, &contexts);
  if (!gold_errors.empty()) {
    for (const auto& e : gold_errors) std::fprintf(stderr, "%s\n", e.c_str());
    std::fprintf(stderr, "normcode evaluate: invalid gold file, %zu error(s)\n", gold_errors.size());
    return kExitFatal;
  }
  if (items.empty()) {
    std::fprintf(stderr, "normcode evaluate: %s holds no gold sentences\n", PrintableName(args.gold).c_str());
    return kExitFatal;
  }

  const double threshold = CodebookThreshold(**cb);
  SentenceCoder coder(*cb);
  std::map<std::string, Counts> per;
  for (size_t i = 0; i < items.size(); ++i) {
    GoldItem& g = items[i];
    g.evidence = coder.CodeText(g.text, contexts[i]);
    for (const std::string& c : SentenceLabels(g.evidence, threshold)) g.predicted.insert(c);
    for (const char* code : kCodes) {
      bool in_gold = g.gold.count(code) > 0, in_pred = g.predicted.count(code) > 0;
      Counts& k = per[code];
      k.support += in_gold;
      k.predicted += in_pred;
      k.tp += in_gold && in_pred;
      k.fp += !in_gold && in_pred;
      k.fn += in_gold && !in_pred;
    }
  }

  // Micro: pooled counts over all ten codes. Macro: unweighted mean over the
  // codes with support > 0 or predictions > 0 (a code absent from both gold and
  // predictions says nothing and is left out).
  Counts micro;
  double macro_p = 0, macro_r = 0, macro_f = 0;
  int macro_n = 0;
  for (const char* code : kCodes) {
    const Counts& k = per[code];
    micro.tp += k.tp;
    micro.fp += k.fp;
    micro.fn += k.fn;
    micro.support += k.support;
    micro.predicted += k.predicted;
    if (k.support == 0 && k.predicted == 0) continue;
    double p = Ratio(k.tp, k.tp + k.fp), r = Ratio(k.tp, k.tp + k.fn);
    macro_p += p;
    macro_r += r;
    macro_f += F1(p, r);
    ++macro_n;
  }
  if (macro_n) {
    macro_p /= macro_n;
    macro_r /= macro_n;
    macro_f /= macro_n;
  }
  const double micro_p = Ratio(micro.tp, micro.tp + micro.fp), micro_r = Ratio(micro.tp, micro.tp + micro.fn);
  const double micro_f = F1(micro_p, micro_r);

  // Validity/application confusion, among sentences whose gold carries either.
  const std::string kV = "validity_contestation", kA = "application_contestation";
  struct Conf {
    uint64_t n = 0, right_only = 0, other_instead = 0, both = 0, neither = 0;
  };
  Conf conf_v, conf_a;
  for (const GoldItem& g : items) {
    bool pv = g.predicted.count(kV) > 0, pa = g.predicted.count(kA) > 0;
    if (g.gold.count(kV)) {
      ++conf_v.n;
      if (pv && pa) ++conf_v.both;
      else if (pv) ++conf_v.right_only;
      else if (pa) ++conf_v.other_instead;
      else ++conf_v.neither;
    }
    if (g.gold.count(kA)) {
      ++conf_a.n;
      if (pv && pa) ++conf_a.both;
      else if (pa) ++conf_a.right_only;
      else if (pv) ++conf_a.other_instead;
      else ++conf_a.neither;
    }
  }

  uint64_t exact = 0;
  for (const GoldItem& g : items) exact += g.gold == g.predicted;

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
    out["lexicon_version"] = (*cb)->version();
    out["threshold"] = threshold;
    out["sentences"] = items.size();
    out["exact_match"] = exact;
    json codes = json::array();
    for (const char* code : kCodes) {
      const Counts& k = per[code];
      double p = Ratio(k.tp, k.tp + k.fp), r = Ratio(k.tp, k.tp + k.fn);
      codes.push_back({{"code", code}, {"tp", k.tp}, {"fp", k.fp}, {"fn", k.fn}, {"support", k.support},
                       {"predicted", k.predicted}, {"precision", p}, {"recall", r}, {"f1", F1(p, r)}});
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
        bool in_gold = g.gold.count(code) > 0, in_pred = g.predicted.count(code) > 0;
        if (in_gold == in_pred) continue;
        errs.push_back({{"kind", in_pred ? "FP" : "FN"}, {"code", code}, {"id", g.id}, {"text", g.text},
                        {"fired", fired}});
      }
    }
    out["errors"] = errs;
    out["gate_failed"] = gate_failed;
    std::printf("%s\n", out.dump(2, ' ', false, json::error_handler_t::replace).c_str());
  } else {
    std::printf("evaluate: %s, %zu sentences, lexicon %s (version %s), threshold %.2f\n",
                PrintableName(args.gold).c_str(), items.size(), PrintableName(dir).c_str(),
                (*cb)->version().c_str(), threshold);
    std::printf("\n%-31s %5s %5s %5s %8s %10s %7s %7s\n", "code", "tp", "fp", "fn", "support", "precision",
                "recall", "f1");
    for (const char* code : kCodes) {
      const Counts& k = per[code];
      double p = Ratio(k.tp, k.tp + k.fp), r = Ratio(k.tp, k.tp + k.fn);
      std::printf("%-31s %5llu %5llu %5llu %8llu %10.3f %7.3f %7.3f\n", code, (unsigned long long)k.tp,
                  (unsigned long long)k.fp, (unsigned long long)k.fn, (unsigned long long)k.support, p, r, F1(p, r));
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
          bool in_gold = g.gold.count(code) > 0, in_pred = g.predicted.count(code) > 0;
          if (fp ? !(in_pred && !in_gold) : !(in_gold && !in_pred)) continue;
          std::printf("  %s %s %s: \"%s\" [fired: %s]\n", kind, code, PrintableName(g.id).c_str(),
                      PrintableName(g.text).c_str(), PrintableName(Fired(g.evidence)).c_str());
        }
      }
    }
    std::printf("\nsentences %zu, exact label-set match %llu (%.1f%%)\n", items.size(), (unsigned long long)exact,
                100.0 * Ratio(exact, items.size()));
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
      "\"role\",\"country\",\"language\". The last two lines of text output are the micro and macro summaries.\n"
      "Exit codes: 0 ok, 3 invalid lexicon or gold file, 5 a --min-* gate not met.");
  cmd->add_option("--gold", args->gold, "gold JSONL file")->required();
  cmd->add_option("--lexicons", args->lexicons,
                  "lexicon directory (default: ./lexicons, else $NORMCODE_LEXICONS, else the source tree's lexicons)");
  cmd->add_option("--format", args->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  cmd->add_option("--min-micro-f1", args->min_micro_f1, "exit 5 when micro F1 is below this")->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--min-precision", args->min_precision, "exit 5 when micro precision is below this")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--role", args->role, "speaker role for gold lines that give none")->capture_default_str();
  cmd->footer(
      "Examples:\n"
      "  normcode evaluate --gold tests/data/gold_invented.jsonl\n"
      "  normcode evaluate --gold gold.jsonl --format json > scores.json\n"
      "  normcode evaluate --gold gold.jsonl --min-micro-f1 0.6 --min-precision 0.8   # CI gate");
  return [args]() -> int { return RunEvaluate(*args); };
});

}  // namespace
}  // namespace normcode
