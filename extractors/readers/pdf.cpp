// PDF reader (poppler-cpp): extracts the text of every page in content-stream order
// (poppler's raw_order_layout: one output line per text line, hyphens kept; the
// "reading order" mode joins lines into paragraphs and drops every line-end hyphen,
// turning "Secretary-\nGeneral" into "SecretaryGeneral", and the physical layout puts
// the two columns of a UN record side by side on one line), cleans
// page furniture (running headers/footers, page numbers, job numbers, the verbatim
// record footnote; hyphenation across lines), then reads the text as a verbatim
// record, an interview transcript or a UN document, in that order of preference.
//
// Source offsets. PDF bytes are not text, so Document::anchors map Document::text to
// byte offsets in the EXTRACTED TEXT STREAM: the UTF-8 text of page 1, a form feed,
// the text of page 2, a form feed, ... (what `pdftotext` would print, modulo layout).
// Document::meta["pages"] lists the stream offset where each page starts
// ("0,2817,5630"), so an anchor's page is the last page start <= its source offset;
// meta["page_count"] is the number of pages and meta["source_offsets"] says
// "pdf-extracted-text".
//
// Errors: not a PDF / truncated (no "%%EOF" in the last 2 KiB) / corrupt -> InvalidInput; password-protected
// (locked) -> InvalidInput "encrypted PDF"; no text on any page -> InvalidInput
// "no text layer (image-only PDF)". A PDF encrypted without a user password (permissions
// only) opens without a password and is read like any other. Poppler's error
// messages to stderr are silenced.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <climits>
#include <memory>
#include <mutex>

#include "core/text.h"
#include "extractors/readers/plain_text_util.h"

namespace normcode {

using namespace ptext;

namespace {
void SilentPoppler(const std::string&, void*) {}

void SilencePopplerOnce() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(&SilentPoppler, nullptr); });
}
}  // namespace

Status ReadPdf(std::string_view raw, const Limits& limits, Document* doc) {
  SilencePopplerOnce();
  if (raw.size() > limits.max_document_bytes)
    return Status::LimitExceeded("limit max_document_bytes=" + std::to_string(limits.max_document_bytes) +
                                 " exceeded by PDF of " + std::to_string(raw.size()) + " bytes");
  if (raw.size() > static_cast<size_t>(INT_MAX)) return Status::LimitExceeded("PDF larger than 2 GiB");
  if (raw.substr(0, 1024).find("%PDF-") == std::string_view::npos) return Status::InvalidInput("not a PDF file");
  // Poppler reconstructs damaged files and would silently return part of the text of a
  // truncated one; a PDF must end with an end-of-file marker (trailing junk tolerated).
  if (raw.substr(raw.size() > 2048 ? raw.size() - 2048 : 0).find("%%EOF") == std::string_view::npos)
    return Status::InvalidInput("truncated PDF (no %%EOF end-of-file marker)");
  std::string joined;
  std::vector<uint64_t> page_starts;
  int n = 0;
  try {
    std::unique_ptr<poppler::document> pdf(
        poppler::document::load_from_raw_data(raw.data(), static_cast<int>(raw.size())));
    if (!pdf) return Status::InvalidInput("corrupt or truncated PDF (poppler cannot open it)");
    if (pdf->is_locked()) return Status::InvalidInput("encrypted PDF (password required)");
    n = pdf->pages();
    if (n <= 0) return Status::InvalidInput("corrupt or truncated PDF (no pages)");
    bool any_text = false;
    for (int i = 0; i < n; ++i) {
      if (i > 0) joined.push_back('\f');
      page_starts.push_back(joined.size());
      std::unique_ptr<poppler::page> page(pdf->create_page(i));
      if (!page) continue;
      poppler::byte_array bytes =
          page->text(poppler::rectf(), poppler::page::raw_order_layout).to_utf8();
      std::string t(bytes.begin(), bytes.end());
      // Form feeds inside a page would look like page breaks; NUL bytes are not text.
      for (char& c : t)
        if (c == '\f' || c == '\0') c = ' ';
      for (char c : t)
        if (!(c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
          any_text = true;
          break;
        }
      joined += t;
      if (joined.size() > limits.max_document_bytes)
        return Status::LimitExceeded("limit max_document_bytes=" + std::to_string(limits.max_document_bytes) +
                                     " exceeded by the text extracted from the PDF");
    }
    if (!any_text) return Status::InvalidInput("no text layer (image-only PDF)");
  } catch (const std::bad_alloc&) {
    return Status::LimitExceeded("out of memory while extracting PDF text");
  } catch (const std::exception& e) {
    return Status::InvalidInput(std::string("corrupt PDF: ") + e.what());
  }

  DecodedText extracted;
  Status st = DecodeText(joined, &extracted);
  if (!st.ok()) {
    if (!IsValidUtf8(joined)) return Status::InvalidInput("PDF text is not valid UTF-8: " + st.message());
    extracted = DecodedText{joined, "UTF-8", {{0, 0}}};
  }
  DecodedText cleaned;
  CleanPagedText(extracted, &cleaned, nullptr);
  doc->format = "pdf";
  st = DispatchExtractedText(cleaned, limits, doc);
  if (!st.ok()) return st;
  doc->format = "pdf";
  doc->encoding = "UTF-8";
  std::string pages;
  for (uint64_t p : page_starts) {
    if (!pages.empty()) pages.push_back(',');
    pages += std::to_string(p);
  }
  doc->meta["pages"] = pages;
  doc->meta["page_count"] = std::to_string(n);
  doc->meta["source_offsets"] = "pdf-extracted-text";
  return Status::OK();
}

}  // namespace normcode
