// Polarity of a lexicon match inside its sentence: is the speaker asserting it,
// or is it negated ("no one suggests that", "far from", "not", "rather than"),
// reported ("some have argued that", "X claimed"), or hypothetical ("if", "would
// be")? Pure functions; thread-safe.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "extractors/text/segmenter.h"

namespace normcode {

// `tokens` are the word tokens of text[sentence] (Segmenter::Words); `match` lies inside `sentence`.
// Returns one of polarity::k* (asserted, negated, reported, hypothetical).
const char* MatchPolarity(std::string_view text, Span sentence, Span match, const std::vector<Token>& tokens,
                          const std::string& language);

// Spans (byte offsets into text) of "Force" used as an organisation inside text[sentence]:
// "the Force Commander", "the Force will deploy", "Force headquarters", "the Force's".
// A lexicon match that contains such a span does not count as force-as-violence.
std::vector<Span> ForceOrganisationMentions(std::string_view text, Span sentence, const std::vector<Token>& tokens);

}  // namespace normcode
