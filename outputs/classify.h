// Actor classification: from evidence rows to per-actor, per-period figures, a
// position on the implementation continuum, the validity/application balance
// and (for force commanders) alignment with the home state. Every figure is
// built from a list of evidence ids kept in the result, so any number can be
// traced to its passages (docs/CLASSIFICATION.md documents the rule).
//
// The database is opened read-only (works while a run writes). The thresholds
// come from lexicons/classification.yaml (LoadClassificationRules); entity data
// (force commanders' missions and terms, country names and UN groups) is passed
// in as plain data (ClassifyEntitiesFrom(Entities)) so this library does not
// depend on the matcher.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "core/status.h"
#include "extractors/match/entities.h"

namespace SQLite {
class Database;
}

namespace normcode {

// Opens a normcode database read-only for analysis: NotFound when the file does
// not exist, InvalidInput when it is not a normcode database (application_id)
// or its schema is older than version 3 (no views yet).
StatusOr<std::unique_ptr<SQLite::Database>> OpenAnalysisDb(const std::string& path);

// The ten codes, in codebook order (the order of export columns).
const std::vector<std::string>& ClassificationCodes();

struct ClassificationRules {
  std::string version;
  std::vector<std::string> counted_polarities{"asserted"};
  std::map<std::string, std::string> families;        // code -> determined | reluctant | non_implementation
  std::map<std::string, std::string> state_families;  // extra code -> family for states
  std::vector<std::string> state_speaker_roles{"representative", "president"};
  int64_t min_evidence = 3;
  double non_implementation_min_share = 0.5;
  double determined_min_share = 0.6;
  double reluctant_min_share = 0.4;
  std::map<std::string, double> weights{{"determined", 1.0}, {"reluctant", 0.0}, {"non_implementation", -1.0}};
  double confidence_k = 10.0;
  int64_t contestation_min_evidence = 1;
  double validity_dominant_at = 0.33;
  double application_dominant_at = -0.33;
};

// Reads and validates the YAML file (errors name the file and the key).
// Inline (like LoadClassifyOptions): yaml-cpp is linked by the programs, not by
// this library, whose place in the link line comes after it.
inline StatusOr<ClassificationRules> LoadClassificationRules(const std::string& path) {
  auto IsFamily = [](const std::string& f) { return f == "determined" || f == "reluctant" || f == "non_implementation"; };
  auto IsCode = [](const std::string& c) {
    const auto& v = ClassificationCodes();
    return std::find(v.begin(), v.end(), c) != v.end();
  };
  ClassificationRules r;
  r.families.clear();
  r.counted_polarities.clear();
  r.state_speaker_roles.clear();
  auto fail = [&](const std::string& what) { return Status::InvalidInput(path + ": " + what); };
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    return Status::NotFound(path + ": cannot read the classification rules");
  } catch (const YAML::Exception& e) {
    return fail(std::string("invalid YAML: ") + e.what());
  }
  try {
    if (!root.IsMap()) return fail("expected a mapping at the top level");
    if (!root["version"]) return fail("missing 'version'");
    r.version = root["version"].as<std::string>();
    if (auto p = root["counted_polarities"]) {
      for (const auto& x : p) {
        std::string s = x.as<std::string>();
        if (s != "asserted" && s != "negated" && s != "reported" && s != "hypothetical")
          return fail("counted_polarities: unknown polarity '" + s + "'");
        r.counted_polarities.push_back(s);
      }
    } else {
      r.counted_polarities = {"asserted"};
    }
    auto read_families = [&](const YAML::Node& n, std::map<std::string, std::string>* out,
                             const char* key) -> Status {
      if (!n) return Status::OK();
      if (!n.IsMap()) return fail(std::string(key) + ": expected a mapping code -> family");
      for (const auto& kv : n) {
        std::string code = kv.first.as<std::string>(), fam = kv.second.as<std::string>();
        if (!IsCode(code)) return fail(std::string(key) + ": unknown code '" + code + "'");
        if (!IsFamily(fam)) return fail(std::string(key) + ": unknown family '" + fam + "' for " + code);
        (*out)[code] = fam;
      }
      return Status::OK();
    };
    if (!root["families"]) return fail("missing 'families'");
    if (Status st = read_families(root["families"], &r.families, "families"); !st.ok()) return st;
    if (Status st = read_families(root["state_families"], &r.state_families, "state_families"); !st.ok()) return st;
    if (auto roles = root["state_speaker_roles"]) {
      for (const auto& x : roles) r.state_speaker_roles.push_back(x.as<std::string>());
    } else {
      r.state_speaker_roles = {"representative", "president"};
    }
    auto share = [&](const YAML::Node& n, const char* key, double* out) -> Status {
      if (!n[key]) return Status::OK();
      double v = n[key].as<double>();
      if (!(v >= 0 && v <= 1)) return fail(std::string("position.") + key + " must be in [0, 1]");
      *out = v;
      return Status::OK();
    };
    if (auto p = root["position"]) {
      if (p["min_evidence"]) {
        r.min_evidence = p["min_evidence"].as<int64_t>();
        if (r.min_evidence < 1) return fail("position.min_evidence must be >= 1");
      }
      for (auto [k, v] : {std::pair{"non_implementation_min_share", &r.non_implementation_min_share},
                          std::pair{"determined_min_share", &r.determined_min_share},
                          std::pair{"reluctant_min_share", &r.reluctant_min_share}})
        if (Status st = share(p, k, v); !st.ok()) return st;
      if (auto w = p["weights"]) {
        for (const auto& kv : w) {
          std::string fam = kv.first.as<std::string>();
          if (!IsFamily(fam)) return fail("position.weights: unknown family '" + fam + "'");
          r.weights[fam] = kv.second.as<double>();
        }
      }
    }
    if (auto c = root["confidence"]) {
      if (c["k"]) r.confidence_k = c["k"].as<double>();
      if (!(r.confidence_k > 0)) return fail("confidence.k must be > 0");
    }
    if (auto c = root["contestation"]) {
      if (c["min_evidence"]) r.contestation_min_evidence = c["min_evidence"].as<int64_t>();
      if (c["validity_dominant_at"]) r.validity_dominant_at = c["validity_dominant_at"].as<double>();
      if (c["application_dominant_at"]) r.application_dominant_at = c["application_dominant_at"].as<double>();
      if (r.application_dominant_at > r.validity_dominant_at)
        return fail("contestation.application_dominant_at must be <= validity_dominant_at");
    }
  } catch (const YAML::Exception& e) {
    return fail(std::string("bad value: ") + e.what());
  }
  return r;
}
// <lexicons>/classification.yaml
std::string ClassificationRulesPath(const std::string& lexicons_dir);

