// Entities: loading the real data in lexicons/entities, folded lookups, target
// resolution, and errors on hostile entity files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <unistd.h>

#include "extractors/match/entities.h"
#include "extractors/text/segmenter.h"

using namespace normcode;
namespace fs = std::filesystem;

namespace {

const Entities& Real() {
  static Entities* e = [] {
    auto* x = new Entities;
    std::vector<LexiconError> errors;
    Status st = Entities::Load(std::string(NORMCODE_SOURCE_DIR) + "/lexicons", x, &errors);
    for (const auto& err : errors) ADD_FAILURE() << err.ToString();
    EXPECT_TRUE(st.ok()) << st.ToString();
    return x;
  }();
  return *e;
}

ActorRef Target(const std::string& sentence, const std::string& match, const SentenceContext& ctx) {
  auto seg = Segmenter::Create(ctx.language);
  Span s{0, sentence.size()};
  auto toks = (*seg)->Words(sentence, s);
  size_t pos = sentence.find(match);
  EXPECT_NE(pos, std::string::npos) << match;
  return Real().ResolveTarget(sentence, s, Span{pos, pos + match.size()}, toks, ctx);
}

SentenceContext Ctx(const std::string& speaker = "Mr. Sardenberg", const std::string& affiliation = "Brazil",
                    const std::string& lang = "en") {
  SentenceContext c;
  c.speaker = speaker;
  c.role = "representative";
  c.affiliation = affiliation;
  c.language = lang;
  return c;
}

// Writes a lexicon dir with the three entity files; empty content = file absent.
std::string WriteEntities(const std::string& name, const std::string& countries, const std::string& missions,
                          const std::string& commanders) {
  fs::path dir = fs::temp_directory_path() / ("normcode_entities_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "entities");
  auto put = [&](const char* f, const std::string& body) {
    if (body.empty()) return;
    std::ofstream(dir / "entities" / f, std::ios::binary) << body;
  };
  put("countries.tsv", countries);
  put("missions.tsv", missions);
  put("force_commanders.tsv", commanders);
  return dir.string();
}

const char* kCH = "iso3\tname\taliases\tun_group\tsource\n";
const char* kMH = "acronym\tname\tchapter\tstart_year\tend_year\thost_iso3\tsource\n";
const char* kFH = "name\taliases\tnationality_iso3\tmission\tterm_start\tterm_end\tsource\n";

}  // namespace

TEST(EntitiesData, AllMemberStatesWithGroupsAndSources) {
  const auto& cs = Real().countries();
  std::map<std::string, int> groups;
  std::set<std::string> iso;
  for (const auto& c : cs) {
    EXPECT_FALSE(c.source.empty()) << c.iso3;
    EXPECT_TRUE(iso.insert(c.iso3).second) << c.iso3;
    if (c.source.find("UN member states list") != std::string::npos) ++groups[c.un_group];
  }
  int members = 0;
  for (auto& [g, n] : groups) members += n;
  EXPECT_EQ(members, 193);
  EXPECT_EQ(groups["African"], 54);
  EXPECT_EQ(groups["Eastern European"], 23);
  EXPECT_EQ(groups["Latin American and Caribbean"], 33);
  for (const char* extra : {"VAT", "PSE", "XKX"}) EXPECT_TRUE(iso.count(extra)) << extra;
  for (const auto& m : Real().missions()) EXPECT_FALSE(m.source.empty()) << m.acronym;
  for (const auto& f : Real().force_commanders()) {
    EXPECT_FALSE(f.source.empty()) << f.name;
    EXPECT_NE(Real().FindMission(f.mission), nullptr) << f.mission;
  }
}

TEST(EntitiesData, CountryLookupsAreFolded) {
  struct Case {
    const char* printed;
    const char* iso3;
  } cases[] = {{"Brazil", "BRA"},
               {"brazilian", "BRA"},
               {"the Sudan", "SDN"},
               {"Sudan", "SDN"},
               {"South Sudanese", "SSD"},
               {"Russian Federation", "RUS"},
               {"Russia", "RUS"},
               {"United Republic of Tanzania", "TZA"},
               {"Tanzania", "TZA"},
               {"Democratic Republic of the Congo", "COD"},
               {"DRC", "COD"},
               {"DR Congo", "COD"},
               {"Congo", "COG"},
               {"Côte d'Ivoire", "CIV"},
               {"Cote d’Ivoire", "CIV"},
               {"COTE D'IVOIRE", "CIV"},
               {"Viet Nam", "VNM"},
               {"Indian", "IND"},
               {"Pakistani", "PAK"},
               {"Uruguayan", "URY"},
               {"Nepalese", "NPL"},
               {"Nepali", "NPL"},
               {"Bangladeshi", "BGD"},
               {"Rwandan", "RWA"},
               {"Chinese", "CHN"},
               {"French", "FRA"},
               {"Guinea-Bissau", "GNB"},
               {"Guinea Bissau", "GNB"},
               {"Holy See", "VAT"},
               {"State of Palestine", "PSE"},
               {"Kosovo", "XKX"},
               {"BRA", "BRA"}};
  for (const auto& c : cases) {
    const Country* got = Real().FindCountry(c.printed);
    ASSERT_NE(got, nullptr) << c.printed;
    EXPECT_EQ(got->iso3, c.iso3) << c.printed;
  }
  EXPECT_EQ(Real().FindCountry("Ruritania"), nullptr);
  EXPECT_EQ(Real().FindCountry(""), nullptr);
  EXPECT_EQ(Real().FindCountry("Brazil")->un_group, "Latin American and Caribbean");
  EXPECT_EQ(Real().FindCountry("Sweden")->un_group, "Western European and others");
  EXPECT_EQ(Real().FindCountry("Russia")->un_group, "Eastern European");
  EXPECT_EQ(Real().FindCountry("Nepal")->un_group, "Asia-Pacific");
}

TEST(EntitiesData, MissionsAndCommanders) {
  const Mission* m = Real().FindMission("minustah");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->chapter, "VII");
  EXPECT_EQ(m->start_year, 2004);
  EXPECT_EQ(m->end_year, 2017);
  EXPECT_EQ(m->host_iso3, "HTI");
  ASSERT_NE(Real().FindMission("United Nations Stabilization Mission in Haiti"), nullptr);
  EXPECT_EQ(Real().FindMission("United Nations Stabilization Mission in Haiti")->acronym, "MINUSTAH");
  EXPECT_EQ(Real().FindMission("MONUSCO")->end_year, 0);  // ongoing
  ASSERT_NE(Real().FindMission("UNOSOM II"), nullptr);
  EXPECT_EQ(Real().FindMission("UNOSOM II")->chapter, "VII");
  EXPECT_EQ(Real().FindMission("UNIFIL")->chapter, "VI");
  for (const char* a : {"MONUC", "UNAMID", "MINUSMA", "UNMISS", "MINUSCA", "UNMIL", "UNOCI", "UNAMSIL", "UNMIS",
                        "UNMEE", "UNTAET", "UNMIK", "ONUB", "UNPROFOR", "UNAMIR", "UNDOF", "UNFICYP", "MINURSO",
                        "UNISFA"})
    EXPECT_NE(Real().FindMission(a), nullptr) << a;

