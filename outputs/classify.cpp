// Actor classification (see classify.h and docs/CLASSIFICATION.md).
#include "outputs/classify.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>
#include <tuple>
#include <sys/stat.h>
#include <unordered_map>

#include "core/codes.h"
#include "core/text.h"
#include "outputs/document_text.h"
#include "outputs/schema.h"

namespace normcode {

const std::vector<std::string>& ClassificationCodes() {
  static const std::vector<std::string> codes(std::begin(kCodes), std::end(kCodes));
  return codes;
}

std::string ClassificationRulesPath(const std::string& lexicons_dir) {
  if (lexicons_dir.empty()) return "classification.yaml";
  return lexicons_dir.back() == '/' ? lexicons_dir + "classification.yaml" : lexicons_dir + "/classification.yaml";
}

StatusOr<std::unique_ptr<SQLite::Database>> OpenAnalysisDb(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return Status::NotFound("database " + path + " does not exist");
  try {
    auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READONLY);
    db->setBusyTimeout(10000);
    int app = db->execAndGet("PRAGMA application_id").getInt();
    int version = db->execAndGet("PRAGMA user_version").getInt();
    if (app != kNormcodeApplicationId) return Status::InvalidInput(path + " is not a normcode database");
    // Every reader refuses a newer schema, like run, stats, kwic and report (issue 16.8):
    // its columns may mean something this program does not know.
    if (version > CurrentSchemaVersion())
      return Status::Unsupported("database " + PrintableName(path) + ": database schema version " +
                                 std::to_string(version) + " is newer than this program (" +
                                 std::to_string(CurrentSchemaVersion()) + "); use a newer normcode");
    if (version < 3)
      return Status::InvalidInput("database " + path + " has schema version " + std::to_string(version) +
                                  "; open it once with `normcode run` to upgrade it");
    return db;
  } catch (const SQLite::Exception& e) {
    return Status::IOError("database " + path + ": " + e.what());
  }
}

namespace {

bool IsFamily(const std::string& f) { return f == "determined" || f == "reluctant" || f == "non_implementation"; }

}  // namespace

int64_t CountWords(std::string_view text) {
  int64_t n = 0;
  size_t i = 0;
  auto is_space_at = [&](size_t p, size_t* len) {
    unsigned char c = static_cast<unsigned char>(text[p]);
    *len = 1;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return true;
    // U+00A0, U+2000..U+200B, U+202F, U+205F, U+3000
    if (c == 0xC2 && p + 1 < text.size() && static_cast<unsigned char>(text[p + 1]) == 0xA0) {
      *len = 2;
      return true;
    }
    if (c == 0xE2 && p + 2 < text.size()) {
      unsigned char b1 = text[p + 1], b2 = text[p + 2];
      if ((b1 == 0x80 && (b2 <= 0x8B || b2 == 0xAF)) || (b1 == 0x81 && b2 == 0x9F)) {
        *len = 3;
        return true;
      }
    }
    if (c == 0xE3 && p + 2 < text.size() && static_cast<unsigned char>(text[p + 1]) == 0x80 &&
        static_cast<unsigned char>(text[p + 2]) == 0x80) {
      *len = 3;
      return true;
    }
    return false;
  };
  while (i < text.size()) {
    size_t len;
    if (is_space_at(i, &len)) {
      i += len;
      continue;
    }
    bool word = false;
    while (i < text.size() && !is_space_at(i, &len)) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (c < 0x80) {
        if (std::isalnum(c)) word = true;
        ++i;
        continue;
      }
      // Decode one code point; punctuation blocks do not make a word.
      size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      uint32_t cp = n == 1 ? c : c & (0x7F >> n);
      for (size_t k = 1; k < n && i + k < text.size(); ++k) cp = (cp << 6) | (text[i + k] & 0x3F);
      bool punct = (cp >= 0xA1 && cp <= 0xBF && cp != 0xAA && cp != 0xB5 && cp != 0xBA) || cp == 0xD7 ||
                   cp == 0xF7 || (cp >= 0x2010 && cp <= 0x205E) || (cp >= 0x3001 && cp <= 0x303F) ||
                   (cp >= 0xFE10 && cp <= 0xFE6F) || (cp >= 0xFF01 && cp <= 0xFF0F);
      if (!punct) word = true;
      i += n;
    }
    if (word) ++n;
  }
  return n;
}

