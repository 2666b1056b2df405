#include "outputs/store_util.h"

#include <algorithm>
#include <array>

namespace normcode {

namespace {

// Length of the whitespace sequence at s[i] (ASCII or a Unicode space), else 0.
size_t SpaceLen(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;  // U+00A0
  if (c == 0xE2 && i + 2 < s.size()) {
    unsigned char c1 = static_cast<unsigned char>(s[i + 1]), c2 = static_cast<unsigned char>(s[i + 2]);
    if (c1 == 0x80 && (c2 <= 0x8A || c2 == 0xAF)) return 3;  // U+2000..U+200A, U+202F
    if (c1 == 0x81 && c2 == 0x9F) return 3;                  // U+205F
  }
  if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      static_cast<unsigned char>(s[i + 2]) == 0x80)
    return 3;  // U+3000
  return 0;
}

bool StartsWithWord(std::string_view s, std::string_view w) {
  if (s.size() <= w.size() + 1 || s.substr(0, w.size()) != w) return false;
  return s[w.size()] == ' ';
}

}  // namespace

std::string DisplayActorName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool pending_space = false;
  for (size_t i = 0; i < name.size();) {
    size_t l = SpaceLen(name, i);
    if (l) {
      pending_space = !out.empty();
      i += l;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += name[i++];
  }
  return out;
}

std::string ActorKey(std::string_view name, std::string_view kind) {
  std::string s = DisplayActorName(name);
  if (kind != "person" && kind != "force_commander") return s;
  static const std::array<std::string_view, 19> kTitles = {
      "His Excellency", "Her Excellency", "H.E.", "Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Miss",
      "Mme.", "Mme", "Sir", "Dame", "Dr.", "Dr", "Lord", "Lady", "Mlle"};
  bool stripped = true;
  while (stripped) {
    stripped = false;
    for (auto t : kTitles) {
      if (StartsWithWord(s, t)) {
        s.erase(0, t.size() + 1);
        stripped = true;
        break;
      }
    }
  }
  return s;
}

std::optional<std::string> ActorKindForType(std::string_view type) {
  if (type == "speaker" || type == "person") return std::string("person");
  for (std::string_view k : {"state", "organisation", "mission", "contingent", "force_commander"})
    if (type == k) return std::string(k);
  if (type == "organization") return std::string("organisation");
  return std::nullopt;
}

std::optional<uint64_t> SourceStartOffset(const std::vector<SourceAnchor>& anchors, uint64_t text_offset) {
  if (anchors.empty()) return std::nullopt;
  auto it = std::upper_bound(anchors.begin(), anchors.end(), text_offset,
                             [](uint64_t v, const SourceAnchor& a) { return v < a.text_offset; });
  if (it == anchors.begin()) return text_offset;  // before the first anchor: no markup seen yet
  --it;
  return it->source_offset + (text_offset - it->text_offset);
}

std::optional<uint64_t> SourceEndOffset(const std::vector<SourceAnchor>& anchors, uint64_t text_end) {
  if (anchors.empty()) return std::nullopt;
  if (text_end == 0) return SourceStartOffset(anchors, 0);
  // The anchor holding the last byte of the span (text_offset <= text_end - 1).
  auto it = std::upper_bound(anchors.begin(), anchors.end(), text_end - 1,
                             [](uint64_t v, const SourceAnchor& a) { return v < a.text_offset; });
  if (it == anchors.begin()) return text_end;
  --it;
  return it->source_offset + (text_end - it->text_offset);
}

}  // namespace normcode
