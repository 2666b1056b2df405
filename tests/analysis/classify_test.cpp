// Classification: the rule's boundaries (ComputeFigures on hand-built lists),
// the rules file, and ClassifyActors on a fixture database written through the
// Store API with hand-worked figures (tests/analysis/fixture.h).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <set>

#include "outputs/classify.h"
#include "tests/analysis/fixture.h"

using namespace normcode;
using namespace normcode::testing;

namespace {

std::vector<Contribution> Make(const std::vector<std::pair<std::string, int>>& codes,
                               const std::string& polarity = "asserted") {
  std::vector<Contribution> v;
  int64_t id = 1;
  for (const auto& [code, n] : codes)
    for (int i = 0; i < n; ++i) {
      Contribution c;
      c.evidence_id = id;
      c.sentence_id = 1000 + id;  // distinct sentences
      ++id;
      c.code = code;
      c.polarity = polarity;
      c.relation = "speaker";
      v.push_back(c);
    }
  return v;
}

Figures Rule(const ClassificationRules& r, std::vector<std::pair<std::string, int>> codes,
            const std::string& type = "force_commander") {
  auto v = Make(codes);
  return ComputeFigures(r, type, &v, 0, 0);
}

TEST(ClassifyRule, MinimumEvidenceBoundary) {
  ClassificationRules r = FixtureRules();  // min_evidence 3
  Figures f2 = Rule(r, {{"determined_implementation", 2}});
  EXPECT_EQ(f2.position, "insufficient_evidence");
  EXPECT_EQ(f2.rule, "min_evidence");
  EXPECT_EQ(f2.confidence, 0.0);
  Figures f3 = Rule(r, {{"determined_implementation", 3}});
  EXPECT_EQ(f3.position, "determined");
  EXPECT_NEAR(f3.confidence, 1 - std::exp(-0.3), 1e-12);
}

TEST(ClassifyRule, DeterminedShareBoundary) {
  ClassificationRules r = FixtureRules();  // determined_min_share 0.6
  // 3 of 5 = 0.6: exactly at the threshold -> determined
  EXPECT_EQ(Rule(r, {{"determined_implementation", 3}, {"hesitation_delaying", 2}}).position, "determined");
  // 2 of 4 = 0.5 -> not determined; reluctant share 0.5 >= 0.4 -> reluctant
  Figures f = Rule(r, {{"determined_implementation", 2}, {"recalcitrance_rejecting", 2}});
  EXPECT_EQ(f.position, "reluctant");
  EXPECT_EQ(f.rule, "reluctant_share");
  EXPECT_DOUBLE_EQ(*f.implementation_index, 0.5);  // (2*1 + 2*0) / 4
}

TEST(ClassifyRule, NonImplementationCheckedFirst) {
  ClassificationRules r = FixtureRules();  // non_implementation_min_share 0.5
  Figures f = Rule(r, {{"non_implementation", 2}, {"determined_implementation", 2}});
  EXPECT_EQ(f.position, "non_implementation");
  EXPECT_DOUBLE_EQ(*f.implementation_index, 0.0);
  // 1 of 4 = 0.25 < 0.5; determined 3/4 -> determined
  EXPECT_EQ(Rule(r, {{"non_implementation", 1}, {"determined_implementation", 3}}).position, "determined");
}

TEST(ClassifyRule, MixedBandWhenThresholdsLeaveOne) {
  ClassificationRules r = FixtureRules();
  r.reluctant_min_share = 0.5;
  // determined 5/9 = 0.556 < 0.6, reluctant 4/9 = 0.444 < 0.5 -> mixed
  Figures f = Rule(r, {{"determined_implementation", 5}, {"hesitation_delaying", 4}});
  EXPECT_EQ(f.position, "insufficient_evidence");
  EXPECT_EQ(f.rule, "mixed");
  EXPECT_EQ(f.n, 9);
}

TEST(ClassifyRule, OnlyAssertedCountsButAllAreShown) {
  ClassificationRules r = FixtureRules();
  auto v = Make({{"determined_implementation", 3}}, "negated");
  auto rep = Make({{"determined_implementation", 2}}, "reported");
  for (auto& c : rep) c.evidence_id += 10, c.sentence_id += 10;
  v.insert(v.end(), rep.begin(), rep.end());
  Figures f = ComputeFigures(r, "state", &v, 1000, 1);
  EXPECT_EQ(f.n, 0);
  EXPECT_EQ(f.position, "insufficient_evidence");
  EXPECT_EQ(f.codes["determined_implementation"].negated, 3);
  EXPECT_EQ(f.codes["determined_implementation"].reported, 2);
  EXPECT_DOUBLE_EQ(*f.codes["determined_implementation"].rate_negated, 30.0);  // 3 per 1000 words
  for (const auto& c : v) EXPECT_FALSE(c.counted);
}

TEST(ClassifyRule, ContestationBalanceBoundaries) {
  ClassificationRules r = FixtureRules();
  Figures a = Rule(r, {{"validity_contestation", 2}, {"application_contestation", 1}});
  EXPECT_NEAR(*a.contestation_balance, 1.0 / 3, 1e-12);
  EXPECT_EQ(a.balance_label, "validity_dominant");  // 0.333 >= 0.33
  EXPECT_EQ(Rule(r, {{"validity_contestation", 1}, {"application_contestation", 1}}).balance_label, "mixed");
  EXPECT_EQ(Rule(r, {{"application_contestation", 3}}).balance_label, "application_dominant");
  EXPECT_EQ(Rule(r, {{"determined_implementation", 3}}).balance_label, "none");
}

TEST(ClassifyRule, ValidityCountsAsReluctantForStatesOnly) {
  ClassificationRules r = FixtureRules();
  Figures s = Rule(r, {{"validity_contestation", 3}}, "state");
  EXPECT_EQ(s.position, "reluctant");
  EXPECT_EQ(s.reluctant, 3);
  EXPECT_EQ(s.validity, 3);
  Figures f = Rule(r, {{"validity_contestation", 3}}, "force_commander");
  EXPECT_EQ(f.position, "insufficient_evidence");
  EXPECT_EQ(f.n, 0);
}

TEST(ClassifyRule, SameSentenceAndCodeCountsOnce) {
  ClassificationRules r = FixtureRules();
  auto v = Make({{"determined_implementation", 3}});
  v[2].sentence_id = v[1].sentence_id;  // two entries fired on one sentence
  Figures f = ComputeFigures(r, "mission", &v, 0, 0);
  EXPECT_EQ(f.determined, 2);
  EXPECT_EQ(f.codes["determined_implementation"].asserted, 2);
  EXPECT_EQ(f.position, "insufficient_evidence");
  int dup = 0;
  for (const auto& c : v)
    if (c.duplicate_of) {
      ++dup;
      EXPECT_EQ(c.duplicate_of, 2);
      EXPECT_EQ(c.evidence_id, 3);
      EXPECT_FALSE(c.counted);
    }
  EXPECT_EQ(dup, 1);
  EXPECT_EQ(v.back().evidence_id, 3);  // duplicates rank last
}

TEST(ClassifyRule, ContributionsRankedTowardPositionFirst) {
  ClassificationRules r = FixtureRules();
  auto v = Make({{"hesitation_delaying", 3}, {"determined_implementation", 1}, {"validity_contestation", 1}});
  v.push_back(v[0]);
  v.back().evidence_id = 99, v.back().sentence_id = 99, v.back().polarity = "negated";
  Figures f = ComputeFigures(r, "force_commander", &v, 0, 0);
  ASSERT_EQ(f.position, "reluctant");
  ASSERT_EQ(v.size(), 6u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(v[i].direction, 1);
    EXPECT_DOUBLE_EQ(v[i].weight, 0.0);
  }
  EXPECT_EQ(v[3].code, "determined_implementation");
  EXPECT_EQ(v[3].direction, -1);
  EXPECT_DOUBLE_EQ(v[3].weight, 0.25);
  EXPECT_EQ(v[4].code, "validity_contestation");  // counted for the balance, not the position
  EXPECT_TRUE(v[4].counted);
  EXPECT_EQ(v[5].evidence_id, 99);  // not counted last
}

TEST(ClassifyRules, RepositoryFileLoads) {
  auto r = LoadClassificationRules(std::string(NORMCODE_SOURCE_DIR) + "/lexicons/classification.yaml");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->version.empty());
  EXPECT_EQ(r->families.size(), 8u);
  EXPECT_EQ(r->families.at("non_implementation"), "non_implementation");
  EXPECT_EQ(r->min_evidence, 3);
  EXPECT_DOUBLE_EQ(r->determined_min_share, 0.6);
  EXPECT_DOUBLE_EQ(r->confidence_k, 10.0);
  EXPECT_EQ(r->counted_polarities, std::vector<std::string>{"asserted"});
}