Figures ComputeFigures(const ClassificationRules& rules, const std::string& actor_type,
                       std::vector<Contribution>* contributions, int64_t words, int64_t turns) {
  Figures f;
  f.words = words;
  f.turns = turns;
  for (const auto& c : ClassificationCodes()) f.codes[c];
  double weight_sum = 0;
  // One count per (sentence, code, polarity): the row with the lowest evidence id counts.
  std::map<std::tuple<int64_t, std::string, std::string>, int64_t> first;
  for (const Contribution& c : *contributions) {
    if (c.sentence_id == 0) continue;
    auto [it, fresh] = first.emplace(std::make_tuple(c.sentence_id, c.code, c.polarity), c.evidence_id);
    if (!fresh && c.evidence_id < it->second) it->second = c.evidence_id;
  }
  for (Contribution& c : *contributions) {
    c.duplicate_of = 0;
    if (c.sentence_id != 0) {
      int64_t f0 = first.at(std::make_tuple(c.sentence_id, c.code, c.polarity));
      if (f0 != c.evidence_id) {
        c.duplicate_of = f0;
        c.counted = false;
        c.direction = 0;
        c.weight = 0;
        c.family.clear();
        continue;
      }
    }
    CodeFigures& cf = f.codes[c.code];
    bool spoken = c.relation == "speaker";
    if (c.polarity == "asserted") {
      ++cf.asserted;
      if (spoken) ++cf.spoken_asserted;
    } else if (c.polarity == "negated") {
      ++cf.negated;
      if (spoken) ++cf.spoken_negated;
    } else if (c.polarity == "reported") {
      ++cf.reported;
      if (spoken) ++cf.spoken_reported;
    } else {
      ++cf.hypothetical;
    }
    std::string fam;
    if (auto it = rules.families.find(c.code); it != rules.families.end()) fam = it->second;
    if (fam.empty() && actor_type == "state")
      if (auto it = rules.state_families.find(c.code); it != rules.state_families.end()) fam = it->second;
    bool contest = c.code == "validity_contestation" || c.code == "application_contestation";
    c.family = !fam.empty() ? fam : c.code == "validity_contestation" ? "validity"
                                  : c.code == "application_contestation" ? "application" : "";
    c.counted = std::find(rules.counted_polarities.begin(), rules.counted_polarities.end(), c.polarity) !=
                    rules.counted_polarities.end() &&
                (!fam.empty() || contest);
    c.direction = 0;
    c.weight = 0;
    if (!c.counted) continue;
    if (fam == "determined") ++f.determined;
    if (fam == "reluctant") ++f.reluctant;
    if (fam == "non_implementation") ++f.non_implementation;
    if (!fam.empty()) {
      auto w = rules.weights.find(fam);
      weight_sum += w == rules.weights.end() ? 0.0 : w->second;
    }
    if (c.code == "validity_contestation") ++f.validity;
    if (c.code == "application_contestation") ++f.application;
  }
  f.n = f.determined + f.reluctant + f.non_implementation;
  constexpr double kEps = 1e-12;
  if (f.n > 0) {
    double n = static_cast<double>(f.n);
    f.share_determined = f.determined / n;
    f.share_reluctant = f.reluctant / n;
    f.share_non_implementation = f.non_implementation / n;
    f.implementation_index = weight_sum / n;
  }
  if (f.n < rules.min_evidence) {
    f.position = "insufficient_evidence";
    f.rule = "min_evidence";
  } else if (*f.share_non_implementation >= rules.non_implementation_min_share - kEps) {
    f.position = "non_implementation";
    f.rule = "non_implementation_share";
  } else if (*f.share_determined >= rules.determined_min_share - kEps) {
    f.position = "determined";
    f.rule = "determined_share";
  } else if (*f.share_reluctant + *f.share_non_implementation >= rules.reluctant_min_share - kEps) {
    f.position = "reluctant";
    f.rule = "reluctant_share";
  } else {
    f.position = "insufficient_evidence";
    f.rule = "mixed";
  }
  f.confidence = f.position == "insufficient_evidence" ? 0.0 : 1.0 - std::exp(-f.n / rules.confidence_k);
  int64_t vc = f.validity + f.application;
  if (vc > 0) f.contestation_balance = static_cast<double>(f.validity - f.application) / vc;
  if (vc < rules.contestation_min_evidence || vc == 0)
    f.balance_label = "none";
  else if (*f.contestation_balance >= rules.validity_dominant_at - kEps)
    f.balance_label = "validity_dominant";
  else if (*f.contestation_balance <= rules.application_dominant_at + kEps)
    f.balance_label = "application_dominant";
  else
    f.balance_label = "mixed";
  for (auto& [code, cf] : f.codes) {
    if (words <= 0) continue;
    double w = static_cast<double>(words);
    cf.rate_asserted = cf.spoken_asserted * 10000.0 / w;
    cf.rate_negated = cf.spoken_negated * 10000.0 / w;
    cf.rate_reported = cf.spoken_reported * 10000.0 / w;
  }
  bool has_position = f.position != "insufficient_evidence";
  for (Contribution& c : *contributions) {
    if (c.duplicate_of || !c.counted || !IsFamily(c.family)) continue;
    auto w = rules.weights.find(c.family);
    c.weight = f.n > 0 ? (w == rules.weights.end() ? 0.0 : w->second) / f.n : 0.0;
    if (has_position) c.direction = c.family == f.position ? 1 : -1;
  }
  auto rank = [](const Contribution& c) {
    if (c.duplicate_of) return 3;
    if (c.counted && IsFamily(c.family)) return 0;
    if (c.counted) return 1;
    return 2;
  };
  std::stable_sort(contributions->begin(), contributions->end(), [&](const Contribution& a, const Contribution& b) {
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    if (a.direction != b.direction) return a.direction > b.direction;
    if (a.score != b.score) return a.score > b.score;
    if (a.date != b.date) return a.date < b.date;
    return a.evidence_id < b.evidence_id;
  });
  return f;
}

