// MatchPolarity and ForceOrganisationMentions on declared example sentences,
// tokenised by the real ICU segmenter.
#include <gtest/gtest.h>

#include <string>

#include "core/document.h"
#include "extractors/match/scope.h"
#include "extractors/text/segmenter.h"

using namespace normcode;

namespace {

// Polarity of the first occurrence of `match` in `sentence`.
std::string Pol(const std::string& sentence, const std::string& match, const std::string& lang = "en") {
  auto seg = Segmenter::Create(lang);
  EXPECT_TRUE(seg.ok());
  size_t pos = sentence.find(match);
  EXPECT_NE(pos, std::string::npos) << match;
  if (pos == std::string::npos) return "?";
  Span s{0, sentence.size()};
  auto toks = (*seg)->Words(sentence, s);
  return MatchPolarity(sentence, s, Span{pos, pos + match.size()}, toks, lang);
}

std::vector<std::string> ForceOrgs(const std::string& sentence, const std::string& lang = "en") {
  auto seg = Segmenter::Create(lang);
  Span s{0, sentence.size()};
  auto toks = (*seg)->Words(sentence, s);
  std::vector<std::string> out;
  for (Span sp : ForceOrganisationMentions(sentence, s, toks)) {
    EXPECT_LE(sp.end, sentence.size());
    // report the word and the next word for readability
    size_t e = sentence.find(' ', sp.end + 1);
    out.push_back(sentence.substr(sp.begin, (e == std::string::npos ? sentence.size() : e) - sp.begin));
  }
  return out;
}

}  // namespace

TEST(Polarity, PlainAssertions) {
  EXPECT_EQ(Pol("The mandate is unrealistic for a force of this size.", "unrealistic"), "asserted");
  EXPECT_EQ(Pol("The battalion commander refused to move his troops beyond the perimeter.", "refused"), "asserted");
  EXPECT_EQ(Pol("We would caution against turning peacekeepers into combatants.", "caution against"), "asserted");
  EXPECT_EQ(Pol("We believe that the mandate is unrealistic.", "unrealistic"), "asserted");
  EXPECT_EQ(Pol("As I said earlier, the mandate is unrealistic.", "unrealistic"), "asserted");
  EXPECT_EQ(Pol("There is no doubt that the mandate is unrealistic.", "unrealistic"), "asserted");
  EXPECT_EQ(Pol("We cannot ignore that the contingent refused to patrol.", "refused"), "asserted");
}

TEST(Polarity, NegationGoverningTheMatch) {
  EXPECT_EQ(Pol("Nobody here suggests that the mandate is unrealistic.", "unrealistic"), "negated");
  EXPECT_EQ(Pol("No one suggests that the mandate is unrealistic.", "unrealistic"), "negated");
  EXPECT_EQ(Pol("The mandate is not unrealistic.", "unrealistic"), "negated");
  EXPECT_EQ(Pol("The battalion did not refuse to move.", "refuse"), "negated");
  EXPECT_EQ(Pol("The contingent never refused a request from the mission.", "refused"), "negated");
  EXPECT_EQ(Pol("We do not believe that the mandate is unrealistic.", "unrealistic"), "negated");
  EXPECT_EQ(Pol("It is not the case that the troops lack the means.", "lack the means"), "negated");
  EXPECT_EQ(Pol("It cannot be said that the mission lacked resources.", "lacked resources"), "negated");
  EXPECT_EQ(Pol("Far from being unrealistic, this is a sound mandate.", "unrealistic"), "negated");
  EXPECT_EQ(Pol("The mandate is hardly ambiguous.", "ambiguous"), "negated");
  EXPECT_EQ(Pol("The mandate is neither unclear nor unrealistic.", "unclear"), "negated");
  EXPECT_EQ(Pol("The mandate is neither unclear nor unrealistic.", "unrealistic"), "negated");
  EXPECT_EQ(Pol("There is no lack of resources in this mission.", "lack of resources"), "negated");
  EXPECT_EQ(Pol("The troops don't refuse orders.", "refuse"), "negated");
  // a parenthetical between the negation and the match does not break it
  EXPECT_EQ(Pol("The contingent did not, however, refuse to deploy.", "refuse"), "negated");
  // "no evidence that": the clause that follows is denied, across "that"
  EXPECT_EQ(Pol("The inquiry found no evidence that the battalion refused to deploy.", "refused to deploy"),
            "negated");
  EXPECT_EQ(Pol("There is no indication that the company delayed its patrol.", "delayed"), "negated");
  // ... but "no evidence" about something else leaves a later assertion alone
  EXPECT_EQ(Pol("With no evidence of an attack, the battalion refused to deploy.", "refused to deploy"), "asserted");
}

