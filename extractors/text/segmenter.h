// Sentence and word segmentation with ICU BreakIterators.
// A Segmenter is NOT thread-safe (ICU iterators keep state): make one per thread
// (they are cheap to clone from a prototype via Clone()).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/status.h"

namespace normcode {

struct Token {
  Span span;          // byte offsets into the text passed in (plus `base`)
  std::string folded; // lower-cased, diacritics removed (NFKD, marks stripped): "refusé" -> "refuse"
};

class Segmenter {
 public:
  // language: "en", "fr", "es"...; abbreviations that must not end a sentence
  // (Mr., Mrs., Ms., Dr., S/PV., para., paras., No., Nos., Art., Arts., Gen., Lt., Col., Maj., Brig.,
  //  Amb., H.E., St., vol., p., pp., e.g., i.e., etc. when followed by lower case, initials "J. K.").
  static StatusOr<std::unique_ptr<Segmenter>> Create(const std::string& language);
  virtual ~Segmenter() = default;
  virtual std::unique_ptr<Segmenter> Clone() const = 0;

  // Sentences inside text[range.begin, range.end); spans are offsets into `text`.
  // Leading/trailing whitespace is trimmed off every sentence; empty ones are dropped.
  // A sentence longer than max_bytes is cut at the last word boundary before it.
  virtual std::vector<Span> Sentences(std::string_view text, Span range, uint64_t max_bytes) = 0;

  // Word tokens (letters/numbers; punctuation and spaces skipped) of text[range].
  virtual std::vector<Token> Words(std::string_view text, Span range) = 0;
};

// Case and diacritic folding used by phrase matching: "Refusé" -> "refuse".
std::string FoldForMatch(std::string_view utf8);

}  // namespace normcode
