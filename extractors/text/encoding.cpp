// Encoding detection and conversion to NFC UTF-8 (ICU).
//
// Decision order (DecodeText):
//   1. empty input                          -> InvalidInput "empty file"
//   2. BOM: EF BB BF / FF FE / FE FF        -> UTF-8 / UTF-16LE / UTF-16BE
//   3. UTF-16 without BOM: in the first 64 KiB, at least 40% of the code units
//      have a NUL high byte in one position (odd bytes for LE, even for BE) and
//      almost none in the other                -> UTF-16LE / UTF-16BE
//   4. binary: any NUL byte in an 8-bit file, or more than 5% C0 control bytes
//      other than TAB/LF/VT/FF/CR/ESC         -> InvalidInput "binary data"
//   5. strictly valid UTF-8                 -> UTF-8
//   6. invalid UTF-8 but with at least as many well-formed multi-byte sequences
//      as invalid bytes ("mostly UTF-8")    -> InvalidInput naming the byte offset of
//      the first invalid sequence. We REJECT rather than guess: a file that mixes
//      UTF-8 with stray 8-bit bytes is corrupt (concatenated files, a broken
//      transcoding), and any guess would silently change characters in evidence.
//   7. otherwise an 8-bit file: ICU's charset detector restricted to windows-1252 /
//      ISO-8859-1. windows-1252 is the default; ISO-8859-1 is reported only when the
//      detector ranks it first among the two with confidence >= 90 (ICU's
//      "clearly": long natural-language Latin-1 text) AND the file has no byte in 0x80-0x9F
//      (where the two differ: in ISO-8859-1 those are C1 controls). For files without
//      such bytes both decode to the same characters; only the label differs.
//
// Conversion: the source is first converted to UTF-8 (ucnv for the 8-bit tables,
// code-unit decoding for UTF-16, with unpaired surrogates an InvalidInput error) while
// recording anchors, then NFC-normalised with icu::Normalizer2::normalizeUTF8, whose
// icu::Edits give the exact mapping of every unchanged stretch; both maps are composed.
//
// Anchors (slope 1 between anchors, see core/document.h):
//   UTF-8:         exact everywhere except inside a sequence that NFC changed.
//   8-bit:         exact at every character (an anchor before and after every
//                  non-ASCII character, ASCII runs are slope 1).
//   UTF-16:        one code unit is 2 source bytes, so slope 1 cannot hold inside a run;
//                  anchors at every line start, every word start (after whitespace or
//                  punctuation) and every non-ASCII character; inside an ASCII word the
//                  offset is approximate (at most the word length short). This bounds the
//                  anchor table to about one entry per word instead of one per character.
// Everything is one linear pass over the input (plus ucsdet on a 1 MiB prefix).
#include "extractors/text/encoding.h"

#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <memory>

#include "core/text.h"

