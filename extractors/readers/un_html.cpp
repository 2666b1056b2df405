// Reader for UN verbatim records in the HTML format of shared/corpus-sample
// (undata/html): a flat sequence of <div class="..."> blocks:
//   heading            span.code (S-PV-5577-Resu.1), span.date, span.time, span.rosetime
//   council-agenda     the agenda text (-> Document::title)
//   council-attendees, assembly-chairs   p > span.name, span.nation, span.place (-> attendees)
//   subheading         agenda item heading, attribute agendanum="110-61"
//   italicline         procedural lines ("The meeting was called to order ...")
//   italicline-spokein "spoke in French" interpretation note (no turn; language note
//                      of the following speech turn when that one has none)
//   spoken             h3.speaker > span.name, span.nation | span.non-nation, span.language;
//                      then p / blockquote paragraphs
//   recvote            p.motiontext, p.votecount, p.votelist (a recorded vote)
//   end-document       marks a complete record
//
// Turns, in document order: every div.spoken is a speech turn; every italicline,
// recvote and subheading div is a procedural turn (role "procedure", speaker "",
// procedural=true). Roles of speech turns:
//   "The President" / "Mr. President" / "Madam President"        -> president
//   "The Secretary-General"                                      -> secretary_general
//   with span.nation                                             -> representative
//   with span.non-nation: briefer when the title names a briefing post (Under-/Assistant
//     Secretary-General, Special Representative/Envoy/Adviser, Force Commander, High
//     Commissioner, Emergency Relief Coordinator, Police Adviser), otherwise official
//   no affiliation at all: a head of state/government ("President Obasanjo", "Prime
//     Minister X") whose country the record states ("Mr. Olusegun Obasanjo, President
//     of the Federal Republic of Nigeria, was escorted to a seat") -> representative
//     with that country; everyone else without affiliation was invited to brief
//     (rule 39: Mr. Egeland, Mr. Guéhenno) -> briefer.
// Procedural President rule: a President's turn is procedural unless one of its
// paragraphs contains a national statement: "in my national capacity" or "in my
// capacity as <...> of <Country>" (e.g. "in my capacity as the representative of
// Qatar", "in my capacity as Minister for Foreign Affairs and Cooperation of Spain"),
// excluding capacities of UN organs or their chairs ("President of the Security Council")
// and names that are not capitalised (ApplyPresidentRule, shared with the text reader). Such a turn
// is procedural=false and gets the country as affiliation (the country named, or the
// presiding member from the attendee list). The whole turn is then non-procedural,
// including its procedural sentences: turns are not split.
//
// Text: one paragraph per p/blockquote (an empty p, such as an empty motiontext, gives
// none); turns are separated like paragraphs. Anchors point into the ORIGINAL bytes:
// gumbo text positions (in DecodedText::utf8) composed with DecodedText::anchors.
#include <algorithm>
#include <cctype>
#include <cstring>

#include "extractors/readers/html_common.h"
#include "extractors/readers/readers_internal.h"
#include "core/text.h"

namespace normcode {

namespace {

using html::Attr;
using html::HasClass;
using html::IsElement;

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}


bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// "S-PV-5577-Resu.1" -> "S/PV.5577 (Resumption 1)", "A-61-PV.105" -> "A/61/PV.105".
// Fills symbol, body and meeting.
void ParseCode(const std::string& code, Document* doc) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= code.size()) {
    size_t j = code.find('-', i);
    if (j == std::string::npos) j = code.size();
    parts.push_back(code.substr(i, j - i));
    i = j + 1;
  }
  if (parts.empty() || parts[0].empty()) return;
  std::string symbol, suffix;
  size_t k = 0;
  if (parts.size() >= 3 && parts[0] == "S" && parts[1] == "PV") {
    symbol = "S/PV." + parts[2];
    doc->meeting = parts[2];
    k = 3;
  } else {
    // A-61-PV.105: slash-separated until a "Resu.N" style suffix.
    for (; k < parts.size(); ++k) {
      if (StartsWith(parts[k], "Resu.")) break;
      if (!symbol.empty()) symbol += "/";
      symbol += parts[k];
      if (StartsWith(parts[k], "PV.")) doc->meeting = parts[k].substr(3);
    }
  }
  for (; k < parts.size(); ++k) {
    if (StartsWith(parts[k], "Resu.")) suffix += " (Resumption " + parts[k].substr(5) + ")";
    else symbol += "/" + parts[k];
  }
  doc->symbol = symbol + suffix;
  if (parts[0] == "S") doc->body = "Security Council";
  else if (parts[0] == "A") doc->body = "General Assembly";
  else if (parts[0] == "E") doc->body = "Economic and Social Council";
}

