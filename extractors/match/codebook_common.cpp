#include <string>
#include <string_view>

#include "extractors/match/codebook.h"
#include "extractors/match/lexicon_internal.h"

namespace normcode {

std::string LexiconError::ToString() const {
  std::string s = file;
  if (line > 0) s += ":" + std::to_string(line);
  return s + ": " + reason;
}

const Entities& Codebook::entities() const { return impl_->entities; }

}  // namespace normcode
