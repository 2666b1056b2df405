// Verbatim records as plain text (UN document system text, or text extracted from
// their PDFs / DOCX files).
//
// Turns open at the start of a line with a speaker label; a label without affiliation
// ("Mr. Guéhenno:") only where a paragraph starts (first line, after a blank line,
// after a line ending a sentence, or indented deeper):
//   The President: / The President (spoke in French): / The Acting President:
//   The Secretary-General: / The Deputy Secretary-General:
//   <Title> <Name> [(<affiliation>)] [(spoke in <Language>)]:
// where Title is Mr./Mrs./Ms./Sir/Dr./Lieutenant General/... and Name is one to eight
// capitalised words or particles (de, da, van, al-...). A label may wrap over up to three
// lines ("Sir Emyr Jones Parry (United\nKingdom):"); "(spoke in X)" may stand on its own
// line after the label. Procedural lines ("The meeting was called to order at ...",
// "The agenda was adopted.", vote blocks "A vote was taken ...", "In favour:",
// "Against:", "Abstaining:", adoption/suspension/rising of the meeting, "It was so
// decided.", "Agenda item N") are procedural turns (role procedure, speaker "",
// procedural=true). Unlabelled paragraphs after a procedural item continue the previous
// speaker in a new turn (or, before any speaker, belong to the procedural item: agenda
// titles). Vote lists are absorbed by the vote item.
//
// Roles: The President/Acting President/Chair* -> president (procedural unless the turn
// makes a national statement: "in my national capacity", "in my capacity as ... of X");
// The Secretary-General or affiliation "Secretary-General" -> secretary_general;
// The Deputy Secretary-General -> official; an affiliation with an office word
// (Under-Secretary-General, Special Representative, Force Commander, Commander,
// Director, Coordinator, Adviser, Chair, High Commissioner, Emergency Relief, ...) ->
// briefer; another affiliation -> representative (treated as a state; the pipeline
// resolves it); no affiliation -> briefer (speakers invited under rule 39).
//
// Header: the lines before the first turn give the symbol, meeting number, date, body,
// agenda title ("Agenda" line and what follows) and attendees ("President: Mr. X . . .
// (Qatar)", "Members: Argentina . . . Mr. Y"). They are not part of Document::text.
// Text: labels are not part of Document::text; a turn's span covers only its words.
// Lines inside a paragraph join with one space. Text with form feeds is first cleaned
// of page furniture (ptext::CleanPagedText).
#include <algorithm>
#include <cstring>

#include <re2/re2.h>

#include "extractors/readers/plain_text_util.h"