namespace {


bool IsWordByte(char c) { return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; }

// needle occurs in hay (both lower-cased) with word boundaries on both sides.
bool ContainsWords(const std::string& hay, const std::string& needle) {
  if (needle.empty()) return false;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) {
    bool left = p == 0 || !IsWordByte(hay[p - 1]);
    size_t e = p + needle.size();
    bool right = e == hay.size() || !IsWordByte(hay[e]);
    if (left && right) return true;
  }
  return false;
}

// "2013" -> "2013-01-01" (low) / "2013-12-31" (high); "2013-05" -> "2013-05-01" / "2013-05-31".
std::string PadDate(const std::string& d, bool high) {
  if (d.size() == 4) return d + (high ? "-12-31" : "-01-01");
  if (d.size() == 7) return d + (high ? "-31" : "-01");
  return d;
}

bool InWindow(const std::string& date, const std::string& start, const std::string& end) {
  if (date.empty()) return false;
  std::string lo = PadDate(date, false), hi = PadDate(date, true);
  if (!start.empty() && hi < PadDate(start, false)) return false;
  if (!end.empty() && lo > PadDate(end, true)) return false;
  return true;
}

struct Term {
  std::string mission, start, end;
  std::string Label() const { return mission + " " + start + "-" + (end.empty() ? "ongoing" : end); }
};

struct Commander {
  std::string name, nationality;
  std::vector<std::string> names_lower;  // name and aliases, lower-cased
  std::vector<Term> terms;
};

struct EvRow {
  int64_t id = 0, sentence_id = 0;
  std::string code, polarity, date;
  double score = 0;
  bool has_turn = false, procedural = false;
  std::string speaker, affiliation, iso3, role;
  std::string target_kind, target_name, target_iso3;
};

struct TurnRow {
  std::string date, speaker, affiliation, iso3, role;
  std::string text;
};

