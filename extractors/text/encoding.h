// Encoding detection and conversion to NFC UTF-8 with ICU.
#pragma once
#include <unicode/normalizer2.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/status.h"

namespace normcode {

struct DecodedText {
  std::string utf8;                   // NFC-normalised UTF-8, BOM removed
  std::string encoding;               // "UTF-8", "UTF-16LE", "UTF-16BE", "windows-1252", "ISO-8859-1"
  std::vector<SourceAnchor> anchors;  // utf8 byte offset -> source byte offset (sorted)
};

// Detects the encoding (BOM first, then strict UTF-8 validity, then UTF-16
// without BOM by NUL-byte pattern, then ICU's charset detector restricted to
// windows-1252 / ISO-8859-1) and converts. Invalid byte sequences in a file that
// is otherwise UTF-8 are an InvalidInput error naming the byte offset.
// Binary data (NUL bytes in an 8-bit file, control-byte density) is InvalidInput.
Status DecodeText(std::string_view raw, DecodedText* out);

// Maps a byte offset in DecodedText::utf8 (or any text with anchors) to a source byte offset.
uint64_t SourceOffset(const std::vector<SourceAnchor>& anchors, uint64_t text_offset);

// ICU's NFC and NFKD normalisers, each obtained once through a function-local static:
// every thread then sees its creation through the C++ static-init guard, which
// ThreadSanitizer understands (ICU's own lazy initialisation inside uninstrumented
// libicuuc it does not). Null when ICU cannot load its data.
const icu::Normalizer2* NfcInstance();
const icu::Normalizer2* NfkdInstance();

}  // namespace normcode