namespace normcode {

using namespace ptext;

namespace {

struct Label {
  std::string speaker;
  std::string affiliation;
  std::string language;
  size_t consumed = 0;   // bytes up to and including ':' and following spaces
  bool fixed = false;    // "The President" etc.
};

enum class LabelResult { kNo, kYes, kIncomplete };

const std::vector<std::string>& Titles() {
  static const std::vector<std::string> kTitles = [] {
    std::vector<std::string> v = {
        "Mr.", "Mrs.", "Ms.", "Miss", "Mr", "Mrs", "Ms", "Dr.", "Sir", "Dame", "Lord", "Lady", "Baroness", "Baron",
        "Archbishop", "Bishop", "Cardinal", "Monsignor", "Msgr.", "Prince", "Princess", "Sheikh", "Sheikha",
        "Sheik", "King", "Queen", "Emir", "Judge", "Justice", "Professor", "Prof.", "Ambassador", "General",
        "Lieutenant General", "Lieutenant-General", "Major General", "Major-General", "Brigadier General",
        "Brigadier-General", "Brigadier", "Colonel", "Lt. Gen.", "Lt. General", "Maj. Gen.", "Gen.", "Admiral",
        "Vice Admiral", "Vice-Admiral", "Rear Admiral", "Father", "Reverend", "Rev.", "H.E.", "His Excellency",
        "Her Excellency", "His Royal Highness", "Her Royal Highness", "His Highness", "Her Highness",
        "Count", "Senator", "President", "Vice-President", "Prime Minister", "Deputy Prime Minister",
        "Minister", "Captain", "Commissioner", "Major", "Lieutenant Colonel", "Lieutenant-Colonel", "Dato'",
        "Datuk", "Tan Sri"};
    std::sort(v.begin(), v.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    return v;
  }();
  return kTitles;
}

const char* kFixedLabels[] = {"The Deputy Secretary-General", "The Secretary-General", "The Acting President",
                              "The Acting Chairman", "The Acting Chairperson", "The Vice-President",
                              "The President", "The Chairperson", "The Chairman", "The Chair"};

bool IsParticle(std::string_view tok) {
  static const char* kP[] = {"de",  "da",  "das", "do",  "dos", "del", "della", "di",   "du",  "van", "von",
                             "der", "den", "la",  "le",  "al",  "el",  "bin",   "ibn",  "bint", "y",  "e",
                             "ter", "ten", "zu",  "ould", "ben", "abu", "des",  "van der", "af", "av"};
  for (const char* p : kP)
    if (tok == p) return true;
  return StartsWith(tok, "al-") || StartsWith(tok, "el-") || StartsWith(tok, "d'") || StartsWith(tok, "d’") ||
         StartsWith(tok, "bin-");
}

// Parses a speaker label at the start of `t` (already left-trimmed).
LabelResult ParseLabel(std::string_view t, Label* out) {
  *out = Label();
  size_t pos = 0;
  for (const char* f : kFixedLabels) {
    size_t n = std::strlen(f);
    if (StartsWith(t, f) && (t.size() == n || t[n] == ' ' || t[n] == '(' || t[n] == ':')) {
      out->speaker = f;
      out->fixed = true;
      pos = n;
      break;
    }
  }
  if (!out->fixed) {
    size_t tl = 0;
    for (const std::string& title : Titles()) {
      if (StartsWith(t, title) && t.size() > title.size() && t[title.size()] == ' ') {
        tl = title.size();
        break;
      }
    }
    if (tl == 0) return LabelResult::kNo;
    pos = tl;
    int tokens = 0;
    while (true) {
      while (pos < t.size() && t[pos] == ' ') ++pos;
      if (pos >= t.size()) return tokens > 0 ? LabelResult::kIncomplete : LabelResult::kNo;
      if (t[pos] == '(' || t[pos] == ':') break;
      size_t e = pos;
      while (e < t.size() && t[e] != ' ' && t[e] != '(' && t[e] != ':') ++e;
      std::string_view tok = t.substr(pos, e - pos);
      int32_t c = FirstCodePoint(tok);
      if (!(IsUpperCp(c) || IsParticle(tok))) return LabelResult::kNo;
      if (tok.find(',') != std::string_view::npos || tok.find(';') != std::string_view::npos) return LabelResult::kNo;
      if (++tokens > 8) return LabelResult::kNo;
      pos = e;
    }
    if (tokens == 0) return LabelResult::kNo;
    out->speaker = std::string(Trim(t.substr(0, pos)));
  }
  // Parenthesised groups.
  while (true) {
    while (pos < t.size() && t[pos] == ' ') ++pos;
    if (pos >= t.size()) return LabelResult::kIncomplete;
    if (t[pos] != '(') break;
    int depth = 0;
    size_t e = pos;
    for (; e < t.size(); ++e) {
      if (t[e] == '(') ++depth;
      else if (t[e] == ')' && --depth == 0) break;
    }
    if (e >= t.size()) return e - pos < 200 ? LabelResult::kIncomplete : LabelResult::kNo;
    std::string_view content = Trim(t.substr(pos + 1, e - pos - 1));
    if (content.empty() || content.size() > 200) return LabelResult::kNo;
    if (StartsWithNoCase(content, "spoke in ")) out->language = std::string(Trim(content.substr(9)));
    else if (StartsWithNoCase(content, "interpretation from ")) out->language = std::string(Trim(content.substr(20)));
    else if (out->affiliation.empty()) out->affiliation = std::string(content);
    else return LabelResult::kNo;
    pos = e + 1;
  }
  if (pos >= t.size() || t[pos] != ':') return LabelResult::kNo;
  ++pos;
  while (pos < t.size() && t[pos] == ' ') ++pos;
  out->consumed = pos;
  return LabelResult::kYes;
}

bool EndsSentence(std::string_view t) {
  t = Trim(t);
  if (t.empty()) return false;
  char c = t.back();
  if (c == '.' || c == '?' || c == '!' || c == ':' || c == ';' || c == '"' || c == ')') return true;
  int32_t cp = LastCodePoint(t);
  return cp == 0x201D || cp == 0x2019;
}

bool ParagraphStart(const std::vector<Line>& lines, size_t i) {
  if (i == 0) return true;
  const Line& p = lines[i - 1];
  if (IsBlank(p.text)) return true;
  if (EndsSentence(p.text)) return true;
  return Indent(lines[i].text) > Indent(p.text);
}

enum class Proc { kNone, kVote, kVoteList, kMeeting, kAgenda, kOther };

Proc ProceduralOpener(std::string_view t) {
  static const char* kVoteLists[] = {"In favour:", "In favor:", "Against:", "Abstaining:", "Abstentions:",
                                     "Did not participate"};
  for (const char* p : kVoteLists)
    if (StartsWith(t, p)) return Proc::kVoteList;
  static const char* kVote[] = {"A vote was taken", "A recorded vote was taken", "A recorded vote has been requested",
                                "The result of the voting"};
  for (const char* p : kVote)
    if (StartsWith(t, p)) return Proc::kVote;
  static const char* kMeeting[] = {"The meeting was called to order", "The meeting rose", "The meeting was suspended",
                                   "The meeting was resumed", "The meeting was adjourned", "The meeting ended",
                                   "The meeting was closed"};
  for (const char* p : kMeeting)
    if (StartsWith(t, p)) return Proc::kMeeting;
  if (StartsWith(t, "Adoption of the agenda") || StartsWith(t, "The agenda was adopted") ||
      (StartsWith(t, "Agenda item") && t.size() < 200))
    return Proc::kAgenda;
  if (StartsWith(t, "It was so decided") && t.size() < 80) return Proc::kOther;
  // Adoption results: "The draft resolution has been adopted ...", "Draft resolution X was adopted".
  if ((StartsWith(t, "The draft resolution") || StartsWith(t, "Draft resolution") ||
       StartsWith(t, "The draft decision") || StartsWith(t, "Draft decision") ||
       StartsWith(t, "The draft presidential statement")) &&
      t.size() < 300) {
    std::string_view head = t.substr(0, 160);
    for (const char* w : {" adopted", " not adopted", " rejected", " withdrawn"})
      if (head.find(w) != std::string_view::npos) return Proc::kOther;
  }
  return Proc::kNone;
}

bool IsOfficeAffiliation(std::string_view a) {
  static const char* kOffice[] = {"Under-Secretary-General", "Assistant Secretary-General", "Special Representative",
                                  "Special Envoy", "Special Adviser", "Special Coordinator", "Force Commander",
                                  "Commander", "Director", "Coordinator", "Adviser", "Advisor", "Chair",
                                  "High Commissioner", "Emergency Relief", "Police Commissioner", "President of",
                                  "Head of", "Executive Secretary", "Executive Director", "Prosecutor",
                                  "Rapporteur", "Envoy", "Registrar", "Observer for", "Secretary-General"};
  for (const char* k : kOffice)
    if (ContainsNoCase(a, k)) return true;
  return false;
}

bool IsPresidentLabel(const std::string& s) {
  return s == "The President" || s == "The Acting President" || s == "The Vice-President" ||
         StartsWith(s, "The Chair") || s == "The Acting Chairman" || s == "The Acting Chairperson";
}

// A detected turn opener.
struct Event {
  size_t line = 0;           // first line of the opener
  size_t body_line = 0;      // line where the turn's words begin
  uint64_t body_begin = 0;   // byte offset (in the cleaned text) where they begin
  bool label = false;
  Label lab;
  Proc proc = Proc::kNone;
};

// Tries a label starting at line i, possibly wrapped over up to three lines.
bool MatchLabelAt(const std::vector<Line>& lines, size_t i, Event* ev) {
  std::string_view first = lines[i].text;
  size_t lead = 0;
  while (lead < first.size() && (first[lead] == ' ' || first[lead] == '\t')) ++lead;
  std::string joined(Trim(first));
  // Offsets in `joined` where each line's trimmed text begins, and their source offsets.
  std::vector<std::pair<size_t, uint64_t>> parts{{0, lines[i].begin + lead}};
  size_t last = i;
  for (int k = 0; k < 3; ++k) {
    Label lab;
    LabelResult r = ParseLabel(joined, &lab);
    if (r == LabelResult::kNo) return false;
    if (r == LabelResult::kYes) {
      // Map lab.consumed back to a line.
      size_t part = parts.size() - 1;
      while (part > 0 && parts[part].first > lab.consumed) --part;
      size_t line = i + part;
      uint64_t off = parts[part].second + (lab.consumed - parts[part].first);
      if (off > lines[line].end) {  // consumed the separator space at the end of a part
        if (line + 1 <= last) {
          ++line;
          off = parts[part + 1].second;
        } else {
          off = lines[line].end;
        }
      }
      ev->line = i;
      ev->body_line = line;
      ev->body_begin = off;
      ev->label = true;
      ev->lab = lab;
      return true;
    }
    // Incomplete: join the next line.
    if (last + 1 >= lines.size() || IsBlank(lines[last + 1].text)) return false;
    ++last;
    std::string_view nt = lines[last].text;
    size_t nl = 0;
    while (nl < nt.size() && (nt[nl] == ' ' || nt[nl] == '\t')) ++nl;
    joined += ' ';
    parts.push_back({joined.size(), lines[last].begin + nl});
    joined += std::string(Trim(nt));
  }
  return false;
}

std::vector<Event> FindEvents(const std::vector<Line>& lines) {
  std::vector<Event> evs;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (IsBlank(lines[i].text)) continue;
    std::string_view t = Trim(lines[i].text);
    bool ps = ParagraphStart(lines, i);
    Event ev;
    // Strong labels (fixed ones, or with an affiliation) open a turn at any line start:
    // text extracted from PDF has no blank lines and the previous line may be a header
    // line or a wrapped one. Labels of a bare name need a paragraph start.
    if (MatchLabelAt(lines, i, &ev) && (ps || ev.lab.fixed || !ev.lab.affiliation.empty())) {
      // "(spoke in X)" on its own line right after a label that ends its line.
      if (ev.body_begin >= lines[ev.body_line].end && ev.body_line + 1 < lines.size()) {
        std::string_view nt = Trim(lines[ev.body_line + 1].text);
        if (StartsWith(nt, "(spoke in ") || StartsWith(nt, "(interpretation from ")) {
          size_t close = nt.find(')');
          if (close != std::string_view::npos) {
            size_t skip = StartsWith(nt, "(spoke in ") ? 10 : 21;
            if (ev.lab.language.empty()) ev.lab.language = std::string(Trim(nt.substr(skip, close - skip)));
            ++ev.body_line;
            const Line& L = lines[ev.body_line];
            uint64_t off = L.begin + (nt.data() - L.text.data()) + close + 1;
            while (off < L.end && (L.text[off - L.begin] == ' ' || L.text[off - L.begin] == ':')) ++off;
            ev.body_begin = off;
          }
        }
      }
      evs.push_back(ev);
      i = ev.body_line;  // the label's own lines are consumed
      continue;
    }
    ev = Event();
    Proc p = ProceduralOpener(t);
    if (p != Proc::kNone && (ps || p == Proc::kVoteList || p == Proc::kMeeting)) {
      ev.line = ev.body_line = i;
      ev.body_begin = lines[i].begin + (t.data() - lines[i].text.data());
      ev.proc = p;
      evs.push_back(ev);
    }
  }
  return evs;
}

void ParseAttendees(const std::vector<std::string_view>& header, Document* doc) {
  static const RE2 kLeader(R"(^(?:(President|Members)\s*:\s*)?(.+?)\s*(?:\.\s*){3,}(.+)$)");
  bool in_members = false;
  for (std::string_view l : header) {
    std::string s(Trim(l));
    std::string tag, left, right;
    // Dot leaders ("....." or ". . .") are required; the prefilter keeps the regex off other lines.
    if (s.size() > 300 || (s.find("...") == std::string::npos && s.find(". . .") == std::string::npos) ||
        !RE2::FullMatch(s, kLeader, &tag, &left, &right))
      continue;
    left = std::string(Trim(left));
    right = std::string(Trim(right));
    if (tag == "Members") in_members = true;
    Attendee a;
    if (tag == "President" || (!in_members && (StartsWith(left, "Mr") || StartsWith(left, "Ms") || StartsWith(left, "Mrs")))) {
      a.name = left;
      a.affiliation = right;
      if (a.affiliation.size() >= 2 && a.affiliation.front() == '(' && a.affiliation.back() == ')')
        a.affiliation = a.affiliation.substr(1, a.affiliation.size() - 2);
      a.place = "president";
    } else {
      a.affiliation = left;
      a.name = right;
      a.place = "member";
    }
    if (!a.name.empty() && !a.affiliation.empty()) doc->attendees.push_back(a);
  }
}

void ParseHeader(const std::vector<Line>& lines, size_t end, Document* doc) {
  std::vector<std::string_view> header;
  std::string joined;
  for (size_t i = 0; i < end; ++i) {
    header.push_back(lines[i].text);
    joined.append(Trim(lines[i].text));
    joined.push_back('\n');
  }
  doc->symbol = FindUnSymbol(joined);
  if (doc->symbol.empty()) {
    // Symbol may only appear further down (e.g. a running header that was kept).
    std::string more;
    for (size_t i = 0; i < lines.size() && more.size() < 20000; ++i) more.append(lines[i].text).push_back('\n');
    std::string sym = FindUnSymbol(more);
    if (sym.find("PV.") != std::string::npos) doc->symbol = sym;
  }
  if (StartsWith(doc->symbol, "S/")) doc->body = "Security Council";
  else if (StartsWith(doc->symbol, "A/")) doc->body = "General Assembly";
  else if (joined.find("Security Council") != std::string::npos) doc->body = "Security Council";
  else if (joined.find("General Assembly") != std::string::npos) doc->body = "General Assembly";
  size_t pv = doc->symbol.find("PV.");
  if (pv != std::string::npos) {
    size_t e = pv + 3;
    while (e < doc->symbol.size() && std::isdigit(static_cast<unsigned char>(doc->symbol[e]))) ++e;
    doc->meeting = doc->symbol.substr(pv + 3, e - pv - 3);
  } else {
    static const RE2 kMeeting(R"((\d+)(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting)");
    std::string meeting;
    if (RE2::PartialMatch(joined, kMeeting, &meeting)) doc->meeting = meeting;
  }
  doc->date = FindDate(joined);
  // Agenda title: the lines after a line "Agenda".
  for (size_t i = 0; i < end; ++i) {
    if (Trim(lines[i].text) != "Agenda") continue;
    std::string title;
    for (size_t k = i + 1; k < end; ++k) {
      std::string_view t = Trim(lines[k].text);
      if (t.empty()) {
        if (title.empty()) continue;
        break;
      }
      if (StartsWith(t, "This record contains")) break;
      if (!title.empty()) title.push_back(' ');
      title.append(t);
    }
    doc->title = title;
    break;
  }
  ParseAttendees(header, doc);
}

}  // namespace

bool LooksLikeVerbatimText(std::string_view utf8) {
  std::string_view s = utf8.substr(0, 1 << 20);
  std::vector<Line> lines = SplitLines(s);
  int strong = 0;
  bool called = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view t = Trim(lines[i].text);
    if (t.empty()) continue;
    if (StartsWith(t, "The meeting was called to order")) called = true;
    if (!ParagraphStart(lines, i)) continue;
    Label lab;
    if (ParseLabel(t, &lab) == LabelResult::kYes && (lab.fixed || !lab.affiliation.empty())) ++strong;
    if (strong >= 3) return true;
  }
  bool pv = FindUnSymbol(s.substr(0, 20000)).find("PV.") != std::string::npos;
  return strong >= 2 || (strong >= 1 && (pv || called)) || (pv && called);
}