struct Group {
  std::string actor_type, actor_key, actor_name, iso3, period, period_start, period_end;
  std::vector<Contribution> evidence;
  int64_t words = 0, turns = 0;
  const Commander* fc = nullptr;
  const Term* term = nullptr;  // for term periods
};

class Classifier {
 public:
  explicit Classifier(const ClassifyOptions& o) : o_(o) {
    for (const auto& c : o.entities.countries) countries_[c.iso3] = &c;
    for (const auto& m : o.entities.missions) {
      missions_lower_[AsciiLower(m.acronym)] = m.acronym;
      missions_lower_[AsciiLower(m.name)] = m.acronym;
    }
    std::map<std::string, size_t> by_name;
    for (const auto& row : o.entities.commanders) {
      auto [it, fresh] = by_name.emplace(row.name, commanders_.size());
      if (fresh) {
        Commander c;
        c.name = row.name;
        c.nationality = row.nationality_iso3;
        c.names_lower.push_back(AsciiLower(row.name));
        commanders_.push_back(std::move(c));
      }
      Commander& c = commanders_[it->second];
      for (const auto& a : row.aliases) {
        std::string l = AsciiLower(a);
        if (std::find(c.names_lower.begin(), c.names_lower.end(), l) == c.names_lower.end()) c.names_lower.push_back(l);
      }
      c.terms.push_back({row.mission, row.term_start, row.term_end});
    }
    for (const auto& r : o.rules.state_speaker_roles) state_roles_.insert(r);
  }

  std::string CountryName(const std::string& iso3) const {
    auto it = countries_.find(iso3);
    return it == countries_.end() ? iso3 : it->second->name;
  }
  std::string UnGroup(const std::string& iso3) const {
    auto it = countries_.find(iso3);
    return it == countries_.end() ? "" : it->second->un_group;
  }

  // Actors a non-procedural turn speaks for: (actor_type, key, name, iso3, commander).
  struct Member {
    std::string type, key, name, iso3;
    const Commander* fc = nullptr;
    std::string relation;
  };
  std::vector<Member> SpeakerActors(const std::string& speaker, const std::string& affiliation,
                                    const std::string& iso3, const std::string& role) const {
    std::vector<Member> out;
    if (!iso3.empty() && state_roles_.count(role)) out.push_back({"state", "state:" + iso3, CountryName(iso3), iso3, nullptr, "speaker"});
    std::string sl = AsciiLower(speaker);
    for (const auto& c : commanders_)
      for (const auto& n : c.names_lower)
        if (ContainsWords(sl, n)) {
          out.push_back({"force_commander", "force_commander:" + c.name, c.name, c.nationality, &c, "speaker"});
          break;
        }
    if (!affiliation.empty()) {
      auto it = missions_lower_.find(AsciiLower(affiliation));
      if (it != missions_lower_.end()) out.push_back({"mission", "mission:" + it->second, it->second, "", nullptr, "speaker"});
    }
    return out;
  }

  std::vector<Member> EvidenceActors(const EvRow& e) const {
    std::vector<Member> out;
    if (e.has_turn && !e.procedural) out = SpeakerActors(e.speaker, e.affiliation, e.iso3, e.role);
    auto add = [&](Member m) {
      for (const auto& x : out)
        if (x.key == m.key) return;
      out.push_back(std::move(m));
    };
    if (e.target_kind == "force_commander") {
      std::string tl = AsciiLower(e.target_name);
      for (const auto& c : commanders_)
        for (const auto& n : c.names_lower)
          if (tl == n || ContainsWords(tl, n)) {
            add({"force_commander", "force_commander:" + c.name, c.name, c.nationality, &c, "target"});
            break;
          }
    } else if (e.target_kind == "contingent" && !e.target_iso3.empty()) {
      add({"contingent", "contingent:" + e.target_iso3, CountryName(e.target_iso3), e.target_iso3, nullptr, "target"});
    } else if (e.target_kind == "mission" && !e.target_name.empty()) {
      auto it = missions_lower_.find(AsciiLower(e.target_name));
      std::string acr = it == missions_lower_.end() ? e.target_name : it->second;
      add({"mission", "mission:" + acr, acr, "", nullptr, "target"});
      for (const auto& c : commanders_)
        for (const auto& t : c.terms)
          if (AsciiLower(t.mission) == AsciiLower(acr) && InWindow(e.date, t.start, t.end)) {
            add({"force_commander", "force_commander:" + c.name, c.name, c.nationality, &c, "mission"});
            break;
          }
    }
    return out;
  }

