// A small evidence database written through the real Store API (outputs/store.h)
// from hand-built documents: states speaking in two Council meetings, a force
// commander briefing, an undated interview, and hostile text (<script>, quotes,
// ampersands) inside sentences and titles. Shared by the report and kwic tests.
#pragma once
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/document.h"
#include "outputs/store.h"

namespace normcode::testing {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "normcode_report_XXXXXX").string();
    char* p = ::mkdtemp(tmpl.data());
    EXPECT_NE(p, nullptr);
    dir_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string Path(const std::string& name) const { return (fs::path(dir_) / name).string(); }

 private:
  std::string dir_;
};

struct EvSpec {
  std::string code, match;  // match: a substring of the sentence
  std::string polarity = polarity::kAsserted;
  ActorRef target;
};
struct SentSpec {
  std::string text;
  std::vector<EvSpec> ev;
};
struct TurnSpec {
  std::string speaker, affiliation, iso3, role;
  std::vector<SentSpec> sentences;
};
struct DocSpec {
  std::string path, symbol, date, body, title, kind = kind::kVerbatim;
  std::vector<TurnSpec> turns;
};

inline void Put(Store& store, int64_t run, const DocSpec& spec) {
  Document d;
  d.path = spec.path;
  d.content_hash = "hash-" + spec.path;
  d.size = 1000;
  d.kind = spec.kind;
  d.format = "text";
  d.encoding = "UTF-8";
  d.symbol = spec.symbol;
  d.body = spec.body;
  d.date = spec.date;
  d.title = spec.title;
  std::vector<Sentence> sentences;
  std::vector<Evidence> evidence;
  for (size_t ti = 0; ti < spec.turns.size(); ++ti) {
    const TurnSpec& ts = spec.turns[ti];
    if (ti) d.text += "\n\n";
    Turn t;
    t.index = static_cast<int>(ti + 1);
    t.speaker = ts.speaker;
    t.affiliation = ts.affiliation;
    t.iso3 = ts.iso3;
    t.role = ts.role;
    uint64_t tb = d.text.size();
    for (size_t si = 0; si < ts.sentences.size(); ++si) {
      if (si) d.text += " ";
      uint64_t sb = d.text.size();
      d.text += ts.sentences[si].text;
      Sentence s;
      s.index = static_cast<int>(si + 1);
      s.turn = t.index;
      s.span = Span{sb, d.text.size()};
      sentences.push_back(s);
      for (const auto& es : ts.sentences[si].ev) {
        size_t m = ts.sentences[si].text.find(es.match);
        EXPECT_NE(m, std::string::npos) << es.match;
        Evidence e;
        e.turn = t.index;
        e.sentence = s.index;
        e.code = es.code;
        e.entry_id = "test." + es.code;
        e.lexicon_version = "test-1";
        e.match = Span{sb + m, sb + m + es.match.size()};
        e.matched_text = es.match;
        e.polarity = es.polarity;
        e.target = es.target;
        e.score = 1.0;
        evidence.push_back(e);
      }
    }
    t.span = Span{tb, d.text.size()};
    t.paragraphs.push_back(t.span);
    d.turns.push_back(t);
  }
  Status st = store.PutDocument(run, d, sentences, evidence);
  ASSERT_TRUE(st.ok()) << st.ToString();
}

inline const char* kScript = "<script>alert(1)</script>";
inline const char* kFc = "Carlos Alberto dos Santos Cruz";

