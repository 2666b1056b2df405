// libFuzzer target: verbatim records as plain text, and the UN document (report/letter) text reader.
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
  (void)LooksLikeVerbatimText(in.utf8);
  Document doc;
  if (ReadVerbatimText(in, limits, &doc).ok()) fuzz::CheckDocument(doc);
  Document doc2;
  if (ReadUnDocumentText(in, limits, &doc2).ok()) fuzz::CheckDocument(doc2);
  return 0;
}
