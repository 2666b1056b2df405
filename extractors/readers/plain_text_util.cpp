#include "extractors/readers/plain_text_util.h"

#include <re2/re2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <set>

#include "core/text.h"

namespace normcode {
namespace ptext {

std::vector<Line> SplitLines(std::string_view s) {
  std::vector<Line> out;
  uint64_t start = 0;
  bool page_break = false;
  auto push = [&](uint64_t end) {
    out.push_back({start, end, s.substr(start, end - start), page_break});
    page_break = false;
  };
  for (uint64_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\n') {
      push(i);
      start = i + 1;
    } else if (c == '\r') {
      push(i);
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
      start = i + 1;
    } else if (c == '\f') {
      if (i > start) push(i);
      page_break = true;
      start = i + 1;
    }
  }
  if (start < s.size()) push(s.size());
  return out;
}

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\v' || s[b] == '\f')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\v' || s[e - 1] == '\f'))
    --e;
  // U+00A0 (no-break space, C2 A0) at either end.
  while (e - b >= 2 && static_cast<unsigned char>(s[b]) == 0xC2 && static_cast<unsigned char>(s[b + 1]) == 0xA0) b += 2;
  while (e - b >= 2 && static_cast<unsigned char>(s[e - 2]) == 0xC2 && static_cast<unsigned char>(s[e - 1]) == 0xA0) e -= 2;
  return s.substr(b, e - b);
}

bool IsBlank(std::string_view s) { return Trim(s).empty(); }

size_t Indent(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if (c == ' ') n += 1;
    else if (c == '\t') n += 4;
    else break;
  }
  return n;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

static char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool StartsWithNoCase(std::string_view s, std::string_view p) {
  if (s.size() < p.size()) return false;
  for (size_t i = 0; i < p.size(); ++i)
    if (LowerAscii(s[i]) != LowerAscii(p[i])) return false;
  return true;
}

bool ContainsNoCase(std::string_view s, std::string_view needle) {
  if (needle.empty()) return true;
  for (size_t i = 0; i + needle.size() <= s.size(); ++i)
    if (StartsWithNoCase(s.substr(i), needle)) return true;
  return false;
}

std::string Lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = LowerAscii(c);
  return r;
}

int32_t FirstCodePoint(std::string_view s, int* len) {
  if (s.empty()) {
    if (len) *len = 0;
    return 0;
  }
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(std::min<size_t>(s.size(), 8)), c);
  if (len) *len = i;
  return c < 0 ? 0 : c;
}

int32_t LastCodePoint(std::string_view s, int* len) {
  if (s.empty()) {
    if (len) *len = 0;
    return 0;
  }
  int32_t n = static_cast<int32_t>(std::min<size_t>(s.size(), 8));
  const uint8_t* p = reinterpret_cast<const uint8_t*>(s.data() + s.size() - n);
  int32_t i = n;
  UChar32 c;
  U8_PREV(p, 0, i, c);
  if (len) *len = n - i;
  return c < 0 ? 0 : c;
}

bool IsUpperCp(int32_t c) { return c > 0 && (u_isupper(c) || u_istitle(c)); }
bool IsLowerCp(int32_t c) { return c > 0 && u_islower(c); }
bool IsLetterCp(int32_t c) { return c > 0 && u_isalpha(c); }

void AppendMapped(TextBuilder* tb, const DecodedText& in, uint64_t begin, uint64_t end) {
  end = std::min<uint64_t>(end, in.utf8.size());
  if (begin >= end) return;
  std::string_view s(in.utf8);
  if (in.anchors.empty()) {
    tb->Append(s.substr(begin, end - begin), begin);
    return;
  }
  auto it = std::upper_bound(in.anchors.begin(), in.anchors.end(), begin,
                             [](uint64_t v, const SourceAnchor& a) { return v < a.text_offset; });
  size_t idx = it == in.anchors.begin() ? 0 : static_cast<size_t>(it - in.anchors.begin()) - 1;
  uint64_t pos = begin;
  while (pos < end) {
    const SourceAnchor& a = in.anchors[idx];
    uint64_t piece_end = end;
    if (idx + 1 < in.anchors.size()) piece_end = std::min(piece_end, in.anchors[idx + 1].text_offset);
    if (piece_end <= pos) {  // defensive: anchors out of order
      ++idx;
      if (idx >= in.anchors.size()) break;
      continue;
    }
    uint64_t src = a.source_offset + (pos >= a.text_offset ? pos - a.text_offset : 0);
    tb->Append(s.substr(pos, piece_end - pos), src);
    pos = piece_end;
    if (idx + 1 < in.anchors.size()) ++idx;
  }
}

