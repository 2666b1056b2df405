// Plain-text verbatim records and UN documents (r2 readers).
#include <gtest/gtest.h>

#include "tests/readers/r2_check.h"

namespace normcode {
namespace {

using testing_r2::CheckAnchors;
using testing_r2::CheckInvariants;
using testing_r2::TurnText;
using testing_r2::Utf8;

// A Security Council record in the layout of the UN document system's text output
// (invented wording, real structure).
const char* kRecord = R"(United Nations                                   S/PV.5577
Security Council
Sixty-first year
5577th meeting
Monday, 4 December 2006, 10 a.m.
New York

President:   Mr. Al-Nasser . . . . . . . . . . . . . . . . . . . . (Qatar)
Members:     Argentina . . . . . . . . . . . . . . . . . . . . . . Mr. Mayoral
             China . . . . . . . . . . . . . . . . . . . . . . . . Mr. Wang Guangya

Agenda
The situation concerning the Democratic Republic of the Congo

The meeting was called to order at 10.05 a.m.

Adoption of the agenda

The agenda was adopted.

The situation concerning the Democratic Republic of the Congo

The President: Under rule 37 of the Council's provisional rules of procedure, I shall
take it that the Council agrees to extend an invitation to the representative of the
Democratic Republic of the Congo.

It was so decided.

I now give the floor to Mr. Guéhenno.

Mr. Guéhenno (Under-Secretary-General for Peacekeeping Operations): The Mission has
used force robustly to protect civilians in Ituri.

Its helicopters were deployed twice.

Mr. Sardenberg (Brazil) (spoke in Spanish): Brazil supports the mandate but
insists on the principle of consent.

Mrs. Løj (Denmark):
(spoke in French)
We welcome the report.

Sir Emyr Jones Parry (United
Kingdom): The United Kingdom agrees.

Lieutenant General Santos Cruz (Force Commander, MONUSCO): We will not wait to be attacked.

The Secretary-General: Peacekeepers cannot be everywhere.

The President (spoke in French): I shall now make a statement in my capacity as the
representative of Qatar. Qatar calls for restraint.

A vote was taken by show of hands.

In favour:
    Argentina, China, Denmark, Qatar

Against:
    None

The President: There were four votes in favour. The draft resolution has been adopted
unanimously as resolution 1725 (2006).

The meeting rose at 1.10 p.m.
)";

TEST(VerbatimText, DetectsRecordsAndNotOtherText) {
  EXPECT_TRUE(LooksLikeVerbatimText(kRecord));
  EXPECT_FALSE(LooksLikeVerbatimText("Q: How are you?\n\nA: Fine.\n\nQ: And then?\n\nA: Nothing.\n"));
  EXPECT_FALSE(LooksLikeVerbatimText("Report of the Secretary-General on the Sudan\n\n1. The present report...\n"));
  // Titled names without an affiliation (a transcript's "Dr. Smith:") are not enough.
  EXPECT_FALSE(LooksLikeVerbatimText("Dr. Smith: hello\n\nMr. Jones: hello again\n"));
}

TEST(VerbatimText, HeaderTurnsRolesAndSpans) {
  Document d;
  Status st = ReadVerbatimText(Utf8(kRecord), Limits{}, &d);
  ASSERT_TRUE(st.ok()) << st.ToString();
  CheckInvariants(d);
  CheckAnchors(d, kRecord);
  EXPECT_EQ(d.kind, kind::kVerbatim);
  EXPECT_EQ(d.format, "text");
  EXPECT_EQ(d.symbol, "S/PV.5577");
  EXPECT_EQ(d.meeting, "5577");
  EXPECT_EQ(d.date, "2006-12-04");
  EXPECT_EQ(d.body, "Security Council");
  EXPECT_EQ(d.title, "The situation concerning the Democratic Republic of the Congo");
  ASSERT_EQ(d.attendees.size(), 3u);
  EXPECT_EQ(d.attendees[0].name, "Mr. Al-Nasser");
  EXPECT_EQ(d.attendees[0].affiliation, "Qatar");
  EXPECT_EQ(d.attendees[0].place, "president");
  EXPECT_EQ(d.attendees[2].affiliation, "China");
  EXPECT_EQ(d.attendees[2].name, "Mr. Wang Guangya");
  // The header is not part of the text.
  EXPECT_EQ(d.text.find("Sixty-first year"), std::string::npos);
  EXPECT_EQ(d.text.find("Mr. Sardenberg"), std::string::npos) << "labels are not text";

  ASSERT_EQ(d.turns.size(), 16u);
  auto expect_proc = [&](size_t i, const std::string& text) {
    SCOPED_TRACE(i);
    EXPECT_EQ(d.turns[i].role, role::kProcedure);
    EXPECT_TRUE(d.turns[i].procedural);
    EXPECT_EQ(d.turns[i].speaker, "");
    EXPECT_EQ(TurnText(d, i), text);
  };
  expect_proc(0, "The meeting was called to order at 10.05 a.m.");
  expect_proc(1, "Adoption of the agenda");
  expect_proc(2, "The agenda was adopted.\n\nThe situation concerning the Democratic Republic of the Congo");

  EXPECT_EQ(d.turns[3].speaker, "The President");
  EXPECT_EQ(d.turns[3].role, role::kPresident);
  EXPECT_TRUE(d.turns[3].procedural);
  EXPECT_EQ(TurnText(d, 3),
            "Under rule 37 of the Council's provisional rules of procedure, I shall take it that the Council "
            "agrees to extend an invitation to the representative of the Democratic Republic of the Congo.");
  expect_proc(4, "It was so decided.");
  // The President continues after the procedural line.
  EXPECT_EQ(d.turns[5].speaker, "The President");
  EXPECT_EQ(d.turns[5].role, role::kPresident);
  EXPECT_EQ(TurnText(d, 5), "I now give the floor to Mr. Guéhenno.");

  const Turn& g = d.turns[6];
  EXPECT_EQ(g.speaker, "Mr. Guéhenno");
  EXPECT_EQ(g.affiliation, "Under-Secretary-General for Peacekeeping Operations");
  EXPECT_EQ(g.role, role::kBriefer);
  ASSERT_EQ(g.paragraphs.size(), 2u);
  EXPECT_EQ(TurnText(d, 6),
            "The Mission has used force robustly to protect civilians in Ituri.\n\nIts helicopters were deployed twice.");

  const Turn& b = d.turns[7];
  EXPECT_EQ(b.speaker, "Mr. Sardenberg");
  EXPECT_EQ(b.affiliation, "Brazil");
  EXPECT_EQ(b.language_note, "Spanish");
  EXPECT_EQ(b.role, role::kRepresentative);
  EXPECT_FALSE(b.procedural);
  EXPECT_EQ(TurnText(d, 7), "Brazil supports the mandate but insists on the principle of consent.");

  EXPECT_EQ(d.turns[8].speaker, "Mrs. Løj");
  EXPECT_EQ(d.turns[8].affiliation, "Denmark");
  EXPECT_EQ(d.turns[8].language_note, "French");
  EXPECT_EQ(TurnText(d, 8), "We welcome the report.");

  EXPECT_EQ(d.turns[9].speaker, "Sir Emyr Jones Parry");
  EXPECT_EQ(d.turns[9].affiliation, "United Kingdom");
  EXPECT_EQ(d.turns[9].role, role::kRepresentative);
  EXPECT_EQ(TurnText(d, 9), "The United Kingdom agrees.");

  EXPECT_EQ(d.turns[10].speaker, "Lieutenant General Santos Cruz");
  EXPECT_EQ(d.turns[10].affiliation, "Force Commander, MONUSCO");
  EXPECT_EQ(d.turns[10].role, role::kBriefer);

  EXPECT_EQ(d.turns[11].speaker, "The Secretary-General");
  EXPECT_EQ(d.turns[11].role, role::kSecretaryGeneral);
  EXPECT_EQ(TurnText(d, 11), "Peacekeepers cannot be everywhere.");

  // National statement by the President: not procedural, country from the phrase.
  EXPECT_EQ(d.turns[12].role, role::kPresident);
  EXPECT_FALSE(d.turns[12].procedural);
  EXPECT_EQ(d.turns[12].affiliation, "Qatar");
  EXPECT_EQ(d.turns[12].language_note, "French");

  // The vote: one procedural item with its lists.
  expect_proc(13, "A vote was taken by show of hands.\n\nIn favour:\n\nArgentina, China, Denmark, Qatar\n\nAgainst:\n\nNone");
  EXPECT_EQ(d.turns[14].role, role::kPresident);
  EXPECT_TRUE(d.turns[14].procedural);
  EXPECT_EQ(TurnText(d, 14),
            "There were four votes in favour. The draft resolution has been adopted unanimously as resolution "
            "1725 (2006).");
  expect_proc(15, "The meeting rose at 1.10 p.m.");
}

TEST(VerbatimText, GeneralAssemblyRecord) {
  const std::string ga =
      "United Nations A/61/PV.105\n"
      "General Assembly\nSixty-first session\n105th plenary meeting\nTuesday, 24 July 2007, 3 p.m.\nNew York\n\n"
      "The meeting was called to order at 3.15 p.m.\n\n"
      "Agenda item 33\n\n"
      "Comprehensive review of the whole question of peacekeeping operations in all their aspects\n\n"
      "The Acting President: I give the floor to the representative of Azerbaijan.\n\n"
      "Mr. Gasimov (Azerbaijan): My delegation voted against the\n"
      "draft resolution because it ignores the principle of\n"
      "territorial integrity.\n"
      "    We call for restraint.\n\n"
      "The meeting rose at 4.10 p.m.\n";
  ASSERT_TRUE(LooksLikeVerbatimText(ga));
  Document d;
  ASSERT_TRUE(ReadVerbatimText(Utf8(ga), Limits{}, &d).ok());
  CheckInvariants(d);
  CheckAnchors(d, ga);
  EXPECT_EQ(d.symbol, "A/61/PV.105");
  EXPECT_EQ(d.body, "General Assembly");
  EXPECT_EQ(d.meeting, "105");
  EXPECT_EQ(d.date, "2007-07-24");
  // Title from the agenda item that follows the procedural lines.
  EXPECT_EQ(d.title, "Comprehensive review of the whole question of peacekeeping operations in all their aspects");
  ASSERT_EQ(d.turns.size(), 5u);
  EXPECT_EQ(d.turns[2].speaker, "The Acting President");
  EXPECT_EQ(d.turns[2].role, role::kPresident);
  const Turn& t = d.turns[3];
  EXPECT_EQ(t.speaker, "Mr. Gasimov");
  EXPECT_EQ(t.role, role::kRepresentative);
  // The indented line starts a paragraph; wrapped lines join with a space.
  ASSERT_EQ(t.paragraphs.size(), 2u);
  EXPECT_EQ(TurnText(d, 3),
            "My delegation voted against the draft resolution because it ignores the principle of territorial "
            "integrity.\n\nWe call for restraint.");
}

TEST(VerbatimText, ResumptionSymbol) {
  const std::string r =
      "S/PV.5577 (Resumption 1)\nSecurity Council\nMonday, 4 December 2006, 3 p.m.\n\n"
      "Mr. Sardenberg (Brazil): We resume.\n\nMr. Wang Guangya (China): China agrees.\n";
  Document d;
  ASSERT_TRUE(ReadVerbatimText(Utf8(r), Limits{}, &d).ok());
  EXPECT_EQ(d.symbol, "S/PV.5577 (Resumption 1)");
  EXPECT_EQ(d.meeting, "5577");
  ASSERT_EQ(d.turns.size(), 2u);
  EXPECT_EQ(d.turns[1].speaker, "Mr. Wang Guangya");
}

TEST(VerbatimText, PageFurnitureAndHyphenationInPagedText) {
  // Text with form feeds, as pdftotext writes it: running header/footer, page numbers,
  // the first-page footnote, and words broken across lines.
  const std::string paged =
      "United Nations S/PV.5577\nSecurity Council\n5577th meeting\nMonday, 4 December 2006, 10 a.m.\n\n"
      "This record contains the text of speeches delivered in English and of the interpretation of\n"
      "speeches delivered in the other languages. Corrections will be issued after the end of the\n"
      "session in a consolidated corrigendum.\n\n"
      "06-63519 (E)\n*0663519*\n\n"
      "The meeting was called to order at 10.05 a.m.\n\n"
      "Mr. Sardenberg (Brazil): The peace-\n"
      "keeping operation needs the support of the Secretary-\n"
      "General and of troop-\n"
      "contributing countries\n"
      "\f"
      "S/PV.5577\n\n"
      "2/35 06-63519\n\n"
      "in the region since mid-\n"
      "2006.\n\n"
      "Mr. Wang Guangya (China): China supports the troop-contributing countries.\n\n"
      "06-63519 2/35\n"
      "\f"
      "S/PV.5577\n\n"
      "Mr. Mayoral (Argentina): Argentina agrees.\n\n"
      "3/35 06-63519\n";
  ASSERT_TRUE(LooksLikeVerbatimText(paged));
  Document d;
  Status st = ReadVerbatimText(Utf8(paged), Limits{}, &d);
  ASSERT_TRUE(st.ok()) << st.ToString();
  CheckInvariants(d);
  CheckAnchors(d, paged);
  EXPECT_EQ(d.symbol, "S/PV.5577");
  ASSERT_EQ(d.turns.size(), 4u);
  EXPECT_EQ(TurnText(d, 1),
            "The peacekeeping operation needs the support of the Secretary-General and of troop-contributing "
            "countries in the region since mid-2006.");
  EXPECT_EQ(TurnText(d, 2), "China supports the troop-contributing countries.");
  EXPECT_EQ(TurnText(d, 3), "Argentina agrees.");
  for (const char* junk : {"06-63519", "2/35", "3/35", "This record contains", "corrigendum"})
    EXPECT_EQ(d.text.find(junk), std::string::npos) << junk;
}

TEST(VerbatimText, NoTurnsIsAnError) {
  Document d;
  Status st = ReadVerbatimText(Utf8("Just some words.\nNothing else.\n"), Limits{}, &d);
  EXPECT_EQ(st.code(), Status::Code::kInvalidInput);
}

// ---- UN documents as text.

TEST(UnDocumentText, ReportOfTheSecretaryGeneral) {
  const std::string rep =
      "United Nations                                   S/2005/140\n\n"
      "Security Council                                 Distr.: General\n"
      "                                                 4 March 2005\n\n"
      "                                                 Original: English\n\n"
      "Report of the Secretary-General on the Sudan\n\n"
      "I. Introduction\n\n"
      "1. The present report is submitted pursuant to resolution 1574 (2004), in which the\n"
      "Council requested me to keep it informed.\n"
      "2. The security situation in Darfur remains volatile.\n"
      "(a) Attacks on civilians continued;\n";
  Document d;
  Status st = ReadUnDocumentText(Utf8(rep), Limits{}, &d);
  ASSERT_TRUE(st.ok()) << st.ToString();
  CheckInvariants(d);
  CheckAnchors(d, rep);
  EXPECT_EQ(d.kind, kind::kUnDocument);
  EXPECT_EQ(d.symbol, "S/2005/140");
  EXPECT_EQ(d.date, "2005-03-04");
  EXPECT_EQ(d.title, "Report of the Secretary-General on the Sudan");
  EXPECT_EQ(d.body, "Secretary-General");
  ASSERT_EQ(d.turns.size(), 1u);
  EXPECT_EQ(d.turns[0].role, role::kAuthor);
  EXPECT_EQ(d.turns[0].speaker, "Secretary-General");
  ASSERT_EQ(d.turns[0].paragraphs.size(), 5u);
  EXPECT_EQ(testing_r2::Slice(d, d.turns[0].paragraphs[2]),
            "1. The present report is submitted pursuant to resolution 1574 (2004), in which the Council "
            "requested me to keep it informed.");
  EXPECT_EQ(testing_r2::Slice(d, d.turns[0].paragraphs[4]), "(a) Attacks on civilians continued;");
  EXPECT_EQ(d.text.find("Distr."), std::string::npos);
}

TEST(UnDocumentText, LetterFromPermanentRepresentative) {
  const std::string letter =
      "S/2006/300\n\n"
      "Letter dated 10 May 2006 from the Permanent Representative of the Sudan to the United Nations\n"
      "addressed to the President of the Security Council\n\n"
      "I have the honour to transmit herewith the position of my Government.\n";
  Document d;
  ASSERT_TRUE(ReadUnDocumentText(Utf8(letter), Limits{}, &d).ok());
  CheckInvariants(d);
  EXPECT_EQ(d.symbol, "S/2006/300");
  EXPECT_EQ(d.body, "Sudan");
  EXPECT_EQ(d.turns[0].speaker, "Sudan");
  EXPECT_EQ(d.turns[0].affiliation, "Sudan");
  EXPECT_EQ(d.date, "2006-05-10");
}

TEST(UnDocumentText, Resolutions) {
  const std::string res =
      "S/RES/1590 (2005)\n\nResolution 1590 (2005)\n\n"
      "Adopted by the Security Council at its 5151st meeting, on 24 March 2005\n\n"
      "The Security Council,\n\n"
      "1. Decides to establish the United Nations Mission in the Sudan (UNMIS);\n";
  Document d;
  ASSERT_TRUE(ReadUnDocumentText(Utf8(res), Limits{}, &d).ok());
  EXPECT_EQ(d.symbol, "S/RES/1590 (2005)");
  EXPECT_EQ(d.body, "Security Council");
  EXPECT_EQ(d.title, "Resolution 1590 (2005)");
  EXPECT_EQ(d.date, "2005-03-24");

  Document g;
  ASSERT_TRUE(ReadUnDocumentText(Utf8("A/RES/61/291\n\nResolution adopted by the General Assembly\n\n"
                                      "61/291. Comprehensive review of peacekeeping\n"),
                                 Limits{}, &g)
                  .ok());
  EXPECT_EQ(g.symbol, "A/RES/61/291");
  EXPECT_EQ(g.body, "General Assembly");
}

}  // namespace
}  // namespace normcode
