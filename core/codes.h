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

inline bool IsKnownCode(std::string_view code) {
  for (const char* c : kCodes)
    if (code == c) return true;
  return false;
}

}  // namespace normcode