  const ForceCommander* fc = Real().FindForceCommander("Santos Cruz");
  ASSERT_NE(fc, nullptr);
  EXPECT_EQ(fc->name, "Carlos Alberto dos Santos Cruz");
  EXPECT_EQ(fc->nationality_iso3, "BRA");
  const ForceCommander* d = Real().FindForceCommander("romeo dallaire");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->mission, "UNAMIR");
  EXPECT_EQ(d->nationality_iso3, "CAN");
  ASSERT_NE(Real().FindForceCommander("Vicente Diaz de Villegas"), nullptr);
  EXPECT_EQ(Real().FindForceCommander("Vicente Diaz de Villegas")->nationality_iso3, "ESP");
  EXPECT_EQ(Real().FindForceCommander("Nobody Inparticular"), nullptr);
}

TEST(ResolveTarget, FirstPersonIsTheSpeaker) {
  ActorRef t = Target("We refused to deploy beyond the perimeter.", "refused to deploy", Ctx());
  EXPECT_EQ(t.type, "speaker");
  EXPECT_EQ(t.name, "Mr. Sardenberg");
  EXPECT_EQ(t.iso3, "BRA");
  t = Target("My troops are ready to use lethal force to protect civilians.", "use lethal force", Ctx());
  EXPECT_EQ(t.type, "speaker");
}

TEST(ResolveTarget, NamedEntitiesNearestTheMatch) {
  ActorRef t = Target("The Indian battalion refused to move beyond the perimeter.", "refused to move", Ctx());
  EXPECT_EQ(t.type, "contingent");
  EXPECT_EQ(t.iso3, "IND");
  EXPECT_EQ(t.name, "India");
  t = Target("Troops from Nepal stayed in their base while the village was attacked.", "stayed in their base",
             Ctx());
  EXPECT_EQ(t.type, "contingent");
  EXPECT_EQ(t.iso3, "NPL");
  t = Target("General Santos Cruz ordered a pre-emptive operation against the militia.", "pre-emptive operation",
             Ctx("Mr. Doe", "United Kingdom"));
  EXPECT_EQ(t.type, "force_commander");
  EXPECT_EQ(t.name, "Carlos Alberto dos Santos Cruz");
  EXPECT_EQ(t.iso3, "BRA");
  t = Target("MONUSCO launched an operation to disarm the militia.", "launched an operation", Ctx());
  EXPECT_EQ(t.type, "mission");
  EXPECT_EQ(t.name, "MONUSCO");
  t = Target("The Government of the Sudan obstructed the patrols.", "obstructed", Ctx());
  EXPECT_EQ(t.type, "state");
  EXPECT_EQ(t.iso3, "SDN");
  t = Target("The Force Commander refused to authorise the operation.", "refused", Ctx());
  EXPECT_EQ(t.type, "force_commander");
  // nearest wins: our troops (before the match) vs a country named later
  t = Target("Our troops moved at once, unlike those of another country such as Chad.", "moved at once", Ctx());
  EXPECT_EQ(t.type, "speaker");
}

