// libFuzzer target: interview transcript reader (plain text / Markdown).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "extractors/readers/readers_internal.h"
#include "extractors/text/encoding.h"
#include "fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace normcode;
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  DecodedText in;
  if (!DecodeText(raw, &in).ok()) return 0;
  const Limits limits = fuzz::FuzzLimits();
  (void)LooksLikeTranscript(in.utf8);
  Document doc;
  if (ReadTranscript(in, limits, &doc).ok()) fuzz::CheckDocument(doc);
  return 0;
}
