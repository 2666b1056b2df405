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
  size_t size() const { return npatterns_; }

 private:
  struct Node {
    std::vector<std::pair<unsigned char, int>> next;  // sorted by byte
    int fail = 0;
    int out_begin = 0, out_end = 0;  // into out_
  };
  int Goto(int node, unsigned char c) const;
  std::vector<Node> nodes_;
  int root_next_[256];
  std::vector<int> out_;
  // Dense automaton over byte classes (bytes used by some pattern, plus "other").
  unsigned char class_of_[256];
  int nclasses_ = 1;
  std::vector<int32_t> delta_;  // node * nclasses_ + class -> node
  size_t npatterns_ = 0;
};

}  // namespace normcode
