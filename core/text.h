// Small UTF-8 helpers shared by every module.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace normcode {

// Converts byte offsets in a UTF-8 string to code point offsets in O(log n).
// Build once per document; the string must outlive nothing (offsets only).
class CharIndex {
 public:
  explicit CharIndex(std::string_view utf8);
  // Code point offset of byte offset `byte` (which must be <= size()).
  uint64_t ToChar(uint64_t byte) const;
  // Byte offset of code point offset `ch`.
  uint64_t ToByte(uint64_t ch) const;
  uint64_t chars() const { return chars_; }

 private:
  static constexpr uint64_t kStride = 256;
  std::string_view s_;
  std::vector<uint64_t> byte_at_char_block_;  // byte offset of every kStride-th code point
  uint64_t chars_ = 0;
};

// Byte offset of code point offset `cp` in UTF-8 `s`, clamped to [0, s.size()].
// O(n): for many lookups in one string build a CharIndex instead.
size_t ByteOfCodePoint(std::string_view s, int64_t cp);

// True when `s` is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);

// Makes a path or other outside string safe to print on one line: invalid
// UTF-8 bytes become \xNN, control characters (newline, tab, ESC...) become \n, \t, \xNN.
std::string PrintableName(std::string_view s);

// ASCII lower-casing (A-Z only; other bytes, UTF-8 included, unchanged). Locale-free,
// unlike std::tolower, and inline: format sniffing runs it over every input file.
inline char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }
inline std::string AsciiLower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = AsciiLower(c);
  return r;
}

}  // namespace normcode