namespace normcode {

namespace {
// One ICU normaliser getter called with its own error code: the result only when it succeeded.
const icu::Normalizer2* Obtain(const icu::Normalizer2* (*get)(UErrorCode&)) {
  UErrorCode ec = U_ZERO_ERROR;
  const icu::Normalizer2* n = get(ec);
  return U_SUCCESS(ec) ? n : nullptr;
}
}  // namespace

const icu::Normalizer2* NfcInstance() {
  static const icu::Normalizer2* nfc = Obtain(&icu::Normalizer2::getNFCInstance);
  return nfc;
}

const icu::Normalizer2* NfkdInstance() {
  static const icu::Normalizer2* nfkd = Obtain(&icu::Normalizer2::getNFKDInstance);
  return nfkd;
}


namespace {

constexpr size_t kSniffBytes = 64 * 1024;
constexpr size_t kDetectorBytes = 1 << 20;

inline unsigned char U(char c) { return static_cast<unsigned char>(c); }

// Appends an anchor unless it is implied by the previous one (slope 1).
void PushAnchor(std::vector<SourceAnchor>* a, uint64_t text, uint64_t src) {
  if (!a->empty()) {
    const SourceAnchor& b = a->back();
    if (b.text_offset == text) {
      a->back().source_offset = src;
      // Re-check against the one before (keep the table minimal).
      if (a->size() >= 2) {
        const SourceAnchor& p = (*a)[a->size() - 2];
        if (p.source_offset + (text - p.text_offset) == src) a->pop_back();
      }
      return;
    }
    if (b.source_offset + (text - b.text_offset) == src) return;
  }
  a->push_back({text, src});
}

// Length of a well-formed UTF-8 sequence at s[i], 0 if ill-formed (same rules as core/text.cpp).
size_t SeqLen(const unsigned char* p, size_t n, size_t i) {
  unsigned char c = p[i];
  if (c < 0x80) return 1;
  auto cont = [&](size_t k) { return i + k < n && (p[i + k] & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && p[i + 1] < 0xA0) return 0;
    if (c == 0xED && p[i + 1] >= 0xA0) return 0;
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && p[i + 1] < 0x90) return 0;
    if (c == 0xF4 && p[i + 1] >= 0x90) return 0;
    return 4;
  }
  return 0;
}

struct Utf8Scan {
  uint64_t multibyte = 0;     // well-formed sequences of 2..4 bytes
  uint64_t invalid = 0;       // ill-formed bytes
  uint64_t first_invalid = 0;
};

Utf8Scan ScanUtf8(std::string_view s) {
  Utf8Scan r;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  for (size_t i = 0; i < n;) {
    if (p[i] < 0x80) { ++i; continue; }
    size_t l = SeqLen(p, n, i);
    if (l == 0) {
      if (r.invalid == 0) r.first_invalid = i;
      ++r.invalid;
      ++i;
    } else {
      ++r.multibyte;
      i += l;
    }
  }
  return r;
}

bool IsBinaryControl(unsigned char c) {
  // C0 controls that do not occur in text. ESC (0x1B) is allowed: terminal captures.
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' && c != 0x1B) ||
         c == 0x7F;
}

// 0 = not UTF-16, 1 = LE, 2 = BE.
int SniffUtf16(std::string_view s) {
  size_t n = std::min(s.size(), kSniffBytes) & ~size_t{1};
  if (n < 4) return 0;
  size_t even_nul = 0, odd_nul = 0;
  for (size_t i = 0; i < n; i += 2) {
    if (s[i] == 0) ++even_nul;
    if (s[i + 1] == 0) ++odd_nul;
  }
  size_t units = n / 2;
  // Latin text in UTF-16 has a NUL high byte in nearly every unit; CJK text has none,
  // so only Latin-script UTF-16 is detected without BOM (documented limitation).
  if (odd_nul * 10 >= units * 4 && even_nul * 20 <= units) return 1;
  if (even_nul * 10 >= units * 4 && odd_nul * 20 <= units) return 2;
  return 0;
}

Status CheckBinary(std::string_view s) {
  uint64_t ctrl = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = U(s[i]);
    if (c == 0) return Status::InvalidInput("binary data: NUL byte at offset " + std::to_string(i));
    if (IsBinaryControl(c)) ++ctrl;
  }
  if (ctrl * 20 > s.size())
    return Status::InvalidInput("binary data: " + std::to_string(ctrl) + " control bytes in " +
                                std::to_string(s.size()));
  return Status::OK();
}

// windows-1252 or ISO-8859-1 for an 8-bit file (see the header comment).
std::string Detect8Bit(std::string_view s) {
  bool has_c1 = false;
  for (char c : s) {
    unsigned char u = U(c);
    if (u >= 0x80 && u <= 0x9F) { has_c1 = true; break; }
  }
  if (has_c1) return "windows-1252";
  UErrorCode ec = U_ZERO_ERROR;
  UCharsetDetector* det = ucsdet_open(&ec);
  if (U_FAILURE(ec)) return "windows-1252";
  std::string result = "windows-1252";
  ucsdet_enableInputFilter(det, true);
  int32_t len = static_cast<int32_t>(std::min(s.size(), kDetectorBytes));
  ucsdet_setText(det, s.data(), len, &ec);
  int32_t found = 0;
  const UCharsetMatch** all = U_SUCCESS(ec) ? ucsdet_detectAll(det, &found, &ec) : nullptr;
  if (U_SUCCESS(ec) && all) {
    for (int32_t i = 0; i < found; ++i) {
      UErrorCode e2 = U_ZERO_ERROR;
      const char* name = ucsdet_getName(all[i], &e2);
      if (U_FAILURE(e2) || !name) continue;
      if (std::strcmp(name, "ISO-8859-1") == 0 || std::strcmp(name, "windows-1252") == 0) {
        int32_t conf = ucsdet_getConfidence(all[i], &e2);
        if (std::strcmp(name, "ISO-8859-1") == 0 && conf >= 90) result = "ISO-8859-1";
        break;  // the best-ranked of the two decides
      }
    }
  }
  ucsdet_close(det);
  return result;
}

void AppendUtf8(std::string* out, UChar32 c) {
  char buf[4];
  int32_t k = 0;
  UBool err = false;
  U8_APPEND(buf, k, 4, c, err);
  if (err) { out->append("\xEF\xBF\xBD"); return; }
  out->append(buf, static_cast<size_t>(k));
}

