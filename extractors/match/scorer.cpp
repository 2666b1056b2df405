#include "extractors/match/scorer.h"

#include <algorithm>

#include "extractors/match/codebook.h"

namespace normcode {
namespace {

void LexiconScores(const std::vector<Evidence>& candidates, SentenceScores* out) {
  for (CodeScore& s : *out) s = CodeScore();
  for (const Evidence& e : candidates) {
    if (e.polarity != std::string_view(polarity::kAsserted)) continue;
    int c = CodeIndex(e.code);
    if (c >= 0) (*out)[c].score = std::max((*out)[c].score, e.score);
  }
}

class LexiconScorer : public Scorer {
 public:
  explicit LexiconScorer(double threshold) : threshold_(threshold) {}
  bool WantsFeatures(const SentenceContext&) const override { return false; }
  bool WantsGroup(char) const override { return false; }
  void Score(const SentenceContext&, const std::vector<Evidence>& candidates, const FeatureSource*,
             SentenceScores* out) const override {
    LexiconScores(candidates, out);
  }
  double Threshold(int, const SentenceContext&) const override { return threshold_; }
  std::string_view model_version() const override { return {}; }

 private:
  double threshold_;
};

class ModelScorer : public Scorer {
 public:
  ModelScorer(const LinearModel* model, double threshold) : model_(model), threshold_(threshold) {}
  bool WantsFeatures(const SentenceContext& ctx) const override { return ctx.language == model_->language(); }
  bool WantsGroup(char group) const override { return model_->UsesGroup(group); }
  void Score(const SentenceContext& ctx, const std::vector<Evidence>& candidates, const FeatureSource* features,
             SentenceScores* out) const override {
    LexiconScores(candidates, out);
    if (!WantsFeatures(ctx) || !features) return;
    thread_local std::vector<int> ids;
    ids.clear();
    (*features)([this](std::string_view f) {
      if (int i = model_->Find(f); i >= 0) ids.push_back(i);
    });
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    std::vector<double> p = model_->ScoreIds(ids);
    const auto& codes = model_->codes();
    for (size_t k = 0; k < codes.size(); ++k) {
      CodeScore& s = (*out)[codes[k].code];
      s.score = p[k];
      s.modelled = true;
      if (p[k] >= codes[k].threshold) s.top = model_->TopIds(ids, k, 5);
    }
  }
  double Threshold(int code, const SentenceContext& ctx) const override {
    if (ctx.language == model_->language())
      if (const LinearModel::CodeModel* c = model_->ForCode(code)) return c->threshold;
    return threshold_;
  }
  std::string_view model_version() const override { return model_->version(); }

 private:
  const LinearModel* model_;
  double threshold_;
};

}  // namespace

std::unique_ptr<Scorer> MakeLexiconScorer(double threshold) { return std::make_unique<LexiconScorer>(threshold); }
std::unique_ptr<Scorer> MakeModelScorer(const LinearModel* model, double lexicon_threshold) {
  return std::make_unique<ModelScorer>(model, lexicon_threshold);
}

}  // namespace normcode
