// DOCX reader: word/document.xml from the zip (libarchive, from memory), parsed with
// pugixml. Each w:p is a paragraph (paragraphs separated by a blank line), w:t runs are
// its text, w:tab a space, w:br/w:cr a line break; deleted text (w:delText) and field
// codes (w:instrText) are left out. The text is then read as a verbatim record, an
// interview transcript or a UN document (as for PDF), format "docx".
//
// Source offsets: Document::anchors map to byte offsets in the extracted text stream
// (the paragraphs joined as described), not to zip bytes; meta["source_offsets"] =
// "docx-extracted-text".
//
// Limits: word/document.xml may expand to at most limits.max_document_bytes (checked
// against the size the zip declares, then while inflating, so a zip bomb is refused
// after reading at most the limit) -> LimitExceeded naming max_document_bytes.
#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <pugixml.hpp>

#include "core/text.h"
#include "extractors/readers/plain_text_util.h"

namespace normcode {

using namespace ptext;

namespace {

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};

std::string_view LocalName(const char* name) {
  std::string_view n(name);
  size_t c = n.find(':');
  return c == std::string_view::npos ? n : n.substr(c + 1);
}

// libarchive may fail without an error string (NULL): found by fuzz_docx.
std::string ArchiveError(archive* a) {
  const char* e = archive_error_string(a);
  return e ? e : "unknown error";
}

Status ReadMember(std::string_view raw, const Limits& limits, std::string* xml) {
  std::unique_ptr<archive, ArchiveCloser> a(archive_read_new());
  if (!a) return Status::Internal("libarchive: cannot allocate");
  archive_read_support_format_zip(a.get());
  if (archive_read_open_memory(a.get(), raw.data(), raw.size()) != ARCHIVE_OK)
    return Status::InvalidInput(std::string("not a DOCX (zip) file: ") + ArchiveError(a.get()));
  archive_entry* e = nullptr;
  const std::string limit_msg = "limit max_document_bytes=" + std::to_string(limits.max_document_bytes) +
                                " exceeded by word/document.xml when expanded (zip bomb?)";
  uint64_t members = 0;
  while (true) {
    int r = archive_read_next_header(a.get(), &e);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
      return Status::InvalidInput(std::string("corrupt DOCX (zip): ") + ArchiveError(a.get()));
    if (++members > limits.max_archive_members)
      return Status::LimitExceeded("limit max_archive_members=" + std::to_string(limits.max_archive_members) +
                                   " exceeded by DOCX");
    const char* path = archive_entry_pathname(e);
    if (!path || std::string_view(path) != "word/document.xml") {
      archive_read_data_skip(a.get());
      continue;
    }
    if (archive_entry_size_is_set(e) && static_cast<uint64_t>(archive_entry_size(e)) > limits.max_document_bytes)
      return Status::LimitExceeded(limit_msg + " (declared " + std::to_string(archive_entry_size(e)) + " bytes)");
    char buf[64 * 1024];
    while (true) {
      la_ssize_t got = archive_read_data(a.get(), buf, sizeof buf);
      if (got == 0) break;
      if (got < 0)
        return Status::InvalidInput(std::string("corrupt DOCX: cannot inflate word/document.xml: ") +
                                    ArchiveError(a.get()));
      if (xml->size() + static_cast<uint64_t>(got) > limits.max_document_bytes) return Status::LimitExceeded(limit_msg);
      xml->append(buf, static_cast<size_t>(got));
    }
    return Status::OK();
  }
  return Status::InvalidInput("not a DOCX file: no word/document.xml in the zip");
}

}  // namespace

Status ReadDocx(std::string_view raw, const Limits& limits, Document* doc) {
  std::string xml;
  Status st;
  try {
    st = ReadMember(raw, limits, &xml);
  } catch (const std::bad_alloc&) {
    return Status::LimitExceeded("out of memory while expanding word/document.xml");
  }
  if (!st.ok()) return st;

  std::string text;
  try {
    pugi::xml_document x;
    pugi::xml_parse_result pr =
        x.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
    if (!pr) return Status::InvalidInput(std::string("malformed word/document.xml: ") + pr.description());
    // Walk in document order; a text node belongs to its nearest w:p ancestor.
    struct Walker : pugi::xml_tree_walker {
      std::string* out;
      pugi::xml_node cur_p;
      bool started = false;
      pugi::xml_node ParagraphOf(pugi::xml_node n) {
        // w:t sits a few levels below its w:p (run, hyperlink, smart tag, content control);
        // the bound keeps hostile deep nesting from making this quadratic.
        int up = 0;
        for (pugi::xml_node p = n; p && up < 64; p = p.parent(), ++up)
          if (p.type() == pugi::node_element && LocalName(p.name()) == "p") return p;
        return pugi::xml_node();
      }
      void Enter(pugi::xml_node n) {
        pugi::xml_node p = ParagraphOf(n);
        if (p != cur_p) {
          if (started) out->append("\n\n");
          cur_p = p;
        }
        started = true;
      }
      bool for_each(pugi::xml_node& n) override {
        if (n.type() != pugi::node_element) return true;
        std::string_view ln = LocalName(n.name());
        if (ln == "t") {
          Enter(n);
          for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
            if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out->append(c.value());
        } else if (ln == "tab") {
          Enter(n);
          out->push_back(' ');
        } else if (ln == "br" || ln == "cr") {
          Enter(n);
          out->push_back('\n');
        }
        return true;
      }
    } w;
    w.out = &text;
    pugi::xml_node body = x.document_element();
    body.traverse(w);
  } catch (const std::bad_alloc&) {
    return Status::LimitExceeded("out of memory while parsing word/document.xml");
  }
  bool any = false;
  for (char c : text)
    if (!(c == ' ' || c == '\n' || c == '\t')) {
      any = true;
      break;
    }
  if (!any) return Status::InvalidInput("DOCX has no text");

  DecodedText extracted;
  st = DecodeText(text, &extracted);
  if (!st.ok()) {
    if (!IsValidUtf8(text)) return Status::InvalidInput("DOCX text is not valid UTF-8: " + st.message());
    extracted = DecodedText{text, "UTF-8", {{0, 0}}};
  }
  doc->format = "docx";
  st = DispatchExtractedText(extracted, limits, doc);
  if (!st.ok()) return st;
  doc->format = "docx";
  doc->encoding = "UTF-8";
  doc->meta["source_offsets"] = "docx-extracted-text";
  return Status::OK();
}

}  // namespace normcode
