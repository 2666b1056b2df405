// The scoring stage of the coding core (find hits -> candidates -> SCORE ->
// resolve). The codebook owns one Scorer; every command reaches it through
// SentenceCoder::Code, so `evaluate` measures what `run` stores.
//
//   LexiconScorer  a code's score is the largest weight of its asserted
//                  candidates; the codebook's threshold (codebook.yaml) decides.
//   ModelScorer    for the codes the model covers (model.h) and the model's
//                  language, the model's probability over the sentence features
//                  decides with the model's per-code threshold, whether or not an
//                  entry fired; other codes and languages are scored as above.
#pragma once
#include <array>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/codes.h"
#include "core/document.h"
#include "extractors/match/features.h"
#include "extractors/match/model.h"

namespace normcode {

struct SentenceContext;

struct CodeScore {
  double score = 0;        // compared with threshold(code)
  bool modelled = false;   // the model decided this code
  std::vector<FeatureWeight> top;  // modelled: the features that weighed most (at most 5)
};
using SentenceScores = std::array<CodeScore, kCodeCount>;

// Enumerates a sentence's features into a visitor (features.h), without building
// strings; null when the scorer did not want features.
using FeatureSource = std::function<void(const FeatureVisitor&)>;

class Scorer {
 public:
  virtual ~Scorer() = default;
  // Whether Score needs the sentence features for this context (tokenising every
  // sentence costs; the lexicon scorer never needs them).
  virtual bool WantsFeatures(const SentenceContext& ctx) const = 0;
  // Whether a feature group (features.h prefix letter) can matter: the previous
  // sentence is tokenised only when 'p' can.
  virtual bool WantsGroup(char group) const = 0;
  // candidates: the sentence's lexicon candidates (polarity set, score = entry
  // weight when asserted, else 0); features: the sentence features (null unless wanted).
  virtual void Score(const SentenceContext& ctx, const std::vector<Evidence>& candidates,
                     const FeatureSource* features, SentenceScores* out) const = 0;
  virtual double Threshold(int code, const SentenceContext& ctx) const = 0;
  virtual std::string_view model_version() const = 0;  // "" for the lexicon alone
};

std::unique_ptr<Scorer> MakeLexiconScorer(double threshold);
// `model` must outlive the scorer.
std::unique_ptr<Scorer> MakeModelScorer(const LinearModel* model, double lexicon_threshold);

}  // namespace normcode
