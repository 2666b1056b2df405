#include <gtest/gtest.h>

#include "core/status.h"
#include "core/text.h"

using namespace normcode;

TEST(CharIndex, MapsBytesToCodePointsBothWays) {
  std::string s = "Côte d’Ivoire – MINUSCA ";
  for (int i = 0; i < 300; ++i) s += "é";  // cross a stride boundary
  s += "x";
  CharIndex idx(s);
  uint64_t ch = 0;
  for (size_t b = 0; b <= s.size(); ++b) {
    if (b < s.size() && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) continue;
    EXPECT_EQ(idx.ToChar(b), ch) << b;
    EXPECT_EQ(idx.ToByte(ch), b) << ch;
    ++ch;
  }
  EXPECT_EQ(idx.chars(), ch - 1);
}

TEST(Utf8, ValidityAndPrintableNames) {
  EXPECT_TRUE(IsValidUtf8("Sébastien"));
  EXPECT_FALSE(IsValidUtf8("bad \xC3("));
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong
  EXPECT_EQ(PrintableName("a\nb\xFF.html"), "a\\nb\\xFF.html");
  EXPECT_EQ(PrintableName("Côte.txt"), "Côte.txt");
}

TEST(Status, CarriesCodeAndMessage) {
  Status s = Status::LimitExceeded("x.html: max_document_bytes=10");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.ToString(), "limit exceeded: x.html: max_document_bytes=10");
  StatusOr<int> v(42);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 42);
  StatusOr<int> e(Status::NotFound("nope"));
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), Status::Code::kNotFound);
}

TEST(Utf8, ByteOfCodePointAgreesWithCharIndexAndClamps) {
  std::string s = "« Côte d’Ivoire » 和平";
  CharIndex idx(s);
  for (uint64_t ch = 0; ch <= idx.chars(); ++ch) EXPECT_EQ(ByteOfCodePoint(s, static_cast<int64_t>(ch)), idx.ToByte(ch)) << ch;
  EXPECT_EQ(ByteOfCodePoint(s, -3), 0u);
  EXPECT_EQ(ByteOfCodePoint(s, 1000), s.size());
}