bool IsIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

// First descendant element with the given class (iterative).
GumboNode* FindByClass(GumboNode* n, std::string_view cls, uint32_t max_depth) {
  GumboNode* found = nullptr;
  (void)html::Walk(n, max_depth, [&](GumboNode* x, uint32_t) {
    if (found) return false;
    if (x != n && x->type == GUMBO_NODE_ELEMENT && HasClass(x, cls)) {
      found = x;
      return false;
    }
    return x->type == GUMBO_NODE_ELEMENT;
  });
  return found;
}

bool IsBrieferTitle(std::string_view affiliation) {
  std::string l = AsciiLower(affiliation);
  for (const char* k : {"under-secretary-general", "assistant secretary-general", "special representative",
                        "special envoy", "special adviser", "force commander", "high commissioner",
                        "emergency relief coordinator", "police adviser", "military adviser", "special coordinator"})
    if (l.find(k) != std::string::npos) return true;
  return false;
}

// "the Federal Republic of Nigeria" -> "Nigeria"
std::string ShortCountry(std::string c) {
  for (const char* p : {"the ", "Federal Republic of ", "Islamic Republic of ", "Republic of ", "Kingdom of ",
                        "State of "})
    if (StartsWith(c, p)) c = c.substr(std::strlen(p));
  return c;
}

struct HeadOfState {
  std::string full_name;  // "Mr. Olusegun Obasanjo"
  std::string country;    // "Nigeria"
};

// "Mr. Olusegun Obasanjo, President of the Federal Republic of Nigeria, was escorted ..."
bool ParseEscorted(std::string_view line, HeadOfState* h) {
  size_t comma = line.find(',');
  if (comma == std::string_view::npos) return false;
  size_t comma2 = line.find(',', comma + 1);
  if (comma2 == std::string_view::npos) return false;
  std::string_view title = line.substr(comma + 1, comma2 - comma - 1);
  std::string_view rest = line.substr(comma2 + 1);
  if (rest.find("escorted") == std::string_view::npos && rest.find("took a seat") == std::string_view::npos)
    return false;
  size_t of = title.find(" of ");
  if (of == std::string_view::npos) return false;
  h->full_name = Trim(line.substr(0, comma));
  h->country = ShortCountry(Trim(title.substr(of + 4)));
  return !h->full_name.empty() && !h->country.empty();
}

std::string LastWord(std::string_view s) {
  std::string t = Trim(s);
  size_t sp = t.rfind(' ');
  return sp == std::string::npos ? t : t.substr(sp + 1);
}

bool IsPresidentName(std::string_view name) {
  std::string l = AsciiLower(Trim(name));
  return l == "the president" || l == "mr. president" || l == "madam president" || l == "the acting president" ||
         l == "the temporary president";
}

bool SkipNothing(const GumboNode*) { return false; }

class UnHtmlReader {
 public:
  UnHtmlReader(const DecodedText& in, const Limits& limits, Document* doc) : in_(in), limits_(limits), doc_(doc) {}

