#include "extractors/readers/readers_internal.h"

namespace normcode {

namespace {
inline bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
}  // namespace

void TextBuilder::Append(std::string_view s, uint64_t source_offset) {
  size_t i = 0;
  while (i < s.size()) {
    if (IsSpace(s[i])) {
      if (!text_.empty() && text_.back() != '\n') pending_space_ = true;
      ++i;
      continue;
    }
    // A run of non-space bytes, mapped from source_offset + i.
    size_t j = i;
    while (j < s.size() && !IsSpace(s[j])) ++j;
    if (pending_space_) {
      text_.push_back(' ');
      pending_space_ = false;
    }
    uint64_t src = source_offset + i;
    if (anchors_.empty() || anchors_.back().source_offset + (text_.size() - anchors_.back().text_offset) != src)
      anchors_.push_back({text_.size(), src});
    text_.append(s.substr(i, j - i));
    i = j;
  }
}

void TextBuilder::ParagraphBreak() {
  pending_space_ = false;
  if (text_.empty()) return;
  if (text_.size() >= 2 && text_.compare(text_.size() - 2, 2, "\n\n") == 0) return;
  if (text_.back() == '\n') text_.push_back('\n');
  else text_.append("\n\n");
}

// size() is inline in the header (text_.size()); it equals "where the next non-space
// byte lands" right after ParagraphBreak() and whenever no space is pending, which is
// how the readers use it (paragraph begins). Mid-paragraph, a pending space adds one.

uint64_t TextBuilder::content_end() const {
  size_t n = text_.size();
  while (n > 0 && IsSpace(text_[n - 1])) --n;
  return n;
}

}  // namespace normcode
