// Interview transcripts (plain text or Markdown).
//
// Header, any of (combined in this order):
//   YAML front matter between "---" lines (simple "key: value" lines; quotes stripped);
//   Markdown headings "# Interview 14" (the first one is the title);
//   "Key: value" lines at the top, also as a Markdown list "- **Interview id:** 14".
//   The header ends at a blank line, unless the next line is again a header line with
//   a known key not seen yet (DOCX paragraphs come separated by blank lines), and at a
//   line whose value is long (> 200 bytes: a turn, not a field) or whose key was seen.
// Keys are normalised to lower case with '_' ("Interview id" -> interview_id) and go
// to Document::meta. Known: interview id, date, interviewee (role), nationality,
// language, anonymised, interviewer, location, mission, ...
// Turns: "Q:" / "A:" (also "**Q:**", "**Q**:", "Question:", "Answer:", "Interviewer:",
// "Interviewee:", "Respondent:") or "Name:" where Name (one to four capitalised words)
// is an interviewer named in the header (-> interviewer), the interviewee named in the
// header, or occurs as a label at least twice (-> interviewee).
// Speaker: the name as printed; for Q/A-style labels the header's interviewer or
// interviewee name when given (and not anonymised), else "Interviewer"/"Interviewee".
// Interviewee turns carry the header's nationality (or country) as affiliation, as written;
// without one, a leading demonym of the interviewee field ("Senegalese senior officer").
// Symbol: "Interview <id>" from the id field or a title "Interview 14: ...".
// Markdown horizontal rules ("---") after the header are ignored.
// Text between the header and the first turn becomes a procedural turn.
// Document: kind interview_transcript, symbol "Interview <id>", date, language (ISO 639-1
// from the language field when it names a language we know), title.
#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include "extractors/readers/plain_text_util.h"