struct ClassifyEntities {
  struct Country {
    std::string iso3, name, un_group;
  };
  struct Commander {
    std::string name;
    std::vector<std::string> aliases;
    std::string nationality_iso3, mission, term_start, term_end;  // term: YYYY[-MM[-DD]]; end "" = ongoing
  };
  struct MissionInfo {
    std::string acronym, name;
  };
  std::vector<Country> countries;
  std::vector<Commander> commanders;  // one row per (commander, mission) as in force_commanders.tsv
  std::vector<MissionInfo> missions;
};

inline ClassifyEntities ClassifyEntitiesFrom(const Entities& e) {
  ClassifyEntities out;
  for (const auto& c : e.countries()) out.countries.push_back({c.iso3, c.name, c.un_group});
  for (const auto& f : e.force_commanders())
    out.commanders.push_back({f.name, f.aliases, f.nationality_iso3, f.mission, f.term_start, f.term_end});
  for (const auto& m : e.missions()) out.missions.push_back({m.acronym, m.name});
  return out;
}

enum class PeriodKind { kYear, kTerm, kAll };

struct ClassifyOptions {
  ClassificationRules rules;
  ClassifyEntities entities;
  PeriodKind period = PeriodKind::kYear;
};

// Loads rules (rules_path, or <lexicons_dir>/classification.yaml when empty) and
// entity data (<lexicons_dir>/entities/*.tsv) into options. Inline: it calls
// the matcher's entity loader, which this library must not link against.
inline Status LoadClassifyOptions(const std::string& lexicons_dir, const std::string& rules_path, PeriodKind period,
                                  ClassifyOptions* options) {
  auto rules = LoadClassificationRules(rules_path.empty() ? ClassificationRulesPath(lexicons_dir) : rules_path);
  if (!rules.ok()) return rules.status();
  Entities entities;
  std::vector<LexiconError> errors;
  Status st = Entities::Load(lexicons_dir, &entities, &errors);
  if (!st.ok()) return st;
  if (!errors.empty()) {
    std::string m = "entity data in " + lexicons_dir + " has " + std::to_string(errors.size()) + " error(s); first: " + errors.front().ToString();
    return Status::InvalidInput(m);
  }
  options->rules = std::move(*rules);
  options->entities = ClassifyEntitiesFrom(entities);
  options->period = period;
  return Status::OK();
}

// Counts of one code in an actor-period.
struct CodeFigures {
  // All evidence in scope (said by or about the actor).
  int64_t asserted = 0, negated = 0, reported = 0, hypothetical = 0;
  // The part of it said by the actor (its own turns); rates are computed from these.
  int64_t spoken_asserted = 0, spoken_negated = 0, spoken_reported = 0;
  // spoken_* per 10,000 words spoken; nullopt when the actor spoke no words.
  std::optional<double> rate_asserted, rate_negated, rate_reported;
};

