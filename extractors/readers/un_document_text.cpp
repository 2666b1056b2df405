// Reports of the Secretary-General, resolutions and letters as plain text: one
// document of kind un_document with one turn (role author, speaker = issuing body).
//
// Masthead lines before the title are metadata and not part of the text: "United
// Nations", the symbol alone, "Distr.: General", "Original: English", a date alone,
// "Security Council"/"General Assembly", session lines ("Sixtieth session"), job
// numbers. The first paragraph after them is the title. Issuing body:
//   "Letter dated ... from the Permanent Representative (Chargé d'affaires a.i.,
//    Permanent Mission) of X to the United Nations addressed to ..." -> X
//   "Report/Note of/by the Secretary-General"                         -> Secretary-General
//   S/RES/... or "Adopted by the Security Council"                      -> Security Council
//   A/RES/... or "adopted by the General Assembly"                      -> General Assembly
//   otherwise from the symbol prefix (S/ Security Council, A/ General Assembly).
// Paragraphs: blank-line blocks; a numbered paragraph ("12. ...", "(a) ...") always
// starts a new paragraph. Text with form feeds is cleaned of page furniture first.

#include <re2/re2.h>

#include "extractors/readers/plain_text_util.h"

namespace normcode {

using namespace ptext;

namespace {

bool IsMastheadSegment(std::string_view t, const std::string& symbol) {
  static const RE2 kMast(
      R"(^(?:United Nations|Distr\.?:?\s*.*|General|Limited|Restricted|Original:?\s*.*|Security Council|General Assembly|Economic and Social Council|[A-Z][a-z]+(?:-[a-z]+)? (?:session|year)|\d{2}-\d{5}\s*(?:\([A-Z]\))?.*|\*\d{5,}\*|Page \d+|\d{1,4})$)");
  if (t.empty()) return true;
  if (!symbol.empty() && (t == symbol || StartsWith(t, symbol + " "))) return true;
  if (t.size() > 80) return false;
  std::string s(t);
  if (RE2::FullMatch(s, kMast)) return true;
  // A date alone.
  std::string d = FindDate(s);
  return !d.empty() && s.size() <= 30;
}

// A masthead line may hold several fields side by side ("United Nations      S/2005/140").
bool IsMastheadLine(std::string_view t, const std::string& symbol) {
  size_t i = 0;
  while (i < t.size()) {
    size_t e = t.find("   ", i);
    if (e == std::string_view::npos) e = t.size();
    size_t tab = t.find('\t', i);
    if (tab != std::string_view::npos && tab < e) e = tab;
    if (!IsMastheadSegment(Trim(t.substr(i, e - i)), symbol)) return false;
    i = e + 1;
  }
  return true;
}

bool NumberedStart(std::string_view t) {
  size_t i = 0;
  while (i < t.size() && i < 3 && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
  if (i > 0 && i + 1 < t.size() && t[i] == '.' && (t[i + 1] == ' ' || t[i + 1] == '\t')) return true;
  if (StartsWith(t, "(") ) {
    size_t c = t.find(')');
    if (c != std::string_view::npos && c >= 2 && c <= 5 && c + 1 < t.size() && t[c + 1] == ' ') {
      for (size_t k = 1; k < c; ++k)
        if (!std::isalnum(static_cast<unsigned char>(t[k]))) return false;
      return true;
    }
  }
  return false;
}

}  // namespace

Status ReadUnDocumentText(const DecodedText& in, const Limits& limits, Document* doc) {
  (void)limits;
  DecodedText cleaned;
  const DecodedText* src = &CleanIfPaged(in, &cleaned);
  const std::string_view s(src->utf8);
  std::vector<Line> lines = SplitLines(s);
  std::string head;
  for (size_t i = 0; i < lines.size() && head.size() < 6000; ++i) head.append(Trim(lines[i].text)).push_back('\n');

  doc->kind = kind::kUnDocument;
  DefaultFormat(doc, "text");
  if (doc->encoding.empty()) doc->encoding = in.encoding;
  doc->language = "en";
  doc->symbol = FindUnSymbol(head);

  // Masthead.
  size_t first = 0;
  while (first < lines.size() && IsMastheadLine(Trim(lines[first].text), doc->symbol)) ++first;
  std::string masthead;
  for (size_t i = 0; i < first; ++i) masthead.append(Trim(lines[i].text)).push_back('\n');
  doc->date = FindDate(masthead);
  if (doc->date.empty()) doc->date = FindDate(head);

  // Paragraphs, split further at numbered paragraphs.
  std::vector<std::pair<size_t, size_t>> paras;
  for (auto [b, e] : Paragraphs(lines, first, lines.size())) {
    size_t start = b;
    for (size_t i = b + 1; i < e; ++i) {
      if (NumberedStart(Trim(lines[i].text))) {
        paras.push_back({start, i});
        start = i;
      }
    }
    paras.push_back({start, e});
  }
  if (paras.empty()) return Status::InvalidInput("document has no text");

  // Title: the first paragraph when it is short.
  {
    std::string title;
    for (size_t i = paras[0].first; i < paras[0].second; ++i) {
      if (!title.empty()) title.push_back(' ');
      title.append(Trim(lines[i].text));
    }
    if (title.size() <= 300) doc->title = title;
  }

  // Issuing body.
  std::string author, affiliation;
  {
    static const RE2 kLetter(
        R"(Letter dated .{0,60}? from the (?:Permanent Representative|Chargé d'affaires a\.i\.|Chargé d’affaires a\.i\.|Deputy Permanent Representative|Permanent Mission|Representative|Minister for Foreign Affairs|Head of State|President) of (.{2,80}?) (?:to the United Nations )?addressed to)");
    std::string flat = head;
    for (char& c : flat)
      if (c == '\n') c = ' ';
    if (RE2::PartialMatch(flat, kLetter, &author)) {
      if (StartsWith(author, "the ")) author = author.substr(4);
      affiliation = author;
    } else if (ContainsNoCase(flat.substr(0, 3000), "Report of the Secretary-General") ||
               ContainsNoCase(flat.substr(0, 3000), "Note by the Secretary-General") ||
               ContainsNoCase(flat.substr(0, 3000), "Special report of the Secretary-General")) {
      author = "Secretary-General";
    } else if (StartsWith(doc->symbol, "S/RES/") || ContainsNoCase(flat.substr(0, 3000), "Adopted by the Security Council")) {
      author = "Security Council";
    } else if (StartsWith(doc->symbol, "A/RES/") ||
               ContainsNoCase(flat.substr(0, 3000), "adopted by the General Assembly")) {
      author = "General Assembly";
    } else if (StartsWith(doc->symbol, "S/")) {
      author = "Security Council";
    } else if (StartsWith(doc->symbol, "A/")) {
      author = "General Assembly";
    }
  }
  doc->body = author;

  TextBuilder tb;
  Turn t;
  t.index = 1;
  t.role = role::kAuthor;
  t.speaker = author;
  t.affiliation = affiliation;
  for (auto [b, e] : paras) {
    tb.ParagraphBreak();
    uint64_t pb = tb.size();
    AppendLines(&tb, *src, lines, b, e);
    uint64_t pe = tb.content_end();
    if (pe > pb) t.paragraphs.push_back({pb, pe});
  }
  if (t.paragraphs.empty()) return Status::InvalidInput("document has no text");
  t.span = {t.paragraphs.front().begin, t.paragraphs.back().end};
  doc->text = std::move(tb.text());
  doc->anchors = std::move(tb.anchors());
  doc->turns = {t};
  return CheckDocument(*doc);
}

}  // namespace normcode
