// A fixture database with known evidence, written through the real Store API
// (so it follows the schema), and the entity data and rules it is classified
// with. Every figure the tests expect is worked out by hand in the comments.
#pragma once
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/document.h"
#include "outputs/classify.h"
#include "outputs/store.h"

namespace normcode::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "normcode_analysis_XXXXXX").string();
    char* p = ::mkdtemp(tmpl.data());
    EXPECT_NE(p, nullptr);
    dir_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string Path(const std::string& name) const { return (std::filesystem::path(dir_) / name).string(); }

 private:
  std::string dir_;
};

struct EvSpec {
  int turn, sentence;
  std::string needle, code, polarity, entry;
  ActorRef target;
};
struct TurnSpec {
  std::string speaker, affiliation, iso3, role;
  bool procedural;
  std::vector<std::string> sentences;
};

// Builds a Document (turns of sentences; sentences joined by " ", turns by "\n\n").
inline void BuildDoc(const std::string& path, const std::string& symbol, const std::string& date,
                     const std::string& title, const std::vector<TurnSpec>& turns, const std::vector<EvSpec>& ev,
                     Document* doc, std::vector<Sentence>* sentences, std::vector<Evidence>* evidence) {
  Document& d = *doc;
  d.path = path;
  d.content_hash = "hash-" + symbol;
  d.size = 1000;
  d.kind = kind::kVerbatim;
  d.format = "html";
  d.encoding = "UTF-8";
  d.symbol = symbol;
  d.body = "Security Council";
  d.date = date;
  d.title = title;
  std::vector<std::vector<Span>> spans;
  for (size_t t = 0; t < turns.size(); ++t) {
    if (t) d.text += "\n\n";
    Turn turn;
    turn.index = static_cast<int>(t + 1);
    turn.speaker = turns[t].speaker;
    turn.affiliation = turns[t].affiliation;
    turn.iso3 = turns[t].iso3;
    turn.role = turns[t].role;
    turn.procedural = turns[t].procedural;
    turn.span.begin = d.text.size();
    spans.emplace_back();
    for (size_t s = 0; s < turns[t].sentences.size(); ++s) {
      if (s) d.text += " ";
      Span sp{d.text.size(), d.text.size() + turns[t].sentences[s].size()};
      d.text += turns[t].sentences[s];
      spans.back().push_back(sp);
      sentences->push_back(Sentence{static_cast<int>(s + 1), turn.index, sp});
    }
    turn.span.end = d.text.size();
    turn.paragraphs.push_back(turn.span);
    d.turns.push_back(turn);
  }
  d.anchors.push_back(SourceAnchor{0, 100});
  for (const EvSpec& e : ev) {
    Span s = spans.at(e.turn - 1).at(e.sentence - 1);
    std::string sent = d.text.substr(s.begin, s.size());
    size_t at = sent.find(e.needle);
    EXPECT_NE(at, std::string::npos) << e.needle;
    Evidence x;
    x.turn = e.turn;
    x.sentence = e.sentence;
    x.code = e.code;
    x.entry_id = e.entry;
    x.lexicon_version = "lex-1";
    x.match = Span{s.begin + at, s.begin + at + e.needle.size()};
    x.matched_text = e.needle;
    x.polarity = e.polarity;
    x.target = e.target;
    x.score = 1.0;
    evidence->push_back(x);
  }
}

// Entity data of the fixture: Santos Cruz (BRA) commanded MINUSTAH 2007-2009 and MONUSCO 2013-2015.
inline ClassifyEntities FixtureEntities() {
  ClassifyEntities e;
  e.countries = {{"BRA", "Brazil", "Latin American and Caribbean"},
                 {"GBR", "United Kingdom", "Western European and others"},
                 {"IND", "India", "Asia-Pacific"}};
  e.commanders = {{"Carlos Alberto dos Santos Cruz", {"Santos Cruz", "General Santos Cruz", "dos Santos Cruz"}, "BRA",
                   "MINUSTAH", "2007", "2009"},
                  {"Carlos Alberto dos Santos Cruz", {"Santos Cruz", "General Santos Cruz", "dos Santos Cruz"}, "BRA",
                   "MONUSCO", "2013", "2015"}};
  e.missions = {{"MONUSCO", "United Nations Organization Stabilization Mission in the Democratic Republic of the Congo"},
                {"MINUSTAH", "United Nations Stabilization Mission in Haiti"}};
  return e;
}

inline ClassificationRules FixtureRules() {
  ClassificationRules r;
  r.version = "test-rules";
  r.families = {{"determined_implementation", "determined"},     {"hesitation_lack_of_initiative", "reluctant"},
                {"hesitation_delaying", "reluctant"},            {"hesitation_flip_flopping", "reluctant"},
                {"recalcitrance_ignoring", "reluctant"},         {"recalcitrance_rejecting", "reluctant"},
                {"recalcitrance_obstructing", "reluctant"},      {"non_implementation", "non_implementation"}};
  r.state_families = {{"validity_contestation", "reluctant"}};
  return r;
}