TEST(ClassifyRules, BadFilesAreRejectedWithTheReason) {
  TempDir tmp;
  auto write = [&](const std::string& body) {
    std::ofstream(tmp.Path("r.yaml")) << body;
    return LoadClassificationRules(tmp.Path("r.yaml"));
  };
  auto a = write("version: x\nfamilies:\n  determined_implementation: heroic\n");
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("unknown family 'heroic'"), std::string::npos) << a.status().message();
  auto b = write("version: x\nfamilies:\n  bravery: determined\n");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("unknown code 'bravery'"), std::string::npos);
  auto c = write("version: x\nfamilies: {}\nposition:\n  determined_min_share: 1.5\n");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("determined_min_share"), std::string::npos);
  auto d = write("families: [\n");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), Status::Code::kInvalidInput);
  auto e = LoadClassificationRules(tmp.Path("missing.yaml"));
  EXPECT_EQ(e.status().code(), Status::Code::kNotFound);
}

TEST(CountWords, SplitsOnUnicodeSpacesAndSkipsPunctuation) {
  EXPECT_EQ(CountWords("All necessary means must be used, and we will not hesitate."), 11);
  EXPECT_EQ(CountWords("  a\u00a0b\u202fc -- d\n\ne  "), 5);
  EXPECT_EQ(CountWords("sécurité — «paix»"), 2);
  EXPECT_EQ(CountWords(""), 0);
}

class FixtureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = tmp_.Path("f.db");
    WriteFixtureDb(db_);
    opts_.rules = FixtureRules();
    opts_.entities = FixtureEntities();
  }
  std::vector<ActorClassification> Classify(PeriodKind p) {
    opts_.period = p;
    auto v = ClassifyActors(db_, opts_);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? *v : std::vector<ActorClassification>{};
  }
  static std::set<int64_t> Ids(const std::vector<Contribution>& v, bool counted_only) {
    std::set<int64_t> s;
    for (const auto& c : v)
      if (!counted_only || c.counted) s.insert(c.evidence_id);
    return s;
  }
  std::map<std::string, int64_t> IdsByEntry() {
    std::map<std::string, int64_t> m;
    auto p = LoadPassages(db_, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    EXPECT_TRUE(p.ok());
    for (const auto& x : *p) m[x.entry_id + "@" + x.symbol] = x.evidence_id;
    return m;
  }
  TempDir tmp_;
  std::string db_;
  ClassifyOptions opts_;
};

TEST_F(FixtureTest, StateFromItsRepresentativesOnly) {
  auto v = Classify(PeriodKind::kYear);
  const auto* bra = Find(v, "state:BRA", "2013");
  ASSERT_NE(bra, nullptr);
  EXPECT_EQ(bra->actor_name, "Brazil");
  EXPECT_EQ(bra->un_group, "Latin American and Caribbean");
  EXPECT_EQ(bra->figures.words, kBrazilWords);  // the procedural President's turn is not counted
  EXPECT_EQ(bra->figures.turns, 1);
  EXPECT_EQ(bra->figures.determined, 3);
  EXPECT_EQ(bra->figures.codes.at("determined_implementation").negated, 1);
  EXPECT_EQ(bra->figures.position, "determined");
  EXPECT_NEAR(bra->figures.confidence, 0.2591817793182821, 1e-12);
  EXPECT_NEAR(*bra->figures.codes.at("determined_implementation").rate_asserted, 30000.0 / 33, 1e-9);
  EXPECT_EQ(bra->evidence.size(), 4u);  // not the procedural turn's evidence
  auto ids = IdsByEntry();
  EXPECT_EQ(Ids(bra->evidence, true), (std::set<int64_t>{ids["en.det.robust@S/PV.7000"], ids["en.det.anm@S/PV.7000"],
                                                         ids["en.det.firm@S/PV.7000"]}));
}

TEST_F(FixtureTest, ForceCommanderByAndAboutHimAndHisMission) {
  auto v = Classify(PeriodKind::kYear);
  const auto* fc = Find(v, "force_commander:Carlos Alberto dos Santos Cruz", "2013");
  ASSERT_NE(fc, nullptr);
  EXPECT_EQ(fc->iso3, "BRA");
  EXPECT_EQ(fc->mission, "MINUSTAH|MONUSCO");
  EXPECT_EQ(fc->figures.words, kFcWords);
  EXPECT_EQ(fc->figures.reluctant, 2);   // delaying + rejecting (the second rejecting row is a duplicate)
  EXPECT_EQ(fc->figures.determined, 1);  // "launched ..." about him
  EXPECT_EQ(fc->figures.position, "reluctant");
  EXPECT_EQ(fc->evidence.size(), 5u);  // + the duplicate and the reported mission passage
  auto ids = IdsByEntry();
  std::map<int64_t, std::string> rel;
  for (const auto& c : fc->evidence) rel[c.evidence_id] = c.relation;
  EXPECT_EQ(rel[ids["en.hes.once@S/PV.7000"]], "speaker");
  EXPECT_EQ(rel[ids["en.det.launch@S/PV.7000"]], "target");
  EXPECT_EQ(rel[ids["en.non.stayed@S/PV.7000"]], "mission");
  // Spoken counts drive the rates: 1 delaying in 19 words.
  EXPECT_NEAR(*fc->figures.codes.at("hesitation_delaying").rate_asserted, 10000.0 / 19, 1e-9);
  EXPECT_EQ(fc->figures.codes.at("determined_implementation").spoken_asserted, 0);
  EXPECT_NEAR(*fc->figures.codes.at("determined_implementation").rate_asserted, 0.0, 1e-12);
  ASSERT_TRUE(fc->alignment.has_value());
  EXPECT_EQ(fc->alignment->value, "diverging");  // reluctant vs Brazil's determined in 2013
  EXPECT_EQ(fc->alignment->home.position, "determined");
  EXPECT_EQ(Ids(fc->alignment->home_evidence, true), Ids(Find(v, "state:BRA", "2013")->evidence, true));
  // 2016: one passage about him -> insufficient; alignment unknown (Brazil did not speak in 2016).
  const auto* fc16 = Find(v, "force_commander:Carlos Alberto dos Santos Cruz", "2016");
  ASSERT_NE(fc16, nullptr);
  EXPECT_EQ(fc16->figures.position, "insufficient_evidence");
  EXPECT_EQ(fc16->alignment->value, "unknown");
}