  // Period of a date for an actor.
  void PeriodOf(const Member& m, const std::string& date, std::string* label, const Term** term) const {
    *term = nullptr;
    if (o_.period == PeriodKind::kAll) {
      *label = "all";
      return;
    }
    if (o_.period == PeriodKind::kTerm && m.fc) {
      if (date.empty()) {
        *label = "undated";
        return;
      }
      for (const auto& t : m.fc->terms)
        if (InWindow(date, t.start, t.end)) {
          *label = t.Label();
          *term = &t;
          return;
        }
      *label = "outside_term";
      return;
    }
    *label = date.size() >= 4 ? date.substr(0, 4) : "undated";
  }

  Status Load(SQLite::Database& db) {
    SQLite::Statement q(db,
                        "SELECT e.id, e.code, e.polarity, e.score, COALESCE(d.date, ''), e.turn_id IS NOT NULL, "
                        "COALESCE(t.procedural, 0), COALESCE(t.speaker, ''), COALESCE(t.affiliation, ''), "
                        "COALESCE(t.iso3, ''), COALESCE(t.role, ''), COALESCE(ta.kind, ''), COALESCE(ta.name, ''), "
                        "COALESCE(ta.iso3, ''), e.sentence_id "
                        "FROM evidence e JOIN documents d ON d.id = e.doc_id "
                        "LEFT JOIN turns t ON t.id = e.turn_id LEFT JOIN actors ta ON ta.id = e.target_actor_id "
                        "WHERE d.status = 'ok' ORDER BY e.id");
    while (q.executeStep()) {
      EvRow r;
      r.id = q.getColumn(0).getInt64();
      r.code = q.getColumn(1).getString();
      r.polarity = q.getColumn(2).getString();
      r.score = q.getColumn(3).getDouble();
      r.date = q.getColumn(4).getString();
      r.has_turn = q.getColumn(5).getInt() != 0;
      r.procedural = q.getColumn(6).getInt() != 0;
      r.speaker = q.getColumn(7).getString();
      r.affiliation = q.getColumn(8).getString();
      r.iso3 = q.getColumn(9).getString();
      r.role = q.getColumn(10).getString();
      r.target_kind = q.getColumn(11).getString();
      r.target_name = q.getColumn(12).getString();
      r.target_iso3 = q.getColumn(13).getString();
      r.sentence_id = q.getColumn(14).getInt64();
      ev_.push_back(std::move(r));
    }
    // The turn's text is sliced from its document's text, read once per document (turns
    // come in document order): substr() in SQL read the whole document for every turn.
    SQLite::Statement t(db,
                        "SELECT COALESCE(d.date, ''), COALESCE(t.speaker, ''), COALESCE(t.affiliation, ''), "
                        "COALESCE(t.iso3, ''), t.role, t.doc_id, t.byte_start, t.byte_end "
                        "FROM turns t JOIN documents d ON d.id = t.doc_id "
                        "WHERE d.status = 'ok' AND t.procedural = 0 AND t.speaker IS NOT NULL ORDER BY t.id");
    DocumentTextCache texts(db);
    while (t.executeStep()) {
      auto turn_text = texts.Slice(t.getColumn(5).getInt64(), t.getColumn(6).getInt64(), t.getColumn(7).getInt64());
      if (!turn_text) continue;
      TurnRow r;
      r.date = t.getColumn(0).getString();
      r.speaker = t.getColumn(1).getString();
      r.affiliation = t.getColumn(2).getString();
      r.iso3 = t.getColumn(3).getString();
      r.role = t.getColumn(4).getString();
      auto members = SpeakerActors(r.speaker, r.affiliation, r.iso3, r.role);
      if (members.empty()) continue;
      int64_t words = CountWords(*turn_text);
      for (const auto& m : members) {
        const Term* term;
        std::string label;
        PeriodOf(m, r.date, &label, &term);
        Group& g = GroupFor(m, label, term);
        g.words += words;
        ++g.turns;
        if (m.type == "state") state_turns_[m.iso3].push_back({r.date, words});
      }
    }
    for (const EvRow& e : ev_) {
      for (const auto& m : EvidenceActors(e)) {
        const Term* term;
        std::string label;
        PeriodOf(m, e.date, &label, &term);
        Group& g = GroupFor(m, label, term);
        g.evidence.push_back(MakeContribution(e, m.relation));
        if (m.type == "state") state_evidence_[m.iso3].push_back(g.evidence.back());
      }
    }
    return Status::OK();
  }

