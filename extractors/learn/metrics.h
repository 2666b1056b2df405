// Precision, recall and F1 of sentence labels: the one implementation behind
// `evaluate` and the cross-validation of `train`.
#pragma once
#include <array>
#include <cstdint>
#include <set>
#include <string>

#include "core/codes.h"

namespace normcode {

struct Counts {
  uint64_t tp = 0, fp = 0, fn = 0;
  uint64_t support() const { return tp + fn; }
  uint64_t predicted() const { return tp + fp; }
  double precision() const { return tp + fp ? static_cast<double>(tp) / static_cast<double>(tp + fp) : 0.0; }
  double recall() const { return tp + fn ? static_cast<double>(tp) / static_cast<double>(tp + fn) : 0.0; }
  double f1() const {
    double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
  Counts& operator+=(const Counts& o) {
    tp += o.tp, fp += o.fp, fn += o.fn;
    return *this;
  }
};

// Per code, in kCodes order.
struct CodeCounts {
  std::array<Counts, kCodeCount> by_code;
  // Adds one sentence's gold and predicted labels.
  void Add(const std::set<std::string>& gold, const std::set<std::string>& predicted);
  Counts Micro() const;  // pooled over the codes
  // Mean over the codes with support or predictions (0 when none); n gets their number.
  double MacroF1(int* n = nullptr) const;
  double MacroPrecision() const;
  double MacroRecall() const;
};

}  // namespace normcode
