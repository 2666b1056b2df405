// Entity data (countries, missions, force commanders) from lexicons/entities/*.tsv,
// folded lookups and target resolution for evidence.
#include "extractors/match/entities.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/env.h"
#include "core/text.h"

namespace normcode {

namespace {

constexpr uint64_t kMaxEntityFileBytes = 64ull << 20;

const char* const kGroups[] = {"African", "Asia-Pacific", "Eastern European", "Latin American and Caribbean",
                               "Western European and others", "none"};

std::string JoinPath(const std::string& dir, const std::string& rel) {
  if (dir.empty()) return rel;
  return dir.back() == '/' ? dir + rel : dir + "/" + rel;
}

std::vector<std::string> SplitTabs(std::string_view line) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t p = line.find('\t', start);
    if (p == std::string_view::npos) {
      out.emplace_back(line.substr(start));
      break;
    }
    out.emplace_back(line.substr(start, p - start));
    start = p + 1;
  }
  for (auto& f : out) {  // trim spaces around fields
    size_t b = f.find_first_not_of(' ');
    size_t e = f.find_last_not_of(' ');
    f = b == std::string::npos ? std::string() : f.substr(b, e - b + 1);
  }
  return out;
}

std::vector<std::string> SplitAliases(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t p = s.find('|', start);
    if (p == std::string::npos) p = s.size();
    std::string a = s.substr(start, p - start);
    size_t b = a.find_first_not_of(' '), e = a.find_last_not_of(' ');
    if (b != std::string::npos) out.push_back(a.substr(b, e - b + 1));
    start = p + 1;
  }
  return out;
}

bool IsIso3(std::string_view s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool ParseYear(std::string_view s, int* out) {
  if (s.size() != 4) return false;
  int v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || v < 1900 || v > 2100) return false;
  *out = v;
  return true;
}

// YYYY or YYYY-MM or YYYY-MM-DD
bool IsIsoDate(std::string_view s) {
  int y;
  if (s.size() < 4 || !ParseYear(s.substr(0, 4), &y)) return false;
  if (s.size() == 4) return true;
  auto two = [&](size_t at, int lo, int hi) {
    if (at + 2 > s.size() || !isdigit(static_cast<unsigned char>(s[at])) ||
        !isdigit(static_cast<unsigned char>(s[at + 1])))
      return false;
    int v = (s[at] - '0') * 10 + (s[at + 1] - '0');
    return v >= lo && v <= hi;
  };
  if (s.size() == 7) return s[4] == '-' && two(5, 1, 12);
  if (s.size() == 10) return s[4] == '-' && two(5, 1, 12) && s[7] == '-' && two(8, 1, 31);
  return false;
}

// Lookup key: folded (case, diacritics), punctuation other than apostrophes as
// spaces, spaces collapsed, a leading "the " dropped. Tokens and names agree on it.
std::string Key(std::string_view printed) {
  std::string f = FoldForMatch(printed);
  std::string out;
  out.reserve(f.size());
  bool space = true;
  for (char ch : f) {
    unsigned char c = static_cast<unsigned char>(ch);
    bool keep = c >= 0x80 || std::isalnum(c) || c == '\'';
    if (keep) {
      out.push_back(ch);
      space = false;
    } else if (!space) {
      out.push_back(' ');
      space = true;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  for (std::string_view lead : {"the ", "la ", "le ", "les ", "l'"}) {
    if (out.size() > lead.size() && out.compare(0, lead.size(), lead) == 0) {
      out.erase(0, lead.size());
      break;
    }
  }
  return out;
}

std::string StripLeadingArticle(std::string_view s) {
  for (std::string_view lead : {"the ", "The "})
    if (s.size() > lead.size() && s.substr(0, lead.size()) == lead) return std::string(s.substr(lead.size()));
  return std::string(s);
}

bool IsAcronym(std::string_view s) {
  int letters = 0;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') ++letters;
  }
  return letters >= 2;
}

int TokenCount(const std::string& key) {
  return key.empty() ? 0 : 1 + static_cast<int>(std::count(key.begin(), key.end(), ' '));
}

}  // namespace

struct Entities::Index {
  enum Kind { kCommander = 0, kMission = 1, kCountry = 2 };
  struct Ref {
    Kind kind;
    size_t idx;
    bool acronym;  // printed in capitals: the text must be in capitals too ("CAR", "DRC")
    bool cap;      // printed with a capital: the text must start with one ("Chad", "Turkey")
  };
  std::unordered_map<std::string, std::vector<Ref>> by_key;
  std::unordered_map<std::string, size_t> country_by_iso3;
  std::unordered_set<std::string> prefixes;  // every whole-token prefix of every key ("united", "united nations", ...)
  int max_tokens = 1;
};