  static Contribution MakeContribution(const EvRow& e, const std::string& relation) {
    Contribution c;
    c.evidence_id = e.id;
    c.sentence_id = e.sentence_id;
    c.code = e.code;
    c.polarity = e.polarity;
    c.relation = relation;
    c.score = e.score;
    c.date = e.date;
    return c;
  }

  Group& GroupFor(const Member& m, const std::string& label, const Term* term) {
    auto key = std::make_pair(m.key, label);
    auto it = groups_.find(key);
    if (it != groups_.end()) return it->second;
    Group& g = groups_[key];
    g.actor_type = m.type;
    g.actor_key = m.key;
    g.actor_name = m.name;
    g.iso3 = m.iso3;
    g.period = label;
    g.fc = m.fc;
    g.term = term;
    if (term) {
      g.period_start = term->start;
      g.period_end = term->end;
    } else if (label.size() == 4 && std::isdigit(static_cast<unsigned char>(label[0]))) {
      g.period_start = g.period_end = label;
    }
    return g;
  }

  std::vector<ActorClassification> Finish() {
    std::vector<ActorClassification> out;
    for (auto& [key, g] : groups_) {
      if (g.evidence.empty()) continue;
      ActorClassification a;
      a.actor_type = g.actor_type;
      a.actor_key = g.actor_key;
      a.actor_name = g.actor_name;
      a.iso3 = g.iso3;
      a.un_group = UnGroup(g.iso3);
      a.period = g.period;
      a.period_start = g.period_start;
      a.period_end = g.period_end;
      a.rules_version = o_.rules.version;
      a.evidence = std::move(g.evidence);
      a.figures = ComputeFigures(o_.rules, a.actor_type, &a.evidence, g.words, g.turns);
      if (g.fc) {
        std::string missions;
        for (const auto& t : g.fc->terms)
          if (missions.find(t.mission) == std::string::npos) missions += (missions.empty() ? "" : "|") + t.mission;
        a.mission = missions;
        a.alignment = Align(a, g);
      }
      out.push_back(std::move(a));
    }
    std::sort(out.begin(), out.end(), [](const ActorClassification& x, const ActorClassification& y) {
      if (x.actor_type != y.actor_type) return x.actor_type < y.actor_type;
      if (x.actor_name != y.actor_name) return x.actor_name < y.actor_name;
      return x.period < y.period;
    });
    return out;
  }

