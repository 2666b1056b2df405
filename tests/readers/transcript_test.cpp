// Interview transcripts (r2 reader).
#include <gtest/gtest.h>

#include "tests/readers/r2_check.h"

namespace normcode {
namespace {

using testing_r2::CheckAnchors;
using testing_r2::CheckInvariants;
using testing_r2::TurnText;
using testing_r2::Utf8;

const char* kPlain = R"(Interview id: 14
Date: 12 March 2019
Interviewee role: Force Commander (retired)
Nationality: Brazilian
Language: Portuguese
Anonymised: yes
Interviewer: Dr. Jane Smith (JS)

Q: When you took command, how did you read the mandate?

A: We read it as an obligation to act. The rules of engagement
allowed the use of force to protect civilians.

Sometimes the contingents waited for orders from their capitals.

Q: Did that change?

A: Yes, after 2013.
)";

TEST(Transcript, PlainTextQA) {
  ASSERT_TRUE(LooksLikeTranscript(kPlain));
  EXPECT_FALSE(LooksLikeVerbatimText(kPlain));
  Document d;
  Status st = ReadTranscript(Utf8(kPlain), Limits{}, &d);
  ASSERT_TRUE(st.ok()) << st.ToString();
  CheckInvariants(d);
  CheckAnchors(d, kPlain);
  EXPECT_EQ(d.kind, kind::kTranscript);
  EXPECT_EQ(d.format, "text");
  EXPECT_EQ(d.symbol, "Interview 14");
  EXPECT_EQ(d.date, "2019-03-12");
  EXPECT_EQ(d.language, "pt");
  EXPECT_EQ(d.meta.at("interview_id"), "14");
  EXPECT_EQ(d.meta.at("interviewee_role"), "Force Commander (retired)");
  EXPECT_EQ(d.meta.at("nationality"), "Brazilian");
  EXPECT_EQ(d.meta.at("anonymised"), "yes");
  // Header is metadata, not text.
  EXPECT_EQ(d.text.find("Nationality"), std::string::npos);
  ASSERT_EQ(d.turns.size(), 4u);
  EXPECT_EQ(d.turns[0].role, role::kInterviewer);
  EXPECT_EQ(d.turns[0].speaker, "Dr. Jane Smith");
  EXPECT_EQ(d.turns[0].affiliation, "");
  EXPECT_EQ(TurnText(d, 0), "When you took command, how did you read the mandate?");
  const Turn& a = d.turns[1];
  EXPECT_EQ(a.role, role::kInterviewee);
  EXPECT_EQ(a.speaker, "Interviewee");  // anonymised: no name
  EXPECT_EQ(a.affiliation, "Brazilian");
  ASSERT_EQ(a.paragraphs.size(), 2u);
  EXPECT_EQ(TurnText(d, 1),
            "We read it as an obligation to act. The rules of engagement allowed the use of force to protect "
            "civilians.\n\nSometimes the contingents waited for orders from their capitals.");
  EXPECT_EQ(TurnText(d, 3), "Yes, after 2013.");
}

const char* kMarkdown = R"(---
interview_id: 7
date: 2018-05-02
interviewee: Sector commander
nationality: Uruguay
language: en
anonymised: no
interviewer: "Paul Ngoy"
---

# Interview 7: Sector commander, MONUSCO

**Q:** What happened in Kiwanja?

**A:** We did not leave the base. We had no orders.

**Q**: Why?

**A**: The caveats. Our capital decided.
)";

