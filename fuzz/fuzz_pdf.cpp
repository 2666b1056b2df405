// libFuzzer target: the PDF reader on raw bytes (text extraction, then the text readers).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "extractors/readers/readers_internal.h"
#include "fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace normcode;
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  Document doc;
  if (ReadPdf(raw, fuzz::FuzzLimits(), &doc).ok()) fuzz::CheckDocument(doc);
  return 0;
}
