// libFuzzer target: what `normcode tag` does with one input line, after the UTF-8
// check: segment and code it with the real lexicons (lexicons/), under several
// languages and roles chosen by the first byte. Evidence spans must lie inside
// the text and inside the sentence they name.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "extractors/match/codebook.h"
#include "extractors/match/labels.h"
#include "fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace normcode;
  static std::shared_ptr<const Codebook> cb = [] {
    std::vector<LexiconError> errors;
    auto r = Codebook::Load(NORMCODE_SOURCE_DIR "/lexicons", &errors);
    if (!r.ok()) std::abort();
    return *r;
  }();
  static SentenceCoder coder(cb, [] {
    Limits l;
    l.max_sentence_bytes = 4000;
    return l;
  }());
  if (size == 0) return 0;
  const uint8_t sel = data[0];
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (!IsValidUtf8(text)) return 0;  // tag reports these lines as "invalid UTF-8"
  SentenceContext ctx;
  static const char* kLangs[] = {"en", "fr", "es", "xx"};
  static const char* kRoles[] = {role::kRepresentative, role::kPresident, role::kBriefer, "nonsense"};
  ctx.language = kLangs[sel & 3];
  ctx.role = kRoles[(sel >> 2) & 3];
  ctx.speaker = "Mr. Test";
  ctx.affiliation = (sel & 16) ? "Sudan" : "";
  std::vector<Evidence> ev = coder.CodeText(text, ctx);
  for (const Evidence& e : ev) {
    FUZZ_CHECK(e.match.begin <= e.match.end);
    FUZZ_CHECK(e.match.end <= text.size());
    FUZZ_CHECK(e.sentence >= 1);
  }
  CharIndex idx(text);
  for (const Evidence& e : ev) (void)idx.ToChar(e.match.begin);
  (void)SentenceLabels(ev, 0.5);
  return 0;
}
