// The learned scoring stage's model: one logistic decision per code over the
// sentence features of features.h, trained by `normcode train` (liblinear).
//
// The file (lexicons/model/en.model) is text, tab-separated, written the same
// bytes for the same training inputs:
//
//   normcode-model\t1
//   language\ten
//   lexicon_version\t2026.11.4        the codebook version it was trained with
//   training_hash\t<hex>              xxh3-128 of the training sentences and labels
//   training_sentences\tN
//   code\t<code>\t<threshold>\t<bias>\t<positives>\t<negatives>     one per modelled code
//   f\t<feature>\t<weight per modelled code, in code-line order>   one per feature
//
// A sentence's probability for a code is 1 / (1 + exp(-(bias + sum(w) / sqrt(n))))
// over its n features that the model knows (binary features, unit length).
// A code without a `code` line is not modelled: the lexicon decides it alone.
// The model's version is "m" + the first 16 hex digits of xxh3-128 of the file's
// bytes; the codebook folds it into its own version so that a new model recodes.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/codes.h"
#include "core/status.h"

namespace normcode {

struct FeatureWeight {
  std::string feature;
  double weight = 0;
};

class LinearModel {
 public:
  struct CodeModel {
    int code = -1;  // index into kCodes
    double threshold = 0.5;
    double bias = 0;
    int positives = 0, negatives = 0;
  };

  // Parses and validates a model file's bytes; `name` is used in messages.
  static StatusOr<std::unique_ptr<LinearModel>> Parse(std::string_view bytes, const std::string& name);
  // The file's bytes (Parse(Serialize()) gives the same model and the same bytes).
  std::string Serialize() const;

  const std::string& version() const { return version_; }
  const std::string& language() const { return language_; }
  const std::string& lexicon_version() const { return lexicon_version_; }
  const std::string& training_hash() const { return training_hash_; }
  int training_sentences() const { return training_sentences_; }
  const std::vector<CodeModel>& codes() const { return codes_; }
  // The CodeModel of kCodes[code], or null when the code is not modelled.
  const CodeModel* ForCode(int code) const;

  // The index of a feature, or -1 when the model does not know it.
  int Find(std::string_view feature) const;
  // Whether some known feature has this prefix letter (features.h groups: 'w', 'p', ...).
  bool UsesGroup(char group) const { return group >= 0 && groups_[static_cast<unsigned char>(group)]; }

  // Probability per modelled code (indexed like codes()) for a sentence's
  // features given as sorted unique indexes (Find); -1 entries are not allowed.
  std::vector<double> ScoreIds(const std::vector<int>& ids) const;
  // The features with the largest positive weight for codes()[k] among ids, at most n.
  std::vector<FeatureWeight> TopIds(const std::vector<int>& ids, size_t k, size_t n) const;
  // The same from feature names (unknown ones ignored, duplicates counted once).
  std::vector<double> Score(const std::vector<std::string>& features) const;
  std::vector<FeatureWeight> Top(const std::vector<std::string>& features, size_t k, size_t n) const;

  // Builder, for training.
  LinearModel(std::string language, std::string lexicon_version, std::string training_hash, int training_sentences);
  void AddCode(const CodeModel& c) { codes_.push_back(c); }
  // Weights of feature `name` for every code, in AddCode order; call after every AddCode.
  void AddFeature(const std::string& name, const std::vector<double>& weights);
  // Sets version() from Serialize(); call once the model is complete.
  void Seal();

 private:
  LinearModel() = default;
  std::string version_, language_, lexicon_version_, training_hash_;
  int training_sentences_ = 0;
  std::vector<CodeModel> codes_;
  std::vector<std::string> names_;
  std::vector<double> weights_;  // names_.size() x codes_.size(), row-major
  // Open-addressing index: slot -> feature index + 1 (0 empty), with the hash beside it.
  std::vector<uint32_t> slots_;
  std::vector<uint64_t> slot_hash_;
  bool groups_[256] = {};
  void Index(int i);
  std::vector<int> Ids(const std::vector<std::string>& features) const;
};

// "m" + 16 hex digits of xxh3-128 of bytes.
std::string ModelVersionOf(std::string_view bytes);

}  // namespace normcode
