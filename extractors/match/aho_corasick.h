// Multi-literal search (Aho-Corasick over bytes). Immutable after Build();
// Find() is thread-safe. Used for the regex prefilter atoms: RE2::Set on a few
// thousand literals keeps every matched id in its DFA states and runs at ~10 MB/s,
// this runs at hundreds.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace normcode {

class AhoCorasick {
 public:
  explicit AhoCorasick(const std::vector<std::string>& patterns);
  // Appends to *ids the index of every pattern occurring in text (each once, unsorted).
  // `seen` is caller scratch of size patterns().
  void Find(std::string_view text, std::vector<int>* ids, std::vector<uint32_t>* seen, uint32_t* stamp) const;
  // Calls on_match(pattern, end) for every occurrence: `end` is the byte offset just
  // past it in text. Occurrences ending at the same byte come in no set order.
  template <typename F>
  void ForEach(std::string_view text, F&& on_match) const {
    if (!delta16_.empty()) Scan(delta16_.data(), text, on_match);
    else Scan(delta32_.data(), text, on_match);
  }
  size_t size() const { return npatterns_; }

 private:
  // The search loop touches only the transition table, and out_begin_/out_ on a state
  // with output. Table entry [state * nclasses_ + class] = next state, with the top bit
  // set when some pattern ends there (its patterns: out_[out_begin_[n] .. out_begin_[n+1])).
  // 16-bit entries when the states fit (a lexicon's ~10k): the search is bound by the
  // latency of these loads, and half the table stays in cache.
  template <typename T, typename F>
  void Scan(const T* delta, std::string_view text, F& on_match) const {
    constexpr T kOut = T{1} << (sizeof(T) * 8 - 1);
    const uint32_t nc = static_cast<uint32_t>(nclasses_);
    uint32_t s = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      T v = delta[static_cast<size_t>(s) * nc + class_of_[static_cast<unsigned char>(text[i])]];
      s = static_cast<uint32_t>(v & static_cast<T>(~kOut));
      if (v & kOut)
        for (int k = out_begin_[s]; k < out_begin_[s + 1]; ++k) on_match(out_[k], i + 1);
    }
  }
  std::vector<int> out_;
  std::vector<int> out_begin_;  // states + 1 entries
  unsigned char class_of_[256];  // byte -> class (bytes used by some pattern, 0 = "other")
  int nclasses_ = 1;
  std::vector<uint16_t> delta16_;
  std::vector<uint32_t> delta32_;
  size_t npatterns_ = 0;
};

}  // namespace normcode

namespace normcode {

// A trie of byte strings, walked from given start positions only: reports every pattern
// that begins exactly at the start. For patterns that can only begin at word starts
// this touches a few shallow states per word, where an Aho-Corasick scan visits a
// state per byte across the whole table. Immutable after construction; thread-safe.
class PrefixTrie {
 public:
  explicit PrefixTrie(const std::vector<std::string>& patterns);
  // Calls on_match(pattern, end) for every pattern equal to text[start, end).
  template <typename F>
  void ForEachAt(std::string_view text, size_t start, F&& on_match) const {
    uint32_t s = 0;
    const uint32_t nc = static_cast<uint32_t>(nclasses_);
    for (size_t i = start; i < text.size(); ++i) {
      uint16_t k = class_of_[static_cast<unsigned char>(text[i])];
      if (k == 0) return;  // a byte no pattern has
      s = child_[static_cast<size_t>(s) * nc + k];
      if (s == 0) return;
      for (int o = out_begin_[s]; o < out_begin_[s + 1]; ++o) on_match(out_[o], i + 1);
    }
  }

 private:
  uint16_t class_of_[256];  // byte -> class, 0 = in no pattern
  int nclasses_ = 1;
  std::vector<uint32_t> child_;  // state * nclasses_ + class -> child state, 0 = none
  std::vector<int> out_begin_;   // states + 1
  std::vector<int> out_;
};

}  // namespace normcode
