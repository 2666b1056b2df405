#include <string>
#include <string_view>

#include "extractors/match/codebook.h"

namespace normcode {

bool IsKnownCode(std::string_view code) {
  for (const char* c : kCodes)
    if (code == c) return true;
  return false;
}

std::string LexiconError::ToString() const {
  std::string s = file;
  if (line > 0) s += ":" + std::to_string(line);
  return s + ": " + reason;
}

}  // namespace normcode
