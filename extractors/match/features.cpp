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
// country names replaced. Views into the tokens (or static strings).
void Words(std::string_view text, const std::vector<Token>& tokens, const CountryMask& mask,
           std::vector<bool>* masked, std::vector<std::string_view>* out) {
  mask.Mark(text, tokens, masked);
  out->clear();
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& t = tokens[i].folded;
    if (!IsWord(t)) continue;
    if ((*masked)[i]) {
      if (out->empty() || out->back() != "<country>") out->emplace_back("<country>");
    } else if (IsNumber(t)) {
      out->emplace_back("<num>");
    } else {
      out->emplace_back(t);
    }
  }
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

void CountryMask::Mark(std::string_view text, const std::vector<Token>& tokens, std::vector<bool>* masked) const {
  masked->assign(tokens.size(), false);
  if (by_first_.empty()) return;
  // Word tokens only: ICU gives punctuation and spaces their own tokens.
  thread_local std::vector<size_t> words;
  words.clear();
  for (size_t i = 0; i < tokens.size(); ++i)
    if (IsWord(tokens[i].folded)) words.push_back(i);
  for (size_t w = 0; w < words.size(); ++w) {
    // Names begin with a capital (or a non-ASCII letter): skip the lookup for the rest.
    const Span sp = tokens[words[w]].span;
    if (sp.begin < text.size()) {
      unsigned char c0 = static_cast<unsigned char>(text[sp.begin]);
      if (c0 < 0x80 && !(c0 >= 'A' && c0 <= 'Z')) continue;
    }
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

void VisitSentenceFeatures(const FeatureInput& in, const CountryMask& mask, const FeatureVisitor& visit) {
  thread_local std::string buf;
  thread_local std::vector<std::string_view> words;
  thread_local std::vector<bool> masked;
  auto emit = [&](std::string_view prefix, std::string_view a, std::string_view b = {}, std::string_view c = {}) {
    buf.assign(prefix);
    buf.append(a);
    if (!b.empty()) buf.append(b);
    if (!c.empty()) buf.append(c);
    visit(buf);
  };
  if (in.tokens) {
    Words(in.text, *in.tokens, mask, &masked, &words);
    for (size_t i = 0; i < words.size(); ++i) {
      emit("w:", words[i]);
      if (i + 1 < words.size()) emit("b:", words[i], " ", words[i + 1]);
    }
  }
  if (in.previous_tokens) {
    Words(in.previous_text, *in.previous_tokens, mask, &masked, &words);
    for (std::string_view w : words) emit("p:", w);
  }
  if (in.candidates)
    for (const Evidence& e : *in.candidates) {
      emit("e:", e.entry_id, "/", e.polarity);
      emit("c:", e.code, "/", e.polarity);
    }
  if (!in.role.empty()) emit("r:", in.role);
  if (!in.scope.empty()) emit("s:", in.scope);
}

void SentenceFeatures(const FeatureInput& in, const CountryMask& mask, std::vector<std::string>* out) {
  const size_t start = out->size();
  VisitSentenceFeatures(in, mask, [out](std::string_view f) { out->emplace_back(f); });
  std::sort(out->begin() + static_cast<std::ptrdiff_t>(start), out->end());
  out->erase(std::unique(out->begin() + static_cast<std::ptrdiff_t>(start), out->end()), out->end());
}

}  // namespace normcode