  Status Run() {
    Status st = html::CheckDepth(in_.utf8, limits_.max_html_depth, limits_.max_html_attributes);
    if (!st.ok()) return st;
    html::Parse parse(in_.utf8);
    if (!parse.ok()) return Status::Internal("gumbo failed to parse");

    st = html::Walk(parse.root(), limits_.max_html_depth, [&](GumboNode* x, uint32_t) {
      if (!walk_status_.ok()) return false;
      if (x->type == GUMBO_NODE_DOCUMENT) return true;
      if (x->type != GUMBO_NODE_ELEMENT) return false;
      GumboTag tag = x->v.element.tag;
      if (tag == GUMBO_TAG_HEAD || tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE) return false;
      if (tag == GUMBO_TAG_DIV) {
        if (StartBlock(x)) return true;  // keep walking: paragraphs (and stray nested blocks) follow
        return true;
      }
      if (tag == GUMBO_TAG_H3 && HasClass(x, "speaker")) {
        ReadSpeaker(x);
        return false;
      }
      if (tag == GUMBO_TAG_P || tag == GUMBO_TAG_BLOCKQUOTE) {
        Paragraph(x);
        return false;
      }
      return true;
    });
    if (!st.ok()) return st;
    if (!walk_status_.ok()) return walk_status_;
    FinishTurn();

    if (!saw_heading_ && !saw_spoken_) return Status::InvalidInput("truncated or empty record");
    if (!saw_end_) doc_->meta["warning"] = "truncated: no end-document marker";

    ResolveRoles();
    if (doc_->title.empty()) doc_->title = JoinAgenda();
    if (!agenda_nums_.empty()) doc_->meta["agenda_items"] = agenda_nums_;

    // Finish text and anchors.
    std::string& text = tb_.text();
    text.resize(tb_.content_end());
    doc_->text = std::move(text);
    doc_->anchors = html::ComposeAnchors(tb_.anchors(), in_.anchors);
    while (!doc_->anchors.empty() && doc_->anchors.back().text_offset > doc_->text.size()) doc_->anchors.pop_back();
    for (size_t i = 0; i < doc_->turns.size(); ++i) doc_->turns[i].index = static_cast<int>(i + 1);
    return html::NormalizeDocumentText(doc_);
  }

 private:
  enum class Block { kNone, kHeading, kAgenda, kAttendees, kSubheading, kItalic, kSpokeIn, kSpoken, kVote, kOther };

  // Returns true when x starts a known block.
  bool StartBlock(GumboNode* x) {
    Block b = Block::kNone;
    if (HasClass(x, "heading")) b = Block::kHeading;
    else if (HasClass(x, "council-agenda")) b = Block::kAgenda;
    else if (HasClass(x, "council-attendees") || HasClass(x, "assembly-chairs")) b = Block::kAttendees;
    else if (HasClass(x, "subheading")) b = Block::kSubheading;
    else if (HasClass(x, "italicline-spokein")) b = Block::kSpokeIn;
    else if (HasClass(x, "italicline")) b = Block::kItalic;
    else if (HasClass(x, "spoken")) b = Block::kSpoken;
    else if (HasClass(x, "recvote")) b = Block::kVote;
    else if (HasClass(x, "end-document")) {
      saw_end_ = true;
      FinishTurn();
      block_ = Block::kNone;
      return true;
    } else if (!Attr(x, "class").empty() || !Attr(x, "id").empty()) {
      b = Block::kOther;
    } else {
      return false;  // a plain wrapper div: paragraphs stay with the current block
    }
    FinishTurn();
    block_ = b;
    switch (b) {
      case Block::kHeading: ReadHeading(x); break;
      case Block::kSubheading: {
        std::string num = Trim(Attr(x, "agendanum"));
        if (!num.empty()) agenda_nums_ += (agenda_nums_.empty() ? "" : ";") + num;
        subheading_paras_ = 0;
        OpenTurn(true);
        break;
      }
      case Block::kItalic:
      case Block::kVote:
      case Block::kOther: OpenTurn(true); break;
      case Block::kSpoken:
        saw_spoken_ = true;
        OpenTurn(false);
        break;
      default: break;
    }
    return true;
  }