namespace {

// Reads one TSV file: header check, comments, UTF-8; calls row(fields, line).
template <class RowFn>
void ReadTsv(const std::string& path, const std::vector<std::string>& header, std::vector<LexiconError>* errors,
             RowFn row) {
  std::string data;
  Status st = Env::Default()->ReadFile(path, kMaxEntityFileBytes, &data);
  if (!st.ok()) {
    errors->push_back(LexiconError{path, 0, "cannot read entity file: " + st.ToString()});
    return;
  }
  bool seen_header = false;
  size_t pos = 0;
  int line_no = 0;
  while (pos < data.size()) {
    size_t nl = data.find('\n', pos);
    if (nl == std::string::npos) nl = data.size();
    std::string_view line(data.data() + pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    if (!IsValidUtf8(line)) {
      errors->push_back(LexiconError{path, line_no, "invalid UTF-8"});
      continue;
    }
    std::vector<std::string> fields = SplitTabs(line);
    if (!seen_header) {
      seen_header = true;
      if (fields != header) {
        std::string want;
        for (const auto& h : header) want += (want.empty() ? "" : "\\t") + h;
        errors->push_back(LexiconError{path, line_no, "header must be: " + want});
        return;
      }
      continue;
    }
    if (fields.size() != header.size()) {
      errors->push_back(LexiconError{path, line_no,
                                     "expected " + std::to_string(header.size()) + " tab-separated columns, found " +
                                         std::to_string(fields.size())});
      continue;
    }
    row(fields, line_no);
  }
  if (!seen_header) errors->push_back(LexiconError{path, 0, "empty file: no header row"});
}

}  // namespace

Status Entities::Load(const std::string& dir, Entities* out, std::vector<LexiconError>* errors) {
  std::vector<LexiconError> local;
  std::vector<LexiconError>* errs = errors ? errors : &local;
  const size_t before = errs->size();
  Entities e;
  auto index = std::make_shared<Index>();
  // key -> "file:line" of its first definition, to report clashes
  std::unordered_map<std::string, std::pair<std::string, int>> defined;

  auto add_key = [&](const std::string& printed, Index::Kind kind, size_t idx, const std::string& file, int line,
                     bool allow_same_entity_dup) {
    std::string stripped = StripLeadingArticle(printed);
    std::string k = Key(stripped);
    if (k.empty()) return;
    Index::Ref ref{kind, idx, IsAcronym(stripped),
                   !stripped.empty() && std::isupper(static_cast<unsigned char>(stripped[0]))};
    auto& refs = index->by_key[k];
    for (const auto& r : refs) {
      if (r.kind == kind && r.idx == idx) return;  // the same entity twice (name repeated as alias)
      if (r.kind == kind && kind != Index::kCommander) {
        auto d = defined[k + "#" + std::to_string(kind)];
        errs->push_back(LexiconError{file, line,
                                     "name or alias \"" + printed + "\" already used at " + d.first + ":" +
                                         std::to_string(d.second)});
        return;
      }
      if (r.kind == kind && kind == Index::kCommander && !allow_same_entity_dup) {
        // a commander with one row per mission shares names: fine when it is the same person
        if (e.commanders_[r.idx].name != e.commanders_[idx].name) {
          auto d = defined[k + "#" + std::to_string(kind)];
          errs->push_back(LexiconError{file, line,
                                       "alias \"" + printed + "\" already names another commander at " + d.first +
                                           ":" + std::to_string(d.second)});
        }
        return;
      }
    }
    refs.push_back(ref);
    defined.emplace(k + "#" + std::to_string(kind), std::make_pair(file, line));
    index->max_tokens = std::max(index->max_tokens, TokenCount(k));
    for (size_t sp = k.find(' '); sp != std::string::npos; sp = k.find(' ', sp + 1)) index->prefixes.insert(k.substr(0, sp));
    index->prefixes.insert(k);
  };

  // --- countries ---
  const std::string cpath = JoinPath(dir, "entities/countries.tsv");
  ReadTsv(cpath, {"iso3", "name", "aliases", "un_group", "source"}, errs,
          [&](const std::vector<std::string>& f, int line) {
            size_t n0 = errs->size();
            if (!IsIso3(f[0])) errs->push_back(LexiconError{cpath, line, "iso3 must be 3 capital letters: \"" + f[0] + "\""});
            if (f[1].empty()) errs->push_back(LexiconError{cpath, line, "empty name"});
            if (std::find(std::begin(kGroups), std::end(kGroups), f[3]) == std::end(kGroups))
              errs->push_back(LexiconError{cpath, line,
                                           "un_group must be one of African, Asia-Pacific, Eastern European, Latin "
                                           "American and Caribbean, Western European and others, none: \"" +
                                               f[3] + "\""});
            if (f[4].empty()) errs->push_back(LexiconError{cpath, line, "empty source: every row needs a source"});
            if (IsIso3(f[0]) && index->country_by_iso3.count(f[0]))
              errs->push_back(LexiconError{cpath, line, "duplicate iso3 " + f[0]});
            if (errs->size() != n0) return;
            Country c{f[0], f[1], f[3], SplitAliases(f[2]), f[4]};
            size_t idx = e.countries_.size();
            e.countries_.push_back(c);
            index->country_by_iso3[c.iso3] = idx;
            add_key(c.name, Index::kCountry, idx, cpath, line, false);
            for (const auto& a : c.aliases) add_key(a, Index::kCountry, idx, cpath, line, false);
          });

  // --- missions ---
  const std::string mpath = JoinPath(dir, "entities/missions.tsv");
  ReadTsv(mpath, {"acronym", "name", "chapter", "start_year", "end_year", "host_iso3", "source"}, errs,
          [&](const std::vector<std::string>& f, int line) {
            size_t n0 = errs->size();
            Mission m;
            m.acronym = f[0];
            m.name = f[1];
            m.chapter = f[2];
            m.host_iso3 = f[5];
            m.source = f[6];
            if (m.acronym.empty()) errs->push_back(LexiconError{mpath, line, "empty acronym"});
            if (m.name.empty()) errs->push_back(LexiconError{mpath, line, "empty name"});
            if (m.chapter != "VI" && m.chapter != "VII" && m.chapter != "VI/VII")
              errs->push_back(LexiconError{mpath, line, "chapter must be VI, VII or VI/VII: \"" + m.chapter + "\""});
            if (!ParseYear(f[3], &m.start_year))
              errs->push_back(LexiconError{mpath, line, "start_year must be a year (YYYY): \"" + f[3] + "\""});
            if (!f[4].empty() && f[4] != "0") {
              if (!ParseYear(f[4], &m.end_year))
                errs->push_back(LexiconError{mpath, line, "end_year must be a year or empty: \"" + f[4] + "\""});
              else if (m.start_year && m.end_year < m.start_year)
                errs->push_back(LexiconError{mpath, line, "end_year before start_year"});
            }
            if (!m.host_iso3.empty() && !IsIso3(m.host_iso3))
              errs->push_back(LexiconError{mpath, line, "host_iso3 must be 3 capital letters or empty: \"" +
                                                            m.host_iso3 + "\""});
            if (m.source.empty()) errs->push_back(LexiconError{mpath, line, "empty source: every row needs a source"});
            for (const auto& other : e.missions_)
              if (other.acronym == m.acronym) errs->push_back(LexiconError{mpath, line, "duplicate acronym " + m.acronym});
            if (errs->size() != n0) return;
            size_t idx = e.missions_.size();
            e.missions_.push_back(m);
            add_key(m.acronym, Index::kMission, idx, mpath, line, false);
            add_key(m.name, Index::kMission, idx, mpath, line, false);
          });

  // --- force commanders ---
  const std::string fpath = JoinPath(dir, "entities/force_commanders.tsv");
  ReadTsv(fpath, {"name", "aliases", "nationality_iso3", "mission", "term_start", "term_end", "source"}, errs,
          [&](const std::vector<std::string>& f, int line) {
            size_t n0 = errs->size();
            ForceCommander c{f[0], SplitAliases(f[1]), f[2], f[3], f[4], f[5], f[6]};
            if (c.name.empty()) errs->push_back(LexiconError{fpath, line, "empty name"});
            if (!index->country_by_iso3.count(c.nationality_iso3))
              errs->push_back(LexiconError{fpath, line,
                                           "nationality_iso3 \"" + c.nationality_iso3 + "\" is not in countries.tsv"});
            bool mission_known = std::any_of(e.missions_.begin(), e.missions_.end(),
                                             [&](const Mission& m) { return m.acronym == c.mission; });
            if (!mission_known)
              errs->push_back(LexiconError{fpath, line, "mission \"" + c.mission + "\" is not in missions.tsv"});
            if (!IsIsoDate(c.term_start))
              errs->push_back(LexiconError{fpath, line, "term_start must be YYYY or YYYY-MM-DD: \"" + c.term_start + "\""});
            if (!c.term_end.empty() && !IsIsoDate(c.term_end))
              errs->push_back(LexiconError{fpath, line, "term_end must be YYYY, YYYY-MM-DD or empty: \"" + c.term_end + "\""});
            if (!c.term_end.empty() && IsIsoDate(c.term_start) && IsIsoDate(c.term_end) &&
                c.term_end.substr(0, 4) < c.term_start.substr(0, 4))
              errs->push_back(LexiconError{fpath, line, "term_end before term_start"});
            if (c.source.empty()) errs->push_back(LexiconError{fpath, line, "empty source: every row needs a source"});
            for (const auto& o : e.commanders_)
              if (o.name == c.name && o.mission == c.mission)
                errs->push_back(LexiconError{fpath, line, "duplicate row for " + c.name + " in " + c.mission});
            if (errs->size() != n0) return;
            size_t idx = e.commanders_.size();
            e.commanders_.push_back(c);
            add_key(c.name, Index::kCommander, idx, fpath, line, false);
            for (const auto& a : c.aliases) add_key(a, Index::kCommander, idx, fpath, line, false);
          });

  if (errs->size() > before) {
    return Status::InvalidInput("invalid entity data in " + JoinPath(dir, "entities") + ": " +
                                (*errs)[before].ToString());
  }
  e.index_ = std::move(index);
  *out = std::move(e);
  return Status::OK();
}

const Country* Entities::FindCountry(std::string_view printed) const {
  if (!index_) return nullptr;
  if (IsIso3(printed)) {
    auto it = index_->country_by_iso3.find(std::string(printed));
    if (it != index_->country_by_iso3.end()) return &countries_[it->second];
  }
  auto it = index_->by_key.find(Key(printed));
  if (it == index_->by_key.end()) return nullptr;
  for (const auto& r : it->second)
    if (r.kind == Index::kCountry) return &countries_[r.idx];
  return nullptr;
}

const Mission* Entities::FindMission(std::string_view acronym_or_name) const {
  if (!index_) return nullptr;
  auto it = index_->by_key.find(Key(acronym_or_name));
  if (it == index_->by_key.end()) return nullptr;
  for (const auto& r : it->second)
    if (r.kind == Index::kMission) return &missions_[r.idx];
  return nullptr;
}

const ForceCommander* Entities::FindForceCommander(std::string_view name) const {
  if (!index_) return nullptr;
  auto it = index_->by_key.find(Key(name));
  if (it == index_->by_key.end()) return nullptr;
  for (const auto& r : it->second)
    if (r.kind == Index::kCommander) return &commanders_[r.idx];
  return nullptr;
}

namespace {

bool IsFirstPersonWord(std::string_view w) {
  static const std::set<std::string_view> kFp = {"we",  "our", "us",  "my",  "i",   "me",  "ourselves", "myself",
                                                 "nous", "notre", "nos", "je", "mes", "mon", "ma"};
  return kFp.count(w) > 0 || w.rfind("j'", 0) == 0;
}

bool IsContingentWord(std::string_view w) {
  static const std::set<std::string_view> kWords = {
      "battalion", "battalions", "contingent", "contingents", "troops",    "troop",     "peacekeepers",
      "soldiers",  "company",    "companies",  "unit",        "units",     "brigade",   "engineers",
      "blue",      "helmets",    "platoon",    "bataillon",   "soldats",   "casques",   "troupes",
      "militaires", "officers",  "battalion's", "contingent's"};
  return kWords.count(w) > 0;
}

struct Mention {
  size_t first, last;  // token indexes, inclusive
  ActorRef ref;
  bool first_person = false;
  bool generic_fc = false;
};

}  // namespace

ActorRef Entities::ResolveTarget(std::string_view text, Span sentence, Span match, const std::vector<Token>& tokens,
                                 const SentenceContext& ctx) const {
  (void)sentence;
  ActorRef speaker{ctx.speaker.empty() ? ctx.affiliation : ctx.speaker, "speaker", ""};
  if (const Country* c = ctx.affiliation.empty() ? nullptr : FindCountry(ctx.affiliation)) speaker.iso3 = c->iso3;
  if (tokens.empty() || !index_) return speaker;

  std::vector<Mention> mentions;
  bool named_fc = false;
  // Per-token keys once; a name is looked up by extending a token sequence while
  // it is still a prefix of some key (linear in the sentence length).
  std::vector<std::string> tk(tokens.size());
  for (size_t k = 0; k < tokens.size(); ++k) tk[k] = Key(tokens[k].folded);
  for (size_t i = 0; i < tokens.size();) {
    bool found = false;
    size_t best_len = 0;
    const Index::Ref* best = nullptr;
    std::string seq;
    const size_t max_len = std::min<size_t>(static_cast<size_t>(index_->max_tokens), tokens.size() - i);
    for (size_t len = 1; len <= max_len; ++len) {
      if (tk[i + len - 1].empty()) break;
      if (len > 1) seq.push_back(' ');
      seq += tk[i + len - 1];
      if (!index_->prefixes.count(seq)) break;
      auto it = index_->by_key.find(seq);
      if (it == index_->by_key.end()) continue;
      uint64_t b = tokens[i].span.begin, e = tokens[i + len - 1].span.end;
      if (e > text.size() || b >= e) continue;
      std::string_view raw = text.substr(b, e - b);
      const Index::Ref* pick = nullptr;
      for (const auto& r : it->second) {
        if (r.acronym && std::any_of(raw.begin(), raw.end(), [](char c) { return c >= 'a' && c <= 'z'; })) continue;
        if (r.cap && !(raw[0] >= 'A' && raw[0] <= 'Z') && static_cast<unsigned char>(raw[0]) < 0x80) continue;
        if (!pick || r.kind < pick->kind) pick = &r;
      }
      if (pick) {  // longest match wins: keep extending
        best = pick;
        best_len = len;
      }
    }
    if (best) {
      const size_t len = best_len;
      Mention m{i, i + len - 1, {}};
      switch (best->kind) {
        case Index::kCommander: {
          const ForceCommander& fc = commanders_[best->idx];
          m.ref = ActorRef{fc.name, "force_commander", fc.nationality_iso3};
          named_fc = true;
          break;
        }
        case Index::kMission:
          m.ref = ActorRef{missions_[best->idx].acronym, "mission", ""};
          break;
        case Index::kCountry: {
          const Country& c = countries_[best->idx];
          bool contingent = false;
          for (size_t k = i + len; k < tokens.size() && k < i + len + 2; ++k)
            if (IsContingentWord(tokens[k].folded)) contingent = true;
          // "troops from Nepal", "the contingent of Pakistan"
          if (i >= 2 && (tokens[i - 1].folded == "from" || tokens[i - 1].folded == "of") &&
              IsContingentWord(tokens[i - 2].folded))
            contingent = true;
          if (i >= 3 && tokens[i - 1].folded == "the" &&
              (tokens[i - 2].folded == "from" || tokens[i - 2].folded == "of") && IsContingentWord(tokens[i - 3].folded))
            contingent = true;
          m.ref = ActorRef{c.name, contingent ? "contingent" : "state", c.iso3};
          break;
        }
      }
      mentions.push_back(m);
      i += len;
      found = true;
    }
    if (found) continue;
    const std::string& w = tokens[i].folded;
    if (IsFirstPersonWord(w)) {
      Mention m{i, i, {}};
      m.first_person = true;
      mentions.push_back(m);
    } else if (w == "force" && i + 1 < tokens.size() && tokens[i + 1].folded == "commander" &&
               !(i > 0 && tokens[i - 1].folded == "deputy")) {
      Mention m{i, i + 1, ActorRef{"Force Commander", "force_commander", ""}};
      m.generic_fc = true;
      mentions.push_back(m);
      ++i;
    }
    ++i;
  }
  if (mentions.empty()) return speaker;

  size_t mb = 0;
  while (mb < tokens.size() && tokens[mb].span.end <= match.begin) ++mb;
  size_t me = mb;
  while (me < tokens.size() && tokens[me].span.begin < match.end) ++me;
  if (me == mb) me = mb + 1;

  const Mention* best = nullptr;
  size_t best_d = 0;
  bool best_before = false;
  for (const Mention& m : mentions) {
    if (m.generic_fc && named_fc) continue;
    size_t d;
    bool before;
    if (m.last < mb) {
      d = mb - m.last;
      before = true;
    } else if (m.first >= me) {
      d = m.first - me + 1;
      before = false;
    } else {
      d = 0;
      before = true;
    }
    bool better = !best || d < best_d || (d == best_d && before && !best_before) ||
                  (d == best_d && before == best_before && best->first_person && !m.first_person);
    if (better) {
      best = &m;
      best_d = d;
      best_before = before;
    }
  }
  if (!best || best->first_person) return speaker;
  return best->ref;
}

}  // namespace normcode
