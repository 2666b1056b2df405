// DecodeText: every supported encoding, the offset map, invalid and binary input, NFC.
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <string>
#include <vector>

#include "core/text.h"
#include "extractors/text/encoding.h"

using namespace normcode;

namespace {

// A test string as code points; encoders below produce the source bytes and the
// source byte offset of every code point.
const std::vector<char32_t> kSample = {
    U'C', U'\u00F4', U't', U'e', U' ', U'd', U'\u2019', U'I', U'v', U'o', U'i', U'r', U'e', U'\n',
    U'M', U'I', U'N', U'U', U'S', U'C', U'A', U' ', U'\u2013', U' ', U'G', U'u', U'\u00E9', U'h', U'e', U'n',
    U'n', U'o', U' ', U'\u20AC', U'5', U'\n', U'\u00AB', U'r', U'o', U'b', U'u', U's', U't', U'\u00BB', U'.'};

std::string Utf8(char32_t c) {
  std::string s;
  if (c < 0x80) s += static_cast<char>(c);
  else if (c < 0x800) { s += static_cast<char>(0xC0 | (c >> 6)); s += static_cast<char>(0x80 | (c & 0x3F)); }
  else if (c < 0x10000) {
    s += static_cast<char>(0xE0 | (c >> 12)); s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (c >> 18)); s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F)); s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

struct Encoded {
  std::string bytes;
  std::vector<uint64_t> src;  // source offset of each code point
};

Encoded EncUtf8(const std::vector<char32_t>& cps, std::string prefix = "") {
  Encoded e{prefix, {}};
  for (char32_t c : cps) { e.src.push_back(e.bytes.size()); e.bytes += Utf8(c); }
  return e;
}

Encoded EncUtf16(const std::vector<char32_t>& cps, bool le, bool bom) {
  Encoded e;
  auto unit = [&](uint16_t u) {
    if (le) { e.bytes += static_cast<char>(u & 0xFF); e.bytes += static_cast<char>(u >> 8); }
    else { e.bytes += static_cast<char>(u >> 8); e.bytes += static_cast<char>(u & 0xFF); }
  };
  if (bom) unit(0xFEFF);
  for (char32_t c : cps) {
    e.src.push_back(e.bytes.size());
    if (c >= 0x10000) {
      c -= 0x10000;
      unit(static_cast<uint16_t>(0xD800 + (c >> 10)));
      unit(static_cast<uint16_t>(0xDC00 + (c & 0x3FF)));
    } else {
      unit(static_cast<uint16_t>(c));
    }
  }
  return e;
}

// windows-1252 for the characters of kSample.
Encoded EncCp1252(const std::vector<char32_t>& cps) {
  Encoded e;
  for (char32_t c : cps) {
    e.src.push_back(e.bytes.size());
    switch (c) {
      case U'\u2019': e.bytes += '\x92'; break;
      case U'\u2013': e.bytes += '\x96'; break;
      case U'\u20AC': e.bytes += '\x80'; break;
      default:
        EXPECT_LT(c, 0x100u);
        e.bytes += static_cast<char>(c);
    }
  }
  return e;
}

std::string Expected(const std::vector<char32_t>& cps) {
  std::string s;
  for (char32_t c : cps) s += Utf8(c);
  return s;
}

// Checks that the anchor map sends every code point of the decoded text to the source
// byte it came from; `exact(i)` says which code points must be exact.
template <class Exact>
void CheckOffsets(const DecodedText& d, const std::vector<char32_t>& cps, const Encoded& e, Exact exact) {
  uint64_t t = 0;
  for (size_t i = 0; i < cps.size(); ++i) {
    if (exact(i)) {
      EXPECT_EQ(SourceOffset(d.anchors, t), e.src[i]) << "code point " << i;
    }
    t += Utf8(cps[i]).size();
  }
  EXPECT_EQ(t, d.utf8.size());
}

Status Decode(std::string_view raw, DecodedText* d) { return DecodeText(raw, d); }

}  // namespace

TEST(DecodeText, Utf8WithAndWithoutBom) {
  for (bool bom : {false, true}) {
    Encoded e = EncUtf8(kSample, bom ? "\xEF\xBB\xBF" : "");
    DecodedText d;
    ASSERT_TRUE(Decode(e.bytes, &d).ok());
    EXPECT_EQ(d.encoding, "UTF-8");
    EXPECT_EQ(d.utf8, Expected(kSample));
    CheckOffsets(d, kSample, e, [](size_t) { return true; });
  }
}

