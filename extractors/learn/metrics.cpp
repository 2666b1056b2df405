#include "extractors/learn/metrics.h"

namespace normcode {

void CodeCounts::Add(const std::set<std::string>& gold, const std::set<std::string>& predicted) {
  for (size_t c = 0; c < kCodeCount; ++c) {
    bool g = gold.count(kCodes[c]) > 0, p = predicted.count(kCodes[c]) > 0;
    if (g && p) ++by_code[c].tp;
    else if (p) ++by_code[c].fp;
    else if (g) ++by_code[c].fn;
  }
}

Counts CodeCounts::Micro() const {
  Counts m;
  for (const Counts& c : by_code) m += c;
  return m;
}

namespace {
template <typename F>
double Macro(const CodeCounts& cc, F f, int* n_out) {
  double sum = 0;
  int n = 0;
  for (const Counts& c : cc.by_code)
    if (c.support() > 0 || c.predicted() > 0) sum += f(c), ++n;
  if (n_out) *n_out = n;
  return n ? sum / n : 0.0;
}
}  // namespace

double CodeCounts::MacroF1(int* n) const { return Macro(*this, [](const Counts& c) { return c.f1(); }, n); }
double CodeCounts::MacroPrecision() const {
  return Macro(*this, [](const Counts& c) { return c.precision(); }, nullptr);
}
double CodeCounts::MacroRecall() const { return Macro(*this, [](const Counts& c) { return c.recall(); }, nullptr); }

}  // namespace normcode