namespace normcode {

using namespace ptext;

namespace {

const std::set<std::string>& KnownKeys() {
  static const std::set<std::string> k = {
      "interview",   "interview_id",     "interview_no",  "interview_number", "id",          "date",
      "interview_date", "interviewee",   "interviewee_role", "role",          "position",    "rank",
      "nationality", "country",          "language",      "anonymised",       "anonymized",  "interviewer",
      "interviewers", "location",        "place",         "duration",         "mission",     "transcript",
      "transcriber", "consent",          "gender",        "affiliation",      "organisation", "organization",
      "recording",   "notes",            "name",          "respondent",       "project",     "session",
      "title",       "time",             "period",        "deployment",       "unit",        "contingent"};
  return k;
}

std::string NormKey(std::string_view k) {
  std::string r;
  for (char c : Trim(k)) {
    if (c == ' ' || c == '-' || c == '_') {
      if (!r.empty() && r.back() != '_') r.push_back('_');
    } else if (c != '*' && c != '`') {
      r.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  while (!r.empty() && r.back() == '_') r.pop_back();
  return r;
}

std::string StripMarkup(std::string_view v) {
  std::string r;
  for (size_t i = 0; i < v.size(); ++i) {
    if ((v[i] == '*' || v[i] == '_') && i + 1 < v.size() && v[i + 1] == v[i]) {
      ++i;
      continue;
    }
    r.push_back(v[i]);
  }
  std::string t(Trim(r));
  if (t.size() >= 2 && ((t.front() == '"' && t.back() == '"') || (t.front() == '\'' && t.back() == '\'')))
    t = t.substr(1, t.size() - 2);
  return t;
}

// "Key: value", "- **Key:** value", "**Key**: value". Returns false when not a field.
bool ParseField(std::string_view line, std::string* key, std::string* value) {
  std::string_view t = Trim(line);
  if (StartsWith(t, "- ") || StartsWith(t, "* ") || StartsWith(t, "+ ")) t = Trim(t.substr(2));
  std::string plain = StripMarkup(t);  // removes ** and __
  size_t colon = plain.find(':');
  if (colon == std::string::npos || colon == 0 || colon > 40) return false;
  std::string_view k = Trim(std::string_view(plain).substr(0, colon));
  if (k.empty()) return false;
  int32_t c = FirstCodePoint(k);
  if (!IsLetterCp(c)) return false;
  int words = 1;
  for (char ch : k) {
    if (ch == ' ') ++words;
    if (ch == '.' || ch == ',' || ch == '?' || ch == '!' || ch == '"' || ch == '(') return false;
  }
  if (words > 5) return false;
  std::string v(Trim(std::string_view(plain).substr(colon + 1)));
  if (v.size() >= 2 && ((v.front() == '"' && v.back() == '"') || (v.front() == '\'' && v.back() == '\'')))
    v = v.substr(1, v.size() - 2);
  *key = NormKey(k);
  *value = v;
  return true;
}

bool IsQALabel(const std::string& k) {
  return k == "q" || k == "a" || k == "question" || k == "answer" || k == "i" || k == "r";
}

// A turn label at the start of a line: returns the label and the offset of the words.
bool ParseTurnLabel(std::string_view line, std::string* label, size_t* content) {
  size_t p = 0;
  while (p < line.size() && (line[p] == ' ' || line[p] == '\t')) ++p;
  if (line.compare(p, 2, "**") == 0 || line.compare(p, 2, "__") == 0) p += 2;
  size_t b = p;
  while (p < line.size() && p - b <= 50) {
    char c = line[p];
    if (c == ':' || c == '*' || c == '_') break;
    if (c == ',' || c == '?' || c == '!' || c == '"' || c == '(' || c == ')' || c == ';' || c == '/') return false;
    ++p;
  }
  if (p >= line.size() || p == b) return false;
  std::string_view name = Trim(line.substr(b, p - b));
  if (line.compare(p, 2, "**") == 0 || line.compare(p, 2, "__") == 0) p += 2;  // "**Q**:"
  if (p >= line.size() || line[p] != ':') return false;
  ++p;
  if (line.compare(p, 2, "**") == 0 || line.compare(p, 2, "__") == 0) p += 2;  // "**Q:**"
  // "http://..." and times "10:30" are not labels.
  if (p < line.size() && (line[p] == '/' || std::isdigit(static_cast<unsigned char>(line[p])))) return false;
  while (p < line.size() && (line[p] == ' ' || line[p] == '\t')) ++p;
  if (name.empty()) return false;
  int words = 1;
  for (char c : name)
    if (c == ' ') ++words;
  if (words > 4) return false;
  // Every word capitalised (names, "Q", "A", initials).
  size_t w = 0;
  while (w < name.size()) {
    size_t e = name.find(' ', w);
    if (e == std::string_view::npos) e = name.size();
    std::string_view word = name.substr(w, e - w);
    if (!word.empty() && !IsUpperCp(FirstCodePoint(word))) return false;
    w = e + 1;
  }
  *label = std::string(name);
  *content = p;
  return true;
}

struct Header {
  std::map<std::string, std::string> meta;
  std::string title;
  size_t end = 0;  // first line after the header
  bool markdown = false;
};

// `label_counts`: how often each "Name:" label starts a line in the whole file. A
// field whose key occurs as a label twice or more is a turn, not a header field.
Header ParseHeaderLines(const std::vector<Line>& lines, const std::map<std::string, int>& label_counts) {
  Header h;
  auto repeated_label = [&](std::string_view line) {
    std::string label;
    size_t content;
    if (!ParseTurnLabel(line, &label, &content)) return false;
    auto it = label_counts.find(label);
    return it != label_counts.end() && it->second >= 2;
  };
  size_t i = 0;
  while (i < lines.size() && IsBlank(lines[i].text)) ++i;
  // YAML front matter.
  if (i < lines.size() && Trim(lines[i].text) == "---") {
    size_t close = SIZE_MAX;
    for (size_t k = i + 1; k < lines.size() && k < i + 200; ++k) {
      std::string_view t = Trim(lines[k].text);
      if (t == "---" || t == "...") {
        close = k;
        break;
      }
    }
    if (close != SIZE_MAX) {
      for (size_t k = i + 1; k < close; ++k) {
        std::string key, value;
        if (ParseField(lines[k].text, &key, &value) && !key.empty()) h.meta[key] = value;
      }
      h.markdown = true;
      i = close + 1;
    }
  }
  // Headings and key/value lines.
  std::set<std::string> seen;
  for (auto& [k, v] : h.meta) seen.insert(k);
  while (i < lines.size()) {
    std::string_view t = Trim(lines[i].text);
    if (t.empty()) {
      size_t j = i + 1;
      while (j < lines.size() && IsBlank(lines[j].text)) ++j;
      if (j >= lines.size()) {
        i = j;
        break;
      }
      std::string_view nt = Trim(lines[j].text);
      std::string key, value;
      bool heading = StartsWith(nt, "#");
      if (heading && h.title.empty()) {
        i = j;
        continue;
      }
      if (!heading && ParseField(nt, &key, &value) && KnownKeys().count(key) && !seen.count(key) &&
          value.size() <= 200 && !IsQALabel(key)) {
        i = j;
        continue;
      }
      break;
    }
    if (StartsWith(t, "#")) {
      size_t n = 0;
      while (n < t.size() && t[n] == '#') ++n;
      if (h.title.empty()) h.title = std::string(Trim(t.substr(n)));
      h.markdown = true;
      ++i;
      continue;
    }
    std::string key, value;
    if (!ParseField(t, &key, &value) || IsQALabel(key) || seen.count(key) || value.size() > 200) break;
    if (!KnownKeys().count(key) && repeated_label(t)) break;
    if (t.find("**") != std::string_view::npos) h.markdown = true;
    h.meta[key] = value;
    seen.insert(key);
    ++i;
  }
  h.end = i;
  return h;
}

std::map<std::string, int> LabelCounts(const std::vector<Line>& lines) {
  std::map<std::string, int> counts;
  for (const Line& l : lines) {
    std::string label;
    size_t content;
    if (ParseTurnLabel(l.text, &label, &content)) ++counts[label];
  }
  return counts;
}

bool IsHeaderInterviewish(const Header& h) {
  for (const char* k : {"interview", "interview_id", "interviewee", "interviewer", "interviewee_role", "respondent",
                        "interview_date", "interview_no", "interview_number"})
    if (h.meta.count(k)) return true;
  return false;
}

enum class Side { kNone, kInterviewer, kInterviewee };

Side GenericSide(const std::string& l) {
  std::string k = Lower(l);
  if (k == "q" || k == "question" || k == "interviewer" || k == "i" || k == "int") return Side::kInterviewer;
  if (k == "a" || k == "answer" || k == "interviewee" || k == "respondent" || k == "r") return Side::kInterviewee;
  return Side::kNone;
}

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> r;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',')) ++i;
    size_t e = i;
    while (e < s.size() && s[e] != ' ' && s[e] != ',') ++e;
    if (e > i) r.emplace_back(s.substr(i, e - i));
    i = e;
  }
  return r;
}

