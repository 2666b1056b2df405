// `normcode train --gold FILE... --out DIR`: trains the learned scoring stage
// (extractors/learn/train.h) and prints its grouped cross-validation beside the
// lexicon alone. The model goes to DIR/en.model; codebook.yaml's `model:` names
// the shipped one.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/env.h"
#include "core/text.h"
#include "extractors/learn/gold.h"
#include "extractors/learn/train.h"
#include "outputs/audit.h"
#include "outputs/output_file.h"
#include "pipeline/commands.h"
#include "pipeline/run.h"

namespace normcode {
namespace {

struct TrainArgs {
  std::vector<std::string> gold, audit;
  std::string out = "lexicons/model";
  std::string lexicons, report, role = role::kRepresentative;
  std::string format = "text";
  bool curve = false, cv_only = false;
  TrainOptions o;
};

nlohmann::ordered_json CountsJson(const Counts& c) {
  return {{"tp", c.tp}, {"fp", c.fp}, {"fn", c.fn}, {"precision", c.precision()}, {"recall", c.recall()},
          {"f1", c.f1()}};
}

nlohmann::ordered_json ReportJson(const TrainReport& r, const TrainArgs& a, const std::string& model_version) {
  nlohmann::ordered_json j;
  j["gold"] = a.gold;
  j["audit"] = a.audit;
  j["sentences"] = r.sentences;
  j["records"] = r.records;
  j["folds"] = r.folds;
  j["extra_examples"] = r.extra_examples;
  j["seed"] = a.o.seed;
  j["C"] = a.o.C;
  j["positive_weight"] = a.o.positive_weight;
  j["features"] = a.o.feature_groups;
  j["beta"] = a.o.beta;
  j["training_hash"] = r.training_hash;
  j["model_version"] = model_version;
  auto codes = nlohmann::ordered_json::array();
  for (size_t c = 0; c < kCodeCount; ++c) {
    nlohmann::ordered_json k{{"code", kCodes[c]}, {"positives", r.positives[c]}, {"modelled", r.modelled[c]}};
    if (r.modelled[c]) {
      k["threshold"] = r.thresholds[c];
      k["model_beat_lexicon_in_folds"] = r.model_folds[c];
      k["shipped"] = r.shipped[c];
    }
    k["model"] = CountsJson(r.model.by_code[c]);
    k["lexicon"] = CountsJson(r.lexicon.by_code[c]);
    codes.push_back(k);
  }
  j["codes"] = codes;
  j["micro"] = {{"model", CountsJson(r.model.Micro())}, {"lexicon", CountsJson(r.lexicon.Micro())}};
  j["macro_f1"] = {{"model", r.model.MacroF1()}, {"lexicon", r.lexicon.MacroF1()}};
  auto curve = nlohmann::ordered_json::array();
  for (const CurvePoint& p : r.curve)
    curve.push_back({{"fraction", p.fraction}, {"training_records", p.records}, {"micro", CountsJson(p.model.Micro())},
                     {"macro_f1", p.model.MacroF1()}});
  j["learning_curve"] = curve;
  return j;
}

void PrintText(const TrainReport& r, const std::string& model_version, const std::string& model_path) {
  std::printf("train: %d sentences from %d records, %d extra examples; grouped %d-fold cross-validation by record\n",
              r.sentences, r.records, r.extra_examples, r.folds);
  std::printf("\n%-31s %4s %9s %5s | %-22s | %-22s\n", "code", "pos", "threshold", "folds",
              "hybrid (out of fold) P/R/F1", "lexicon alone P/R/F1");
  for (size_t c = 0; c < kCodeCount; ++c) {
    const Counts& m = r.model.by_code[c];
    const Counts& l = r.lexicon.by_code[c];
    char thr[16] = "lexicon", folds[16] = "-";
    if (r.modelled[c]) {
      std::snprintf(thr, sizeof thr, "%.2f%s", r.thresholds[c], r.shipped[c] ? "" : "*");
      std::snprintf(folds, sizeof folds, "%d/%d", r.model_folds[c], r.folds);
    }
    std::printf("%-31s %4d %9s %5s | %6.3f %6.3f %6.3f   | %6.3f %6.3f %6.3f\n", kCodes[c], r.positives[c], thr,
                folds, m.precision(), m.recall(), m.f1(), l.precision(), l.recall(), l.f1());
  }
  std::printf("(folds: in how many folds the model beat the lexicon on the inner folds and decided the code;\n"
              " * : not shipped, the lexicon beat the model out of fold)\n");
  Counts mm = r.model.Micro(), lm = r.lexicon.Micro();
  std::printf("\nmicro hybrid:  precision %.3f recall %.3f f1 %.3f (tp %llu fp %llu fn %llu); macro f1 %.3f\n",
              mm.precision(), mm.recall(), mm.f1(), (unsigned long long)mm.tp, (unsigned long long)mm.fp,
              (unsigned long long)mm.fn, r.model.MacroF1());
  std::printf("micro lexicon: precision %.3f recall %.3f f1 %.3f (tp %llu fp %llu fn %llu); macro f1 %.3f\n",
              lm.precision(), lm.recall(), lm.f1(), (unsigned long long)lm.tp, (unsigned long long)lm.fp,
              (unsigned long long)lm.fn, r.lexicon.MacroF1());
  if (!r.curve.empty()) {
    std::printf("\nlearning curve (share of each fold's training records -> out-of-fold micro F1):\n");
    for (const CurvePoint& p : r.curve)
      std::printf("  %3.0f%% (%d records): precision %.3f recall %.3f f1 %.3f\n", 100 * p.fraction, p.records,
                  p.model.Micro().precision(), p.model.Micro().recall(), p.model.Micro().f1());
  }
  if (!model_path.empty())
    std::printf("\nmodel %s written to %s (training hash %s)\n", model_version.c_str(), PrintableName(model_path).c_str(),
                r.training_hash.c_str());
}

// Through OutputFile, like every output command: a temporary renamed over the
// target, never written through a planted link.
Status WriteOutput(const std::string& path, const std::string& bytes) {
  auto out = OutputFile::Open(path);
  if (!out.ok()) return out.status();
  (*out)->stream().write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return (*out)->Commit();
}

int RunTrain(TrainArgs& a) {
  const std::string dir = ResolveLexiconDir(a.lexicons);
  ModelOptions no_model;
  no_model.use_model = false;
  std::shared_ptr<const Codebook> cb = LoadCodebookOrReport(dir, no_model, "train");
  if (!cb) return kExitFatal;
  std::vector<std::string> errors;
  std::vector<GoldSentence> gold;
  for (const std::string& g : a.gold)
    for (GoldSentence& s : ReadGold(g, a.role, &errors)) gold.push_back(std::move(s));
  std::vector<CodeExample> extra;
  for (const std::string& path : a.audit) {
    auto ex = ReadAuditExamples(path);
    if (!ex.ok()) errors.push_back(ex.status().message());
    else extra.insert(extra.end(), ex->begin(), ex->end());
  }
  if (!errors.empty()) {
    for (const std::string& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
    std::fprintf(stderr, "normcode train: %zu error(s) in the training inputs; nothing written\n", errors.size());
    return kExitFatal;
  }
  if (a.curve) a.o.curve = {0.25, 0.5, 0.75, 1.0};
  a.o.final_model = !a.cv_only;
  auto res = Train(cb, gold, extra, a.o);
  if (!res.ok()) {
    std::fprintf(stderr, "normcode train: %s\n", res.status().ToString().c_str());
    return kExitFatal;
  }
  std::string model_path, version;
  if (res->model) {
    std::error_code ec;
    std::filesystem::create_directories(a.out, ec);
    Status st = ec ? Status::IOError("cannot create " + a.out + ": " + ec.message()) : Status::OK();
    std::string bytes = res->model->Serialize();
    model_path = a.out + "/en.model";
    if (st.ok()) st = WriteOutput(model_path, bytes);
    if (!st.ok()) {
      std::fprintf(stderr, "normcode train: %s\n", st.ToString().c_str());
      return kExitFatal;
    }
    version = res->model->version();
  }
  if (!a.report.empty()) {
    Status st = WriteOutput(a.report, ReportJson(res->report, a, version).dump(2) + "\n");
    if (!st.ok()) {
      std::fprintf(stderr, "normcode train: %s\n", st.ToString().c_str());
      return kExitFatal;
    }
  }
  if (a.format == "json") std::printf("%s\n", ReportJson(res->report, a, version).dump(2).c_str());
  else PrintText(res->report, version, model_path);
  return kExitOk;
}

CommandRegistrar reg("train", [](CLI::App& app) -> std::function<int()> {
  auto a = std::make_shared<TrainArgs>();
  CLI::App* cmd = app.add_subcommand(
      "train",
      "Train the learned scoring stage on double-coded gold sentences (liblinear logistic regression per code\n"
      "over word n-grams, the lexicon entries that fired with their polarity, the speaker's role and the\n"
      "previous sentence; never the speaker's country). Prints grouped cross-validation by record (model and\n"
      "lexicon alone on the same folds) and the chosen per-code thresholds, and writes OUT/en.model. The same\n"
      "inputs and options give a byte-identical model. Exit codes: 0 ok, 3 invalid inputs or lexicon.");
  cmd->add_option("--gold", a->gold, "gold JSONL file(s): id, doc, text, labels, previous, speaker, role")
      ->required()
      ->expected(1, -1);
  cmd->add_option("--audit", a->audit, "filled audit sheet(s) from `audit sample`: verdicts become examples")
      ->expected(0, -1);
  cmd->add_option("--out", a->out, "directory for en.model")->capture_default_str();
  cmd->add_option("--lexicons", a->lexicons, "lexicon directory (default as for run)");
  cmd->add_option("--folds", a->o.folds, "cross-validation folds (grouped by record)")->capture_default_str();
  cmd->add_option("--seed", a->o.seed, "seed of the fold assignment")->capture_default_str();
  cmd->add_option("--C", a->o.C, "inverse regularisation strength")->capture_default_str();
  cmd->add_option("--positive-weight", a->o.positive_weight, "loss weight of positive examples")->capture_default_str();
  cmd->add_option("--beta", a->o.beta,
                  "thresholds maximise F-beta (1: F1; 0.5 weighs precision twice as much as recall)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--min-positives", a->o.min_positives, "codes with fewer positives stay with the lexicon")
      ->capture_default_str();
  cmd->add_option("--min-count", a->o.min_count, "drop features seen in fewer training sentences")
      ->capture_default_str();
  cmd->add_option("--features", a->o.feature_groups,
                  "feature groups: w unigrams, b bigrams, p previous sentence, e entries, c codes, r role, s scope")
      ->capture_default_str();
  cmd->add_option("--role", a->role, "speaker role for gold lines that give none")->capture_default_str();
  cmd->add_flag("--curve", a->curve, "also print a learning curve (25/50/75/100% of the training records)");
  cmd->add_flag("--cv-only", a->cv_only, "cross-validate only; write no model");
  cmd->add_flag("--ship-all", a->o.ship_all,
                "write every modelled code into the model, even those the lexicon beat out of fold (experiments)");
  cmd->add_option("--report", a->report, "also write the figures as JSON to this file");
  cmd->add_option("--format", a->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  cmd->footer(
      "Examples:\n"
      "  normcode train --gold ../shared/gold/train_sentences.jsonl corpus/coding/gold_real.jsonl --out lexicons/model\n"
      "  normcode train --gold a.jsonl --cv-only --curve          # measure only\n"
      "  normcode train --gold a.jsonl --audit audit.csv         # a researcher's verdicts as examples");
  return [a]() -> int { return RunTrain(*a); };
});

}  // namespace
}  // namespace normcode
