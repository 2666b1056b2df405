#include <string>
#include <string_view>

#include "extractors/match/codebook.h"
#include "extractors/match/lexicon_internal.h"

namespace normcode {

std::string LexiconError::ToString() const {
  std::string s = file;
  if (line > 0) {  // appended piecewise: '":" + std::to_string' trips GCC 12's false -Wrestrict (PR 105651)
    s += ':';
    s += std::to_string(line);
  }
  s += ": ";
  s += reason;
  return s;
}

const Entities& Codebook::entities() const { return impl_->entities; }

}  // namespace normcode