TEST(ResolveTarget, CapitalsAndAcronymsGuardCommonWords) {
  // "us" is not the United States, "car" is not the Central African Republic, "chad" lower case is not Chad
  ActorRef t = Target("They asked us to take the car and refused to wait for chad.", "refused", Ctx("Ms. X", ""));
  EXPECT_EQ(t.type, "speaker");
  t = Target("The CAR authorities refused to cooperate.", "refused", Ctx("Ms. X", ""));
  EXPECT_EQ(t.iso3, "CAF");
}

TEST(ResolveTarget, NoEntityFallsBackToSpeaker) {
  ActorRef t = Target("The company stayed in its base while the village was attacked.", "stayed in its base",
                      Ctx("Ms. Reporter", "Human Rights Watch"));
  EXPECT_EQ(t.type, "speaker");
  EXPECT_EQ(t.name, "Ms. Reporter");
  EXPECT_EQ(t.iso3, "");
}

TEST(EntitiesLoad, ErrorsNameFileAndLine) {
  std::string dir = WriteEntities(
      "bad",
      std::string(kCH) + "# comment\nBRA\tBrazil\tBrazilian\tLatin American and Caribbean\tUN list\n" +
          "XX\tNowhere\t\tnone\tsrc\n" +                       // line 4: bad iso3
          "FRA\tFrance\tFrench\tWestern European and others\t\n" +  // line 5: no source
          "ITA\tItaly\t\tEurope\tsrc\n" +                      // line 6: bad group
          "DEU\tGermany\tBrazilian\tWestern European and others\tsrc\n" +  // line 7: alias clash
          "ESP\tSpain\n",                                      // line 8: columns
      std::string(kMH) + "MINUSTAH\tUN Stabilization Mission in Haiti\tVIII\t2004\t2017\tHTI\tsrc\n",
      std::string(kFH) + "Someone\t\tBRA\tNOSUCH\t2004\t2005\tsrc\n");
  Entities e;
  std::vector<LexiconError> errors;
  Status st = Entities::Load(dir, &e, &errors);
  EXPECT_FALSE(st.ok());
  std::string all;
  for (const auto& err : errors) all += err.ToString() + "\n";
  const std::string c = dir + "/entities/countries.tsv";
  EXPECT_NE(all.find(c + ":4: iso3 must be 3 capital letters"), std::string::npos) << all;
  EXPECT_NE(all.find(c + ":5: empty source"), std::string::npos) << all;
  EXPECT_NE(all.find(c + ":6: un_group must be one of"), std::string::npos) << all;
  EXPECT_NE(all.find(c + ":7: name or alias \"Brazilian\" already used at " + c + ":3"), std::string::npos) << all;
  EXPECT_NE(all.find(c + ":8: expected 5 tab-separated columns, found 2"), std::string::npos) << all;
  EXPECT_NE(all.find("missions.tsv:2: chapter must be VI, VII or VI/VII"), std::string::npos) << all;
  EXPECT_NE(all.find("force_commanders.tsv:2: mission \"NOSUCH\" is not in missions.tsv"), std::string::npos) << all;
  fs::remove_all(dir);
}

TEST(EntitiesLoad, MissingFilesBadHeaderAndBadBytes) {
  std::string dir = WriteEntities("missing", std::string("iso3\tname\n"), "", std::string(kFH));
  Entities e;
  std::vector<LexiconError> errors;
  EXPECT_FALSE(Entities::Load(dir, &e, &errors).ok());
  std::string all;
  for (const auto& err : errors) all += err.ToString() + "\n";
  EXPECT_NE(all.find("countries.tsv:1: header must be: iso3\\tname\\taliases\\tun_group\\tsource"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("missions.tsv: cannot read entity file"), std::string::npos) << all;
  fs::remove_all(dir);

  dir = WriteEntities("bytes", std::string(kCH) + "BRA\tBra\xFFzil\t\tnone\tsrc\n", std::string(kMH),
                      std::string(kFH));
  errors.clear();
  EXPECT_FALSE(Entities::Load(dir, &e, &errors).ok());
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].ToString(), dir + "/entities/countries.tsv:2: invalid UTF-8");
  fs::remove_all(dir);
}

TEST(EntitiesLoad, CrlfAndCommentsAreAccepted) {
  std::string dir = WriteEntities(
      "crlf", "# header comment\r\niso3\tname\taliases\tun_group\tsource\r\nBRA\tBrazil\tBrazilian\tnone\tsrc\r\n",
      std::string(kMH) + "MINUSTAH\tStabilization Mission\tVII\t2004\t2017\tBRA\tsrc\n",
      std::string(kFH) + "Augusto Heleno Ribeiro Pereira\tHeleno\tBRA\tMINUSTAH\t2004-06-01\t2005\tsrc\n");
  Entities e;
  std::vector<LexiconError> errors;
  Status st = Entities::Load(dir, &e, &errors);
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_NE(e.FindCountry("brazilian"), nullptr);
  EXPECT_EQ(e.FindForceCommander("heleno")->term_start, "2004-06-01");
  fs::remove_all(dir);
}