TEST(Polarity, ContrastRejectedAlternative) {
  EXPECT_EQ(Pol("The Council should strengthen political processes rather than robust force.", "robust force"),
            "negated");
  EXPECT_EQ(Pol("Instead of robust action, the mission chose dialogue.", "robust action"), "negated");
  // the preferred alternative (before "rather than") stays asserted
  EXPECT_EQ(Pol("We prefer robust action rather than endless dialogue.", "robust action"), "asserted");
}

TEST(Polarity, ScopeStopsAtClauseBoundaries) {
  EXPECT_EQ(Pol("We do not oppose the resolution, but the mandate is unrealistic.", "unrealistic"), "asserted");
  EXPECT_EQ(Pol("The mission has no helicopters; the mandate is unrealistic.", "unrealistic"), "asserted");
  EXPECT_EQ(Pol("Although nobody doubts its courage, the battalion refused to move.", "refused"), "asserted");
  EXPECT_EQ(Pol("We did not vote against it, although the mandate is unrealistic.", "unrealistic"), "asserted");
  EXPECT_EQ(Pol("We are not opposed because the mandate is unrealistic.", "unrealistic"), "asserted");
  EXPECT_EQ(Pol("The troops did not arrive in time and the battalion refused to patrol.", "refused"), "asserted");
  // "not only ... but also" is not a negation
  EXPECT_EQ(Pol("The contingent not only refused to patrol but also blocked the road.", "refused"), "asserted");
  EXPECT_EQ(Pol("The contingent not only refused to patrol but also blocked the road.", "blocked"), "asserted");
  // a negation far from the match (more than 8 tokens) does not reach it
  EXPECT_EQ(Pol("We do not think it wise to go into detail about all of the reasons the battalion refused.",
                "refused"),
            "negated");  // a frame ("not think") governs the whole clause
  EXPECT_EQ(Pol("It was not in the end a surprise to any of the observers in the area that the battalion refused.",
                "refused"),
            "asserted");
}

TEST(Polarity, NegationInsideTheMatchIsPartOfIt) {
  const std::string s = "We cannot accept that peace operations become instruments of enforcement.";
  EXPECT_EQ(Pol(s, "cannot accept that peace operations become instruments of enforcement"), "asserted");
  EXPECT_EQ(Pol(s, "cannot accept"), "asserted");
  // the same words BEFORE a narrower match negate it
  EXPECT_EQ(Pol(s, "instruments of enforcement"), "negated");
  EXPECT_EQ(Pol("We cannot support a mandate that turns peacekeepers into combatants.", "cannot support"),
            "asserted");
}

