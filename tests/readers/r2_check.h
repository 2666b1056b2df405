// Shared checks for the plain-text / PDF / DOCX reader tests (r2).
#pragma once
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "core/document.h"
#include "core/text.h"
#include "extractors/readers/readers_internal.h"

namespace normcode::testing_r2 {

inline DecodedText Utf8(std::string s) { return DecodedText{std::move(s), "UTF-8", {{0, 0}}}; }

inline std::string Slice(const Document& d, const Span& s) { return d.text.substr(s.begin, s.end - s.begin); }

inline std::string TurnText(const Document& d, size_t i) { return Slice(d, d.turns.at(i).span); }

// Structural invariants every reader result must satisfy.
inline void CheckInvariants(const Document& d) {
  EXPECT_TRUE(IsValidUtf8(d.text));
  for (size_t i = 0; i < d.turns.size(); ++i) {
    const Turn& t = d.turns[i];
    EXPECT_EQ(t.index, static_cast<int>(i) + 1);
    ASSERT_LE(t.span.begin, t.span.end);
    ASSERT_LE(t.span.end, d.text.size());
    ASSERT_FALSE(t.paragraphs.empty()) << "turn " << t.index;
    EXPECT_EQ(t.span.begin, t.paragraphs.front().begin);
    EXPECT_EQ(t.span.end, t.paragraphs.back().end);
    for (const Span& p : t.paragraphs) {
      ASSERT_LE(p.end, d.text.size());
      ASSERT_LT(p.begin, p.end);
      std::string s = Slice(d, p);
      // No leading/trailing whitespace, no newline inside a paragraph.
      EXPECT_NE(s.front(), ' ');
      EXPECT_NE(s.back(), ' ');
      EXPECT_EQ(s.find('\n'), std::string::npos) << s;
    }
    if (t.procedural && t.speaker.empty()) {
      EXPECT_EQ(t.role, role::kProcedure);
    }
  }
  for (size_t i = 1; i < d.anchors.size(); ++i) EXPECT_LT(d.anchors[i - 1].text_offset, d.anchors[i].text_offset);
}

// Every non-space byte of Document::text equals the source byte its anchor maps it to.
inline void CheckAnchors(const Document& d, std::string_view source) {
  ASSERT_FALSE(d.anchors.empty());
  size_t bad = 0;
  for (size_t i = 0; i < d.anchors.size(); ++i) {
    uint64_t b = d.anchors[i].text_offset;
    uint64_t e = i + 1 < d.anchors.size() ? d.anchors[i + 1].text_offset : d.text.size();
    for (uint64_t k = b; k < e; ++k) {
      char c = d.text[k];
      if (c == ' ' || c == '\n') continue;
      uint64_t src = d.anchors[i].source_offset + (k - b);
      if (src >= source.size() || source[src] != c) {
        if (++bad < 5) ADD_FAILURE() << "text byte " << k << " '" << c << "' maps to source " << src;
      }
    }
  }
  EXPECT_EQ(bad, 0u);
}

}  // namespace normcode::testing_r2
