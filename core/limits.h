// Resource limits. Every limit has a name used in error messages
// ("limit max_document_bytes=... exceeded by <file>") and a CLI/config override.
#pragma once
#include <cstdint>

namespace normcode {

struct Limits {
  uint64_t max_document_bytes = 256ull << 20;     // raw bytes of one file
  uint64_t max_sentence_bytes = 20000;            // longer sentences are split at this size
  uint32_t max_matches_per_sentence = 64;         // further matches are dropped and counted
  uint64_t max_archive_expanded_bytes = 4ull << 30;  // sum of member sizes of one archive
  double max_archive_ratio = 1000.0;              // expanded / compressed
  uint32_t max_archive_depth = 2;                 // archives inside archives
  uint32_t max_html_depth = 2000;                 // deeper HTML is rejected
  uint32_t max_html_attributes = 4096;            // an element with more attributes is rejected
                                                  // (gumbo's duplicate-attribute check is quadratic)
  uint64_t max_archive_members = 200000;
};

}  // namespace normcode
