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
  // Marks masked[i] for every token i inside a country name.
  void Mark(const std::vector<Token>& tokens, std::vector<bool>* masked) const;

 private:
  // first folded token -> the names starting with it (each a token sequence), longest first
  std::unordered_map<std::string, std::vector<std::vector<std::string>>> by_first_;
};

struct FeatureInput {
  const std::vector<Token>* tokens = nullptr;           // the sentence's word tokens
  const std::vector<Token>* previous_tokens = nullptr;  // may be null
  const std::vector<Evidence>* candidates = nullptr;    // lexicon candidates (polarity set)
  std::string_view role;
  std::string_view scope;  // polarity at the sentence's last word; "" unknown
};

// Appends the sentence's feature names to *out, sorted and unique.
void SentenceFeatures(const FeatureInput& in, const CountryMask& mask, std::vector<std::string>* out);

}  // namespace normcode
