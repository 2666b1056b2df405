// PDF and DOCX readers (r2). Every PDF and DOCX here is generated in the test:
// PDFs written by hand (objects, content streams, xref with exact byte offsets),
// DOCX files zipped with libarchive's writer.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>

#include <cstdio>
#include <functional>
#include <memory>

#include "tests/readers/r2_check.h"

namespace normcode {
namespace {

using testing_r2::CheckAnchors;
using testing_r2::CheckInvariants;
using testing_r2::TurnText;

// ---------------------------------------------------------------- PDF writer
struct PdfLine {
  double x, y;
  std::string text;  // WinAnsi bytes
};

std::string PdfEscape(const std::string& s) {
  std::string r;
  for (char c : s) {
    if (c == '(' || c == ')' || c == '\\') r.push_back('\\');
    r.push_back(c);
  }
  return r;
}

// Builds a PDF with one page per element of `pages` (Helvetica 10 pt, WinAnsiEncoding).
// `raw_content` replaces a page's text content when non-empty. `trailer_extra` and
// `extra_objects` (numbered after the pages) allow an /Encrypt dictionary.
std::string MakePdf(const std::vector<std::vector<PdfLine>>& pages, const std::vector<std::string>& raw_content = {},
                    const std::string& trailer_extra = "", const std::vector<std::string>& extra_objects = {}) {
  std::vector<std::string> objs;  // objs[i] is object i+1
  objs.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  std::string kids;
  for (size_t i = 0; i < pages.size(); ++i) kids += std::to_string(4 + 2 * i) + " 0 R ";
  objs.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages.size()) + " >>");
  objs.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  for (size_t i = 0; i < pages.size(); ++i) {
    objs.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                   "/Contents " + std::to_string(5 + 2 * i) + " 0 R >>");
    std::string content;
    if (i < raw_content.size() && !raw_content[i].empty()) {
      content = raw_content[i];
    } else {
      for (const PdfLine& l : pages[i]) {
        char pos[64];
        std::snprintf(pos, sizeof pos, "1 0 0 1 %.1f %.1f Tm ", l.x, l.y);
        content += "BT /F1 10 Tf " + std::string(pos) + "(" + PdfEscape(l.text) + ") Tj ET\n";
      }
    }
    objs.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream");
  }
  for (const std::string& o : extra_objects) objs.push_back(o);
  std::string out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objs.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objs[i] + "\nendobj\n";
  }
  size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objs.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char e[32];
    std::snprintf(e, sizeof e, "%010zu 00000 n \n", off);
    out += e;
  }
  out += "trailer\n<< /Size " + std::to_string(objs.size() + 1) + " /Root 1 0 R " + trailer_extra + " >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return out;
}

// Body lines from top to bottom at 14 pt leading.
std::vector<PdfLine> Body(double top, const std::vector<std::string>& lines) {
  std::vector<PdfLine> r;
  double y = top;
  for (const std::string& l : lines) {
    r.push_back({72, y, l});
    y -= 14;
  }
  return r;
}

