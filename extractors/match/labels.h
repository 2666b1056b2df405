// Shared definitions for everything that judges coding results: which codes a
// sentence carries, the codebook threshold, and the lexicon entries with their
// declared examples. Used by `lexicon check` and `evaluate` so both agree.
#pragma once
#include <string>
#include <vector>

#include "core/document.h"
#include "extractors/match/codebook.h"

namespace normcode {

// The codes a sentence carries: codes with at least one asserted evidence row
// whose score >= threshold, or that the learned model decided (its score is the
// model's probability, already held against the model's own per-code threshold
// in the coder's resolve stage). In kCodes order, each once.
std::vector<std::string> SentenceLabels(const std::vector<Evidence>& evidence, double threshold);

// Threshold from codebook.yaml (`threshold:`; 0.5 when absent).
double CodebookThreshold(const Codebook& codebook);

struct LexiconExample {
  std::string text;
  std::string file;  // path of the entry file as loaded
  int line = 0;      // 1-based line of the example in that file
  bool positive = true;
};

struct LexiconEntryInfo {
  std::string id, code, kind, language;
  std::string file;
  int line = 0;  // line of the entry's `id:`
  double weight = 1.0;
  std::vector<std::string> roles;  // empty: any role
  std::vector<LexiconExample> examples;  // positives first, in file order
};

// Every entry, in load order (files sorted by path, entries in file order).
const std::vector<LexiconEntryInfo>& CodebookEntries(const Codebook& codebook);

// The exclusive groups of codebook.yaml, as code names.
const std::vector<std::vector<std::string>>& CodebookExclusiveGroups(const Codebook& codebook);

}  // namespace normcode
