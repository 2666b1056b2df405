// Codebook::Impl: the compiled lexicon. Private to extractors/match.
#pragma once
#include <re2/filtered_re2.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "extractors/match/aho_corasick.h"
#include "extractors/match/codebook.h"
#include "extractors/match/entities.h"
#include "extractors/match/features.h"
#include "extractors/match/model.h"
#include "extractors/match/scorer.h"
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
  // Regexes: regex id i -> regex_refs[i] = (entry, pattern). Prefilter: RE2's
  // FilteredRE2 gives, per regex, the lower-case literal atoms a match needs and
  // the boolean formula over them. All atoms of a language are searched in one
  // pass over the lower-cased sentence (Aho-Corasick); only regexes whose formula
  // holds for the atoms found then run with RE2::Match. (RE2::Set was measured at
  // ~3 MB/s on the real lexicon, and a single FilteredRE2's AllPotentials at ~20:
  // both too slow for the nightly run.)
  std::vector<std::pair<int, int>> regex_refs;
  std::vector<std::unique_ptr<re2::FilteredRE2>> filters;  // per regex id; null: no atoms, always run
  std::vector<int> unfiltered;                             // regex ids without atoms
  std::unique_ptr<AhoCorasick> atom_set;                   // null when there are no atoms
  // atom a -> its users (regex id, atom index in that regex's filter):
  // atom_users[atom_users_begin[a] .. atom_users_begin[a + 1]).
  std::vector<int> atom_users_begin;
  std::vector<std::pair<int, int>> atom_users;
  std::vector<bool> regex_wide;  // per regex id: 64 atoms or more (no bit-mask memo)
  // Phrases: phrase id -> (entry, pattern); indexed by anchor term.
  std::vector<std::pair<int, int>> phrase_refs;
  AnchorIndex exact;
  AnchorIndex prefix;
  std::vector<size_t> prefix_lengths;  // distinct lengths of the prefix keys, ascending
  // Prefilter for the phrase stage, so that sentences without any anchor are never
  // tokenised: every key of exact and prefix, looked for at the word starts of the
  // folded sentence.
  // anchor_exact[k]: key k must end at a word end (an exact key), else it is a prefix.
  std::unique_ptr<PrefixTrie> anchor_set;
  std::vector<bool> anchor_exact;
};

// The phrase prefilter (coder.cpp), exposed for its tests.
// FoldPerCodePoint: the sentence folded as FoldForMatch folds a token, one code point
// at a time, so that every token's folded form is a substring of it; `cache` memoises
// non-ASCII code points (bounded). PhraseAnchorsMayOccur: false only when no token of
// the sentence can have a key in lm.exact / lm.prefix (the anchor index), so that the
// sentence need not be tokenised for phrases.
void FoldPerCodePoint(std::string_view s, std::string* out, std::unordered_map<uint32_t, std::string>* cache);
bool PhraseAnchorsMayOccur(const LanguageMatchers& lm, std::string_view folded);

struct Codebook::Impl {
  std::string version;          // lexicon_version, plus "+" and the model's version with a model
  std::string lexicon_version;  // codebook.yaml's `version`
  std::string model_file;       // codebook.yaml's `model` (relative to the lexicon directory), "" none
  std::unique_ptr<LinearModel> model;
  std::unique_ptr<Scorer> scorer;  // never null after Load
  CountryMask country_mask;
  double threshold = 0.5;
  std::vector<std::vector<std::string>> exclusive;
  std::vector<std::vector<int>> exclusive_idx;  // code indexes
  std::vector<LexEntry> entries;
  std::vector<LexiconEntryInfo> infos;
  std::map<std::string, LanguageMatchers> languages;
  Entities entities;
};

}  // namespace normcode
