// The coding core glue: one item's raw bytes -> a coded document. This single
// function is what `run` uses for every document (tag and lexicon check call
// SentenceCoder directly). Pure with respect to the outside world: no file
// system, no database; safe to call from many threads with one SentenceCoder
// per thread.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/limits.h"
#include "core/status.h"
#include "extractors/match/codebook.h"
#include "extractors/match/entities.h"

namespace normcode {

struct CodedDocument {
  Document doc;
  std::vector<Sentence> sentences;  // every turn's sentences, in document order
  std::vector<Evidence> evidence;   // turn/sentence indexes filled, in document order
};

// xxh3-128 of the raw bytes as 32 lower-case hex digits (canonical byte order).
std::string ContentHash(std::string_view raw);

// Reads `raw` (ReadDocument), fills path/content_hash/size (mtime is left 0
// for the caller), fills Turn::iso3 from `entities` (may be null: iso3 stays
// ""), segments every turn's paragraphs into sentences and codes the sentences
// of every non-procedural turn with the turn's speaker, role, affiliation and
// the document language. Errors are the reader's (InvalidInput, Unsupported,
// LimitExceeded).
StatusOr<CodedDocument> ProcessItem(std::string_view raw, const std::string& name, const Limits& limits,
                                    SentenceCoder& coder, const Entities* entities);

}  // namespace normcode