TEST(DecodeText, Utf16WithBomBothOrders) {
  for (bool le : {true, false}) {
    std::vector<char32_t> cps = kSample;
    cps.push_back(U'\U0001F30D');  // a surrogate pair
    cps.push_back(U'!');
    Encoded e = EncUtf16(cps, le, true);
    DecodedText d;
    Status s = Decode(e.bytes, &d);
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(d.encoding, le ? "UTF-16LE" : "UTF-16BE");
    EXPECT_EQ(d.utf8, Expected(cps));
    // Exact at line starts, word starts and every non-ASCII character (documented).
    CheckOffsets(d, cps, e, [&](size_t i) {
      bool word_start = i == 0 || !std::isalnum(static_cast<int>(cps[i - 1] < 0x80 ? cps[i - 1] : 0)) ||
                        cps[i - 1] >= 0x80;
      return cps[i] >= 0x80 || word_start || !std::isalnum(static_cast<int>(cps[i]));
    });
  }
}

TEST(DecodeText, Utf16WithoutBomIsRecognisedByNulPattern) {
  for (bool le : {true, false}) {
    Encoded e = EncUtf16(kSample, le, false);
    DecodedText d;
    Status s = Decode(e.bytes, &d);
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(d.encoding, le ? "UTF-16LE" : "UTF-16BE");
    EXPECT_EQ(d.utf8, Expected(kSample));
    size_t nl = d.utf8.find('\n');
    EXPECT_EQ(SourceOffset(d.anchors, nl + 1), e.src[14]);  // start of line 2 ("MINUSCA")
  }
}

