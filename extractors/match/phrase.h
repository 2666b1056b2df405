// Phrase patterns of the lexicon (docs/LEXICON_FORMAT.md, "Phrase patterns"),
// parsed once and matched on folded ICU word tokens. Immutable after parsing;
// matching is thread-safe.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "extractors/text/segmenter.h"

namespace normcode {

struct PhraseTerm {
  std::string text;     // folded
  bool prefix = false;  // "refus*"
};

struct PhraseNode {
  enum class Op { kSeq, kNear, kBefore };
  Op op = Op::kSeq;
  std::vector<PhraseTerm> seq;                    // kSeq: consecutive tokens
  std::shared_ptr<const PhraseNode> left, right;  // kNear / kBefore
  int n = 0;                                      // at most n tokens between left and right
};

// A match: tokens [first, last] (inclusive indexes into the token vector).
struct TokenRange {
  int first = 0;
  int last = 0;
};

// Parses `pattern`; `seg` tokenises the words exactly as sentence text is tokenised.
// On error returns InvalidInput with a reason ("NEAR/ needs a number: ...").
StatusOr<std::shared_ptr<const PhraseNode>> ParsePhrase(std::string_view pattern, Segmenter& seg);

// Whether a term matches a folded token. Besides the token itself, a French elision
// ("l'operation" -> "operation", "d'agir" -> "agir") and an English possessive
// ("council's" -> "council") are tried.
bool TermMatches(const PhraseTerm& term, std::string_view folded);

// Appends every match of `node` in `tokens` (at most one per start for NEAR/BEFORE:
// the closest partner), in order of first token.
void MatchPhrase(const PhraseNode& node, const std::vector<Token>& tokens, std::vector<TokenRange>* out);

// A term every match of `node` must contain, preferring a literal (non-prefix) one
// and the longest; used to index patterns so that a sentence is tested only
// against patterns whose anchor occurs in it.
const PhraseTerm* AnchorTerm(const PhraseNode& node);

// The lookup keys of a folded token for the anchor index: itself, and the elision-
// or possessive-stripped forms (see TermMatches). Returns how many keys were written.
int TokenKeys(std::string_view folded, std::string_view keys[3]);

}  // namespace normcode
