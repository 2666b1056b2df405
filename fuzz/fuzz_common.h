// Shared helpers for the libFuzzer targets (fuzz/fuzz_*.cpp).
// Every target checks invariants that must hold for ANY input, not just "no crash":
// spans inside the text, anchors sorted, text valid UTF-8.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/document.h"
#include "core/limits.h"
#include "core/status.h"
#include "core/text.h"

namespace normcode::fuzz {

#define FUZZ_CHECK(cond)                                                              \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      std::fprintf(stderr, "FUZZ_CHECK failed: %s at %s:%d\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                   \
    }                                                                                 \
  } while (0)

// Limits small enough that a fuzzer iteration stays fast, large enough to reach the code.
inline Limits FuzzLimits() {
  Limits l;
  l.max_document_bytes = 1u << 20;
  l.max_archive_expanded_bytes = 8u << 20;
  l.max_archive_members = 1000;
  return l;
}

// Invariants of a successfully read document.
inline void CheckDocument(const Document& doc) {
  FUZZ_CHECK(IsValidUtf8(doc.text));
  for (const Turn& t : doc.turns) {
    FUZZ_CHECK(t.span.begin <= t.span.end);
    FUZZ_CHECK(t.span.end <= doc.text.size());
    for (const Span& p : t.paragraphs) {
      FUZZ_CHECK(p.begin <= p.end);
      FUZZ_CHECK(p.end <= doc.text.size());
    }
  }
  for (size_t i = 1; i < doc.anchors.size(); ++i) FUZZ_CHECK(doc.anchors[i - 1].text_offset <= doc.anchors[i].text_offset);
}

}  // namespace normcode::fuzz
