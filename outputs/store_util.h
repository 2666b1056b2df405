// Helpers of the store that are worth testing on their own.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"

namespace normcode {

// Display form of an actor name: trimmed, every run of whitespace (ASCII or
// Unicode spaces such as U+00A0, U+2009, U+202F) collapsed to one ASCII space.
std::string DisplayActorName(std::string_view name);

// The actor key stored in actors.name: DisplayActorName, then for persons
// (kind "person", "force_commander") leading honorifics removed ("Mr.",
// "Mrs.", "Ms.", "Miss", "Mme", "Sir", "Dame", "Dr.", "H.E.", "His/Her
// Excellency", "Lord", "Lady"), so "Mr.  Sardenberg" and "Sardenberg" are one
// actor. Military ranks are kept ("Lt. Gen. Santos Cruz"). Case is kept.
std::string ActorKey(std::string_view name, std::string_view kind);

// actors.kind for an ActorRef::type ("speaker" -> "person"); nullopt when the
// type is not one the store knows.
std::optional<std::string> ActorKindForType(std::string_view type);

// Source byte offset of a text byte offset, from Document::anchors (sorted by
// text_offset). nullopt when there are no anchors (source position unknown).
// For an exclusive END offset use SourceEndOffset: it stays in the piece that
// holds the last byte of the span instead of jumping to the next anchor.
std::optional<uint64_t> SourceStartOffset(const std::vector<SourceAnchor>& anchors, uint64_t text_offset);
std::optional<uint64_t> SourceEndOffset(const std::vector<SourceAnchor>& anchors, uint64_t text_end);

}  // namespace normcode
