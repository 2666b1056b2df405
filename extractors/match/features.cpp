#include "extractors/match/features.h"

#include <algorithm>
#include <cctype>

#include "extractors/match/entities.h"

namespace normcode {
namespace {

bool IsWord(std::string_view t) {
  for (unsigned char c : t)
    if (std::isalnum(c) || c >= 0x80) return true;
  return false;
}

bool IsNumber(std::string_view t) {
  bool digit = false;
  for (unsigned char c : t) {
    if (std::isdigit(c)) digit = true;
    else if (c != '.' && c != ',' && c != '/' && c != '-') return false;
  }
  return digit;
}

// The word tokens of a sentence as feature words: punctuation dropped, numbers and
// country names replaced.
std::vector<std::string> Words(const std::vector<Token>& tokens, const CountryMask& mask) {
  std::vector<bool> masked;
  mask.Mark(tokens, &masked);
  std::vector<std::string> out;
  out.reserve(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& t = tokens[i].folded;
    if (!IsWord(t)) continue;
    if (masked[i]) {
      if (out.empty() || out.back() != "<country>") out.emplace_back("<country>");
    } else if (IsNumber(t)) {
      out.emplace_back("<num>");
    } else {
      out.push_back(t);
    }
  }
  return out;
}

void SplitFolded(std::string_view name, std::vector<std::string>* out) {
  std::string folded = FoldForMatch(name);
  std::string cur;
  for (char c : folded) {
    if (c == ' ' || c == '-' || c == ',' || c == '(' || c == ')' || c == '.') {
      if (!cur.empty()) out->push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out->push_back(cur);
}

}  // namespace

CountryMask::CountryMask(const Entities& entities) {
  for (const Country& c : entities.countries()) {
    std::vector<std::string> names = c.aliases;
    names.push_back(c.name);
    for (const std::string& n : names) {
      std::vector<std::string> seq;
      SplitFolded(n, &seq);
      if (seq.empty()) continue;
      if (seq.size() > 1 && seq[0] == "the") seq.erase(seq.begin());
      by_first_[seq[0]].push_back(seq);
    }
  }
  for (auto& [first, seqs] : by_first_) {
    std::sort(seqs.begin(), seqs.end(), [](const auto& a, const auto& b) {
      return a.size() != b.size() ? a.size() > b.size() : a < b;
    });
    seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
  }
}

void CountryMask::Mark(const std::vector<Token>& tokens, std::vector<bool>* masked) const {
  masked->assign(tokens.size(), false);
  if (by_first_.empty()) return;
  // Word tokens only: ICU gives punctuation and spaces their own tokens.
  std::vector<size_t> words;
  for (size_t i = 0; i < tokens.size(); ++i)
    if (IsWord(tokens[i].folded)) words.push_back(i);
  for (size_t w = 0; w < words.size(); ++w) {
    auto it = by_first_.find(tokens[words[w]].folded);
    if (it == by_first_.end()) continue;
    for (const auto& seq : it->second) {
      if (w + seq.size() > words.size()) continue;
      bool ok = true;
      for (size_t k = 1; k < seq.size() && ok; ++k) ok = tokens[words[w + k]].folded == seq[k];
      if (!ok) continue;
      for (size_t k = 0; k < seq.size(); ++k) (*masked)[words[w + k]] = true;
      w += seq.size() - 1;
      break;
    }
  }
}

void SentenceFeatures(const FeatureInput& in, const CountryMask& mask, std::vector<std::string>* out) {
  const size_t start = out->size();
  if (in.tokens) {
    std::vector<std::string> words = Words(*in.tokens, mask);
    for (size_t i = 0; i < words.size(); ++i) {
      out->push_back("w:" + words[i]);
      if (i + 1 < words.size()) out->push_back("b:" + words[i] + " " + words[i + 1]);
    }
  }
  if (in.previous_tokens)
    for (const std::string& w : Words(*in.previous_tokens, mask)) out->push_back("p:" + w);
  if (in.candidates)
    for (const Evidence& e : *in.candidates) {
      out->push_back("e:" + e.entry_id + "/" + e.polarity);
      out->push_back("c:" + e.code + "/" + e.polarity);
    }
  if (!in.role.empty()) out->push_back("r:" + std::string(in.role));
  if (!in.scope.empty()) out->push_back("s:" + std::string(in.scope));
  std::sort(out->begin() + static_cast<std::ptrdiff_t>(start), out->end());
  out->erase(std::unique(out->begin() + static_cast<std::ptrdiff_t>(start), out->end()), out->end());
}

}  // namespace normcode