// Writes the fixture database at path.
inline void WriteFixtureDb(const std::string& path) {
  auto opened = Store::Open(path);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Store& store = **opened;
  RunInfo info;
  info.program_version = "test";
  info.codebook_version = "test-1";
  auto run = store.BeginRun(info);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  const ActorRef chn{"Liu Jieyi", "speaker", "CHN"};
  const ActorRef bra{"Patriota", "speaker", "BRA"};
  const ActorRef fc{kFc, "force_commander", "BRA"};

  DocSpec d1{"corpus/S-PV-7000.txt", "S/PV.7000", "2013-03-28", "Security Council",
             "The situation concerning the Democratic Republic of the Congo", kind::kVerbatim, {}};
  d1.turns.push_back({"Mr. Liu Jieyi", "China", "CHN", role::kRepresentative,
                      {{"Robust operations would violate the consent of the host State.",
                        {{"validity_contestation", "violate the consent of the host State", polarity::kAsserted, chn}}},
                       {std::string(kScript) + " & \"quoted\" 'text' shows that the mandate lacks helicopters.",
                        {{"application_contestation", kScript, polarity::kAsserted, chn}}},
                       {"We thank the Secretary-General for his report.", {}}}});
  d1.turns.push_back({"Mr. Patriota", "Brazil", "BRA", role::kRepresentative,
                      {{"Peace enforcement is alien to peacekeeping and to its principles.",
                        {{"validity_contestation", "alien to peacekeeping", polarity::kAsserted, bra}}},
                       {"Nobody says the mandate is unrealistic.",
                        {{"application_contestation", "mandate is unrealistic", polarity::kNegated, bra}}}}});
  d1.turns.push_back({"Lieutenant General Carlos Alberto dos Santos Cruz", "MONUSCO", "", role::kBriefer,
                      {{"We launched a pre-emptive operation against the M23 near Goma.",
                        {{"determined_implementation", "launched a pre-emptive operation", polarity::kAsserted, fc}}},
                       {"Our troops used force to protect civilians in Kiwanja.",
                        {{"determined_implementation", "used force to protect civilians", polarity::kAsserted, fc}}},
                       {"The brigade acted before the attack on the camp.",
                        {{"determined_implementation", "acted before the attack", polarity::kAsserted, fc}}}}});
  Put(store, *run, d1);

  DocSpec d2{"corpus/S-PV-7100.txt", "S/PV.7100", "2014-01-10", "Security Council",
             "Protection of civilians <b>in</b> armed conflict & \"friends\"", kind::kVerbatim, {}};
  d2.turns.push_back({"Mr. Patriota", "Brazil", "BRA", role::kRepresentative,
                      {{"Brazil refuses to send its battalion beyond Goma without consent.",
                        {{"recalcitrance_rejecting", "refuses to send its battalion", polarity::kAsserted,
                          ActorRef{"Brazil", "contingent", "BRA"}}}},
                       {"Peacekeepers are not soldiers of a party; the principles stand.",
                        {{"validity_contestation", "not soldiers of a party", polarity::kAsserted, bra}}}}});
  d2.turns.push_back({"Mr. Osei", "Ghana", "GHA", role::kRepresentative,
                      {{"La «mission» — MONUSCO 😀 — cannot protect civilians without the means.",
                        {{"application_contestation", "without the means", polarity::kAsserted,
                          ActorRef{"Osei", "speaker", "GHA"}}}},
                       {"The contingent delayed the operation until the capital confirmed.",
                        {{"hesitation_delaying", "delayed the operation", polarity::kAsserted,
                          ActorRef{"Ghana", "contingent", "GHA"}}}}}});
  Put(store, *run, d2);

  DocSpec d3{"interviews/interview-3.txt", "", "", "", "Interview 3, senior officer", kind::kTranscript, {}};
  d3.turns.push_back({"Q", "", "", role::kInterviewer, {{"What did the Force Commander do?", {}}}});
  d3.turns.push_back({"A", "", "", role::kInterviewee,
                      {{"They said Santos Cruz ordered the attack himself.",
                        {{"determined_implementation", "ordered the attack", polarity::kReported, fc}}}}});
  Put(store, *run, d3);

  ASSERT_TRUE(store.Commit().ok());
  RunCounts counts;
  ASSERT_TRUE(store.FinishRun(*run, counts, "ok").ok());
}

}  // namespace normcode::testing