  void OpenTurn(bool procedural) {
    Turn t;
    t.procedural = procedural;
    t.role = procedural ? role::kProcedure : role::kUnknown;
    cur_ = std::move(t);
    has_turn_ = true;
  }

  void FinishTurn() {
    if (!has_turn_) return;
    has_turn_ = false;
    if (cur_.paragraphs.empty()) {
      // A speech turn with a speaker but no paragraph (cut off) is kept, empty, at the
      // current end of the text; an empty procedural block is dropped.
      if (cur_.speaker.empty()) return;
      uint64_t e = tb_.content_end();
      cur_.span = {e, e};
    } else {
      cur_.span = {cur_.paragraphs.front().begin, cur_.paragraphs.back().end};
    }
    if (cur_.language_note.empty() && !pending_spokein_.empty() && !cur_.speaker.empty())
      cur_.language_note = pending_spokein_;
    if (!cur_.speaker.empty()) pending_spokein_.clear();
    doc_->turns.push_back(std::move(cur_));
    cur_ = Turn{};
  }

  void ReadHeading(GumboNode* x) {
    saw_heading_ = true;
    uint32_t md = limits_.max_html_depth;
    if (GumboNode* c = FindByClass(x, "code", md)) {
      std::string code = html::SubtreeText(c, md);
      doc_->meta["code"] = code;
      ParseCode(code, doc_);
    }
    if (GumboNode* d = FindByClass(x, "date", md)) {
      std::string date = html::SubtreeText(d, md);
      if (IsIsoDate(date)) doc_->date = date;
    }
    if (GumboNode* t = FindByClass(x, "time", md)) doc_->meta["time"] = html::SubtreeText(t, md);
    if (GumboNode* t = FindByClass(x, "rosetime", md)) doc_->meta["rose"] = html::SubtreeText(t, md);
  }

  void ReadSpeaker(GumboNode* h3) {
    if (block_ != Block::kSpoken || !has_turn_) return;
    uint32_t md = limits_.max_html_depth;
    if (GumboNode* n = FindByClass(h3, "name", md)) cur_.speaker = html::SubtreeText(n, md);
    if (GumboNode* n = FindByClass(h3, "nation", md)) {
      cur_.affiliation = html::SubtreeText(n, md);
      nation_[doc_->turns.size()] = true;
    } else if (GumboNode* nn = FindByClass(h3, "non-nation", md)) {
      cur_.affiliation = html::SubtreeText(nn, md);
    }
    if (GumboNode* l = FindByClass(h3, "language", md)) cur_.language_note = html::SubtreeText(l, md);
    if (cur_.speaker.empty()) cur_.speaker = html::SubtreeText(h3, md);  // h3 without span.name
  }

