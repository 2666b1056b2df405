// Codebook::Impl: the compiled lexicon. Private to extractors/match.
#pragma once
#include <re2/re2.h>
#include <re2/set.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "extractors/match/codebook.h"
#include "extractors/match/entities.h"
#include "extractors/match/labels.h"
#include "extractors/match/phrase.h"

namespace normcode {

struct NearConstraint {
  std::vector<std::shared_ptr<const PhraseNode>> terms;
  int window = 0;
};

struct LexEntry {
  LexiconEntryInfo info;
  int code_index = 0;  // into kCodes
  bool regex = false;
  std::vector<std::unique_ptr<RE2>> regexes;                  // kind regex
  std::vector<std::shared_ptr<const PhraseNode>> phrases;     // kind phrase
  std::vector<std::string> roles;
  std::vector<NearConstraint> near;                           // 0 or 1
  std::vector<std::unique_ptr<RE2>> excludes;
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using AnchorIndex = std::unordered_map<std::string, std::vector<int>, StringHash, std::equal_to<>>;

struct LanguageMatchers {
  // Regexes: set index i -> regex_refs[i] = (entry, pattern).
  std::unique_ptr<RE2::Set> set;
  std::vector<std::pair<int, int>> regex_refs;
  // Phrases: phrase id -> (entry, pattern); indexed by anchor term.
  std::vector<std::pair<int, int>> phrase_refs;
  AnchorIndex exact;
  AnchorIndex prefix;
  size_t min_prefix = 1000, max_prefix = 0;
};

struct Codebook::Impl {
  std::string version;
  double threshold = 0.5;
  std::vector<std::vector<std::string>> exclusive;
  std::vector<std::vector<int>> exclusive_idx;  // code indexes
  std::vector<LexEntry> entries;
  std::vector<LexiconEntryInfo> infos;
  std::map<std::string, LanguageMatchers> languages;
  Entities entities;
};

}  // namespace normcode