struct Figures {
  int64_t words = 0;  // words of the actor's non-procedural turns in the period
  int64_t turns = 0;
  std::map<std::string, CodeFigures> codes;  // every code of ClassificationCodes()
  // Counted (polarity in counted_polarities) passages per family.
  int64_t determined = 0, reluctant = 0, non_implementation = 0;
  int64_t n = 0;  // determined + reluctant + non_implementation
  std::optional<double> share_determined, share_reluctant, share_non_implementation, implementation_index;
  std::string position = "insufficient_evidence";  // non_implementation | reluctant | determined | insufficient_evidence
  std::string rule;                                 // which step of the rule decided (docs/CLASSIFICATION.md)
  double confidence = 0;
  int64_t validity = 0, application = 0;  // counted contestation passages
  std::optional<double> contestation_balance;
  std::string balance_label = "none";  // validity_dominant | application_dominant | mixed | none
};

// One evidence row in an actor-period, with what it does to the figures.
struct Contribution {
  int64_t evidence_id = 0;
  int64_t sentence_id = 0;  // the unit of counting is (sentence, code, polarity): see duplicate_of
  std::string code, polarity;
  // When another evidence row of the same sentence, code and polarity is already
  // in the list (two entries firing on one sentence), this row is shown but not
  // counted anywhere: duplicate_of is that row's evidence id.
  int64_t duplicate_of = 0;
  std::string relation;  // speaker (said by the actor) | target (about it) | mission (about his mission in his term)
  std::string family;    // determined | reluctant | non_implementation | validity | application | "" (other)
  bool counted = false;  // counts toward the position or the balance
  // +1 the passage pushes toward the assigned position, -1 against it, 0 neither
  // (not counted, or a contestation passage).
  int direction = 0;
  double weight = 0;  // implementation-index weight / n for counted implementation passages, else 0
  double score = 0;   // evidence.score
  std::string date;
};

struct Alignment {
  std::string value = "unknown";  // aligned | diverging | unknown
  std::string reason;
  std::string home_iso3, home_name;
  Figures home;                            // the home state's figures over the same period
  std::vector<Contribution> home_evidence;  // and their passages
};

struct ActorClassification {
  std::string actor_type;  // state | force_commander | contingent | mission
  std::string actor_key;   // "state:BRA", "force_commander:Carlos Alberto dos Santos Cruz", "contingent:IND", "mission:MONUSCO"
  std::string actor_name;  // "Brazil", "Carlos Alberto dos Santos Cruz", "India", "MONUSCO"
  std::string iso3;        // state/contingent ISO3; a force commander's nationality
  std::string un_group;    // of iso3
  std::string mission;     // a force commander's mission(s), "|"-separated
  std::string period;      // "2013", "undated", "all", "MONUSCO 2013-2015", "outside_term"
  std::string period_start, period_end;  // inclusive ISO dates or years; "" when open or unknown
  std::string rules_version;
  Figures figures;
  std::vector<Contribution> evidence;  // ranked: counted toward the position first, by direction, score, date
  std::optional<Alignment> alignment;  // force commanders only
};

// Classifies every actor-period that has at least one evidence row. Sorted by
// actor_type, actor_name, period.
StatusOr<std::vector<ActorClassification>> ClassifyActors(const std::string& db_path, const ClassifyOptions& options);

// Figures from a list of contributions (exposed for tests: the rule's boundaries).
// `contributions` must have relation/code/polarity set; family, counted,
// direction and weight are filled in. words/turns are copied into the result.
Figures ComputeFigures(const ClassificationRules& rules, const std::string& actor_type,
                       std::vector<Contribution>* contributions, int64_t words, int64_t turns);

// Words in a turn's text: maximal runs of non-space characters holding at least
// one letter or digit (ASCII alnum or any non-ASCII code point).
int64_t CountWords(std::string_view text);

// A passage with everything needed to show and find it.
struct Passage {
  int64_t evidence_id = 0, doc_id = 0, sentence_id = 0, run_id = 0;
  std::string path, symbol, date, body, doc_kind;
  int64_t turn_idx = 0, sentence_idx = 0;
  std::string speaker, speaker_affiliation, speaker_iso3, speaker_role;
  std::string target_name, target_kind, target_iso3;
  std::string code, polarity, entry_id, lexicon_version, codebook_version, matched_text, sentence_text;
  int64_t char_start = 0, char_end = 0, sentence_char_start = 0, sentence_char_end = 0;
  std::optional<int64_t> source_byte_start, source_byte_end;
  double score = 0;
  std::string model_version;  // "" when the lexicon alone decided
  std::string features;       // the model's weightiest features for it
};

// The passage's sentence cut at the match (code point offsets; clamped to the sentence).
struct PassageParts {
  std::string before, match, after;
};
PassageParts SplitPassage(const Passage& p);

// Loads passages by evidence id (ids not found are skipped); result in the order of ids.
StatusOr<std::vector<Passage>> LoadPassages(const std::string& db_path, const std::vector<int64_t>& ids);

}  // namespace normcode