TEST(Transcript, MarkdownFrontMatter) {
  ASSERT_TRUE(LooksLikeTranscript(kMarkdown));
  Document d;
  Status st = ReadTranscript(Utf8(kMarkdown), Limits{}, &d);
  ASSERT_TRUE(st.ok()) << st.ToString();
  CheckInvariants(d);
  CheckAnchors(d, kMarkdown);
  EXPECT_EQ(d.format, "markdown");
  EXPECT_EQ(d.symbol, "Interview 7");
  EXPECT_EQ(d.date, "2018-05-02");
  EXPECT_EQ(d.language, "en");
  EXPECT_EQ(d.title, "Interview 7: Sector commander, MONUSCO");
  EXPECT_EQ(d.meta.at("interviewer"), "Paul Ngoy");
  ASSERT_EQ(d.turns.size(), 4u);
  EXPECT_EQ(d.turns[0].speaker, "Paul Ngoy");
  EXPECT_EQ(d.turns[0].role, role::kInterviewer);
  EXPECT_EQ(TurnText(d, 0), "What happened in Kiwanja?");
  EXPECT_EQ(d.turns[1].role, role::kInterviewee);
  EXPECT_EQ(d.turns[1].affiliation, "Uruguay");
  EXPECT_EQ(TurnText(d, 1), "We did not leave the base. We had no orders.");
  EXPECT_EQ(TurnText(d, 2), "Why?");
  EXPECT_EQ(TurnText(d, 3), "The caveats. Our capital decided.");
  EXPECT_EQ(d.text.find("**"), std::string::npos);
}

TEST(Transcript, MarkdownListHeaderAndNamedTurns) {
  const std::string md =
      "# Field interview\n\n"
      "- **Interview id:** 22\n"
      "- **Date:** 3 June 2016\n"
      "- **Interviewer:** Maria Lopes\n"
      "- **Nationality:** Bangladeshi\n"
      "- **Language:** English\n\n"
      "The interview took place in Bunia.\n\n"
      "Maria Lopes: Thank you for meeting me.\n\n"
      "Rahman: It is my pleasure.\n\n"
      "Lopes: What were your rules of engagement?\n\n"
      "Rahman: Chapter VII, but we\n"
      "consulted Dhaka first.\n";
  ASSERT_TRUE(LooksLikeTranscript(md));
  EXPECT_FALSE(LooksLikeVerbatimText(md));
  Document d;
  Status st = ReadTranscript(Utf8(md), Limits{}, &d);
  ASSERT_TRUE(st.ok()) << st.ToString();
  CheckInvariants(d);
  CheckAnchors(d, md);
  EXPECT_EQ(d.symbol, "Interview 22");
  EXPECT_EQ(d.date, "2016-06-03");
  EXPECT_EQ(d.title, "Field interview");
  EXPECT_EQ(d.format, "markdown");
  ASSERT_EQ(d.turns.size(), 5u);
  // Text between header and first turn: a procedural note.
  EXPECT_TRUE(d.turns[0].procedural);
  EXPECT_EQ(TurnText(d, 0), "The interview took place in Bunia.");
  EXPECT_EQ(d.turns[1].speaker, "Maria Lopes");
  EXPECT_EQ(d.turns[1].role, role::kInterviewer);
  EXPECT_EQ(d.turns[2].speaker, "Rahman");
  EXPECT_EQ(d.turns[2].role, role::kInterviewee);
  EXPECT_EQ(d.turns[2].affiliation, "Bangladeshi");
  EXPECT_EQ(d.turns[3].speaker, "Lopes");
  EXPECT_EQ(d.turns[3].role, role::kInterviewer);
  EXPECT_EQ(TurnText(d, 4), "Chapter VII, but we consulted Dhaka first.");
}

TEST(Transcript, HeaderWithBlankLinesBetweenFields) {
  // DOCX-extracted text separates every paragraph by a blank line.
  const std::string t =
      "Interview: 3\n\nDate: 2020-01-15\n\nInterviewer: K. Mensah\n\nNationality: Ghana\n\n"
      "K. Mensah: Please describe the patrol.\n\nInterviewee: We went out at night.\n";
  Document d;
  Status st = ReadTranscript(Utf8(t), Limits{}, &d);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(d.symbol, "Interview 3");
  EXPECT_EQ(d.date, "2020-01-15");
  ASSERT_EQ(d.turns.size(), 2u);
  EXPECT_EQ(d.turns[0].role, role::kInterviewer);
  EXPECT_EQ(d.turns[0].speaker, "K. Mensah");
  EXPECT_EQ(d.turns[1].role, role::kInterviewee);
  EXPECT_EQ(d.turns[1].affiliation, "Ghana");
  EXPECT_EQ(TurnText(d, 1), "We went out at night.");
}