  Alignment Align(const ActorClassification& a, const Group& g) const {
    Alignment al;
    al.home_iso3 = g.fc->nationality;
    al.home_name = CountryName(al.home_iso3);
    std::function<bool(const std::string&)> in;
    if (o_.period == PeriodKind::kAll) {
      in = [](const std::string&) { return true; };
    } else if (g.term) {
      const Term* t = g.term;
      in = [t](const std::string& d) { return InWindow(d, t->start, t->end); };
    } else if (g.period.size() == 4 && std::isdigit(static_cast<unsigned char>(g.period[0]))) {
      std::string y = g.period;
      in = [y](const std::string& d) { return d.size() >= 4 && d.compare(0, 4, y) == 0; };
    } else {
      al.reason = "no period to compare (" + g.period + ")";
      al.home = ComputeFigures(o_.rules, "state", &al.home_evidence, 0, 0);
      return al;
    }
    int64_t words = 0, turns = 0;
    if (auto it = state_turns_.find(al.home_iso3); it != state_turns_.end())
      for (const auto& [d, w] : it->second)
        if (in(d)) {
          words += w;
          ++turns;
        }
    if (auto it = state_evidence_.find(al.home_iso3); it != state_evidence_.end())
      for (const auto& c : it->second)
        if (in(c.date)) al.home_evidence.push_back(c);
    al.home = ComputeFigures(o_.rules, "state", &al.home_evidence, words, turns);
    const std::string& p = a.figures.position;
    const std::string& h = al.home.position;
    if (p == "insufficient_evidence" && h == "insufficient_evidence")
      al.reason = "neither the force commander nor the home state has enough evidence";
    else if (p == "insufficient_evidence")
      al.reason = "the force commander has insufficient evidence";
    else if (h == "insufficient_evidence")
      al.reason = "the home state has insufficient evidence in the period";
    else if (p == h) {
      al.value = "aligned";
      al.reason = "both " + p;
    } else {
      al.value = "diverging";
      al.reason = "force commander " + p + ", home state " + h;
    }
    return al;
  }

 private:
  const ClassifyOptions& o_;
  std::map<std::string, const ClassifyEntities::Country*> countries_;
  std::map<std::string, std::string> missions_lower_;
  std::vector<Commander> commanders_;
  std::set<std::string> state_roles_;
  std::vector<EvRow> ev_;
  std::map<std::pair<std::string, std::string>, Group> groups_;
  std::map<std::string, std::vector<std::pair<std::string, int64_t>>> state_turns_;
  std::map<std::string, std::vector<Contribution>> state_evidence_;
};

}  // namespace

StatusOr<std::vector<ActorClassification>> ClassifyActors(const std::string& db_path, const ClassifyOptions& options) {
  auto db = OpenAnalysisDb(db_path);
  if (!db.ok()) return db.status();
  try {
    Classifier c(options);
    if (Status st = c.Load(**db); !st.ok()) return st;
    return c.Finish();
  } catch (const SQLite::Exception& e) {
    return Status::IOError("database " + db_path + ": " + e.what());
  }
}

PassageParts SplitPassage(const Passage& p) {
  const std::string& s = p.sentence_text;
  size_t b = ByteOfCodePoint(s, p.char_start - p.sentence_char_start);
  size_t e = ByteOfCodePoint(s, p.char_end - p.sentence_char_start);
  if (e < b) e = b;
  return {s.substr(0, b), s.substr(b, e - b), s.substr(e)};
}

