// Format detection and dispatch to the readers.
//
// DetectFormat looks at the content first; the file name's extension only breaks
// ties between text-like formats (weak HTML vs text, plain text vs Markdown):
//   %PDF- within the first 1 KiB                       -> pdf
//   PK\3\4 (or an empty-zip PK\5\6) containing the member name word/document.xml -> docx,
//     otherwise                                         -> zip
//   "ustar" at offset 257                               -> tar
//   1F 8B                                               -> gzip
//   binary (NUL bytes outside UTF-16, control bytes)    -> unknown
//   div class="spoken", or div class="heading" with span class="code", or the
//     records' stylesheet link href="unview.css"     -> un_html
//   <!doctype html>, <html, <head, <body                -> html
//   starts with a tag ("<p>", "<div ...>")              -> html, unless named .txt/.md
//   two or more kinds of Markdown markup (ATX headings, lists, emphasis, links, fences)
//     -> markdown; exactly one kind and a .md/.markdown name -> markdown
//   otherwise                                           -> text
// Transcripts and verbatim records as text are kinds, not formats: they are text or
// markdown here, and ReadDocument picks the reader on the whole decoded text with
// LooksLikeVerbatimText / LooksLikeTranscript (same order as DispatchExtractedText).
// Text sniffing works on a prefix of at most 64 KiB; UTF-16 input is sniffed on its
// low bytes.
#include <algorithm>
#include <cctype>
#include <string>

#include "core/text.h"
#include "extractors/readers/reader.h"
#include "extractors/readers/readers_internal.h"
#include "extractors/text/encoding.h"

namespace normcode {

namespace {

constexpr size_t kSniff = 64 * 1024;


std::string Extension(std::string_view name) {
  size_t slash = name.find_last_of("/!\\");
  std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  size_t dot = base.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return AsciiLower(base.substr(dot + 1));
}

// A valid-UTF-8 view of the first kSniff bytes: UTF-16 is reduced to its low bytes,
// bytes that do not form UTF-8 become '?'. Sets *binary for NUL/control-heavy input.
std::string SniffText(std::string_view raw, bool* binary) {
  *binary = false;
  std::string_view p = raw.substr(0, kSniff);
  std::string out;
  bool u16le = p.size() >= 2 && p.substr(0, 2) == "\xFF\xFE";
  bool u16be = p.size() >= 2 && p.substr(0, 2) == "\xFE\xFF";
  if (!u16le && !u16be && p.size() >= 4) {
    size_t even = 0, odd = 0, n = p.size() & ~size_t{1};
    for (size_t i = 0; i < n; i += 2) {
      even += p[i] == 0;
      odd += p[i + 1] == 0;
    }
    size_t units = n / 2;
    if (odd * 10 >= units * 4 && even * 20 <= units) u16le = true;
    else if (even * 10 >= units * 4 && odd * 20 <= units) u16be = true;
  }
  if (u16le || u16be) {
    for (size_t i = 0; i + 1 < p.size(); i += 2) {
      unsigned char lo = static_cast<unsigned char>(u16le ? p[i] : p[i + 1]);
      unsigned char hi = static_cast<unsigned char>(u16le ? p[i + 1] : p[i]);
      if (hi == 0 && lo < 0x80 && lo != 0) out.push_back(static_cast<char>(lo));
      else if (!(hi == 0xFE && lo == 0xFF) && !(hi == 0xFF && lo == 0xFE)) out.push_back('?');
    }
    return out;
  }
  if (p.size() >= 3 && p.substr(0, 3) == "\xEF\xBB\xBF") p = p.substr(3);
  size_t ctrl = 0;
  out.reserve(p.size());
  for (size_t i = 0; i < p.size();) {
    unsigned char c = static_cast<unsigned char>(p[i]);
    if (c == 0) {
      *binary = true;
      return {};
    }
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1B) || c == 0x7F) ++ctrl;
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (len && i + len <= p.size() && IsValidUtf8(p.substr(i, len))) {
      out.append(p.substr(i, len));
      i += len;
    } else {
      out.push_back('?');
      ++i;
    }
  }
  if (ctrl * 20 > p.size()) *binary = true;
  return out;
}