Status ReadVerbatimText(const DecodedText& in, const Limits& limits, Document* doc) {
  (void)limits;
  DecodedText cleaned;
  const DecodedText* src = &CleanIfPaged(in, &cleaned);
  const std::string_view s(src->utf8);
  std::vector<Line> lines = SplitLines(s);
  std::vector<Event> evs = FindEvents(lines);
  if (evs.empty()) return Status::InvalidInput("no speaker turns or procedural lines found in verbatim text");

  doc->kind = kind::kVerbatim;
  DefaultFormat(doc, "text");
  if (doc->encoding.empty()) doc->encoding = in.encoding;
  doc->language = "en";
  ParseHeader(lines, evs.front().line, doc);

  TextBuilder tb;
  std::vector<Turn> turns;
  size_t last_speaker_idx = SIZE_MAX;

  auto emit_paragraphs = [&](Turn* t, const std::vector<Line>& region) {
    for (auto [pb, pe] : Paragraphs(region, 0, region.size())) {
      tb.ParagraphBreak();
      uint64_t b = tb.size();
      AppendLines(&tb, *src, region, pb, pe);
      uint64_t e = tb.content_end();
      if (e > b) t->paragraphs.push_back({b, e});
    }
  };
  // A turn without words (a label followed by nothing) is dropped.
  auto finish = [&](Turn&& t) {
    if (t.paragraphs.empty()) return;
    t.span = {t.paragraphs.front().begin, t.paragraphs.back().end};
    t.index = static_cast<int>(turns.size()) + 1;
    turns.push_back(std::move(t));
  };

  for (size_t k = 0; k < evs.size(); ++k) {
    const Event& ev = evs[k];
    size_t region_end = k + 1 < evs.size() ? evs[k + 1].line : lines.size();
    // Lines of this turn, the first one starting at body_begin.
    std::vector<Line> region;
    for (size_t i = ev.body_line; i < region_end; ++i) {
      Line L = lines[i];
      if (i == ev.body_line) {
        uint64_t b = std::min(ev.body_begin, L.end);
        L.text = s.substr(b, L.end - b);
        L.begin = b;
      }
      region.push_back(L);
    }
    if (ev.label) {
      Turn t;
      t.speaker = ev.lab.speaker;
      t.affiliation = ev.lab.affiliation;
      t.language_note = ev.lab.language;
      emit_paragraphs(&t, region);
      size_t before = turns.size();
      finish(std::move(t));
      if (turns.size() > before) last_speaker_idx = turns.size() - 1;
      continue;
    }
    // Procedural item: its first paragraph; the rest depends on the kind.
    std::vector<std::pair<size_t, size_t>> paras = Paragraphs(region, 0, region.size());
    bool merge_into_previous = ev.proc == Proc::kVoteList && !turns.empty() && turns.back().procedural &&
                               turns.back().speaker.empty();
    Turn proc;
    proc.role = role::kProcedure;
    proc.procedural = true;
    Turn* target = merge_into_previous ? &turns.back() : &proc;
    bool absorb_all = ev.proc == Proc::kVote || ev.proc == Proc::kVoteList || last_speaker_idx == SIZE_MAX;
    Turn cont;
    bool have_cont = false;
    for (size_t pi = 0; pi < paras.size(); ++pi) {
      std::vector<Line> sub(region.begin() + paras[pi].first, region.begin() + paras[pi].second);
      Turn* dest = target;
      if (pi > 0 && !absorb_all) {
        if (!have_cont) {
          const Turn& ls = turns[last_speaker_idx];
          cont.speaker = ls.speaker;
          cont.affiliation = ls.affiliation;
          cont.language_note = ls.language_note;
          have_cont = true;
        }
        dest = &cont;
      }
      if (pi > 0 && absorb_all && last_speaker_idx == SIZE_MAX && doc->title.empty() &&
          ev.proc == Proc::kAgenda) {
        std::string title;
        for (const Line& L : sub) {
          if (!title.empty()) title.push_back(' ');
          title.append(Trim(L.text));
        }
        doc->title = title;
      }
      emit_paragraphs(dest, sub);
    }
    if (merge_into_previous) {
      Turn& prev = turns.back();
      if (!prev.paragraphs.empty()) prev.span = {prev.paragraphs.front().begin, prev.paragraphs.back().end};
    } else {
      finish(std::move(proc));
    }
    if (have_cont) {
      size_t before = turns.size();
      finish(std::move(cont));
      if (turns.size() > before) last_speaker_idx = turns.size() - 1;
    }
  }

  // Roles.
  const std::string_view text(tb.text());
  std::string presiding;
  for (const Attendee& a : doc->attendees)
    if (a.place == "president") presiding = a.affiliation;
  for (Turn& t : turns) {
    if (t.speaker.empty()) continue;
    if (IsPresidentLabel(t.speaker)) {
      ApplyPresidentRule(text, presiding, &t);
    } else if (t.speaker == "The Secretary-General" || t.affiliation == "Secretary-General") {
      t.role = role::kSecretaryGeneral;
    } else if (t.speaker == "The Deputy Secretary-General") {
      t.role = role::kOfficial;
    } else if (t.affiliation.empty()) {
      t.role = role::kBriefer;
    } else if (IsOfficeAffiliation(t.affiliation)) {
      t.role = role::kBriefer;
    } else {
      t.role = role::kRepresentative;
    }
  }
  doc->text = std::move(tb.text());
  doc->anchors = std::move(tb.anchors());
  doc->turns = std::move(turns);
  if (doc->turns.empty()) return Status::InvalidInput("verbatim text has no words in any turn");
  return CheckDocument(*doc);
}

}  // namespace normcode
