// Format detection from content (the name only breaks ties) and ReadDocument dispatch,
// on small generated inputs for every format.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "extractors/readers/reader.h"
#include "extractors/text/encoding.h"

using namespace normcode;

namespace {

// A real archive written by libarchive: format is ARCHIVE_FORMAT_ZIP or _TAR_USTAR.
std::string MakeArchive(int format, const std::vector<std::pair<std::string, std::string>>& members) {
  std::vector<char> buf(1 << 20);
  size_t used = 0;
  archive* a = archive_write_new();
  archive_write_set_format(a, format);
  EXPECT_EQ(archive_write_open_memory(a, buf.data(), buf.size(), &used), ARCHIVE_OK);
  for (const auto& [name, data] : members) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    EXPECT_EQ(archive_write_header(a, e), ARCHIVE_OK);
    archive_write_data(a, data.data(), data.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  return std::string(buf.data(), used);
}

const char* kUnRecord =
    "<html><head><link href=\"unview.css\" type=\"text/css\" rel=\"stylesheet\"></head><body>\n"
    "<div class=\"heading\" id=\"pg000-bk00\"><span class=\"code\">S-PV-1234</span> "
    "<span class=\"date\">2005-01-02</span></div>\n"
    "<div class=\"italicline\"><p>The meeting was called to order at 10.05 a.m.</p></div>\n"
    "<div class=\"spoken\"><h3 class=\"speaker\"> <span class=\"name\">Mr. Sardenberg</span> "
    "<span class=\"nation\">Brazil</span> </h3><p>MINUSTAH must be able to use force.</p></div>\n"
    "<div class=\"end-document\"></div></body></html>\n";

const char* kReport =
    "<!DOCTYPE html>\n<html><head><title>Report of the Secretary-General on the United Nations "
    "Stabilization Mission in Haiti (S/2005/631)</title><style>p{x:y}</style></head><body>\n"
    "<h1>Report of the Secretary-General on Haiti</h1>\n"
    "<p>1. The present report is submitted pursuant to resolution 1608 (2005).</p>\n"
    "<ul><li>Security &amp; stability</li><li>Elections</li></ul>\n"
    "<div>The Force conducted <b>robust</b> operations in Cit&eacute; Soleil.</div>\n"
    "</body></html>\n";

}  // namespace

TEST(DetectFormat, MagicBytes) {
  EXPECT_EQ(DetectFormat("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n", "x.txt"), Format::kPdf);
  std::string docx = MakeArchive(ARCHIVE_FORMAT_ZIP, {{"[Content_Types].xml", "<Types/>"},
                                                      {"word/document.xml", "<w:document/>"}});
  EXPECT_EQ(DetectFormat(docx, "report.bin"), Format::kDocx);
  std::string zip = MakeArchive(ARCHIVE_FORMAT_ZIP, {{"a/S-PV-4961.html", kUnRecord}});
  EXPECT_EQ(DetectFormat(zip, "records.docx"), Format::kZip);  // content wins over the name
  std::string tar = MakeArchive(ARCHIVE_FORMAT_TAR_USTAR, {{"S-PV-4961.html", kUnRecord}});
  EXPECT_EQ(DetectFormat(tar, "records.zip"), Format::kTar);
  EXPECT_EQ(DetectFormat(std::string("\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03", 10), "x.html"), Format::kGzip);
  EXPECT_EQ(DetectFormat(std::string("\x7F" "ELF\x02\x01\x01\x00\x00\x00", 10), "a.txt"), Format::kUnknown);
  EXPECT_EQ(DetectFormat("", "a.txt"), Format::kUnknown);
}

TEST(DetectFormat, MarkupAndText) {
  EXPECT_EQ(DetectFormat(kUnRecord, "x.txt"), Format::kUnHtml);
  // A record cut before its first block is still recognised (its stylesheet).
  std::string cut(kUnRecord);
  EXPECT_EQ(DetectFormat(cut.substr(0, cut.find("<div")), "x"), Format::kUnHtml);
  EXPECT_EQ(DetectFormat(kReport, "report"), Format::kHtml);
  EXPECT_EQ(DetectFormat("  <p>Fragment</p>", "frag"), Format::kHtml);
  EXPECT_EQ(DetectFormat("<p>Fragment</p>", "notes.txt"), Format::kText);  // tie: the name decides
  EXPECT_EQ(DetectFormat("# Title\n\n- one\n- two\n", "notes.txt"), Format::kMarkdown);
  EXPECT_EQ(DetectFormat("# Title\n\nJust prose.\n", "notes.md"), Format::kMarkdown);
  EXPECT_EQ(DetectFormat("# Title\n\nJust prose.\n", "notes.txt"), Format::kText);
  EXPECT_EQ(DetectFormat("The Council met. Peacekeepers patrolled.\n", "a.pdf"), Format::kText);
  EXPECT_EQ(DetectFormat("Le Conseil de s\xE9" "curit\xE9.\n", "a"), Format::kText);  // 8-bit text
  // UTF-16 HTML, with and without BOM.
  auto u16 = [](std::string_view s, bool bom) {
    std::string o = bom ? std::string("\xFF\xFE") : std::string();
    for (char c : s) { o += c; o += '\0'; }
    return o;
  };
  EXPECT_EQ(DetectFormat(u16("<html><body><p>x</p></body></html>", true), "a"), Format::kHtml);
  EXPECT_EQ(DetectFormat(u16(kUnRecord, false), "a"), Format::kUnHtml);
  EXPECT_EQ(DetectFormat(u16("Plain words in UTF-16.", false), "a"), Format::kText);
  EXPECT_STREQ(FormatName(Format::kUnHtml), "un_html");
  EXPECT_STREQ(FormatName(Format::kGzip), "gzip");
}

TEST(ReadDocument, DispatchesAndReportsWhy) {
  Limits lim;
  Document d;
  d.path = "in/x.html";
  d.content_hash = "abc";
  d.size = 7;
  Status s = ReadDocument(kUnRecord, "x.html", lim, &d);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(d.path, "in/x.html");  // provenance untouched
  EXPECT_EQ(d.content_hash, "abc");
  EXPECT_EQ(d.kind, kind::kVerbatim);
  EXPECT_EQ(d.symbol, "S/PV.1234");
  ASSERT_EQ(d.turns.size(), 2u);
  EXPECT_TRUE(d.turns[0].procedural);
  EXPECT_EQ(d.turns[1].speaker, "Mr. Sardenberg");
  EXPECT_EQ(d.turns[1].role, role::kRepresentative);

  // Archives are the source layer's job.
  for (int f : {ARCHIVE_FORMAT_ZIP, ARCHIVE_FORMAT_TAR_USTAR}) {
    s = ReadDocument(MakeArchive(f, {{"a.txt", "hello"}}), "a.zip", lim, &d);
    EXPECT_EQ(s.code(), Status::Code::kUnsupported);
    EXPECT_NE(s.message().find("archive: opened by the source layer"), std::string::npos) << s.ToString();
  }
  s = ReadDocument(std::string("\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03", 10), "a.gz", lim, &d);
  EXPECT_EQ(s.code(), Status::Code::kUnsupported);

  // Binary and empty input say why.
  s = ReadDocument(std::string("\x7F" "ELF\x02\x01\x01\x00\x00\x00", 10), "prog", lim, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_NE(s.message().find("binary data"), std::string::npos) << s.ToString();
  s = ReadDocument("", "empty.txt", lim, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_NE(s.message().find("empty file"), std::string::npos);
  s = ReadDocument(" \n\t\n", "blank.txt", lim, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);

  // The size limit is enforced and named.
  lim.max_document_bytes = 100;
  s = ReadDocument(kUnRecord, "big.html", lim, &d);
  EXPECT_EQ(s.code(), Status::Code::kLimitExceeded);
  EXPECT_NE(s.message().find("max_document_bytes=100"), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("big.html"), std::string::npos);
}

TEST(ReadDocument, GenericHtmlReport) {
  Document d;
  Status s = ReadDocument(kReport, "report.html", Limits{}, &d);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(d.kind, kind::kUnDocument);
  EXPECT_EQ(d.format, "html");
  EXPECT_NE(d.title.find("Report of the Secretary-General"), std::string::npos);
  EXPECT_EQ(d.symbol, "S/2005/631") << d.title;
  ASSERT_EQ(d.turns.size(), 1u);
  const Turn& t = d.turns[0];
  EXPECT_EQ(t.role, role::kAuthor);
  EXPECT_EQ(t.speaker, "Secretary-General");
  // h1, p, two li, div = 5 paragraphs; title and style are not text.
  ASSERT_EQ(t.paragraphs.size(), 5u);
  auto para = [&](size_t i) { return d.text.substr(t.paragraphs[i].begin, t.paragraphs[i].size()); };
  EXPECT_EQ(para(0), "Report of the Secretary-General on Haiti");
  EXPECT_EQ(para(2), "Security & stability");
  EXPECT_EQ(para(4), "The Force conducted robust operations in Cit\xC3\xA9 Soleil.");
  EXPECT_EQ(d.text.find("p{x:y}"), std::string::npos);
  std::string raw(kReport);
  EXPECT_EQ(SourceOffset(d.anchors, t.paragraphs[1].begin), raw.find("1. The present"));
  EXPECT_EQ(SourceOffset(d.anchors, d.text.find("Soleil")), raw.find("Soleil"));
  EXPECT_EQ(SourceOffset(d.anchors, d.text.find("stability")), raw.find("stability"));
}

TEST(ReadDocument, TextGoesToThePlainTextReaders) {
  // A transcript and a verbatim record as text reach their readers (r2's), which
  // decide the kind; the format stays text/markdown.
  const std::string transcript =
      "Interview id: 14\nDate: 12 March 2019\nInterviewee role: Force Commander (retired)\n"
      "Interviewer: Dr. Jane Smith (JS)\n\nQ: When you took command, how did you read the mandate?\n\n"
      "A: We read it as an obligation to act.\n\nQ: And the contingents?\n\nA: Some waited for their capitals.\n";
  EXPECT_EQ(DetectFormat(transcript, "i14.txt"), Format::kText);
  Document d;
  Status s = ReadDocument(transcript, "i14.txt", Limits{}, &d);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(d.kind, kind::kTranscript);
  EXPECT_EQ(d.format, "text");
  EXPECT_EQ(d.encoding, "UTF-8");
  EXPECT_FALSE(d.turns.empty());
}

TEST(DetectFormat, TabularDataIsNotADocument) {
  // The real manifest that ships beside the sample records.
  std::FILE* f = std::fopen(NORMCODE_SHARED_DIR "/corpus-sample/unsc/manifest.tsv", "rb");
  ASSERT_NE(f, nullptr);
  std::string manifest;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) manifest.append(buf, n);
  std::fclose(f);
  EXPECT_EQ(DetectFormat(manifest, "manifest.tsv"), Format::kTable);
  EXPECT_EQ(DetectFormat(manifest, "manifest.txt"), Format::kTable);  // by content, not by name
  Document doc;
  Status s = ReadDocument(manifest, "manifest.tsv", Limits{}, &doc);
  EXPECT_EQ(s.code(), Status::Code::kUnsupported);
  EXPECT_NE(s.message().find("tabular data"), std::string::npos) << s.ToString();

  EXPECT_EQ(DetectFormat("id,name,iso3\n1,Brazil,BRA\n2,India,IND\n3,Nepal,NPL\n", "c.csv"), Format::kTable);
  // Prose with a few tabs, or lines with irregular tab counts, stays text.
  EXPECT_EQ(DetectFormat("The President:\tI thank the representative.\nMr. Sardenberg (Brazil):\tThank you.\n", "r.txt"),
            Format::kText);
  EXPECT_EQ(DetectFormat("a\tb\tc\nnot a table at all\nx\ty\tz\n", "n.txt"), Format::kText);
}