bool HasClassAttr(const std::string& low, std::string_view cls) {
  return low.find("class=\"" + std::string(cls) + "\"") != std::string::npos ||
         low.find("class='" + std::string(cls) + "'") != std::string::npos;
}

int MarkdownKinds(std::string_view s) {
  bool heading = false, list = false, emph = false, link = false, fence = false, quote = false;
  size_t i = 0;
  while (i < s.size()) {
    size_t e = s.find('\n', i);
    if (e == std::string_view::npos) e = s.size();
    std::string_view line = s.substr(i, e - i);
    size_t k = 0;
    while (k < line.size() && k < 3 && line[k] == ' ') ++k;
    std::string_view t = line.substr(k);
    if (!t.empty() && t[0] == '#') {
      size_t h = 0;
      while (h < t.size() && t[h] == '#') ++h;
      if (h <= 6 && h < t.size() && t[h] == ' ') heading = true;
    }
    if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') list = true;
    if (t.substr(0, 3) == "```" || t.substr(0, 3) == "~~~") fence = true;
    if (t.size() >= 2 && t[0] == '>' && t[1] == ' ') quote = true;
    size_t b = line.find("**");
    if (b != std::string_view::npos && line.find("**", b + 2) != std::string_view::npos) emph = true;
    size_t l = line.find("](");
    if (l != std::string_view::npos && line.rfind('[', l) != std::string_view::npos &&
        line.find(')', l) != std::string_view::npos)
      link = true;
    i = e + 1;
  }
  return heading + list + emph + link + fence + quote;
}

void ResetReaderFields(Document* doc) {
  Document fresh;
  fresh.path = std::move(doc->path);
  fresh.content_hash = std::move(doc->content_hash);
  fresh.size = doc->size;
  fresh.mtime = doc->mtime;
  *doc = std::move(fresh);
}

// Delimiter-separated data: the first lines (at least 3) all carry the same number (>= 2)
// of tabs, or of commas when the name ends in .csv. Prose never has that regularity.
bool LooksTabular(std::string_view text, const std::string& ext) {
  char delim = ext == "csv" ? ',' : '\t';
  size_t pos = 0;
  int lines = 0;
  long want = -1;
  while (pos < text.size() && lines < 10) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    long n = static_cast<long>(std::count(line.begin(), line.end(), delim));
    if (n < 2 || (want >= 0 && n != want)) return false;
    want = n;
    ++lines;
  }
  return lines >= 3 || (lines >= 1 && pos >= text.size() && (ext == "tsv" || ext == "csv"));
}

}  // namespace

const char* FormatName(Format f) {
  switch (f) {
    case Format::kUnknown: return "unknown";
    case Format::kUnHtml: return "un_html";
    case Format::kHtml: return "html";
    case Format::kText: return "text";
    case Format::kMarkdown: return "markdown";
    case Format::kPdf: return "pdf";
    case Format::kDocx: return "docx";
    case Format::kZip: return "zip";
    case Format::kTar: return "tar";
    case Format::kGzip: return "gzip";
    case Format::kTable: return "table";
  }
  return "unknown";
}

Format DetectFormat(std::string_view raw, std::string_view name) {
  if (raw.empty()) return Format::kUnknown;
  if (raw.substr(0, 1024).find("%PDF-") != std::string_view::npos) return Format::kPdf;
  if (raw.size() >= 4 && (raw.substr(0, 4) == std::string_view("PK\x03\x04", 4) ||
                          raw.substr(0, 4) == std::string_view("PK\x05\x06", 4))) {
    // Member names are stored uncompressed in the local headers and the central directory.
    if (raw.find("word/document.xml") != std::string_view::npos) return Format::kDocx;
    return Format::kZip;
  }
  if (raw.size() >= 262 && raw.substr(257, 5) == "ustar") return Format::kTar;
  if (raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0x1F && static_cast<unsigned char>(raw[1]) == 0x8B)
    return Format::kGzip;

  bool binary = false;
  std::string text = SniffText(raw, &binary);
  if (binary) return Format::kUnknown;
  std::string ext = Extension(name);
  bool md_ext = ext == "md" || ext == "markdown";
  std::string low = AsciiLower(text);

  bool spoken = low.find("<div") != std::string::npos && HasClassAttr(low, "spoken");
  bool heading = HasClassAttr(low, "heading") && HasClassAttr(low, "code");
  // The record stylesheet: identifies records cut before their first block too.
  bool unview = low.find("href=\"unview.css\"") != std::string::npos;
  if (spoken || heading || unview) return Format::kUnHtml;

  size_t first = low.find_first_not_of(" \t\r\n\f");
  if (first == std::string::npos) return md_ext ? Format::kMarkdown : Format::kText;
  std::string_view head = std::string_view(low).substr(first, 4096);
  if (head.find("<!doctype html") != std::string::npos || head.find("<html") != std::string::npos ||
      head.find("<head") != std::string::npos || head.find("<body") != std::string::npos)
    return Format::kHtml;
  bool starts_with_tag = head.size() >= 2 && head[0] == '<' &&
                         (std::isalpha(static_cast<unsigned char>(head[1])) || head[1] == '!') &&
                         head.find('>') != std::string::npos;
  if (starts_with_tag && ext != "txt" && ext != "text" && !md_ext) return Format::kHtml;

  if (LooksTabular(text, ext)) return Format::kTable;
  int md = MarkdownKinds(text);
  if (md >= 2 || (md == 1 && md_ext)) return Format::kMarkdown;
  return Format::kText;
}