// Document 1, S/PV.7000, 2013-06-10:
//  turn 1 Mr. Silva (Brazil, representative), 33 words:
//    s1 "We support a robust mandate for MONUSCO."                      (7)  determined asserted
//    s2 "All necessary means must be used, and we will not hesitate."   (11) determined asserted
//    s3 "Peacekeepers are not authorized to use force here."            (8)  determined NEGATED
//    s4 "Firm action against armed groups is needed."                   (7)  determined asserted
//  turn 2 The President (Brazil, president, PROCEDURAL): "The meeting is called to order, with robust mandate talk."
//    determined asserted: must not count for Brazil (procedural)
//  turn 3 Lieutenant General Carlos Alberto dos Santos Cruz (MONUSCO, briefer), 19 words:
//    s1 "We will act once the capital confirms the rules of engagement." (11) hesitation_delaying asserted (speaker)
//    s2 "My troops refused to move beyond the perimeter."               (8)  recalcitrance_rejecting asserted,
//                                                                           twice (two entries): one counted
//  turn 4 Mr. Smith (United Kingdom, representative), 23 words:
//    s1 "General Santos Cruz launched a \"pre-emptive\" operation, against the militia." (10)
//         determined asserted, target force_commander Santos Cruz
//    s2 "Some say MONUSCO stayed in its bases." (7) non_implementation REPORTED, target mission MONUSCO
//    s3 "The Indian battalion refused to patrol." (6) recalcitrance_rejecting asserted, target contingent IND
// Document 2, S/PV.7600, 2016-03-01 (after Santos Cruz's MONUSCO term):
//  turn 1 Mr. Smith (United Kingdom): "Santos Cruz was decisive." determined asserted, target force_commander
struct FixtureDb {
  std::string path;
};

inline constexpr int64_t kBrazilWords = 33;
inline constexpr int64_t kFcWords = 19;

inline void WriteFixtureDb(const std::string& path) {
  auto st = Store::Open(path);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  auto& store = *st;
  RunInfo info;
  info.program_version = "test";
  info.codebook_version = "cb-test";
  auto run = store->BeginRun(info);
  ASSERT_TRUE(run.ok());
  const ActorRef none;
  const ActorRef fc{"Carlos Alberto dos Santos Cruz", "force_commander", "BRA"};
  const ActorRef self{"Lieutenant General Carlos Alberto dos Santos Cruz", "speaker", ""};
  {
    Document d;
    std::vector<Sentence> s;
    std::vector<Evidence> e;
    BuildDoc("corpus/S-PV-7000.html", "S/PV.7000", "2013-06-10", "The situation concerning the DRC,\nsecond line",
             {{"Mr. Silva", "Brazil", "BRA", "representative", false,
               {"We support a robust mandate for MONUSCO.", "All necessary means must be used, and we will not hesitate.",
                "Peacekeepers are not authorized to use force here.", "Firm action against armed groups is needed."}},
              {"The President", "Brazil", "BRA", "president", true,
               {"The meeting is called to order, with robust mandate talk."}},
              {"Lieutenant General Carlos Alberto dos Santos Cruz", "MONUSCO", "", "briefer", false,
               {"We will act once the capital confirms the rules of engagement.",
                "My troops refused to move beyond the perimeter."}},
              {"Mr. Smith", "United Kingdom", "GBR", "representative", false,
               {"General Santos Cruz launched a \"pre-emptive\" operation, against the militia.",
                "Some say MONUSCO stayed in its bases.", "The Indian battalion refused to patrol."}}},
             {{1, 1, "robust mandate", "determined_implementation", "asserted", "en.det.robust", none},
              {1, 2, "All necessary means", "determined_implementation", "asserted", "en.det.anm", none},
              {1, 3, "authorized to use force", "determined_implementation", "negated", "en.det.auth", none},
              {1, 4, "Firm action against armed groups", "determined_implementation", "asserted", "en.det.firm", none},
              {2, 1, "robust mandate", "determined_implementation", "asserted", "en.det.robust_procedural", none},
              {3, 1, "act once the capital confirms", "hesitation_delaying", "asserted", "en.hes.once", self},
              {3, 2, "refused to move", "recalcitrance_rejecting", "asserted", "en.rec.refused_to_move", self},
              {3, 2, "refused", "recalcitrance_rejecting", "asserted", "en.rec.refused", self},
              {4, 1, "launched a \"pre-emptive\" operation", "determined_implementation", "asserted", "en.det.launch", fc},
              {4, 2, "stayed in its bases", "non_implementation", "reported", "en.non.stayed",
               ActorRef{"MONUSCO", "mission", ""}},
              {4, 3, "refused to patrol", "recalcitrance_rejecting", "asserted", "en.rec.refused_to_patrol",
               ActorRef{"India", "contingent", "IND"}}},
             &d, &s, &e);
    Status p = store->PutDocument(*run, d, s, e);
    ASSERT_TRUE(p.ok()) << p.ToString();
  }
  {
    Document d;
    std::vector<Sentence> s;
    std::vector<Evidence> e;
    BuildDoc("corpus/S-PV-7600.html", "S/PV.7600", "2016-03-01", "Peacekeeping operations",
             {{"Mr. Smith", "United Kingdom", "GBR", "representative", false, {"Santos Cruz was decisive."}}},
             {{1, 1, "decisive", "determined_implementation", "asserted", "en.det.decisive", fc}}, &d, &s, &e);
    Status p = store->PutDocument(*run, d, s, e);
    ASSERT_TRUE(p.ok()) << p.ToString();
  }
  ASSERT_TRUE(store->FinishRun(*run, RunCounts{}, "ok").ok());
  ASSERT_TRUE(store->Commit().ok());
}

inline const ActorClassification* Find(const std::vector<ActorClassification>& v, const std::string& key,
                                       const std::string& period) {
  for (const auto& a : v)
    if (a.actor_key == key && a.period == period) return &a;
  return nullptr;
}

}  // namespace normcode::testing