Status ConvertSingleByte(std::string_view s, const std::string& enc, std::string* out,
                         std::vector<SourceAnchor>* anchors) {
  // Build the 128-entry table for the high half with ucnv (ASCII is identity in both).
  UErrorCode ec = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> cnv(ucnv_open(enc.c_str(), &ec), ucnv_close);
  if (U_FAILURE(ec)) return Status::Internal("ICU converter " + enc + ": " + u_errorName(ec));
  std::array<std::string, 128> table;
  for (int b = 0x80; b < 0x100; ++b) {
    char in = static_cast<char>(b);
    UChar buf[4];
    ec = U_ZERO_ERROR;
    ucnv_reset(cnv.get());
    int32_t n = ucnv_toUChars(cnv.get(), buf, 4, &in, 1, &ec);
    UChar32 c = 0xFFFD;
    if (U_SUCCESS(ec) && n >= 1) c = buf[0];
    // Unassigned windows-1252 bytes (0x81, 0x8D, ...) come back as U+001A or U+FFFD;
    // keep them as U+FFFD so no control character enters the text.
    if (c < 0x20 || c == 0x1A) c = 0xFFFD;
    AppendUtf8(&table[b - 0x80], c);
  }
  out->clear();
  out->reserve(s.size() + s.size() / 8);
  anchors->clear();
  anchors->push_back({0, 0});
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = U(s[i]);
    if (c < 0x80) { out->push_back(static_cast<char>(c)); continue; }
    PushAnchor(anchors, out->size(), i);
    out->append(table[c - 0x80]);
    PushAnchor(anchors, out->size(), i + 1);
  }
  return Status::OK();
}

Status ConvertUtf16(std::string_view s, size_t start, bool le, std::string* out,
                    std::vector<SourceAnchor>* anchors) {
  out->clear();
  out->reserve((s.size() - start) / 2 + 16);
  anchors->clear();
  anchors->push_back({0, start});
  auto unit = [&](size_t i) -> uint16_t {
    unsigned char a = U(s[i]), b = U(s[i + 1]);
    return le ? static_cast<uint16_t>(a | (b << 8)) : static_cast<uint16_t>((a << 8) | b);
  };
  bool word_start = true;
  uint64_t ctrl = 0, chars = 0;
  size_t i = start;
  for (; i + 1 < s.size();) {
    uint16_t u = unit(i);
    size_t len = 2;
    UChar32 c = u;
    if (U16_IS_LEAD(u)) {
      if (i + 3 < s.size() && U16_IS_TRAIL(unit(i + 2))) {
        c = U16_GET_SUPPLEMENTARY(u, unit(i + 2));
        len = 4;
      } else {
        return Status::InvalidInput("invalid UTF-16: unpaired surrogate at byte offset " + std::to_string(i));
      }
    } else if (U16_IS_TRAIL(u)) {
      return Status::InvalidInput("invalid UTF-16: unpaired surrogate at byte offset " + std::to_string(i));
    }
    if (c == 0) return Status::InvalidInput("binary data: NUL character at byte offset " + std::to_string(i));
    ++chars;
    if (c < 0x80 && IsBinaryControl(static_cast<unsigned char>(c))) ++ctrl;
    bool ascii_word_char = c < 0x80 && (std::isalnum(static_cast<int>(c)) != 0);
    if (!ascii_word_char || word_start) PushAnchor(anchors, out->size(), i);
    AppendUtf8(out, c);
    word_start = !ascii_word_char;
    i += len;
  }
  if (i < s.size()) return Status::InvalidInput("invalid UTF-16: odd trailing byte at offset " + std::to_string(i));
  if (ctrl * 20 > chars)
    return Status::InvalidInput("binary data: " + std::to_string(ctrl) + " control characters in " +
                                std::to_string(chars));
  PushAnchor(anchors, out->size(), i);
  return Status::OK();
}