TEST(Polarity, ReportedSpeech) {
  EXPECT_EQ(Pol("Some have argued that peacekeepers should not use force.", "use force"), "reported");
  EXPECT_EQ(Pol("Some delegations have said that the mandate is unrealistic.", "unrealistic"), "reported");
  EXPECT_EQ(Pol("Others claim that the mandate is unrealistic.", "unrealistic"), "reported");
  EXPECT_EQ(Pol("It has been argued that the mandate is unrealistic.", "unrealistic"), "reported");
  EXPECT_EQ(Pol("According to the Government, the contingent refused to patrol.", "refused"), "reported");
  EXPECT_EQ(Pol("Critics say the mandate is unrealistic.", "unrealistic"), "reported");
  EXPECT_EQ(Pol("The representative of Pakistan claimed that the force had been used excessively.", "used"),
            "reported");
  EXPECT_EQ(Pol("There were allegations that the battalion refused to intervene.", "refused"), "reported");
  EXPECT_EQ(Pol("The contingent allegedly refused to intervene.", "refused"), "reported");
  EXPECT_EQ(Pol("A few members expressed concern that the use of force could compromise impartiality.",
                "use of force could compromise impartiality"),
            "reported");
  EXPECT_EQ(Pol("We expressed concern that the use of force could compromise impartiality.",
                "use of force could compromise impartiality"),
            "asserted");
  // the report ends where the speaker's own clause begins
  EXPECT_EQ(Pol("As many Member States have expressed their concern, we believe that it is not appropriate to "
                "abuse this concept.",
                "abuse this concept"),
            "negated");
  EXPECT_EQ(Pol("As some delegations have said, we consider the mandate unrealistic.", "unrealistic"), "asserted");
  EXPECT_EQ(Pol("According to some delegations, the mandate, in their view, is unrealistic.", "unrealistic"),
            "reported");
  // first person reporting is the speaker's own assertion
  EXPECT_EQ(Pol("We have always said that the mandate is unrealistic.", "unrealistic"), "asserted");
  EXPECT_EQ(Pol("My delegation has argued that the mandate is unrealistic.", "unrealistic"), "asserted");
  // "according to the mandate" is conformity, not attribution
  EXPECT_EQ(Pol("According to the mandate, the Force must use all necessary means.", "all necessary means"),
            "asserted");
  EXPECT_EQ(Pol("That said, the mandate is unrealistic.", "unrealistic"), "asserted");
  // a contrast after the report ends it
  EXPECT_EQ(Pol("Some argue that the mandate is clear, but the battalion refused to move.", "refused"), "asserted");
}

TEST(Polarity, Hypothetical) {
  EXPECT_EQ(Pol("If the mandate were unclear, the troops would hesitate.", "unclear"), "hypothetical");
  EXPECT_EQ(Pol("If the mandate were unclear, the troops would hesitate.", "hesitate"), "hypothetical");
  EXPECT_EQ(Pol("Were the mandate to be unclear, the contingent would refuse.", "refuse"), "hypothetical");
  EXPECT_EQ(Pol("Should the situation deteriorate, the battalion may refuse to deploy.", "refuse"), "hypothetical");
  EXPECT_EQ(Pol("Unless the Council provides helicopters, the mandate is unrealistic.", "unrealistic"),
            "hypothetical");
  // politeness and parentheticals are not conditions
  EXPECT_EQ(Pol("If I may, the mandate is unrealistic.", "unrealistic"), "asserted");
  EXPECT_EQ(Pol("We will, if necessary, use all necessary means.", "all necessary means"), "asserted");
  EXPECT_EQ(Pol("Should we not act now?", "act"), "negated");
}

TEST(Polarity, French) {
  EXPECT_EQ(Pol("Le mandat n'est pas irréaliste.", "irréaliste", "fr"), "negated");
  EXPECT_EQ(Pol("Le contingent n'a jamais refusé de patrouiller.", "refusé", "fr"), "negated");
  EXPECT_EQ(Pol("Le bataillon ne refuse pas de se déployer.", "refuse", "fr"), "negated");
  EXPECT_EQ(Pol("Personne ne prétend que le mandat est irréaliste.", "irréaliste", "fr"), "negated");
  EXPECT_EQ(Pol("Nous ne pensons pas que le mandat soit irréaliste.", "irréaliste", "fr"), "negated");
  EXPECT_EQ(Pol("Loin d'être irréaliste, ce mandat est solide.", "irréaliste", "fr"), "negated");
  EXPECT_EQ(Pol("Il faut privilégier le dialogue plutôt que la force.", "la force", "fr"), "negated");
  EXPECT_EQ(Pol("Au lieu de recourir à la force, la mission a négocié.", "recourir à la force", "fr"), "negated");
  EXPECT_EQ(Pol("Certains ont affirmé que le mandat est irréaliste.", "irréaliste", "fr"), "reported");
  EXPECT_EQ(Pol("Selon le Gouvernement, le bataillon a refusé de patrouiller.", "refusé", "fr"), "reported");
  EXPECT_EQ(Pol("Si le mandat était ambigu, les troupes hésiteraient.", "ambigu", "fr"), "hypothetical");
  EXPECT_EQ(Pol("Le mandat est irréaliste.", "irréaliste", "fr"), "asserted");
  EXPECT_EQ(Pol("Nous avons affirmé que le mandat est irréaliste.", "irréaliste", "fr"), "asserted");
  // "ne ... que" is restriction, "non seulement" is not negation
  EXPECT_EQ(Pol("Le contingent ne patrouille que lorsque le quartier général insiste.", "patrouille", "fr"),
            "asserted");
  EXPECT_EQ(Pol("Le bataillon a non seulement refusé de bouger mais aussi bloqué la route.", "refusé", "fr"),
            "asserted");
  EXPECT_EQ(Pol("Le mandat est clair, mais le bataillon n'a pas bougé.", "mandat est clair", "fr"), "asserted");
}