TEST(Transcript, ListHeaderRuleAndDemonym) {
  // No id or nationality field: the id comes from the title, the nationality from the
  // interviewee description; the horizontal rule after the header is not text.
  const std::string md =
      "# Interview 31: senior officer, ONUB, 2018\n\n"
      "- Interviewee: Senegalese senior officer\n- Mission: ONUB\n- Date: 2018-04-23\n"
      "- Interviewer: Researcher B\n- Anonymised: yes\n\n---\n\n"
      "Q: Did you patrol?\n\nA: Every night.\n";
  ASSERT_TRUE(LooksLikeTranscript(md));
  Document d;
  ASSERT_TRUE(ReadTranscript(Utf8(md), Limits{}, &d).ok());
  CheckInvariants(d);
  EXPECT_EQ(d.symbol, "Interview 31");
  EXPECT_EQ(d.meta.at("mission"), "ONUB");
  ASSERT_EQ(d.turns.size(), 2u);
  EXPECT_EQ(d.turns[0].speaker, "Researcher B");
  EXPECT_EQ(d.turns[1].affiliation, "Senegalese");
  EXPECT_EQ(d.text, "Did you patrol?\n\nEvery night.");
}

TEST(Transcript, PagedTextLosesPageFurniture) {
  // A transcript exported page by page (pdftotext writes form feeds): a running header
  // on every page, page numbers, and an answer broken across the page break.
  const std::string paged =
      "Interview id: 21\nDate: 3 May 2018\nInterviewee role: Force Commander\nInterviewer: Dr. Jane Smith\n\n"
      "Q: How did the contingents read the mandate?\n\n"
      "A: Some waited for orders from their capitals before they would\n"
      "\f"
      "Oral history project - Interview 21\n\n"
      "2\n\n"
      "protect anyone.\n\n"
      "Q: And later?\n\n"
      "A: Later they acted.\n"
      "\f"
      "Oral history project - Interview 21\n\n"
      "3\n\n"
      "Q: Thank you.\n";
  ASSERT_TRUE(LooksLikeTranscript(paged));
  Document d;
  Status st = ReadTranscript(Utf8(paged), Limits{}, &d);
  ASSERT_TRUE(st.ok()) << st.ToString();
  CheckInvariants(d);
  CheckAnchors(d, paged);
  EXPECT_EQ(d.symbol, "Interview 21");
  ASSERT_GE(d.turns.size(), 4u);
  EXPECT_EQ(TurnText(d, 0), "How did the contingents read the mandate?");
  EXPECT_EQ(TurnText(d, 1), "Some waited for orders from their capitals before they would protect anyone.");
  EXPECT_EQ(TurnText(d, 2), "And later?");
  EXPECT_EQ(d.text.find("Oral history project"), std::string::npos) << d.text;
  for (const Turn& t : d.turns)
    EXPECT_EQ(d.text.substr(t.span.begin, t.span.size()).find("\n2\n"), std::string::npos);
}

TEST(Transcript, NotATranscript) {
  EXPECT_FALSE(LooksLikeTranscript("Report of the Secretary-General\n\n1. The mission ...\n"));
  EXPECT_FALSE(LooksLikeTranscript("Note: this is a memo.\nTime: 10:30\n\nIt says things.\n"));
  Document d;
  EXPECT_EQ(ReadTranscript(Utf8("Just prose without any turns.\n"), Limits{}, &d).code(),
            Status::Code::kInvalidInput);
}

}  // namespace
}  // namespace normcode
