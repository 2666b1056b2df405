// The ten codebook codes (../shared/CODEBOOK.md), in the order used everywhere:
// evaluation tables, reports, exports. One list for the whole program.
#pragma once
#include <iterator>
#include <string_view>

namespace normcode {

inline constexpr const char* kCodes[] = {
    "validity_contestation",  "application_contestation", "hesitation_lack_of_initiative",
    "hesitation_delaying",    "hesitation_flip_flopping", "recalcitrance_ignoring",
    "recalcitrance_rejecting", "recalcitrance_obstructing", "determined_implementation",
    "non_implementation"};
inline constexpr size_t kCodeCount = std::size(kCodes);

// The index of a code in kCodes, or -1 when it is not one of the ten.
inline int CodeIndex(std::string_view code) {
  for (size_t i = 0; i < kCodeCount; ++i)
    if (code == kCodes[i]) return static_cast<int>(i);
  return -1;
}

inline bool IsKnownCode(std::string_view code) { return CodeIndex(code) >= 0; }

}  // namespace normcode
