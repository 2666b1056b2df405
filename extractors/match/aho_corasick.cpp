#include "extractors/match/aho_corasick.h"

#include <algorithm>
#include <deque>

namespace normcode {

namespace {
int Child(const std::vector<std::pair<unsigned char, int>>& next, unsigned char c) {
  auto it = std::lower_bound(next.begin(), next.end(), c,
                             [](const std::pair<unsigned char, int>& e, unsigned char b) { return e.first < b; });
  return (it != next.end() && it->first == c) ? it->second : -1;
}
}  // namespace

AhoCorasick::AhoCorasick(const std::vector<std::string>& patterns) : npatterns_(patterns.size()) {
  std::vector<std::vector<int>> outs(1);
  nodes_.emplace_back();
  for (size_t p = 0; p < patterns.size(); ++p) {
    int n = 0;
    for (unsigned char c : patterns[p]) {
      int ch = Child(nodes_[n].next, c);
      if (ch < 0) {
        ch = static_cast<int>(nodes_.size());
        nodes_.emplace_back();
        outs.emplace_back();
        auto& nx = nodes_[n].next;
        nx.insert(std::upper_bound(nx.begin(), nx.end(), std::make_pair(c, -1)), std::make_pair(c, ch));
      }
      n = ch;
    }
    if (!patterns[p].empty()) outs[n].push_back(static_cast<int>(p));
  }
  for (int c = 0; c < 256; ++c) {
    int ch = Child(nodes_[0].next, static_cast<unsigned char>(c));
    root_next_[c] = ch < 0 ? 0 : ch;
  }
  // Breadth-first: failure links, outputs merged along them.
  std::deque<int> q;
  for (auto [c, ch] : nodes_[0].next) {
    nodes_[ch].fail = 0;
    q.push_back(ch);
  }
  while (!q.empty()) {
    int n = q.front();
    q.pop_front();
    const std::vector<int>& fo = outs[nodes_[n].fail];
    outs[n].insert(outs[n].end(), fo.begin(), fo.end());
    for (auto [c, ch] : nodes_[n].next) {
      int f = nodes_[n].fail;
      while (f != 0 && Child(nodes_[f].next, c) < 0) f = nodes_[f].fail;
      int fc = f == 0 ? root_next_[c] : Child(nodes_[f].next, c);
      nodes_[ch].fail = (fc == ch) ? 0 : fc;
      q.push_back(ch);
    }
  }
  // Byte classes and the dense transition table.
  bool used[256] = {};
  for (const std::string& p : patterns)
    for (unsigned char c : p) used[c] = true;
  unsigned char rep[256];
  for (int c = 0; c < 256; ++c) {
    if (used[c]) {
      rep[nclasses_] = static_cast<unsigned char>(c);
      class_of_[c] = static_cast<unsigned char>(nclasses_++);
    } else {
      class_of_[c] = 0;
    }
    if (nclasses_ >= 255) break;  // cannot happen for text atoms; guarded below
  }
  if (nclasses_ >= 255) {  // too many distinct bytes: identity classes
    nclasses_ = 256;
    for (int c = 0; c < 256; ++c) class_of_[c] = static_cast<unsigned char>(c), rep[c] = static_cast<unsigned char>(c);
  }
  delta_.assign(nodes_.size() * nclasses_, 0);
  for (size_t n = 0; n < nodes_.size(); ++n)
    for (int k = (nclasses_ == 256 ? 0 : 1); k < nclasses_; ++k)
      delta_[n * nclasses_ + k] = Goto(static_cast<int>(n), rep[k]);
  for (size_t n = 0; n < nodes_.size(); ++n) {
    nodes_[n].out_begin = static_cast<int>(out_.size());
    out_.insert(out_.end(), outs[n].begin(), outs[n].end());
    nodes_[n].out_end = static_cast<int>(out_.size());
  }
}

int AhoCorasick::Goto(int node, unsigned char c) const {
  while (node != 0) {
    int ch = Child(nodes_[node].next, c);
    if (ch >= 0) return ch;
    node = nodes_[node].fail;
  }
  return root_next_[c];
}

void AhoCorasick::Find(std::string_view text, std::vector<int>* ids, std::vector<uint32_t>* seen,
                       uint32_t* stamp) const {
  if (seen->size() < npatterns_) seen->assign(npatterns_, 0);
  if (++*stamp == 0) {
    std::fill(seen->begin(), seen->end(), 0);
    *stamp = 1;
  }
  int n = 0;
  const int32_t* delta = delta_.data();
  const int nc = nclasses_;
  for (char ch : text) {
    n = delta[n * nc + class_of_[static_cast<unsigned char>(ch)]];
    const Node& nd = nodes_[n];
    if (nd.out_begin == nd.out_end) continue;
    for (int i = nd.out_begin; i < nd.out_end; ++i) {
      int p = out_[i];
      if ((*seen)[p] != *stamp) {
        (*seen)[p] = *stamp;
        ids->push_back(p);
      }
    }
  }
}

}  // namespace normcode