void AppendLines(TextBuilder* tb, const DecodedText& in, const std::vector<Line>& lines, size_t b, size_t e) {
  for (size_t k = b; k < e; ++k) {
    if (k > b) tb->Append(" ", 0);  // whitespace only: no anchor
    AppendMapped(tb, in, lines[k].begin, lines[k].end);
  }
}

namespace {
const char* kMonths[] = {"january", "february", "march",     "april",   "may",      "june",
                         "july",    "august",   "september", "october", "november", "december"};

int MonthNumber(std::string_view name) {
  std::string l = Lower(name);
  for (int i = 0; i < 12; ++i)
    if (l == kMonths[i] || (l.size() >= 3 && std::string_view(kMonths[i]).substr(0, 3) == l && l.size() == 3))
      return i + 1;
  return 0;
}

std::string Iso(int y, int m, int d) {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return "";
  char buf[16];
  snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}
}  // namespace

// The regexes of this file are RE2 (linear time on hostile text, and several times
// faster than std::regex, which was 1-3% of a whole run's instructions).
std::string FindDate(std::string_view sv) {
  static const RE2 kDayMonth(
      R"((?i)(\d{1,2})(?:st|nd|rd|th)?\s+(January|February|March|April|May|June|July|August|September|October|November|December),?\s+(\d{4}))");
  static const RE2 kMonthDay(
      R"((?i)(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))");
  static const RE2 kIso(R"((\d{4})-(\d{2})-(\d{2}))");
  static const RE2 kNumeric(R"((\d{1,2})[./](\d{1,2})[./](\d{4}))");
  re2::StringPiece s(sv.data(), std::min<size_t>(sv.size(), 4000));
  size_t best_pos = std::string::npos;
  std::string best;
  auto consider = [&](const RE2& re, int kind) {
    re2::StringPiece m[4];
    if (!re.Match(s, 0, s.size(), RE2::UNANCHORED, m, 4)) return;
    size_t pos = static_cast<size_t>(m[0].data() - s.data());
    if (pos >= best_pos) return;
    auto num = [&](int i) { return std::stoi(std::string(m[i].data(), m[i].size())); };
    auto str = [&](int i) { return std::string(m[i].data(), m[i].size()); };
    std::string r;
    if (kind == 0) r = Iso(num(3), MonthNumber(str(2)), num(1));
    if (kind == 1) r = Iso(num(3), MonthNumber(str(1)), num(2));
    if (kind == 2) r = Iso(num(1), num(2), num(3));
    if (kind == 3) r = Iso(num(3), num(2), num(1));
    if (!r.empty()) {
      best_pos = pos;
      best = r;
    }
  };
  consider(kDayMonth, 0);
  consider(kMonthDay, 1);
  consider(kIso, 2);
  consider(kNumeric, 3);
  return best;
}

std::string FindUnSymbol(std::string_view sv) {
  static const RE2 kSym(
      R"((?:^|[^A-Za-z0-9/])([SAE]/(?:RES/)?(?:\d+/)*(?:PV\.\d+|\d+)(?:/(?:Add|Rev|Corr)\.\d+)*)(\s*\((?:Resumption|Part)\s*\d+\)|\s*\(\d{4}\))?)");
  re2::StringPiece s(sv.data(), std::min<size_t>(sv.size(), 20000));
  re2::StringPiece m[3];
  if (!kSym.Match(s, 0, s.size(), RE2::UNANCHORED, m, 3)) return "";
  std::string sym(m[1].data(), m[1].size());
  // Bare "A/61" style numbers are not symbols unless they name a record or resolution.
  if (sym.find('/', 2) == std::string::npos && sym.find("PV.") == std::string::npos) return "";
  if (m[2].data() != nullptr) {
    std::string suffix(Trim(std::string_view(m[2].data(), m[2].size())));
    bool res = sym.find("/RES/") != std::string::npos;
    bool year = suffix.size() == 6 && std::isdigit(static_cast<unsigned char>(suffix[1]));
    if ((year && res) || (!year && sym.find("PV.") != std::string::npos)) sym += " " + suffix;
  }
  return sym;
}