// Names listed in a header value: "Dr. Jane Smith (JS), Paul Ngoy and K. Mensah".
std::vector<std::string> SplitNames(const std::string& v) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    std::string t(Trim(cur));
    if (!t.empty()) out.push_back(t);
    cur.clear();
  };
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == ',' || v[i] == ';' || v[i] == '&') {
      flush();
      continue;
    }
    if (v.compare(i, 5, " and ") == 0) {
      flush();
      i += 4;
      continue;
    }
    cur.push_back(v[i]);
  }
  flush();
  return out;
}

bool NameMatches(const std::string& label, const std::string& name) {
  std::string base = name, initials;
  size_t lp = name.find('(');
  if (lp != std::string::npos) {
    size_t rp = name.find(')', lp);
    initials = std::string(Trim(name.substr(lp + 1, rp == std::string::npos ? std::string::npos : rp - lp - 1)));
    base = std::string(Trim(name.substr(0, lp)));
  }
  if (label == base || (!initials.empty() && label == initials)) return true;
  std::vector<std::string> lw = Words(label), nw = Words(base);
  if (lw.empty()) return false;
  for (const std::string& w : lw)
    if (std::find(nw.begin(), nw.end(), w) == nw.end()) return false;
  // A single title word ("Dr.") is not enough.
  return !(lw.size() == 1 && lw[0].size() <= 3 && lw[0].back() == '.');
}

std::string LanguageCode(const std::string& v) {
  std::string l = Lower(Trim(v));
  if (l.size() == 2 && std::isalpha(static_cast<unsigned char>(l[0])) && std::isalpha(static_cast<unsigned char>(l[1])))
    return l;
  static const std::pair<const char*, const char*> kLang[] = {
      {"english", "en"}, {"french", "fr"},  {"spanish", "es"},     {"portuguese", "pt"}, {"arabic", "ar"},
      {"russian", "ru"}, {"chinese", "zh"}, {"german", "de"},      {"italian", "it"},    {"dutch", "nl"},
      {"swahili", "sw"}, {"hindi", "hi"},   {"urdu", "ur"},        {"bengali", "bn"},    {"nepali", "ne"},
      {"indonesian", "id"}, {"turkish", "tr"}, {"kinyarwanda", "rw"}, {"amharic", "am"}};
  for (auto& [name, code] : kLang)
    if (StartsWith(l, name)) return code;
  return "";
}