TEST(Polarity, EmptyAndOddInputs) {
  std::string s = "unrealistic";
  EXPECT_STREQ(MatchPolarity(s, Span{0, s.size()}, Span{0, s.size()}, {}, "en"), polarity::kAsserted);
  // a match at the very start and a match past the last token
  EXPECT_EQ(Pol("Unrealistic mandates abound.", "Unrealistic"), "asserted");
  auto seg = Segmenter::Create("en");
  std::string t = "The mandate is not unrealistic";
  auto toks = (*seg)->Words(t, Span{0, t.size()});
  // an empty match past the last token, and one past the end of the text: no crash, a valid value
  for (Span m : {Span{t.size(), t.size()}, Span{t.size() + 10, t.size() + 20}}) {
    std::string p = MatchPolarity(t, Span{0, t.size()}, m, toks, "en");
    EXPECT_TRUE(p == "asserted" || p == "negated" || p == "reported" || p == "hypothetical") << p;
  }
}

TEST(ForceOrganisation, OrganisationUses) {
  using V = std::vector<std::string>;
  EXPECT_EQ(ForceOrgs("The Force Commander briefed the Council."), V({"Force Commander"}));
  EXPECT_EQ(ForceOrgs("The Deputy Force Commander visited Goma."), V({"Force Commander"}));
  EXPECT_EQ(ForceOrgs("The Force will deploy two battalions to the east."), V({"Force will"}));
  EXPECT_EQ(ForceOrgs("Troops moved to Force headquarters in Naqoura."), V({"Force headquarters"}));
  EXPECT_EQ(ForceOrgs("We welcome the Force's readiness to act."), V({"Force's"}));
  EXPECT_EQ(ForceOrgs("The United Nations Interim Force in Lebanon patrolled the Blue Line."), V({"Force in"}));
  EXPECT_EQ(ForceOrgs("The Multinational Force handed over to MINUSTAH."), V({"Force handed"}));
  EXPECT_EQ(ForceOrgs("The United Nations Protection Force withdrew in 1995."), V({"Force withdrew"}));
  EXPECT_EQ(ForceOrgs("Le commandant de la Force a informé le Conseil.", "fr"), V({"Force a"}));
  EXPECT_EQ(ForceOrgs("The force commander said so."), V({"force commander"}));
}

TEST(ForceOrganisation, ViolenceUsesAreNotOrganisations) {
  EXPECT_TRUE(ForceOrgs("Peacekeepers may use force to protect civilians.").empty());
  EXPECT_TRUE(ForceOrgs("The use of force must remain a last resort.").empty());
  EXPECT_TRUE(ForceOrgs("Force must be used only in self-defence.").empty());
  EXPECT_TRUE(ForceOrgs("They applied the force necessary to disarm the militia.").empty());
  EXPECT_TRUE(ForceOrgs("Le recours à la force doit rester exceptionnel.", "fr").empty());
}
