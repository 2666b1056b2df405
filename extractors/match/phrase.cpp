#include "extractors/match/phrase.h"

#include <algorithm>
#include <charconv>

namespace normcode {

namespace {

std::vector<std::string_view> SplitSpace(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    size_t j = i;
    while (j < s.size() && !(s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r')) ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// "NEAR/5" -> (kNear, 5); returns false when `w` is not an operator word.
// Sets *bad when it looks like one but is malformed.
bool ParseOperator(std::string_view w, PhraseNode::Op* op, int* n, std::string* bad) {
  std::string_view name;
  if (w.substr(0, 4) == "NEAR") {
    name = "NEAR";
    *op = PhraseNode::Op::kNear;
  } else if (w.substr(0, 6) == "BEFORE") {
    name = "BEFORE";
    *op = PhraseNode::Op::kBefore;
  } else {
    return false;
  }
  std::string_view rest = w.substr(name.size());
  if (rest.empty() || rest[0] != '/') {
    if (rest.empty() || (rest[0] >= 'A' && rest[0] <= 'Z')) {
      if (rest.empty()) *bad = std::string(name) + " needs a distance: write " + std::string(name) + "/n";
      else return false;  // e.g. "NEARBY": a word
    } else {
      *bad = "malformed operator \"" + std::string(w) + "\": write " + std::string(name) + "/n";
    }
    return true;
  }
  rest.remove_prefix(1);
  int v = -1;
  auto r = std::from_chars(rest.data(), rest.data() + rest.size(), v);
  if (rest.empty() || r.ec != std::errc() || r.ptr != rest.data() + rest.size() || v < 0 || v > 100) {
    *bad = "malformed operator \"" + std::string(w) + "\": the distance must be an integer 0..100";
    return true;
  }
  *n = v;
  return true;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.compare(0, p.size(), p) == 0; }

bool MatchOne(const PhraseTerm& t, std::string_view s) { return t.prefix ? StartsWith(s, t.text) : s == t.text; }

void MatchSeq(const std::vector<PhraseTerm>& seq, const std::vector<Token>& tokens, std::vector<TokenRange>* out) {
  const int n = static_cast<int>(tokens.size()), k = static_cast<int>(seq.size());
  for (int i = 0; i + k <= n; ++i) {
    int j = 0;
    while (j < k && TermMatches(seq[j], tokens[i + j].folded)) ++j;
    if (j == k) out->push_back(TokenRange{i, i + k - 1});
  }
}

}  // namespace

int TokenKeys(std::string_view folded, std::string_view keys[3]) {
  int k = 0;
  keys[k++] = folded;
  size_t ap = folded.find('\'');
  if (ap != std::string_view::npos) {
    if (ap >= 1 && ap <= 2 && ap + 1 < folded.size()) keys[k++] = folded.substr(ap + 1);  // l' d' qu' j' n' s'
    if (folded.size() >= 3 && folded.compare(folded.size() - 2, 2, "'s") == 0)
      keys[k++] = folded.substr(0, folded.size() - 2);
    else if (folded.size() >= 2 && folded.back() == '\'' && ap == folded.size() - 1)
      keys[k++] = folded.substr(0, folded.size() - 1);  // "states'"
  }
  return k;
}

bool TermMatches(const PhraseTerm& term, std::string_view folded) {
  if (MatchOne(term, folded)) return true;
  if (folded.find('\'') == std::string_view::npos) return false;
  std::string_view keys[3];
  int k = TokenKeys(folded, keys);
  for (int i = 1; i < k; ++i)
    if (MatchOne(term, keys[i])) return true;
  return false;
}

StatusOr<std::shared_ptr<const PhraseNode>> ParsePhrase(std::string_view pattern, Segmenter& seg) {
  std::vector<std::string_view> words = SplitSpace(pattern);
  if (words.empty()) return Status::InvalidInput("empty phrase");
  std::shared_ptr<PhraseNode> acc;  // left operand so far
  PhraseNode::Op pending_op = PhraseNode::Op::kSeq;
  int pending_n = 0;
  auto cur = std::make_shared<PhraseNode>();
  auto finish_operand = [&]() -> Status {
    if (cur->seq.empty()) return Status::InvalidInput("an operator needs a phrase with words on both sides");
    if (!acc) {
      acc = cur;
    } else {
      auto node = std::make_shared<PhraseNode>();
      node->op = pending_op;
      node->n = pending_n;
      node->left = acc;
      node->right = cur;
      acc = node;
    }
    cur = std::make_shared<PhraseNode>();
    return Status::OK();
  };
  for (std::string_view w : words) {
    PhraseNode::Op op;
    int n = 0;
    std::string bad;
    if (ParseOperator(w, &op, &n, &bad)) {
      if (!bad.empty()) return Status::InvalidInput(bad);
      Status s = finish_operand();
      if (!s.ok()) return s;
      pending_op = op;
      pending_n = n;
      continue;
    }
    bool prefix = false;
    if (w.back() == '*') {
      prefix = true;
      w.remove_suffix(1);
    }
    if (w.find('*') != std::string_view::npos)
      return Status::InvalidInput("'*' is only allowed at the end of a word: \"" + std::string(w) + "*\"");
    std::string word(w);
    std::vector<Token> toks = seg.Words(word, Span{0, word.size()});
    if (toks.empty()) {
      if (prefix) return Status::InvalidInput("wildcard '*' without a word before it");
      continue;  // punctuation only: ignored
    }
    for (size_t i = 0; i < toks.size(); ++i) {
      PhraseTerm t;
      t.text = std::move(toks[i].folded);
      t.prefix = prefix && i + 1 == toks.size();
      if (t.prefix && t.text.size() < 3)
        return Status::InvalidInput("wildcard prefix \"" + t.text + "*\" is too short (at least 3 letters)");
      cur->seq.push_back(std::move(t));
    }
  }
  Status s = finish_operand();
  if (!s.ok()) return s;
  return std::shared_ptr<const PhraseNode>(acc);
}

void MatchPhrase(const PhraseNode& node, const std::vector<Token>& tokens, std::vector<TokenRange>* out) {
  if (node.op == PhraseNode::Op::kSeq) {
    MatchSeq(node.seq, tokens, out);
    return;
  }
  std::vector<TokenRange> l, r;
  MatchPhrase(*node.left, tokens, &l);
  if (l.empty()) return;
  MatchPhrase(*node.right, tokens, &r);
  if (r.empty()) return;
  std::vector<TokenRange> found;
  for (const TokenRange& a : l) {
    int best_gap = -1;
    TokenRange best;
    for (const TokenRange& b : r) {
      int gap;
      if (b.first > a.last) gap = b.first - a.last - 1;
      else if (node.op == PhraseNode::Op::kNear && a.first > b.last) gap = a.first - b.last - 1;
      else continue;
      if (gap > node.n) continue;
      if (best_gap < 0 || gap < best_gap) {
        best_gap = gap;
        best = TokenRange{std::min(a.first, b.first), std::max(a.last, b.last)};
      }
    }
    if (best_gap >= 0) found.push_back(best);
  }
  std::sort(found.begin(), found.end(),
            [](const TokenRange& x, const TokenRange& y) { return x.first != y.first ? x.first < y.first : x.last < y.last; });
  found.erase(std::unique(found.begin(), found.end(),
                          [](const TokenRange& x, const TokenRange& y) { return x.first == y.first && x.last == y.last; }),
              found.end());
  out->insert(out->end(), found.begin(), found.end());
}

const PhraseTerm* AnchorTerm(const PhraseNode& node) {
  if (node.op == PhraseNode::Op::kSeq) {
    const PhraseTerm* best = nullptr;
    for (const PhraseTerm& t : node.seq) {
      if (!best || (best->prefix && !t.prefix) || (best->prefix == t.prefix && t.text.size() > best->text.size()))
        best = &t;
    }
    return best;
  }
  const PhraseTerm* a = AnchorTerm(*node.left);
  const PhraseTerm* b = AnchorTerm(*node.right);
  if (!a) return b;
  if (!b) return a;
  if (a->prefix != b->prefix) return a->prefix ? b : a;
  return b->text.size() > a->text.size() ? b : a;
}

}  // namespace normcode