std::string Meta(const std::map<std::string, std::string>& m, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    auto it = m.find(k);
    if (it != m.end() && !it->second.empty()) return it->second;
  }
  return "";
}

// "Senegalese senior officer" -> "Senegalese": a capitalised first word with a demonym
// ending, followed by a lower-case word. "" otherwise ("Force Commander", a name).
std::string LeadingDemonym(const std::string& v) {
  std::string_view t = Trim(v);
  size_t sp = t.find(' ');
  if (sp == std::string_view::npos || sp + 1 >= t.size()) return "";
  std::string_view w = t.substr(0, sp);
  if (!IsUpperCp(FirstCodePoint(w)) || !IsLowerCp(FirstCodePoint(t.substr(sp + 1)))) return "";
  for (const char* suf : {"an", "ese", "ish", "i", "ic", "ch", "ean", "ean", "ss"})
    if (w.size() > std::strlen(suf) + 2 && w.substr(w.size() - std::strlen(suf)) == suf) return std::string(w);
  return "";
}

bool IsYes(const std::string& v) {
  std::string l = Lower(Trim(v));
  return l == "yes" || l == "y" || l == "true" || l == "1";
}

}  // namespace

bool LooksLikeTranscript(std::string_view utf8) {
  std::string_view s = utf8.substr(0, 256 * 1024);
  std::vector<Line> lines = SplitLines(s);
  Header h = ParseHeaderLines(lines, LabelCounts(lines));
  int q = 0, a = 0, named = 0;
  std::map<std::string, int> counts;
  for (size_t i = h.end; i < lines.size(); ++i) {
    std::string label;
    size_t content;
    if (!ParseTurnLabel(lines[i].text, &label, &content)) continue;
    Side sd = GenericSide(label);
    if (sd == Side::kInterviewer) ++q;
    else if (sd == Side::kInterviewee) ++a;
    else if (++counts[label] == 2) ++named;
  }
  if (IsHeaderInterviewish(h) && (q + a >= 1 || named >= 1)) return true;
  return q >= 2 && a >= 2;
}

