#include "core/text.h"

#include <algorithm>
#include <cstdio>

namespace normcode {

namespace {
inline bool IsCont(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence at s[i], or 0 when it is not one.
size_t Utf8SeqLen(std::string_view s, size_t i) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  unsigned char c = p[i];
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return (i + 1 < n && IsCont(p[i + 1])) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (i + 2 >= n || !IsCont(p[i + 1]) || !IsCont(p[i + 2])) return 0;
    if (c == 0xE0 && p[i + 1] < 0xA0) return 0;   // overlong
    if (c == 0xED && p[i + 1] >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (i + 3 >= n || !IsCont(p[i + 1]) || !IsCont(p[i + 2]) || !IsCont(p[i + 3])) return 0;
    if (c == 0xF0 && p[i + 1] < 0x90) return 0;
    if (c == 0xF4 && p[i + 1] >= 0x90) return 0;
    return 4;
  }
  return 0;
}
}  // namespace

CharIndex::CharIndex(std::string_view utf8) : s_(utf8) {
  uint64_t ch = 0;
  for (size_t i = 0; i < s_.size(); ++i) {
    if (IsCont(static_cast<unsigned char>(s_[i]))) continue;
    if (ch % kStride == 0) byte_at_char_block_.push_back(i);
    ++ch;
  }
  chars_ = ch;
}

uint64_t CharIndex::ToChar(uint64_t byte) const {
  if (byte >= s_.size()) return chars_ + (byte - s_.size());
  auto it = std::upper_bound(byte_at_char_block_.begin(), byte_at_char_block_.end(), byte);
  size_t block = static_cast<size_t>(it - byte_at_char_block_.begin()) - 1;
  uint64_t ch = block * kStride;
  for (uint64_t i = byte_at_char_block_[block]; i < byte; ++i)
    if (!IsCont(static_cast<unsigned char>(s_[i]))) ++ch;
  return ch;
}

uint64_t CharIndex::ToByte(uint64_t ch) const {
  if (ch >= chars_) return s_.size() + (ch - chars_);
  uint64_t block = ch / kStride;
  uint64_t i = byte_at_char_block_[block];
  for (uint64_t c = block * kStride; c < ch;) {
    ++i;
    while (i < s_.size() && IsCont(static_cast<unsigned char>(s_[i]))) ++i;
    ++c;
  }
  return i;
}

size_t ByteOfCodePoint(std::string_view s, int64_t cp) {
  if (cp <= 0) return 0;
  int64_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!IsCont(static_cast<unsigned char>(s[i]))) {
      if (n == cp) return i;
      ++n;
    }
  }
  return s.size();
}

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t l = Utf8SeqLen(s, i);
    if (l == 0) return false;
    i += l;
  }
  return true;
}

std::string PrintableName(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  char buf[8];
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t l = Utf8SeqLen(s, i);
    if (l == 0) {
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
      ++i;
      continue;
    }
    if (l == 1 && (c < 0x20 || c == 0x7F)) {
      if (c == '\n') out += "\\n";
      else if (c == '\t') out += "\\t";
      else if (c == '\r') out += "\\r";
      else { std::snprintf(buf, sizeof buf, "\\x%02X", c); out += buf; }
      ++i;
      continue;
    }
    if (c == '\\') { out += "\\\\"; ++i; continue; }
    out.append(s.substr(i, l));
    i += l;
  }
  return out;
}

}  // namespace normcode
