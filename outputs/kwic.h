// Concordance and search over an evidence database (read-only).
//
// SearchSentences() runs an FTS5 query (phrases "...", NEAR(a b, 5), prefix
// term*, AND/OR/NOT, column filters: FTS5 query syntax) against sentence_fts,
// bound as a parameter, with filters on code, speaker, body and dates. An
// invalid FTS5 query is Status::InvalidInput (message starts "invalid search
// query"); an unusable database is IOError/Corruption/Unsupported.
// FormatKwicLines() turns hits into fixed-width keyword-in-context lines.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace SQLite {
class Database;
}

namespace normcode {

// Opens an evidence database read-only (works while a run writes it) and checks
// that it is a normcode database of the current schema version.
Status OpenEvidenceDbReadOnly(const std::string& path, std::unique_ptr<SQLite::Database>* out);

// Valid UTF-8 copy of s: every invalid byte sequence becomes U+FFFD.
std::string ReplaceInvalidUtf8(std::string_view s);

struct SearchFilter {
  std::vector<std::string> codes;  // sentence carries evidence of one of these codes (any polarity)
  std::string actor;               // speaker: ISO3 of the turn, or speaker/actor name, or affiliation (case-insensitive)
  std::string body;                // documents.body, case-insensitive
  std::string from, to;            // dates YYYY, YYYY-MM or YYYY-MM-DD, inclusive; documents without a date drop out
  int64_t limit = 100;             // sentences; 0 = no limit
};

// Validates and widens a date bound: "2013" -> "2013-01-01" (from) / "2013-12-31" (to).
// Returns false for anything that is not YYYY, YYYY-MM or YYYY-MM-DD.
bool NormalizeDateBound(const std::string& in, bool upper, std::string* out);

struct SearchEvidence {
  int64_t id = 0;
  std::string code, polarity, entry_id, matched_text;
  uint64_t byte_begin = 0, byte_end = 0;  // of the match within SearchHit::text (bytes)
};

struct SearchHit {
  int64_t sentence_id = 0, doc_id = 0;
  std::string path, symbol, date, body;
  int turn_idx = 0, sentence_idx = 0;
  std::string speaker, affiliation, iso3;  // of the turn, as printed
  std::string text;                        // the sentence
  int64_t char_start = 0, char_end = 0;    // of the sentence in document_text (code points)
  // Query terms found by FTS5 (the spans highlight() would mark), byte offsets into text, in order.
  std::vector<std::pair<uint64_t, uint64_t>> keywords;
  std::vector<SearchEvidence> evidence;
};

// fts_query empty = no full-text condition (filters only). Results in
// document date order, then symbol, then position.
StatusOr<std::vector<SearchHit>> SearchSentences(const std::string& db_path, const std::string& fts_query,
                                                 const SearchFilter& filter);

// One line per keyword occurrence: left context (right-aligned, `width` code
// points) | keyword | right context (`width` code points), then symbol, date,
// speaker. Control characters and newlines become spaces; invalid UTF-8 is
// replaced. A hit without keywords (no query) gives one line centred on its
// first evidence match, or on the sentence start.
std::vector<std::string> FormatKwicLines(const SearchHit& hit, int width);

// Replaces newlines/tabs/control characters by spaces, collapses runs of
// spaces, replaces invalid UTF-8 by U+FFFD.
std::string OneLine(std::string_view s);

}  // namespace normcode
