// Training and honest measurement of the learned scoring stage (model.h).
//
// Train() turns gold sentences into SentenceFeatures through the same
// SentenceCoder every command codes with (lexicon-only codebook), then:
//   1. grouped k-fold cross-validation by record (GoldSentence::doc): no record
//      is in both the training and the test part of a fold. For each code with
//      enough positives, an L2-regularised logistic regression (liblinear,
//      L2R_LR, a deterministic solver) is trained on the other folds; its
//      threshold is chosen by an inner cross-validation over those folds alone
//      (maximum F1), then applied to the held-out fold, unless the lexicon's
//      F1 on those inner folds is as good (then the lexicon decides the fold).
//      Codes with too few positives stay with the lexicon. The lexicon alone is scored on the same
//      sentences beside it.
//   2. the shipped model: trained on every sentence (plus CodeExamples, e.g.
//      audit verdicts), each code's threshold the maximum-F1 threshold of the
//      pooled out-of-fold probabilities; a code whose pooled out-of-fold F1
//      does not beat the lexicon's is left out (the lexicon decides it).
// Same inputs and options -> byte-identical model (Serialize()).
#pragma once
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "extractors/learn/gold.h"
#include "extractors/learn/metrics.h"
#include "extractors/match/codebook.h"
#include "extractors/match/model.h"

namespace normcode {

struct TrainOptions {
  int folds = 5;
  uint64_t seed = 1;
  // Defaults chosen by grouped cross-validation on the first 5,200 coded
  // sentences (README, "Coding quality"): C 10, positives weighted 10, and no
  // previous-sentence features (they lowered micro-F1 by about 0.02).
  double C = 10.0;             // liblinear's inverse regularisation strength
  double positive_weight = 10;  // weight of positive examples in the loss
  // Thresholds maximise F-beta (and the model must beat the lexicon's F-beta):
  // 1 is F1; below 1 weighs precision more.
  double beta = 1.0;
  int min_positives = 10;     // a code with fewer positives is left to the lexicon
  int min_count = 2;          // features seen in fewer training sentences are dropped
  // Feature groups used (features.h prefixes): w unigrams, b bigrams, p previous
  // sentence, e entries, c codes, r role, s scope. Features of other groups are
  // dropped before training, so the model never weighs them.
  std::string feature_groups = "wbecrs";
  std::vector<double> curve;  // learning curve: fractions of each fold's training records
  bool final_model = true;    // false: cross-validation only
  bool ship_all = false;      // write every modelled code, even those the lexicon beat out of fold
};

struct CurvePoint {
  double fraction = 0;
  int records = 0;  // mean training records per fold
  CodeCounts model;
};

struct TrainReport {
  int sentences = 0, records = 0, folds = 0, extra_examples = 0;
  std::array<bool, kCodeCount> modelled{};
  std::array<int, kCodeCount> positives{};
  std::array<double, kCodeCount> thresholds{};  // the best pooled out-of-fold threshold, modelled codes
  std::array<int, kCodeCount> model_folds{};    // folds in which the model beat the lexicon (inner CV)
  std::array<bool, kCodeCount> shipped{};       // in the written model (beat the lexicon out of fold)
  CodeCounts model, lexicon;                   // out-of-fold, over every sentence
  std::vector<CurvePoint> curve;
  std::string training_hash;
};

struct TrainResult {
  TrainReport report;
  std::unique_ptr<LinearModel> model;  // null when !final_model or no code could be modelled
};

// `codebook` must be loaded without a model (the features include the lexicon's
// candidates, as at run time). English sentences only (language "en"); others
// are an error.
StatusOr<TrainResult> Train(std::shared_ptr<const Codebook> codebook, const std::vector<GoldSentence>& gold,
                            const std::vector<CodeExample>& extra, const TrainOptions& options);

}  // namespace normcode