  void Paragraph(GumboNode* p) {
    uint32_t md = limits_.max_html_depth;
    switch (block_) {
      case Block::kAgenda: {
        std::string t = html::SubtreeText(p, md);
        if (!t.empty()) doc_->title += (doc_->title.empty() ? "" : " ") + t;
        return;
      }
      case Block::kAttendees: {
        Attendee a;
        if (GumboNode* n = FindByClass(p, "name", md)) a.name = html::SubtreeText(n, md);
        if (GumboNode* n = FindByClass(p, "nation", md)) a.affiliation = html::SubtreeText(n, md);
        else if (GumboNode* n = FindByClass(p, "non-nation", md)) a.affiliation = html::SubtreeText(n, md);
        if (GumboNode* n = FindByClass(p, "place", md)) a.place = html::SubtreeText(n, md);
        if (!a.name.empty()) doc_->attendees.push_back(std::move(a));
        return;
      }
      case Block::kSpokeIn: {
        std::string t = AsciiLower(html::SubtreeText(p, md));
        size_t k = t.find("spoke in ");
        if (k != std::string::npos) {
          std::string lang = Trim(html::SubtreeText(p, md).substr(k + 9));
          while (!lang.empty() && (lang.back() == ')' || lang.back() == '.')) lang.pop_back();
          if (!lang.empty()) lang[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(lang[0])));
          pending_spokein_ = lang;
        }
        return;
      }
      case Block::kNone:
      case Block::kHeading:
        return;
      default: break;
    }
    if (!has_turn_) return;
    if (block_ == Block::kSubheading) {
      std::string t = html::SubtreeText(p, md);
      // The first line of a GA subheading is "Agenda item 110 (continued)"; the title is the next.
      if (!t.empty() && !StartsWith(AsciiLower(t), "agenda item") && subheading_paras_++ == 0) agenda_titles_.push_back(t);
    }
    tb_.ParagraphBreak();
    uint64_t begin = tb_.size();
    Status st = html::AppendSubtreeText(&tb_, p, md, &SkipNothing);
    if (!st.ok()) {
      walk_status_ = st;
      return;
    }
    uint64_t end = tb_.content_end();
    if (end > begin) cur_.paragraphs.push_back({begin, end});
  }

  void ResolveRoles() {
    std::vector<HeadOfState> heads;
    for (const Turn& t : doc_->turns) {
      if (!t.procedural || !t.speaker.empty()) continue;
      for (const Span& p : t.paragraphs) {
        HeadOfState h;
        if (ParseEscorted(std::string_view(tb_.text()).substr(p.begin, p.size()), &h)) heads.push_back(h);
      }
    }
    std::string presiding;
    for (const Attendee& a : doc_->attendees)
      if (AsciiLower(a.place) == "president") presiding = a.affiliation;
    std::string_view text = tb_.text();
    for (size_t i = 0; i < doc_->turns.size(); ++i) {
      Turn& t = doc_->turns[i];
      if (t.speaker.empty()) continue;  // procedural item
      std::string low = AsciiLower(t.speaker);
      if (IsPresidentName(t.speaker)) {
        ApplyPresidentRule(text, presiding, &t);
      } else if (low == "the secretary-general" || low == "secretary-general") {
        t.role = role::kSecretaryGeneral;
      } else if (nation_.count(i)) {
        t.role = role::kRepresentative;
      } else if (!t.affiliation.empty()) {
        t.role = IsBrieferTitle(t.affiliation) ? role::kBriefer : role::kOfficial;
      } else {
        t.role = role::kBriefer;
        std::string last = LastWord(t.speaker);
        for (const HeadOfState& h : heads) {
          if (!last.empty() && LastWord(h.full_name) == last) {
            t.role = role::kRepresentative;
            t.affiliation = h.country;
            break;
          }
        }
      }
    }
  }

  std::string JoinAgenda() const {
    std::string r;
    std::vector<std::string> seen;
    for (const std::string& t : agenda_titles_) {
      if (std::find(seen.begin(), seen.end(), t) != seen.end()) continue;
      seen.push_back(t);
      if (!r.empty()) r += "; ";
      r += t;
    }
    return r;
  }

  const DecodedText& in_;
  const Limits& limits_;
  Document* doc_;
  TextBuilder tb_;
  Block block_ = Block::kNone;
  Turn cur_;
  bool has_turn_ = false;
  bool saw_heading_ = false, saw_spoken_ = false, saw_end_ = false;
  std::string pending_spokein_;
  std::string agenda_nums_;
  std::vector<std::string> agenda_titles_;
  int subheading_paras_ = 0;
  std::map<size_t, bool> nation_;  // turn position -> speaker had span.nation
  Status walk_status_;
};

}  // namespace

Status ReadUnHtml(const DecodedText& in, const Limits& limits, Document* doc) {
  doc->kind = kind::kVerbatim;
  doc->format = "html";
  doc->encoding = in.encoding;
  try {
    UnHtmlReader r(in, limits, doc);
    return r.Run();
  } catch (const std::bad_alloc&) {
    return Status::LimitExceeded("out of memory while reading HTML");
  } catch (const std::exception& e) {
    return Status::Internal(std::string("HTML reader: ") + e.what());
  }
}

}  // namespace normcode