StatusOr<std::vector<Passage>> LoadPassages(const std::string& db_path, const std::vector<int64_t>& ids) {
  auto db = OpenAnalysisDb(db_path);
  if (!db.ok()) return db.status();
  std::unordered_map<int64_t, Passage> found;
  std::unordered_map<int64_t, std::pair<int64_t, int64_t>> spans;  // evidence id -> sentence byte span
  try {
    // Schema 6 added the model columns; older databases read as lexicon-only.
    const bool model_columns = (*db)->execAndGet("PRAGMA user_version").getInt() >= 6;
    for (size_t i = 0; i < ids.size(); i += 400) {
      size_t n = std::min<size_t>(400, ids.size() - i);
      std::string sql =
          "SELECT e.id, e.doc_id, e.sentence_id, e.run_id, d.path, COALESCE(d.symbol, ''), COALESCE(d.date, ''), "
          "COALESCE(d.body, ''), COALESCE(d.kind, ''), COALESCE(t.idx, 0), s.idx, COALESCE(t.speaker, ''), "
          "COALESCE(t.affiliation, ''), COALESCE(t.iso3, ''), COALESCE(t.role, ''), COALESCE(ta.display_name, ''), "
          "COALESCE(ta.kind, ''), COALESCE(ta.iso3, ''), e.code, e.polarity, e.entry_id, e.lexicon_version, "
          "COALESCE(r.codebook_version, d.codebook_version, ''), e.matched_text, "
          "s.byte_start, e.char_start, e.char_end, s.char_start, "
          "s.char_end, e.source_byte_start, e.source_byte_end, e.score, s.byte_end, " +
          std::string(model_columns ? "e.model_version, e.features " : "'', '' ") +
          "FROM evidence e JOIN documents d ON d.id = e.doc_id JOIN sentences s ON s.id = e.sentence_id "
          "JOIN document_text dt ON dt.doc_id = e.doc_id LEFT JOIN turns t ON t.id = e.turn_id "
          "LEFT JOIN actors ta ON ta.id = e.target_actor_id LEFT JOIN runs r ON r.id = e.run_id WHERE e.id IN (";
      for (size_t k = 0; k < n; ++k) sql += k ? ",?" : "?";
      sql += ")";
      SQLite::Statement q(**db, sql);
      for (size_t k = 0; k < n; ++k) q.bind(static_cast<int>(k + 1), ids[i + k]);
      while (q.executeStep()) {
        Passage p;
        int c = 0;
        p.evidence_id = q.getColumn(c++).getInt64();
        p.doc_id = q.getColumn(c++).getInt64();
        p.sentence_id = q.getColumn(c++).getInt64();
        p.run_id = q.getColumn(c++).getInt64();
        p.path = q.getColumn(c++).getString();
        p.symbol = q.getColumn(c++).getString();
        p.date = q.getColumn(c++).getString();
        p.body = q.getColumn(c++).getString();
        p.doc_kind = q.getColumn(c++).getString();
        p.turn_idx = q.getColumn(c++).getInt64();
        p.sentence_idx = q.getColumn(c++).getInt64();
        p.speaker = q.getColumn(c++).getString();
        p.speaker_affiliation = q.getColumn(c++).getString();
        p.speaker_iso3 = q.getColumn(c++).getString();
        p.speaker_role = q.getColumn(c++).getString();
        p.target_name = q.getColumn(c++).getString();
        p.target_kind = q.getColumn(c++).getString();
        p.target_iso3 = q.getColumn(c++).getString();
        p.code = q.getColumn(c++).getString();
        p.polarity = q.getColumn(c++).getString();
        p.entry_id = q.getColumn(c++).getString();
        p.lexicon_version = q.getColumn(c++).getString();
        p.codebook_version = q.getColumn(c++).getString();
        p.matched_text = q.getColumn(c++).getString();
        int64_t sentence_byte_start = q.getColumn(c++).getInt64();
        p.char_start = q.getColumn(c++).getInt64();
        p.char_end = q.getColumn(c++).getInt64();
        p.sentence_char_start = q.getColumn(c++).getInt64();
        p.sentence_char_end = q.getColumn(c++).getInt64();
        if (!q.getColumn(c).isNull()) p.source_byte_start = q.getColumn(c).getInt64();
        ++c;
        if (!q.getColumn(c).isNull()) p.source_byte_end = q.getColumn(c).getInt64();
        ++c;
        p.score = q.getColumn(c++).getDouble();
        spans[p.evidence_id] = {sentence_byte_start, q.getColumn(c++).getInt64()};
        p.model_version = q.getColumn(c++).getString();
        p.features = q.getColumn(c++).getString();
        found.emplace(p.evidence_id, std::move(p));
      }
    }
    // Sentence texts, each document's text read once (issue 16.6): a substr() per row
    // re-read the whole text for every passage of a long record.
    std::vector<Passage*> by_doc;
    for (auto& [id, p] : found) by_doc.push_back(&p);
    std::sort(by_doc.begin(), by_doc.end(), [](const Passage* a, const Passage* b) {
      return a->doc_id != b->doc_id ? a->doc_id < b->doc_id : a->evidence_id < b->evidence_id;
    });
    DocumentTextCache texts(**db);
    for (Passage* p : by_doc) {
      auto [b, e] = spans[p->evidence_id];
      if (auto t = texts.Slice(p->doc_id, b, e)) p->sentence_text = std::string(*t);
    }
  } catch (const SQLite::Exception& e) {
    return Status::IOError("database " + db_path + ": " + e.what());
  }
  std::vector<Passage> out;
  for (int64_t id : ids)
    if (auto it = found.find(id); it != found.end()) out.push_back(it->second);
  return out;
}

}  // namespace normcode