std::vector<PdfLine> Cat(std::vector<PdfLine> a, const std::vector<PdfLine>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// The text stream the reader anchors into: every page's text, form feed separated.
std::string ExtractedStream(const std::string& pdf) {
  std::unique_ptr<poppler::document> d(poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
  std::string out;
  if (!d) return out;
  for (int i = 0; i < d->pages(); ++i) {
    if (i > 0) out.push_back('\f');
    std::unique_ptr<poppler::page> p(d->create_page(i));
    poppler::byte_array b = p->text(poppler::rectf(), poppler::page::raw_order_layout).to_utf8();
    std::string t(b.begin(), b.end());
    for (char& c : t)
      if (c == '\f' || c == '\0') c = ' ';
    out += t;
  }
  return out;
}

std::string ThreePageRecord() {
  std::vector<PdfLine> p1 = {{72, 800, "United Nations"}, {420, 800, "S/PV.5577"}, {72, 780, "Security Council"},
                             {72, 766, "5577th meeting"},  {72, 752, "Monday, 4 December 2006, 10 a.m."},
                             {72, 738, "New York"}};
  p1 = Cat(p1, Body(690, {
                             "The meeting was called to order at 10.05 a.m.",
                             "Mr. Gu\xe9henno (Under-Secretary-General for Peacekeeping",
                             "Operations): The peace-",
                             "keeping operation in the Democratic Republic of the Congo has protected civil-",
                             "ians in Ituri with the support of the Secretary-",
                             "General and the troop-contributing countries.",
                             "Mr. Sardenberg (Brazil) (spoke in Spanish): Brazil supports the mandate of the",
                         }));
  p1 = Cat(p1, {{72, 96, "This record contains the text of speeches delivered in English and of the interpretation"},
                {72, 84, "of speeches delivered in the other languages. Corrections will be issued after the end"},
                {72, 72, "of the session in a consolidated corrigendum."},
                {72, 40, "06-63519 (E)"},
                {450, 40, "*0663519*"}});
  std::vector<PdfLine> p2 = {{72, 800, "S/PV.5577"}};
  p2 = Cat(p2, Body(760, {
                             "Mission but insists that the principle of consent of the host State remains",
                             "the foundation of every operation.",
                             "Lieutenant General Santos Cruz (Force Commander, MONUSCO): We will not wait to",
                             "be attacked.",
                         }));
  p2 = Cat(p2, {{72, 40, "2"}, {450, 40, "06-63519"}});
  std::vector<PdfLine> p3 = {{72, 800, "S/PV.5577"}};
  p3 = Cat(p3, Body(760, {"The President: I thank the Force Commander.", "The meeting rose at 1.10 p.m."}));
  p3 = Cat(p3, {{72, 40, "3"}, {450, 40, "06-63519"}});
  return MakePdf({p1, p2, p3});
}

TEST(Pdf, VerbatimRecordAcrossPages) {
  std::string pdf = ThreePageRecord();
  Document d;
  Status st = ReadPdf(pdf, Limits{}, &d);
  ASSERT_TRUE(st.ok()) << st.ToString();
  CheckInvariants(d);
  std::string stream = ExtractedStream(pdf);
  CheckAnchors(d, stream);
  EXPECT_EQ(d.format, "pdf");
  EXPECT_EQ(d.kind, kind::kVerbatim);
  EXPECT_EQ(d.symbol, "S/PV.5577");
  EXPECT_EQ(d.meeting, "5577");
  EXPECT_EQ(d.date, "2006-12-04");
  EXPECT_EQ(d.meta.at("page_count"), "3");
  // Page starts: offsets of the text after each form feed.
  size_t ff1 = stream.find('\f'), ff2 = stream.find('\f', ff1 + 1);
  EXPECT_EQ(d.meta.at("pages"), "0," + std::to_string(ff1 + 1) + "," + std::to_string(ff2 + 1));
  EXPECT_EQ(d.meta.at("source_offsets"), "pdf-extracted-text");

  ASSERT_EQ(d.turns.size(), 6u) << d.text;
  EXPECT_EQ(TurnText(d, 0), "The meeting was called to order at 10.05 a.m.");
  EXPECT_EQ(d.turns[1].speaker, "Mr. Gu\xc3\xa9henno");
  EXPECT_EQ(d.turns[1].affiliation, "Under-Secretary-General for Peacekeeping Operations");
  EXPECT_EQ(d.turns[1].role, role::kBriefer);
  EXPECT_EQ(TurnText(d, 1),
            "The peacekeeping operation in the Democratic Republic of the Congo has protected civilians in Ituri "
            "with the support of the Secretary-General and the troop-contributing countries.");
  EXPECT_EQ(d.turns[2].speaker, "Mr. Sardenberg");
  EXPECT_EQ(d.turns[2].language_note, "Spanish");
  // The turn runs across the page break; the footnote and footer between are gone.
  EXPECT_EQ(TurnText(d, 2),
            "Brazil supports the mandate of the Mission but insists that the principle of consent of the host "
            "State remains the foundation of every operation.");
  EXPECT_EQ(d.turns[3].role, role::kBriefer);
  EXPECT_EQ(TurnText(d, 3), "We will not wait to be attacked.");
  EXPECT_EQ(d.turns[4].role, role::kPresident);
  EXPECT_TRUE(d.turns[4].procedural);
  EXPECT_TRUE(d.turns[5].procedural);
  for (const char* junk : {"06-63519", "0663519", "This record contains", "corrigendum", "S/PV"})
    EXPECT_EQ(d.text.find(junk), std::string::npos) << junk;

  // Every anchor of the Brazil turn lies on page 1 or 2.
  uint64_t src = 0;
  for (const SourceAnchor& a : d.anchors)
    if (a.text_offset <= d.turns[2].span.end) src = a.source_offset;
  EXPECT_GT(src, ff1);
  EXPECT_LT(src, ff2);
}

TEST(Pdf, TranscriptPdf) {
  std::string pdf = MakePdf({Body(800, {"Interview id: 9", "Date: 2017-01-01", "Interviewer: Ana Costa",
                                        "Nationality: Nepali", "Q: Did your company patrol at night?",
                                        "A: Only when the battalion ordered it.", "Q: Why?",
                                        "A: The caveats of our capital."})});
  Document d;
  Status st = ReadPdf(pdf, Limits{}, &d);
  ASSERT_TRUE(st.ok()) << st.ToString();
  CheckInvariants(d);
  CheckAnchors(d, ExtractedStream(pdf));
  EXPECT_EQ(d.kind, kind::kTranscript);
  EXPECT_EQ(d.format, "pdf");
  EXPECT_EQ(d.symbol, "Interview 9");
  ASSERT_EQ(d.turns.size(), 4u);
  EXPECT_EQ(d.turns[1].affiliation, "Nepali");
  EXPECT_EQ(TurnText(d, 1), "Only when the battalion ordered it.");
}

TEST(Pdf, ReportPdfIsUnDocument) {
  std::string pdf = MakePdf({Body(800, {"S/2005/140", "Distr.: General", "4 March 2005", "",
                                        "Report of the Secretary-General on the Sudan"}),
                             Body(800, {"1. The present report is submitted pursuant to resolution 1574 (2004)."})});
  Document d;
  Status st = ReadPdf(pdf, Limits{}, &d);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(d.kind, kind::kUnDocument);
  EXPECT_EQ(d.symbol, "S/2005/140");
  EXPECT_EQ(d.body, "Secretary-General");
  EXPECT_NE(d.text.find("1. The present report"), std::string::npos);
}

TEST(Pdf, ImageOnlyPdfHasNoTextLayer) {
  std::string pdf = MakePdf({{}, {}}, {"0 0 m 100 100 l S\n", "q 1 0 0 1 0 0 cm Q\n"});
  Document d;
  Status st = ReadPdf(pdf, Limits{}, &d);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_NE(st.message().find("no text layer (image-only PDF)"), std::string::npos) << st.message();
}

TEST(Pdf, EncryptedPdfIsRefused) {
  // Standard security handler (RC4 40-bit, R2) whose /U entry does not match the empty
  // user password: poppler needs a password and reports the document as locked.
  std::string o(64, 'A'), u(64, 'B');
  std::string enc = "<< /Filter /Standard /V 1 /R 2 /O <" + o + "> /U <" + u + "> /P -44 >>";
  std::vector<PdfLine> page = {{72, 800, "Secret text"}};
  // Object numbers: 1 catalog, 2 pages, 3 font, 4 page, 5 contents, 6 encrypt.
  std::string pdf = MakePdf({page}, {}, "/Encrypt 6 0 R /ID [<00112233445566778899aabbccddeeff> "
                                        "<00112233445566778899aabbccddeeff>]",
                            {enc});
  Document d;
  Status st = ReadPdf(pdf, Limits{}, &d);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_NE(st.message().find("encrypted PDF"), std::string::npos) << st.message();
}

TEST(Pdf, TruncatedAndCorruptPdfs) {
  std::string pdf = ThreePageRecord();
  Document d;
  for (size_t cut : {pdf.size() / 2, pdf.size() - 10, size_t{40}}) {
    Status st = ReadPdf(std::string_view(pdf).substr(0, cut), Limits{}, &d);
    EXPECT_EQ(st.code(), Status::Code::kInvalidInput) << cut;
  }
  Status st = ReadPdf("%PDF-1.4\nthis is not a pdf body at all\n%%EOF\n", Limits{}, &d);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput) << st.ToString();
  st = ReadPdf("plain text, no header", Limits{}, &d);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  // xref offsets all wrong: poppler reconstructs and still reads it, or refuses; never crashes.
  std::string broken = pdf;
  for (size_t p = broken.find("0000000"); p != std::string::npos; p = broken.find("0000000", p + 20))
    broken[p + 6] = '7';
  Document d2;
  st = ReadPdf(broken, Limits{}, &d2);
  if (st.ok()) CheckInvariants(d2);
  else EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  // Size limit.
  Limits small;
  small.max_document_bytes = 100;
  EXPECT_EQ(ReadPdf(pdf, small, &d).code(), Status::Code::kLimitExceeded);
}

// ---------------------------------------------------------------- DOCX writer
struct ZipMember {
  std::string name;
  uint64_t size;
  std::function<void(archive*)> write;  // writes exactly `size` bytes
};

std::string MakeZip(const std::vector<ZipMember>& members, size_t capacity = 4 << 20) {
  std::vector<char> buf(capacity);
  size_t used = 0;
  archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  archive_write_zip_set_compression_deflate(a);
  EXPECT_EQ(archive_write_open_memory(a, buf.data(), buf.size(), &used), ARCHIVE_OK);
  for (const ZipMember& m : members) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, m.name.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(m.size));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    EXPECT_EQ(archive_write_header(a, e), ARCHIVE_OK);
    m.write(a);
    archive_entry_free(e);
  }
  EXPECT_EQ(archive_write_close(a), ARCHIVE_OK) << archive_error_string(a);
  archive_write_free(a);
  return std::string(buf.data(), used);
}

