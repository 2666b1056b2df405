// TEMPORARY: replaced by the readers work.
#include "extractors/readers/reader.h"

namespace normcode {
const char* FormatName(Format) { return "unknown"; }
Format DetectFormat(std::string_view, std::string_view) { return Format::kUnknown; }
Status ReadDocument(std::string_view, std::string_view, const Limits&, Document*) {
  return Status::Unsupported("no readers yet");
}
}  // namespace normcode
