// libFuzzer target: the lexicon loader. The input replaces one entry file of a
// copy of tests/data/lexicon_min (en/application.yaml); Load must either succeed
// or return InvalidInput with at least one LexiconError, never crash.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "extractors/match/codebook.h"
#include "fuzz/fuzz_common.h"

namespace fs = std::filesystem;

static std::string LexDir() {
  static std::string dir = [] {
    char tmpl[] = "/tmp/normcode-fuzz-lex.XXXXXX";
    const char* d = ::mkdtemp(tmpl);
    if (!d) std::abort();
    fs::copy(NORMCODE_SOURCE_DIR "/tests/data/lexicon_min", d, fs::copy_options::recursive);
    return std::string(d);
  }();
  return dir;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace normcode;
  const std::string dir = LexDir();
  {
    std::ofstream f(dir + "/en/application.yaml", std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  std::vector<LexiconError> errors;
  auto cb = Codebook::Load(dir, &errors);
  if (!cb.ok()) {
    FUZZ_CHECK(!errors.empty());
    for (const LexiconError& e : errors) (void)e.ToString();
  } else {
    SentenceCoder coder(*cb);
    SentenceContext ctx;
    (void)coder.CodeText("The Government refuses to implement the mandate and rejects the resolution.", ctx);
  }
  return 0;
}