ZipMember Member(const std::string& name, const std::string& data) {
  return {name, data.size(), [data](archive* a) { archive_write_data(a, data.data(), data.size()); }};
}

std::string DocumentXml(const std::vector<std::string>& paragraphs_xml) {
  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>";
  for (const std::string& p : paragraphs_xml) x += "<w:p>" + p + "</w:p>";
  return x + "<w:sectPr/></w:body></w:document>";
}

std::string WRun(const std::string& t) { return "<w:r><w:t xml:space=\"preserve\">" + t + "</w:t></w:r>"; }

std::string MakeDocx(const std::string& document_xml) {
  return MakeZip({Member("[Content_Types].xml",
                         "<?xml version=\"1.0\"?><Types "
                         "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
                  Member("word/document.xml", document_xml)});
}

TEST(Docx, VerbatimRecord) {
  std::string xml = DocumentXml({
      WRun("S/PV.6000"),
      WRun("Security Council"),
      WRun("Tuesday, 5 May 2009, 10 a.m."),
      WRun("The meeting was called to order at 10.10 a.m."),
      "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">Mr. Sardenberg (Brazil) </w:t></w:r>"
      "<w:r><w:t>(spoke in Spanish)</w:t></w:r><w:r><w:t xml:space=\"preserve\">: Brazil</w:t></w:r>"
      "<w:r><w:tab/><w:t>supports the Mission &amp; its mandate.</w:t></w:r><w:r><w:br/><w:t>Second line.</w:t></w:r>",
      "<w:r><w:delText>deleted words</w:delText></w:r>",
      WRun("Mr. Wang Guangya (China): China agrees."),
  });
  Document d;
  Status st = ReadDocx(MakeDocx(xml), Limits{}, &d);
  ASSERT_TRUE(st.ok()) << st.ToString();
  CheckInvariants(d);
  EXPECT_EQ(d.format, "docx");
  EXPECT_EQ(d.kind, kind::kVerbatim);
  EXPECT_EQ(d.symbol, "S/PV.6000");
  EXPECT_EQ(d.date, "2009-05-05");
  EXPECT_EQ(d.meta.at("source_offsets"), "docx-extracted-text");
  ASSERT_EQ(d.turns.size(), 3u) << d.text;
  EXPECT_EQ(d.turns[1].speaker, "Mr. Sardenberg");
  EXPECT_EQ(d.turns[1].language_note, "Spanish");
  EXPECT_EQ(TurnText(d, 1), "Brazil supports the Mission & its mandate. Second line.");
  EXPECT_EQ(TurnText(d, 2), "China agrees.");
  EXPECT_EQ(d.text.find("deleted"), std::string::npos);
}

TEST(Docx, TranscriptWithParagraphHeader) {
  std::string xml = DocumentXml({WRun("Interview id: 5"), WRun("Interviewer: Ana Costa"), WRun("Nationality: Rwandan"),
                                 WRun("Ana Costa: What did you do in Goma?"), WRun("Interviewee: We held the airport."),
                                 WRun("Ana Costa: Alone?"), WRun("Interviewee: With the Force Intervention Brigade.")});
  Document d;
  Status st = ReadDocx(MakeDocx(xml), Limits{}, &d);
  ASSERT_TRUE(st.ok()) << st.ToString();
  CheckInvariants(d);
  EXPECT_EQ(d.kind, kind::kTranscript);
  EXPECT_EQ(d.format, "docx");
  EXPECT_EQ(d.symbol, "Interview 5");
  ASSERT_EQ(d.turns.size(), 4u);
  EXPECT_EQ(d.turns[0].role, role::kInterviewer);
  EXPECT_EQ(d.turns[3].role, role::kInterviewee);
  EXPECT_EQ(d.turns[3].affiliation, "Rwandan");
  EXPECT_EQ(TurnText(d, 3), "With the Force Intervention Brigade.");
}

TEST(Docx, ZipBombIsRefused) {
  const uint64_t kSize = 300ull << 20;  // 300 MB of zeros, deflated to a few hundred KB
  ZipMember bomb{"word/document.xml", kSize, [kSize](archive* a) {
                   std::vector<char> zeros(1 << 20, 0);
                   for (uint64_t done = 0; done < kSize; done += zeros.size())
                     archive_write_data(a, zeros.data(), zeros.size());
                 }};
  std::string zip = MakeZip({bomb});
  ASSERT_LT(zip.size(), 2u << 20);
  Document d;
  Status st = ReadDocx(zip, Limits{}, &d);
  EXPECT_EQ(st.code(), Status::Code::kLimitExceeded);
  EXPECT_NE(st.message().find("max_document_bytes"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("word/document.xml"), std::string::npos) << st.message();
}

TEST(Docx, LimitAppliesToExpandedSize) {
  std::string big;
  for (int i = 0; i < 200; ++i) big += WRun("Mr. Sardenberg (Brazil): words words words words words.");
  std::string docx = MakeDocx(DocumentXml({big}));
  Limits small;
  small.max_document_bytes = 4096;
  Document d;
  EXPECT_EQ(ReadDocx(docx, small, &d).code(), Status::Code::kLimitExceeded);
}

TEST(Docx, NotADocx) {
  Document d;
  EXPECT_EQ(ReadDocx("this is not a zip", Limits{}, &d).code(), Status::Code::kInvalidInput);
  std::string zip = MakeZip({Member("hello.txt", "hello")});
  Status st = ReadDocx(zip, Limits{}, &d);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
  EXPECT_NE(st.message().find("word/document.xml"), std::string::npos);
  st = ReadDocx(MakeDocx("<w:document><w:body><w:p>"), Limits{}, &d);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput) << st.ToString();
  // Truncated zip.
  std::string good = MakeDocx(DocumentXml({WRun("Mr. Wang Guangya (China): China agrees.")}));
  st = ReadDocx(std::string_view(good).substr(0, good.size() / 2), Limits{}, &d);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput) << st.ToString();
}

}  // namespace
}  // namespace normcode
