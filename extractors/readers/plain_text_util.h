// Internal helpers shared by the plain-text readers (verbatim text, transcripts,
// UN documents) and the PDF/DOCX readers that feed them. Owned by the plain-text
// readers work (r2); not a module contract.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/readers/readers_internal.h"

namespace normcode {
namespace ptext {

// One line of a text: [begin, end) excludes the line terminator ("\n", "\r\n", "\f").
struct Line {
  uint64_t begin = 0;
  uint64_t end = 0;
  std::string_view text;  // the line without terminator (may contain leading spaces)
  bool page_break_before = false;  // a form feed preceded this line
};
std::vector<Line> SplitLines(std::string_view s);

std::string_view Trim(std::string_view s);
bool IsBlank(std::string_view s);
size_t Indent(std::string_view s);  // leading spaces/tabs (tab = 4)
bool StartsWith(std::string_view s, std::string_view prefix);
bool StartsWithNoCase(std::string_view s, std::string_view prefix);
bool ContainsNoCase(std::string_view s, std::string_view needle);
std::string Lower(std::string_view s);  // ASCII lower case

// Code point at the start of `s` (0 when empty or invalid) and its byte length.
int32_t FirstCodePoint(std::string_view s, int* len = nullptr);
int32_t LastCodePoint(std::string_view s, int* len = nullptr);
bool IsUpperCp(int32_t c);
bool IsLowerCp(int32_t c);
bool IsLetterCp(int32_t c);

// Appends in.utf8[begin, end) to `tb`, splitting at in.anchors so every piece keeps
// its exact source offset.
void AppendMapped(TextBuilder* tb, const DecodedText& in, uint64_t begin, uint64_t end);

// Appends lines[b, e) as one paragraph's text: AppendMapped per line, lines joined by a space.
void AppendLines(TextBuilder* tb, const DecodedText& in, const std::vector<Line>& lines, size_t b, size_t e);

// Parses the first date in `s`: "Monday, 4 December 2006, 10 a.m.", "4 December 2006",
// "December 4, 2006", "2006-12-04", "04/12/2006" (day first). Returns "YYYY-MM-DD" or "".
std::string FindDate(std::string_view s);

// First UN document symbol in `s`: "S/PV.5577", "S/PV.5577 (Resumption 1)", "A/61/PV.105",
// "S/2005/123", "S/RES/1590 (2005)", "A/RES/61/291", "S/2005/123/Add.1". "" when none.
std::string FindUnSymbol(std::string_view s);

// Groups lines [first, last) into paragraphs: a blank line ends a paragraph; a line
// indented deeper than the previous one starts one; in blocks of wrapped lines
// (PDF-extracted text) a clearly short line that ends a sentence ends its paragraph.
// Returns pairs of line indexes [begin, end).
std::vector<std::pair<size_t, size_t>> Paragraphs(const std::vector<Line>& lines, size_t first, size_t last);

// Removes page furniture from text extracted from a paged layout (PDF, or plain text
// with form feeds): running headers/footers repeated across pages, page numbers,
// job numbers ("06-63519 (E)"), barcodes ("*0663519*"), "United Nations" banners,
// the "This record contains the text of speeches..." footnote block; re-joins words
// hyphenated across line ends: "peace-\nkeeping" -> "peacekeeping" when both sides are
// lower case (unless the hyphenated compound occurs unbroken elsewhere in the text,
// e.g. "troop-contributing"), "Secretary-\nGeneral" -> "Secretary-General", "mid-\n2006" -> "mid-2006". Pages are separated by '\f' in `in.utf8`.
// The result's anchors map into the same source as `in`'s (composition).
// Only whitespace is ever inserted. `page_starts` (optional) receives the offset in
// in.utf8 where every page begins.
void CleanPagedText(const DecodedText& in, DecodedText* out, std::vector<uint64_t>* page_starts);

// True when the text looks like page-structured extraction (form feeds).
bool HasPageStructure(std::string_view s);

// `in` itself when it has no page structure, else CleanPagedText(in) written to *scratch.
const DecodedText& CleanIfPaged(const DecodedText& in, DecodedText* scratch);

// Shared by PDF and DOCX: cleaned extracted text -> verbatim / transcript / UN document.
Status DispatchExtractedText(const DecodedText& in, const Limits& limits, Document* doc);

// Sets doc->format to `f` when it is empty (the dispatcher may already have set it).
void DefaultFormat(Document* doc, const char* f);

// Checks the result: spans within text, text valid UTF-8 (defensive; readers must never
// produce anything else).
Status CheckDocument(const Document& doc);

}  // namespace ptext
}  // namespace normcode