TEST_F(FixtureTest, OtherActors) {
  auto v = Classify(PeriodKind::kYear);
  const auto* gbr = Find(v, "state:GBR", "2013");
  ASSERT_NE(gbr, nullptr);
  EXPECT_EQ(gbr->figures.words, 23);
  EXPECT_EQ(gbr->figures.n, 2);  // the reported non_implementation does not count
  EXPECT_EQ(gbr->figures.position, "insufficient_evidence");
  const auto* ind = Find(v, "contingent:IND", "2013");
  ASSERT_NE(ind, nullptr);
  EXPECT_EQ(ind->figures.reluctant, 1);
  EXPECT_EQ(ind->figures.words, 0);
  EXPECT_FALSE(ind->figures.codes.at("recalcitrance_rejecting").rate_asserted.has_value());
  const auto* mon = Find(v, "mission:MONUSCO", "2013");
  ASSERT_NE(mon, nullptr);
  EXPECT_EQ(mon->evidence.size(), 4u);  // the FC's three rows (speaker, affiliation MONUSCO) + stayed (target)
  EXPECT_EQ(mon->figures.words, kFcWords);
  EXPECT_EQ(Find(v, "state:BRA", "2016"), nullptr);  // no evidence, no row
}

TEST_F(FixtureTest, TermPeriods) {
  auto v = Classify(PeriodKind::kTerm);
  const auto* t = Find(v, "force_commander:Carlos Alberto dos Santos Cruz", "MONUSCO 2013-2015");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->period_start, "2013");
  EXPECT_EQ(t->period_end, "2015");
  EXPECT_EQ(t->figures.position, "reluctant");
  EXPECT_EQ(t->alignment->value, "diverging");
  const auto* out = Find(v, "force_commander:Carlos Alberto dos Santos Cruz", "outside_term");
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(out->evidence.size(), 1u);
  EXPECT_EQ(out->alignment->value, "unknown");
  // States keep years under --period term.
  EXPECT_NE(Find(v, "state:BRA", "2013"), nullptr);
  auto all = Classify(PeriodKind::kAll);
  const auto* gbr = Find(all, "state:GBR", "all");
  ASSERT_NE(gbr, nullptr);
  EXPECT_EQ(gbr->figures.n, 3);  // 2013: determined + rejecting; 2016: determined
  EXPECT_EQ(gbr->figures.position, "determined");  // 2/3 = 0.667 >= 0.6
}

TEST_F(FixtureTest, PassagesCarryProvenance) {
  auto ids = IdsByEntry();
  auto p = LoadPassages(db_, {ids["en.det.launch@S/PV.7000"], 999999});
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->size(), 1u);  // unknown ids are skipped
  const Passage& x = p->front();
  EXPECT_EQ(x.symbol, "S/PV.7000");
  EXPECT_EQ(x.date, "2013-06-10");
  EXPECT_EQ(x.speaker, "Mr. Smith");
  EXPECT_EQ(x.codebook_version, "cb-test");
  EXPECT_EQ(x.path, "corpus/S-PV-7000.html");
  ASSERT_TRUE(x.source_byte_start.has_value());
  PassageParts parts = SplitPassage(x);
  EXPECT_EQ(parts.match, x.matched_text);
  EXPECT_EQ(parts.before + parts.match + parts.after, x.sentence_text);
  EXPECT_EQ(parts.before, "General Santos Cruz ");
}

TEST(ClassifyDb, MissingAndForeignDatabases) {
  TempDir tmp;
  ClassifyOptions o;
  auto a = ClassifyActors(tmp.Path("none.db"), o);
  EXPECT_EQ(a.status().code(), Status::Code::kNotFound);
  std::ofstream(tmp.Path("junk.db")) << "this is not sqlite";
  auto b = ClassifyActors(tmp.Path("junk.db"), o);
  EXPECT_FALSE(b.ok());
}

}  // namespace
