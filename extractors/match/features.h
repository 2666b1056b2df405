// The features a sentence offers the learned scorer. One function, used by the
// coder at run time and by `normcode train`, so a model sees at training time
// exactly what it will see when it codes.
//
//   w:TOKEN         word unigrams of the sentence (folded: lower case, no diacritics)
//   b:TOKEN TOKEN   word bigrams of the sentence
//   p:TOKEN         word unigrams of the previous sentence of the same speech
//   e:ENTRY/POL     a lexicon entry that fired, with its polarity (asserted, negated, ...)
//   c:CODE/POL      a code some entry fired for, with the polarity
//   r:ROLE          the speaker's role (representative, president, briefer, ...)
//   s:POLARITY      the scope at the sentence's last word (scope.h): negated,
//                   reported, hypothetical or asserted, with or without a lexicon hit
//
// Numbers become "<num>". Country names, adjectives and demonyms (the entity data)
// become "<country>", and the speaker's country is never a feature: the actor-level
// comparison of states and commanders must not be circular.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/document.h"
#include "extractors/text/segmenter.h"

namespace normcode {

class Entities;

// Country names as folded token sequences, for masking. Immutable; build once.
class CountryMask {
 public:
  CountryMask() = default;
  explicit CountryMask(const Entities& entities);
  // Marks masked[i] for every token i inside a country name. `text` is what the
  // tokens' spans index (names start with a capital there: others are skipped).
  void Mark(std::string_view text, const std::vector<Token>& tokens, std::vector<bool>* masked) const;

 private:
  // first folded token -> the names starting with it (each a token sequence), longest first
  std::unordered_map<std::string, std::vector<std::vector<std::string>>> by_first_;
};

struct FeatureInput {
  std::string_view text;                                // what `tokens` spans index
  const std::vector<Token>* tokens = nullptr;           // the sentence's word tokens
  std::string_view previous_text;                       // what `previous_tokens` spans index
  const std::vector<Token>* previous_tokens = nullptr;  // may be null
  const std::vector<Evidence>* candidates = nullptr;    // lexicon candidates (polarity set)
  std::string_view role;
  std::string_view scope;  // polarity at the sentence's last word; "" unknown
};

// Calls visit(name) for each of the sentence's features, in no particular order
// and possibly more than once (the name lives only during the call). This is
// what the scorer consumes at run time without building strings.
using FeatureVisitor = std::function<void(std::string_view)>;
void VisitSentenceFeatures(const FeatureInput& in, const CountryMask& mask, const FeatureVisitor& visit);

// The same features as names, sorted and unique (for training and inspection).
void SentenceFeatures(const FeatureInput& in, const CountryMask& mask, std::vector<std::string>* out);

}  // namespace normcode