Status ReadTranscript(const DecodedText& in, const Limits& limits, Document* doc) {
  (void)limits;
  // A transcript exported page by page (form feeds, running headers, page numbers) is
  // cleaned like a verbatim record; offsets still map to the source through the anchors.
  DecodedText cleaned;
  const DecodedText* src = &CleanIfPaged(in, &cleaned);
  const std::string_view s(src->utf8);
  std::vector<Line> lines = SplitLines(s);
  Header h = ParseHeaderLines(lines, LabelCounts(lines));
  // Markdown horizontal rules after the header separate nothing we keep.
  for (size_t i = h.end; i < lines.size(); ++i) {
    std::string_view t = Trim(lines[i].text);
    if (t.size() >= 3 && (t.find_first_not_of('-') == std::string_view::npos ||
                          t.find_first_not_of('*') == std::string_view::npos ||
                          t.find_first_not_of('_') == std::string_view::npos))
      lines[i].text = lines[i].text.substr(0, 0);
  }

  doc->kind = kind::kTranscript;
  DefaultFormat(doc, h.markdown ? "markdown" : "text");
  if (doc->encoding.empty()) doc->encoding = in.encoding;
  for (auto& [k, v] : h.meta) doc->meta[k] = v;
  doc->title = !h.title.empty() ? h.title : Meta(h.meta, {"title"});
  std::string id = Meta(h.meta, {"interview_id", "interview", "interview_no", "interview_number", "id"});
  if (id.empty()) {
    // "# Interview 14: senior officer, ..." -> 14
    std::string_view t = doc->title;
    if (StartsWithNoCase(t, "interview ")) {
      size_t e = 10;
      while (e < t.size() && std::isalnum(static_cast<unsigned char>(t[e]))) ++e;
      if (e > 10) id = std::string(t.substr(10, e - 10));
    }
  }
  if (!id.empty()) {
    if (StartsWithNoCase(id, "interview ")) id = std::string(Trim(id.substr(10)));
    doc->symbol = "Interview " + id;
  }
  doc->date = FindDate(Meta(h.meta, {"date", "interview_date"}));
  std::string lang = LanguageCode(Meta(h.meta, {"language"}));
  doc->language = lang.empty() ? "en" : lang;

  std::vector<std::string> interviewers = SplitNames(Meta(h.meta, {"interviewer", "interviewers"}));
  bool anonymised = IsYes(Meta(h.meta, {"anonymised", "anonymized"}));
  std::string interviewee_name = anonymised ? "" : Meta(h.meta, {"interviewee_name", "name", "respondent"});
  // "interviewee" may hold a name or a role ("Force Commander"); use it as a name only when
  // the file has no separate role field and is not anonymised.
  if (interviewee_name.empty() && !anonymised && h.meta.count("interviewee_role"))
    interviewee_name = Meta(h.meta, {"interviewee"});
  std::string nationality = Meta(h.meta, {"nationality", "interviewee_nationality", "country"});
  if (nationality.empty()) nationality = LeadingDemonym(Meta(h.meta, {"interviewee_role", "interviewee", "role"}));

  // Collect label candidates and their counts.
  struct Cand {
    size_t line;
    std::string label;
    size_t content;
  };
  std::vector<Cand> cands;
  std::map<std::string, int> counts;
  for (size_t i = h.end; i < lines.size(); ++i) {
    Cand c{i, "", 0};
    if (!ParseTurnLabel(lines[i].text, &c.label, &c.content)) continue;
    ++counts[c.label];
    cands.push_back(c);
  }
  auto side_of = [&](const std::string& label) {
    Side sd = GenericSide(label);
    if (sd != Side::kNone) return sd;
    for (const std::string& n : interviewers)
      if (NameMatches(label, n)) return Side::kInterviewer;
    if (!interviewee_name.empty() && NameMatches(label, interviewee_name)) return Side::kInterviewee;
    if (KnownKeys().count(NormKey(label)) && !counts.count(label)) return Side::kNone;
    if (counts[label] >= 2) return Side::kInterviewee;
    return Side::kNone;
  };
  struct Opener {
    size_t line;
    uint64_t begin;
    std::string label;
    Side side;
  };
  std::vector<Opener> ops;
  for (const Cand& c : cands) {
    Side sd = side_of(c.label);
    if (sd == Side::kNone) continue;
    ops.push_back({c.line, lines[c.line].begin + c.content, c.label, sd});
  }
  if (ops.empty()) return Status::InvalidInput("no Q:/A: or Name: turns found in transcript");

  TextBuilder tb;
  std::vector<Turn> turns;
  auto emit = [&](Turn t, const std::vector<Line>& region) {
    for (auto [pb, pe] : Paragraphs(region, 0, region.size())) {
      tb.ParagraphBreak();
      uint64_t b = tb.size();
      AppendLines(&tb, *src, region, pb, pe);
      uint64_t e = tb.content_end();
      if (e > b) t.paragraphs.push_back({b, e});
    }
    if (t.paragraphs.empty()) return;
    t.span = {t.paragraphs.front().begin, t.paragraphs.back().end};
    t.index = static_cast<int>(turns.size()) + 1;
    turns.push_back(std::move(t));
  };
  // Preamble between header and first turn.
  if (ops.front().line > h.end) {
    std::vector<Line> region(lines.begin() + h.end, lines.begin() + ops.front().line);
    Turn t;
    t.role = role::kProcedure;
    t.procedural = true;
    emit(t, region);
  }
  std::string interviewer_name = interviewers.empty() ? "" : interviewers.front();
  if (size_t lp = interviewer_name.find('('); lp != std::string::npos)
    interviewer_name = std::string(Trim(interviewer_name.substr(0, lp)));
  for (size_t k = 0; k < ops.size(); ++k) {
    const Opener& op = ops[k];
    size_t end = k + 1 < ops.size() ? ops[k + 1].line : lines.size();
    std::vector<Line> region(lines.begin() + op.line, lines.begin() + end);
    region[0].begin = op.begin;
    region[0].text = s.substr(op.begin, region[0].end - op.begin);
    Turn t;
    bool generic = GenericSide(op.label) != Side::kNone;
    if (op.side == Side::kInterviewer) {
      t.role = role::kInterviewer;
      t.speaker = !generic ? op.label : (!interviewer_name.empty() ? interviewer_name : "Interviewer");
    } else {
      t.role = role::kInterviewee;
      t.speaker = !generic ? op.label : (!interviewee_name.empty() ? interviewee_name : "Interviewee");
      t.affiliation = nationality;
    }
    emit(t, region);
  }
  doc->text = std::move(tb.text());
  doc->anchors = std::move(tb.anchors());
  doc->turns = std::move(turns);
  if (doc->turns.empty()) return Status::InvalidInput("transcript turns have no words");
  return CheckDocument(*doc);
}

}  // namespace normcode
