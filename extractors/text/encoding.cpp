// TEMPORARY pass-through so that everything links: UTF-8 only, no NFC.
// The readers helper replaces this with the ICU implementation.
#include "extractors/text/encoding.h"

#include <algorithm>

#include "core/text.h"

namespace normcode {

Status DecodeText(std::string_view raw, DecodedText* out) {
  size_t skip = (raw.size() >= 3 && raw.substr(0, 3) == "\xEF\xBB\xBF") ? 3 : 0;
  std::string_view body = raw.substr(skip);
  if (!IsValidUtf8(body)) return Status::InvalidInput("not valid UTF-8");
  out->utf8.assign(body);
  out->encoding = "UTF-8";
  out->anchors = {{0, skip}};
  return Status::OK();
}

uint64_t SourceOffset(const std::vector<SourceAnchor>& anchors, uint64_t text_offset) {
  auto it = std::upper_bound(anchors.begin(), anchors.end(), text_offset,
                             [](uint64_t v, const SourceAnchor& a) { return v < a.text_offset; });
  if (it == anchors.begin()) return text_offset;
  --it;
  return it->source_offset + (text_offset - it->text_offset);
}

}  // namespace normcode
