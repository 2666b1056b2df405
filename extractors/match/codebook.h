// The coding contract used by `run`, `tag`, `evaluate` and `lexicon check` alike.
//
//   Codebook      immutable: lexicon entries, compiled RE2 (one RE2::Set per
//                 language) and phrase matchers, entity data. Load once, share
//                 read-only between threads (std::shared_ptr<const Codebook>).
//   SentenceCoder one per thread: owns ICU iterators; codes one sentence.
#pragma once
#include <functional>
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
  // The previous sentence of the same speech ("" at its start), a feature of the
  // learned scorer. Not owned; CodeRange fills it for every sentence but the first.
  std::string_view previous;
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

  // Codes text[sentence] in four stages: find the lexicon hits, build the
  // candidate evidence (constraints, polarity, target), score each code (the
  // codebook's Scorer: the lexicon alone, or the learned model), resolve (the one
  // threshold, exclusive groups, limits). Evidence spans are byte offsets into
  // `text`; turn and sentence indexes are left 0 for the caller to fill.
  // Deterministic.
  std::vector<Evidence> Code(std::string_view text, Span sentence, const SentenceContext& ctx);

  // THE coding path of `run`, `tag`, `evaluate`, `train` and `lexicon check`:
  // segments text[range] with ctx.language and calls each(sentence, evidence) for
  // every sentence in order, coded with ctx plus the previous sentence. *previous
  // is that context going in (the sentence before text[range], "" if none) and
  // the last sentence of the range coming out, so that a speech's paragraphs
  // chain. Procedural contexts still segment (each gets no evidence).
  void CodeRange(std::string_view text, Span range, const SentenceContext& ctx, std::string_view* previous,
                 const std::function<void(Span, std::vector<Evidence>&&)>& each);

  // Segments text[range] into sentences with the segmenter of `language`.
  std::vector<Span> Sentences(std::string_view text, Span range, const std::string& language = "en");

  // CodeRange over the whole of `text` (ctx.previous is the context of its first
  // sentence). Evidence::sentence is the 1-based sentence index within `text`.
  std::vector<Evidence> CodeText(std::string_view text, const SentenceContext& ctx);

  // The features the learned scorer sees for text[sentence] (features.h), with the
  // lexicon candidates of the same sentence: what `train` learns from.
  std::vector<std::string> Features(std::string_view text, Span sentence, const SentenceContext& ctx);

  // Matches dropped so far because a sentence had more than max_matches_per_sentence.
  uint64_t dropped_matches() const;

 private:
  bool Prepare(std::string_view text, Span* sentence, const SentenceContext& ctx, bool want_features,
               bool want_previous, std::vector<Evidence>* candidates);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class LinearModel;

// Which learned model a codebook codes with.
struct ModelOptions {
  bool use_model = true;  // false: `--no-model`, the lexicon alone decides
  // The model file; "" = the one codebook.yaml names (`model:`), relative to the
  // lexicon directory. A codebook that names none codes with the lexicon alone.
  std::string path;
};

class Codebook {
 public:
  // Loads every lexicon file (*.yaml) and entity file under `dir`, validates them
  // and compiles the matchers, then the learned model (ModelOptions). On any
  // error returns InvalidInput and appends every problem found (not just the
  // first) to *errors. A model that is missing, corrupt, for another language or
  // trained with another lexicon version is an error.
  static StatusOr<std::shared_ptr<const Codebook>> Load(const std::string& dir,
                                                         std::vector<LexiconError>* errors,
                                                         const ModelOptions& model = ModelOptions());
  ~Codebook();
  // The codebook version from lexicons/codebook.yaml, with "+" and the model's
  // version appended when a model is loaded: it drives re-coding, so a new model
  // recodes on the next run and nothing else does.
  const std::string& version() const;
  const std::string& lexicon_version() const;  // codebook.yaml's version alone
  const LinearModel* model() const;            // null: lexicon-only coding
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
