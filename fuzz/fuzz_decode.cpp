// libFuzzer target: encoding detection/conversion (DecodeText), format detection,
// and the full ReadDocument dispatch (every reader reachable from raw bytes).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "extractors/readers/reader.h"
#include "extractors/text/encoding.h"
#include "fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace normcode;
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  DecodedText out;
  if (DecodeText(raw, &out).ok()) {
    FUZZ_CHECK(IsValidUtf8(out.utf8));
    for (size_t i = 1; i < out.anchors.size(); ++i) {
      FUZZ_CHECK(out.anchors[i - 1].text_offset <= out.anchors[i].text_offset);
    }
    // Every text offset maps into the source.
    FUZZ_CHECK(SourceOffset(out.anchors, out.utf8.size()) <= raw.size());
    if (!out.utf8.empty()) FUZZ_CHECK(SourceOffset(out.anchors, out.utf8.size() / 2) <= raw.size());
  }
  (void)FormatName(DetectFormat(raw, "fuzz.bin"));
  (void)DetectFormat(raw, "fuzz.txt");
  Document doc;
  if (ReadDocument(raw, "fuzz.html", fuzz::FuzzLimits(), &doc).ok()) fuzz::CheckDocument(doc);
  return 0;
}
