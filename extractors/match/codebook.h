// The coding contract used by `run`, `tag`, `evaluate` and `lexicon check` alike.
//
//   Codebook      immutable: lexicon entries, compiled RE2 (one RE2::Set per
//                 language) and phrase matchers, entity data. Load once, share
//                 read-only between threads (std::shared_ptr<const Codebook>).
//   SentenceCoder one per thread: owns ICU iterators; codes one sentence.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/codes.h"
#include "core/document.h"
#include "core/limits.h"
#include "core/status.h"

namespace normcode {


// One problem found while loading lexicons: file, 1-based line (0 when unknown) and reason.
struct LexiconError {
  std::string file;
  int line = 0;
  std::string reason;
  std::string ToString() const;  // "file:line: reason"
};

// Who says the sentence; drives role constraints and target resolution.
struct SentenceContext {
  std::string speaker;      // "Mr. Sardenberg"
  std::string role;         // role::* values
  std::string affiliation;  // country or organisation as printed ("Brazil")
  std::string language = "en";
  bool procedural = false;  // procedural turns get no codes
};

class Codebook;
class Entities;

class SentenceCoder {
 public:
  explicit SentenceCoder(std::shared_ptr<const Codebook> codebook);
  // limits.max_sentence_bytes and limits.max_matches_per_sentence apply.
  SentenceCoder(std::shared_ptr<const Codebook> codebook, const Limits& limits);
  ~SentenceCoder();
  SentenceCoder(const SentenceCoder&) = delete;
  SentenceCoder& operator=(const SentenceCoder&) = delete;

  // Codes text[sentence]. Evidence spans are byte offsets into `text`; turn and
  // sentence indexes are left 0 for the caller to fill. Deterministic.
  std::vector<Evidence> Code(std::string_view text, Span sentence, const SentenceContext& ctx);

  // Segments text[range] into sentences (the same segmenter `run` uses).
  std::vector<Span> Sentences(std::string_view text, Span range);

  // Convenience for `tag` and `lexicon check`: segment `text` into sentences and code each.
  // Evidence::sentence is the 1-based sentence index within `text`.
  std::vector<Evidence> CodeText(std::string_view text, const SentenceContext& ctx);

  // Matches dropped so far because a sentence had more than max_matches_per_sentence.
  uint64_t dropped_matches() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class Codebook {
 public:
  // Loads every lexicon file (*.yaml) and entity file under `dir`, validates them
  // and compiles the matchers. On any error returns InvalidInput and appends
  // every problem found (not just the first) to *errors.
  static StatusOr<std::shared_ptr<const Codebook>> Load(const std::string& dir,
                                                         std::vector<LexiconError>* errors);
  ~Codebook();
  const std::string& version() const;  // codebook version from lexicons/codebook.yaml
  // The entity data (countries, missions, force commanders) loaded with the lexicons.
  const Entities& entities() const;
  size_t entry_count() const;

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  Codebook();
  std::unique_ptr<Impl> impl_;
};

}  // namespace normcode