std::vector<std::pair<size_t, size_t>> Paragraphs(const std::vector<Line>& lines, size_t first, size_t last) {
  std::vector<std::pair<size_t, size_t>> out;
  last = std::min(last, lines.size());
  if (first >= last) return out;
  std::vector<size_t> lens;
  for (size_t i = first; i < last; ++i) {
    size_t n = Trim(lines[i].text).size();
    if (n) lens.push_back(n);
  }
  size_t typical = 0;
  if (lens.size() >= 3) {
    std::nth_element(lens.begin(), lens.begin() + lens.size() / 2, lens.end());
    typical = lens[lens.size() / 2];
  }
  auto ends_sentence = [](std::string_view t) {
    if (t.empty()) return false;
    char c = t.back();
    if (c == '.' || c == '?' || c == '!' || c == ':' || c == ';' || c == '"' || c == ')') return true;
    int32_t cp = LastCodePoint(t);
    return cp == 0x201D || cp == 0x2019;  // closing quotes
  };
  auto starts_paragraph_like = [](std::string_view t) {
    int32_t cp = FirstCodePoint(t);
    return IsUpperCp(cp) || (cp >= '0' && cp <= '9') || cp == '"' || cp == '(' || cp == 0x201C || cp == 0x2018;
  };
  size_t start = SIZE_MAX;
  for (size_t i = first; i < last; ++i) {
    if (IsBlank(lines[i].text)) {
      if (start != SIZE_MAX) out.push_back({start, i});
      start = SIZE_MAX;
      continue;
    }
    if (start == SIZE_MAX) {
      start = i;
      continue;
    }
    std::string_view prev = Trim(lines[i - 1].text), cur = Trim(lines[i].text);
    bool brk = false;
    if (Indent(lines[i].text) > Indent(lines[i - 1].text) && Indent(lines[i].text) >= 2 && ends_sentence(prev)) brk = true;
    if (!brk && typical >= 40 && prev.size() * 4 < typical * 3 && ends_sentence(prev) && starts_paragraph_like(cur))
      brk = true;
    if (brk) {
      out.push_back({start, i});
      start = i;
    }
  }
  if (start != SIZE_MAX) out.push_back({start, last});
  return out;
}

bool HasPageStructure(std::string_view s) { return s.find('\f') != std::string_view::npos; }

const DecodedText& CleanIfPaged(const DecodedText& in, DecodedText* scratch) {
  if (!HasPageStructure(in.utf8)) return in;
  CleanPagedText(in, scratch, nullptr);
  return *scratch;
}

namespace {

// Line key for running header/footer detection: trimmed, spaces collapsed, digits -> '#'.
std::string FurnitureKey(std::string_view t) {
  std::string k;
  bool space = false;
  for (char c : Trim(t)) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !k.empty()) k.push_back(' ');
    space = false;
    k.push_back(std::isdigit(static_cast<unsigned char>(c)) ? '#' : c);
  }
  // "##" and "#" are the same page number furniture.
  std::string r;
  for (char c : k)
    if (!(c == '#' && !r.empty() && r.back() == '#')) r.push_back(c);
  return r;
}

bool IsPageFurniturePattern(std::string_view t) {
  static const RE2 kWhole(R"((?i)(?:Page\s+\d+(?:\s+of\s+\d+)?|United Nations))");
  // Job numbers "06-63519", "(E)", barcodes "*0663519*", page numbers "2", "2/35", "- 2 -".
  static const RE2 kToken(R"((?:\d{2}-\d{5}|\([A-Z]\)|\*\d{5,}\*|\d{1,4}(?:/\d{1,4})?|[-–—]|\d{6}))");
  std::string s(Trim(t));
  if (s.empty() || s.size() > 60) return false;
  if (RE2::FullMatch(s, kWhole)) return true;
  size_t i = 0;
  int tokens = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i >= s.size()) break;
    size_t e = i;
    while (e < s.size() && s[e] != ' ' && s[e] != '\t') ++e;
    if (!RE2::FullMatch(re2::StringPiece(s.data() + i, e - i), kToken)) return false;
    if (++tokens > 6) return false;
    i = e;
  }
  return tokens > 0;
}

}  // namespace