Status ReadDocument(std::string_view raw, std::string_view name, const Limits& limits, Document* doc) {
  ResetReaderFields(doc);
  std::string shown = PrintableName(name);
  if (raw.size() > limits.max_document_bytes)
    return Status::LimitExceeded("limit max_document_bytes=" + std::to_string(limits.max_document_bytes) +
                                 " exceeded by " + shown + " (" + std::to_string(raw.size()) + " bytes)");
  if (raw.empty()) return Status::InvalidInput(shown + ": empty file");

  Format f = DetectFormat(raw, name);
  auto prefix = [&](Status s) {
    if (s.ok()) return s;
    std::string m = shown + ": " + s.message();
    switch (s.code()) {
      case Status::Code::kInvalidInput: return Status::InvalidInput(m);
      case Status::Code::kUnsupported: return Status::Unsupported(m);
      case Status::Code::kLimitExceeded: return Status::LimitExceeded(m);
      case Status::Code::kIOError: return Status::IOError(m);
      case Status::Code::kCorruption: return Status::Corruption(m);
      default: return Status::Internal(m);
    }
  };

  switch (f) {
    case Format::kZip:
    case Format::kTar:
    case Format::kGzip:
      return Status::Unsupported(shown + ": " + FormatName(f) + " archive: opened by the source layer");
    case Format::kPdf: {
      Status s = ReadPdf(raw, limits, doc);
      if (s.ok() && doc->format.empty()) doc->format = "pdf";
      return prefix(s);
    }
    case Format::kDocx: {
      Status s = ReadDocx(raw, limits, doc);
      if (s.ok() && doc->format.empty()) doc->format = "docx";
      return prefix(s);
    }
    case Format::kTable:
      return Status::Unsupported(shown + ": tabular data (tab/comma-separated), not a document");
    case Format::kUnknown: {
      // Say why: undecodable bytes give the decoder's reason.
      DecodedText probe;
      Status s = DecodeText(raw, &probe);
      if (!s.ok()) return prefix(s);
      return Status::Unsupported(shown + ": unknown format");
    }
    default: break;
  }

  DecodedText in;
  Status s = DecodeText(raw, &in);
  if (!s.ok()) return prefix(s);
  if (in.utf8.find_first_not_of(" \t\r\n\f\v") == std::string::npos)
    return Status::InvalidInput(shown + ": no text (whitespace only)");

  switch (f) {
    case Format::kUnHtml:
      s = ReadUnHtml(in, limits, doc);
      break;
    case Format::kHtml:
      s = ReadGenericHtml(in, limits, doc);
      break;
    default:
      if (LooksLikeVerbatimText(in.utf8)) s = ReadVerbatimText(in, limits, doc);
      else if (LooksLikeTranscript(in.utf8)) s = ReadTranscript(in, limits, doc);
      else s = ReadUnDocumentText(in, limits, doc);
      if (s.ok()) doc->format = f == Format::kMarkdown ? "markdown" : "text";
      break;
  }
  if (s.ok() && doc->encoding.empty()) doc->encoding = in.encoding;
  return prefix(s);
}

}  // namespace normcode
