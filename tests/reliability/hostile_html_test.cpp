// Hostile HTML that once hung or could hang the readers (regressions found by
// tests/cli/hostile_run.sh and the fuzz targets). Each case must end quickly with
// a clear LimitExceeded/InvalidInput naming the limit, or read correctly.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include "extractors/readers/reader.h"

namespace normcode {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string ManyAttributes(int n, const std::string& text) {
  std::string s = "<html><body><p";
  for (int i = 0; i < n; ++i) s += " a" + std::to_string(i) + "=\"1\"";
  return s + ">" + text + "</p></body></html>";
}

// gumbo checks every new attribute against all earlier ones of the element, so
// a million attributes took hours. The pre-scan refuses them first (hostile_run.sh found it).
TEST(HostileHtml, MillionAttributesAreRefusedQuicklyNamingTheLimit) {
  const std::string html = ManyAttributes(1000000, "Mr. Sardenberg (Brazil): We reject the mandate.");
  Document doc;
  auto t0 = Clock::now();
  Status st = ReadDocument(html, "attrs.html", Limits{}, &doc);
  EXPECT_LT(Seconds(t0), 10.0);
  EXPECT_EQ(st.code(), Status::Code::kLimitExceeded) << st.ToString();
  EXPECT_NE(st.message().find("max_html_attributes="), std::string::npos) << st.ToString();
  EXPECT_NE(st.message().find("at byte 12"), std::string::npos) << st.ToString();  // the <p at offset 12
}

// A quoted attribute value full of spaces and '=' is one attribute, not thousands.
TEST(HostileHtml, AttributeValuesDoNotCountAsAttributes) {
  std::string value(200000, ' ');
  for (size_t i = 0; i < value.size(); i += 2) value[i] = 'x';
  const std::string html = "<html><head><title>T</title></head><body><p title=\"" + value +
                           "\" class='a b c d e'>The Government of the Sudan refuses to implement the mandate.</p>"
                           "<p>Second paragraph with more text.</p></body></html>";
  Document doc;
  Status st = ReadDocument(html, "values.html", Limits{}, &doc);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_NE(doc.text.find("refuses to implement the mandate"), std::string::npos);
}

// Just under the limit still parses, and the text is there.
TEST(HostileHtml, ManyButFewerAttributesThanTheLimitAreRead) {
  const std::string html = ManyAttributes(4000, "The Government of the Sudan refuses to implement the mandate.");
  Document doc;
  auto t0 = Clock::now();
  Status st = ReadDocument(html, "attrs.html", Limits{}, &doc);
  EXPECT_LT(Seconds(t0), 20.0);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_NE(doc.text.find("refuses to implement the mandate"), std::string::npos);
}

// The sample records have nowhere near that many attributes: none is refused.
TEST(HostileHtml, SampleRecordsAreNotAffectedByTheAttributeLimit) {
  for (const char* f : {"/unsc/S-PV-4961.html", "/unsc-debates/S-PV-5043.html", "/unsc-debates/S-PV-5577.html"}) {
    std::ifstream in(std::string(NORMCODE_SHARED_DIR) + "/corpus-sample" + f, std::ios::binary);
    ASSERT_TRUE(in) << f;
    std::stringstream ss;
    ss << in.rdbuf();
    Document doc;
    Status st = ReadDocument(ss.str(), f, Limits{}, &doc);
    EXPECT_TRUE(st.ok()) << f << ": " << st.ToString();
    EXPECT_GT(doc.turns.size(), 3u) << f;
  }
}


// The attribute limit is a Limits field (run --limit-max-html-attributes): the same
// element passes under a larger limit and is refused under a smaller one, naming it.
TEST(HostileHtml, AttributeLimitIsConfigurable) {
  const std::string html = ManyAttributes(50, "The battalion refused to deploy beyond the perimeter.");
  Limits tight;
  tight.max_html_attributes = 10;
  Document doc;
  Status st = ReadDocument(html, "attrs.html", tight, &doc);
  EXPECT_EQ(st.code(), Status::Code::kLimitExceeded) << st.ToString();
  EXPECT_NE(st.message().find("max_html_attributes=10"), std::string::npos) << st.ToString();
  Limits loose;
  loose.max_html_attributes = 50;
  Document ok;
  Status st2 = ReadDocument(html, "attrs.html", loose, &ok);
  EXPECT_NE(st2.code(), Status::Code::kLimitExceeded) << st2.ToString();
}

}  // namespace
}  // namespace normcode