TEST(DecodeText, Utf16UnpairedSurrogateIsRejected) {
  Encoded e = EncUtf16({U'a', U'b'}, true, true);
  e.bytes += std::string("\x00\xD8", 2);  // lone high surrogate at byte 6
  e.bytes += std::string("c\x00", 2);
  DecodedText d;
  Status s = Decode(e.bytes, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_NE(s.message().find("offset 6"), std::string::npos) << s.ToString();
}

TEST(DecodeText, Windows1252IsExactPerCharacter) {
  Encoded e = EncCp1252(kSample);
  DecodedText d;
  Status s = Decode(e.bytes, &d);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(d.encoding, "windows-1252");
  EXPECT_EQ(d.utf8, Expected(kSample));
  CheckOffsets(d, kSample, e, [](size_t) { return true; });
}

TEST(DecodeText, Latin1LabelOnlyWhenDetectionIsClear) {
  // Long French text, no byte in 0x80-0x9F: ICU is confident it is ISO-8859-1.
  std::string fr;
  for (int i = 0; i < 20; ++i)
    fr += "Le Conseil de s\xE9""curit\xE9 a d\xE9""cid\xE9 que la force \xE9tait pr\xEAte \xE0 prot\xE9ger les "
          "civils. Les casques bleus ont re\xE7u leur mandat. ";
  DecodedText d;
  ASSERT_TRUE(Decode(fr, &d).ok());
  EXPECT_EQ(d.encoding, "ISO-8859-1");
  EXPECT_NE(d.utf8.find("s\xC3\xA9""curit\xC3\xA9"), std::string::npos);
  // Short text: not clear -> windows-1252 (same characters).
  ASSERT_TRUE(Decode("The r\xE9sum\xE9 of the caf\xE9 owner.", &d).ok());
  EXPECT_EQ(d.encoding, "windows-1252");
  EXPECT_EQ(d.utf8, "The r\xC3\xA9sum\xC3\xA9 of the caf\xC3\xA9 owner.");
  // A C1-range byte decides for windows-1252 even in long French text.
  ASSERT_TRUE(Decode(fr + "\x93" "robuste\x94", &d).ok());
  EXPECT_EQ(d.encoding, "windows-1252");
  EXPECT_NE(d.utf8.find("\xE2\x80\x9Crobuste\xE2\x80\x9D"), std::string::npos);
}

TEST(DecodeText, SingleHighByteInAsciiFileIsWindows1252) {
  DecodedText d;
  for (std::string raw : {std::string("\xE9t\xE9 2004"), std::string("caf\xE9"), std::string("na\xEFve text")}) {
    Status s = Decode(raw, &d);
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(d.encoding, "windows-1252");
    EXPECT_TRUE(IsValidUtf8(d.utf8));
  }
}

TEST(DecodeText, InvalidBytesInMostlyUtf8FileAreRejectedWithOffset) {
  std::string good = "Sébastien — Côte d’Ivoire, Guéhenno.";
  struct Case {
    std::string raw;
    size_t offset;
  } cases[] = {
      {"\xFF" + good, 0},
      {good.substr(0, 10) + "\xC3(" + good.substr(10), 10},  // truncated sequence in the middle
      {good + "\xE2\x80", good.size()},                    // cut at the end
      {good + "\xED\xA0\x80" + good, good.size()},         // encoded surrogate
  };
  for (const Case& c : cases) {
    DecodedText d;
    Status s = Decode(c.raw, &d);
    EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.ToString();
    EXPECT_NE(s.message().find("invalid UTF-8 at byte offset " + std::to_string(c.offset)), std::string::npos)
        << s.ToString();
  }
  // With a UTF-8 BOM any invalid byte is rejected.
  DecodedText d;
  Status s = Decode("\xEF\xBB\xBF" "abc\xFF", &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_NE(s.message().find("offset 6"), std::string::npos) << s.ToString();
}

TEST(DecodeText, BinaryAndEmptyInputs) {
  DecodedText d;
  Status s = Decode("", &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_EQ(s.message(), "empty file");

  s = Decode(std::string("abc\0def\xE9", 8), &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_NE(s.message().find("binary data"), std::string::npos);
  s = Decode(std::string("plain text\0", 11), &d);
  EXPECT_NE(s.message().find("binary data"), std::string::npos);

  std::string ctl;
  for (int i = 0; i < 200; ++i) ctl += (i % 4 == 0) ? '\x01' : 'a';
  s = Decode(ctl, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_NE(s.message().find("binary data"), std::string::npos);

  // A few escapes/controls in a long text are fine.
  std::string text(1000, 'x');
  text[10] = '\x07';
  text[500] = '\x1B';
  EXPECT_TRUE(Decode(text, &d).ok());

  // A BOM alone is an empty file.
  s = Decode("\xEF\xBB\xBF", &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
}

TEST(DecodeText, NfcComposesAndKeepsOffsets) {
  // "Ge" + combining acute + "rard x" -> "Gérard x"; NFC changes the byte length.
  std::string raw = "Line one\nGe\xCC\x81rard xyz\nAngstrom \xE2\x84\xAB end";
  DecodedText d;
  ASSERT_TRUE(Decode(raw, &d).ok());
  EXPECT_EQ(d.utf8, "Line one\nG\xC3\xA9rard xyz\nAngstrom \xC3\x85 end");
  // 'r' after the composed é, "xyz", line 3 and "end" map to their source bytes.
  EXPECT_EQ(SourceOffset(d.anchors, d.utf8.find("rard")), raw.find("rard"));
  EXPECT_EQ(SourceOffset(d.anchors, d.utf8.find("xyz")), raw.find("xyz"));
  EXPECT_EQ(SourceOffset(d.anchors, d.utf8.find("Angstrom")), raw.find("Angstrom"));
  EXPECT_EQ(SourceOffset(d.anchors, d.utf8.find("end")), raw.find("end"));
  EXPECT_EQ(SourceOffset(d.anchors, d.utf8.find("\xC3\xA9")), raw.find("e\xCC\x81"));
  // Same through windows-1252? Not applicable (no combining marks); through UTF-16:
  std::vector<char32_t> cps = {U'x', U'e', U'\u0301', U' ', U'y'};
  Encoded e = EncUtf16(cps, true, true);
  ASSERT_TRUE(Decode(e.bytes, &d).ok());
  EXPECT_EQ(d.utf8, "x\xC3\xA9 y");
  EXPECT_EQ(SourceOffset(d.anchors, 4), e.src[4]);  // 'y'
}

TEST(DecodeText, LargeInputIsLinear) {
  // 24 MB of windows-1252 with accents and 8 MB of decomposed UTF-8: must finish quickly.
  std::string big;
  big.reserve(24u << 20);
  while (big.size() < (24u << 20)) big += "Le Conseil de s\xE9" "curit\xE9 \x96 MINUSTAH\n";
  auto t0 = std::chrono::steady_clock::now();
  DecodedText d;
  ASSERT_TRUE(Decode(big, &d).ok());
  EXPECT_EQ(d.encoding, "windows-1252");
  size_t last = d.utf8.rfind("MINUSTAH");
  EXPECT_EQ(SourceOffset(d.anchors, last), big.rfind("MINUSTAH"));
  std::string dec;
  while (dec.size() < (8u << 20)) dec += "Ge\xCC\x81rard the peacekeeper.\n";
  ASSERT_TRUE(Decode(dec, &d).ok());
  last = d.utf8.rfind("peacekeeper");
  EXPECT_EQ(SourceOffset(d.anchors, last), dec.rfind("peacekeeper"));
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(secs, 60.0);  // generous for sanitizer builds; quadratic would take hours
}
