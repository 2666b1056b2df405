#include "extractors/match/aho_corasick.h"

#include <algorithm>
#include <deque>

namespace normcode {

namespace {
struct Node {
  std::vector<std::pair<unsigned char, int>> next;  // sorted by byte
  int fail = 0;
};

int Child(const std::vector<std::pair<unsigned char, int>>& next, unsigned char c) {
  auto it = std::lower_bound(next.begin(), next.end(), c,
                             [](const std::pair<unsigned char, int>& e, unsigned char b) { return e.first < b; });
  return (it != next.end() && it->first == c) ? it->second : -1;
}
}  // namespace

AhoCorasick::AhoCorasick(const std::vector<std::string>& patterns) : npatterns_(patterns.size()) {
  std::vector<Node> nodes_;
  int root_next_[256];
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
  // Breadth-first: failure links, outputs merged along them. bfs[i] = the i-th node in
  // that order; the table below is laid out in it, so that the shallow states the
  // search spends most of its time in share cache lines.
  std::vector<int> bfs = {0};
  std::deque<int> q;
  for (auto [c, ch] : nodes_[0].next) {
    nodes_[ch].fail = 0;
    q.push_back(ch);
  }
  while (!q.empty()) {
    int n = q.front();
    q.pop_front();
    bfs.push_back(n);
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
  auto go = [&](int node, unsigned char c) {
    while (node != 0) {
      int ch = Child(nodes_[node].next, c);
      if (ch >= 0) return ch;
      node = nodes_[node].fail;
    }
    return root_next_[c];
  };
  std::vector<uint32_t> pos(nodes_.size());  // node -> its row
  for (size_t i = 0; i < bfs.size(); ++i) pos[bfs[i]] = static_cast<uint32_t>(i);
  const bool small = nodes_.size() < 0x8000;
  auto entry = [&](int node) {
    uint32_t out_bit = outs[node].empty() ? 0u : (small ? 0x8000u : 0x80000000u);
    return pos[node] | out_bit;
  };
  const size_t cells = nodes_.size() * nclasses_;
  if (small) delta16_.assign(cells, 0);
  else delta32_.assign(cells, 0);
  for (size_t row = 0; row < bfs.size(); ++row)
    for (int k = 0; k < nclasses_; ++k) {
      uint32_t v = entry(k == 0 && nclasses_ != 256 ? 0 : go(bfs[row], rep[k]));
      if (small) delta16_[row * nclasses_ + k] = static_cast<uint16_t>(v);
      else delta32_[row * nclasses_ + k] = v;
    }
  out_begin_.reserve(nodes_.size() + 1);
  for (int n : bfs) {
    out_begin_.push_back(static_cast<int>(out_.size()));
    out_.insert(out_.end(), outs[n].begin(), outs[n].end());
  }
  out_begin_.push_back(static_cast<int>(out_.size()));
}

void AhoCorasick::Find(std::string_view text, std::vector<int>* ids, std::vector<uint32_t>* seen,
                       uint32_t* stamp) const {
  if (seen->size() < npatterns_) seen->assign(npatterns_, 0);
  if (++*stamp == 0) {
    std::fill(seen->begin(), seen->end(), 0);
    *stamp = 1;
  }
  uint32_t* mark = seen->data();
  const uint32_t st = *stamp;
  ForEach(text, [&](int p, size_t) {
    if (mark[p] != st) {
      mark[p] = st;
      ids->push_back(p);
    }
  });
}

}  // namespace normcode

namespace normcode {

PrefixTrie::PrefixTrie(const std::vector<std::string>& patterns) {
  std::fill(std::begin(class_of_), std::end(class_of_), 0);
  for (const std::string& p : patterns)
    for (unsigned char c : p)
      if (class_of_[c] == 0) class_of_[c] = static_cast<uint16_t>(nclasses_++);  // at most 257 classes
  std::vector<std::vector<int>> outs(1);
  child_.assign(static_cast<size_t>(nclasses_), 0);
  for (size_t p = 0; p < patterns.size(); ++p) {
    if (patterns[p].empty()) continue;
    uint32_t s = 0;
    for (unsigned char c : patterns[p]) {
      size_t cell = static_cast<size_t>(s) * nclasses_ + class_of_[c];
      if (child_[cell] == 0) {
        child_[cell] = static_cast<uint32_t>(outs.size());
        outs.emplace_back();
        child_.resize(child_.size() + nclasses_, 0);
      }
      s = child_[cell];
    }
    outs[s].push_back(static_cast<int>(p));
  }
  for (const auto& o : outs) {
    out_begin_.push_back(static_cast<int>(out_.size()));
    out_.insert(out_.end(), o.begin(), o.end());
  }
  out_begin_.push_back(static_cast<int>(out_.size()));
}

}  // namespace normcode
