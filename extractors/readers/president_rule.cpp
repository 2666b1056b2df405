// The procedural-President rule, shared by the verbatim-record readers (UN HTML and
// verbatim text): see readers_internal.h.
#include <cctype>

#include "core/text.h"
#include "extractors/readers/plain_text_util.h"
#include "extractors/readers/readers_internal.h"

namespace normcode {

bool NationalStatement(std::string_view p, std::string* country) {
  const std::string low = AsciiLower(p);
  if (low.find("in my national capacity") != std::string::npos) return true;
  static constexpr std::string_view kCap = "in my capacity as ";
  size_t at = 0;
  while ((at = low.find(kCap, at)) != std::string::npos) {
    const size_t b = at + kCap.size();
    size_t e = b;
    while (e < p.size() && p[e] != ',' && p[e] != '.' && p[e] != ';' && p[e] != ':' && e - b < 160) ++e;
    const std::string_view phrase = std::string_view(low).substr(b, e - b);
    at = e;
    // A capacity of a UN organ or of its chair is not a national one.
    bool organ = false;
    for (std::string_view k : {"security council", "general assembly", "the council", "the assembly", "chair"})
      organ = organ || phrase.find(k) != std::string_view::npos;
    if (organ) continue;
    const size_t of = phrase.rfind(" of ");
    if (of == std::string_view::npos) continue;
    std::string_view name = ptext::Trim(p.substr(b + of + 4, e - (b + of + 4)));
    if (ptext::StartsWith(name, "the ")) name.remove_prefix(4);
    if (name.empty() || !std::isupper(static_cast<unsigned char>(name[0]))) continue;  // a country is named
    *country = std::string(name);
    return true;
  }
  return false;
}

void ApplyPresidentRule(std::string_view text, const std::string& presiding, Turn* t) {
  t->role = role::kPresident;
  t->procedural = true;
  for (const Span& p : t->paragraphs) {
    std::string country;
    if (NationalStatement(text.substr(p.begin, p.size()), &country)) {
      t->procedural = false;
      if (t->affiliation.empty()) t->affiliation = !country.empty() ? country : presiding;
      return;
    }
  }
}

}  // namespace normcode