// NFC-normalises `mid` (with anchors mid->source) into out->utf8 / out->anchors.
Status NormalizeNfc(std::string mid, std::vector<SourceAnchor> mid_anchors, DecodedText* out) {
  UErrorCode ec = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = NfcInstance();
  if (!nfc) return Status::Internal("ICU NFC normaliser unavailable");
  if (mid.size() > static_cast<size_t>(INT32_MAX))
    return Status::LimitExceeded("text of more than 2 GiB cannot be normalised");
  // Fast path: already NFC (the common case for UTF-8 sources).
  if (nfc->isNormalizedUTF8(icu::StringPiece(mid.data(), static_cast<int32_t>(mid.size())), ec) &&
      U_SUCCESS(ec)) {
    out->utf8 = std::move(mid);
    out->anchors = std::move(mid_anchors);
    return Status::OK();
  }
  ec = U_ZERO_ERROR;
  std::string result;
  result.reserve(mid.size());
  icu::StringByteSink<std::string> sink(&result);
  icu::Edits edits;
  nfc->normalizeUTF8(0, icu::StringPiece(mid.data(), static_cast<int32_t>(mid.size())), sink, &edits, ec);
  if (U_FAILURE(ec)) return Status::Internal(std::string("ICU NFC: ") + u_errorName(ec));

  // Compose: result offset -> mid offset (from edits) -> source (mid_anchors).
  std::vector<SourceAnchor> anchors;
  anchors.reserve(mid_anchors.size() + 16);
  size_t k = 0;  // index into mid_anchors: last anchor with text_offset <= current mid offset
  auto src_of = [&](uint64_t m) {
    while (k + 1 < mid_anchors.size() && mid_anchors[k + 1].text_offset <= m) ++k;
    const SourceAnchor& a = mid_anchors[k];
    return a.source_offset + (m - a.text_offset);
  };
  icu::Edits::Iterator it = edits.getFineIterator();
  while (it.next(ec)) {
    uint64_t m0 = static_cast<uint64_t>(it.sourceIndex());
    uint64_t r0 = static_cast<uint64_t>(it.destinationIndex());
    PushAnchor(&anchors, r0, src_of(m0));
    if (!it.hasChange()) {
      uint64_t len = static_cast<uint64_t>(it.oldLength());
      // Anchors of mid strictly inside the unchanged stretch carry over shifted.
      size_t j = k + 1;
      while (j < mid_anchors.size() && mid_anchors[j].text_offset < m0 + len) {
        PushAnchor(&anchors, r0 + (mid_anchors[j].text_offset - m0), mid_anchors[j].source_offset);
        ++j;
      }
    }
  }
  if (U_FAILURE(ec)) return Status::Internal(std::string("ICU edits: ") + u_errorName(ec));
  PushAnchor(&anchors, result.size(), src_of(mid.size()));
  out->utf8 = std::move(result);
  out->anchors = std::move(anchors);
  return Status::OK();
}

}  // namespace

Status DecodeText(std::string_view raw, DecodedText* out) {
  *out = DecodedText{};
  if (raw.empty()) return Status::InvalidInput("empty file");

  std::string mid;
  std::vector<SourceAnchor> mid_anchors;

  auto decode_utf8 = [&](size_t start) -> Status {
    std::string_view body = raw.substr(start);
    if (body.find('\0') != std::string_view::npos)
      return Status::InvalidInput("binary data: NUL byte at offset " + std::to_string(start + body.find('\0')));
    Utf8Scan sc = ScanUtf8(body);
    if (sc.invalid > 0)
      return Status::InvalidInput("invalid UTF-8 at byte offset " + std::to_string(start + sc.first_invalid));
    mid.assign(body);
    mid_anchors = {{0, start}};
    out->encoding = "UTF-8";
    return Status::OK();
  };

  Status st;
  if (raw.size() >= 3 && raw.substr(0, 3) == "\xEF\xBB\xBF") {
    st = decode_utf8(3);
  } else if (raw.size() >= 2 && (raw.substr(0, 2) == "\xFF\xFE" || raw.substr(0, 2) == "\xFE\xFF")) {
    bool le = U(raw[0]) == 0xFF;
    out->encoding = le ? "UTF-16LE" : "UTF-16BE";
    st = ConvertUtf16(raw, 2, le, &mid, &mid_anchors);
  } else if (int u16 = SniffUtf16(raw); u16 != 0) {
    out->encoding = u16 == 1 ? "UTF-16LE" : "UTF-16BE";
    st = ConvertUtf16(raw, 0, u16 == 1, &mid, &mid_anchors);
  } else {
    st = CheckBinary(raw);
    if (!st.ok()) return st;
    Utf8Scan sc = ScanUtf8(raw);
    if (sc.invalid == 0) {
      st = decode_utf8(0);
    } else if (sc.multibyte >= sc.invalid) {
      return Status::InvalidInput("invalid UTF-8 at byte offset " + std::to_string(sc.first_invalid) +
                                  " in a file that is otherwise UTF-8 (" + std::to_string(sc.invalid) +
                                  " invalid bytes, " + std::to_string(sc.multibyte) +
                                  " valid multi-byte sequences); refusing to guess");
    } else {
      out->encoding = Detect8Bit(raw);
      st = ConvertSingleByte(raw, out->encoding, &mid, &mid_anchors);
    }
  }
  if (!st.ok()) return st;
  if (mid.empty()) return Status::InvalidInput("empty file");
  std::string enc = out->encoding;
  st = NormalizeNfc(std::move(mid), std::move(mid_anchors), out);
  out->encoding = enc;
  return st;
}

uint64_t SourceOffset(const std::vector<SourceAnchor>& anchors, uint64_t text_offset) {
  auto it = std::upper_bound(anchors.begin(), anchors.end(), text_offset,
                             [](uint64_t v, const SourceAnchor& a) { return v < a.text_offset; });
  if (it == anchors.begin()) return text_offset;
  --it;
  return it->source_offset + (text_offset - it->text_offset);
}

}  // namespace normcode