void CleanPagedText(const DecodedText& in, DecodedText* out, std::vector<uint64_t>* page_starts) {
  const std::string_view s(in.utf8);
  std::vector<Line> lines = SplitLines(s);
  // Page index of every line.
  std::vector<int> page(lines.size());
  int np = 0;
  std::vector<uint64_t> starts{0};
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].page_break_before && i > 0) {
      ++np;
      starts.push_back(lines[i].begin);
    }
    page[i] = np;
  }
  // Also count pages that are empty after the last line's form feed.
  int pages = np + 1;
  if (page_starts) *page_starts = starts;

  // Candidate positions: first/last kEdge non-blank lines of each page.
  constexpr int kEdge = 4;
  std::vector<bool> edge(lines.size(), false);
  {
    size_t i = 0;
    while (i < lines.size()) {
      size_t j = i;
      while (j < lines.size() && page[j] == page[i]) ++j;
      int c = 0;
      for (size_t k = i; k < j && c < kEdge; ++k)
        if (!IsBlank(lines[k].text)) edge[k] = true, ++c;
      c = 0;
      for (size_t k = j; k > i && c < kEdge; --k)
        if (!IsBlank(lines[k - 1].text)) edge[k - 1] = true, ++c;
      i = j;
    }
  }
  std::map<std::string, std::set<int>> key_pages;
  for (size_t i = 0; i < lines.size(); ++i)
    if (edge[i]) key_pages[FurnitureKey(lines[i].text)].insert(page[i]);
  const size_t min_pages = std::max<size_t>(2, static_cast<size_t>(pages) / 2);

  std::vector<bool> drop(lines.size(), false);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!edge[i]) continue;
    if (IsPageFurniturePattern(lines[i].text)) {
      drop[i] = true;
      continue;
    }
    // Running headers repeated across pages; page 1 keeps its copy (its masthead
    // carries the symbol the header parser needs).
    if (pages >= 2 && page[i] > 0) {
      const auto& ps = key_pages[FurnitureKey(lines[i].text)];
      if (ps.size() >= min_pages && Trim(lines[i].text).size() <= 120) drop[i] = true;
    }
  }
  // The standard footnote block of the first page of a verbatim record.
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!StartsWith(Trim(lines[i].text), "This record contains the text of speeches")) continue;
    size_t end = i;
    bool found = false;
    for (size_t k = i; k < lines.size() && k < i + 16; ++k) {
      if (ContainsNoCase(lines[k].text, "corrigendum")) {
        end = k;
        found = true;
        break;
      }
    }
    if (!found) {
      end = i;
      while (end + 1 < lines.size() && !IsBlank(lines[end + 1].text) && end < i + 12) ++end;
    }
    for (size_t k = i; k <= end; ++k) drop[k] = true;
    i = end;
  }
  // Blank lines at page edges would split paragraphs that run across pages.
  {
    size_t i = 0;
    while (i < lines.size()) {
      size_t j = i;
      while (j < lines.size() && page[j] == page[i]) ++j;
      if (pages >= 2) {
        for (size_t k = i; k < j && (drop[k] || IsBlank(lines[k].text)); ++k) drop[k] = true;
        for (size_t k = j; k > i && (drop[k - 1] || IsBlank(lines[k - 1].text)); --k) drop[k - 1] = true;
      }
      i = j;
    }
  }

  // Emit kept lines, re-joining hyphenated words.
  out->utf8.clear();
  out->anchors.clear();
  out->encoding = in.encoding;
  auto add_anchor = [&](uint64_t text_off, uint64_t src) {
    if (!out->anchors.empty()) {
      const SourceAnchor& b = out->anchors.back();
      if (b.text_offset == text_off) {
        out->anchors.back().source_offset = src;
        return;
      }
      if (b.source_offset + (text_off - b.text_offset) == src) return;
    }
    out->anchors.push_back({text_off, src});
  };
  auto copy_range = [&](uint64_t a, uint64_t b) {
    if (a >= b) return;
    uint64_t base = out->utf8.size();
    if (in.anchors.empty()) {
      add_anchor(base, a);
    } else {
      auto it = std::upper_bound(in.anchors.begin(), in.anchors.end(), a,
                                 [](uint64_t v, const SourceAnchor& x) { return v < x.text_offset; });
      size_t idx = it == in.anchors.begin() ? 0 : static_cast<size_t>(it - in.anchors.begin()) - 1;
      const SourceAnchor& x = in.anchors[idx];
      add_anchor(base, x.source_offset + (a >= x.text_offset ? a - x.text_offset : 0));
      for (size_t k = idx + 1; k < in.anchors.size() && in.anchors[k].text_offset < b; ++k)
        add_anchor(base + (in.anchors[k].text_offset - a), in.anchors[k].source_offset);
    }
    out->utf8.append(s.substr(a, b - a));
  };

  // Hyphenated compounds written unbroken somewhere in the text ("troop-contributing"):
  // a line break at their hyphen keeps the hyphen.
  auto word_byte = [](char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return std::isalpha(u) || u >= 0x80;
  };
  std::set<std::string> compounds;
  for (size_t i = 0; i < s.size();) {
    if (!word_byte(s[i])) {
      ++i;
      continue;
    }
    size_t e = i;
    while (e < s.size() && (word_byte(s[e]) || (s[e] == '-' && e + 1 < s.size() && word_byte(s[e + 1])))) ++e;
    std::string_view w = s.substr(i, e - i);
    if (w.find('-') != std::string_view::npos) compounds.insert(Lower(w));
    i = e;
  }

  std::vector<size_t> kept;
  for (size_t i = 0; i < lines.size(); ++i)
    if (!drop[i]) kept.push_back(i);
  uint64_t resume_from = UINT64_MAX;  // start offset inside the next line after a join
  for (size_t n = 0; n < kept.size(); ++n) {
    const Line& L = lines[kept[n]];
    uint64_t a = L.begin;
    if (resume_from != UINT64_MAX) {
      a = resume_from;
      resume_from = UINT64_MAX;
    }
    std::string_view t = s.substr(a, L.end - a);
    // Right-trim spaces.
    size_t tl = t.size();
    while (tl > 0 && (t[tl - 1] == ' ' || t[tl - 1] == '\t')) --tl;
    t = t.substr(0, tl);
    bool joined = false;
    if (tl >= 2 && t[tl - 1] == '-' && n + 1 < kept.size() && !IsBlank(lines[kept[n + 1]].text)) {
      int32_t before = LastCodePoint(t.substr(0, tl - 1));
      const Line& N = lines[kept[n + 1]];
      std::string_view nt = N.text;
      size_t ind = 0;
      while (ind < nt.size() && (nt[ind] == ' ' || nt[ind] == '\t')) ++ind;
      int32_t after = FirstCodePoint(nt.substr(ind));
      if (IsLetterCp(before) && (IsLetterCp(after) || (after >= '0' && after <= '9'))) {
        bool drop_hyphen = IsLowerCp(before) && IsLowerCp(after);
        if (drop_hyphen) {
          size_t pb = tl - 1;
          while (pb > 0 && word_byte(t[pb - 1])) --pb;
          size_t se = ind;
          while (se < nt.size() && word_byte(nt[se])) ++se;
          std::string compound = Lower(t.substr(pb, tl - 1 - pb)) + "-" + Lower(nt.substr(ind, se - ind));
          if (compounds.count(compound)) drop_hyphen = false;
        }
        copy_range(a, a + tl - (drop_hyphen ? 1 : 0));
        resume_from = N.begin + ind;
        joined = true;
      }
    }
    if (!joined) {
      copy_range(a, a + tl);
      out->utf8.push_back('\n');
    }
  }
}

Status DispatchExtractedText(const DecodedText& in, const Limits& limits, Document* doc) {
  if (LooksLikeVerbatimText(in.utf8)) return ReadVerbatimText(in, limits, doc);
  if (LooksLikeTranscript(in.utf8)) return ReadTranscript(in, limits, doc);
  return ReadUnDocumentText(in, limits, doc);
}

void DefaultFormat(Document* doc, const char* f) {
  if (doc->format.empty()) doc->format = f;
}

Status CheckDocument(const Document& doc) {
  if (!IsValidUtf8(doc.text)) return Status::Internal("reader produced invalid UTF-8");
  for (const Turn& t : doc.turns) {
    if (t.span.begin > t.span.end || t.span.end > doc.text.size())
      return Status::Internal("turn span out of range");
    for (const Span& p : t.paragraphs)
      if (p.begin < t.span.begin || p.end > t.span.end || p.begin > p.end)
        return Status::Internal("paragraph span outside its turn");
  }
  for (size_t i = 1; i < doc.anchors.size(); ++i)
    if (doc.anchors[i].text_offset < doc.anchors[i - 1].text_offset)
      return Status::Internal("anchors not sorted");
  return Status::OK();
}

}  // namespace ptext
}  // namespace normcode
