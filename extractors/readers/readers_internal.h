// Internal to extractors/readers: the individual readers and the text builder
// they share. ReadDocument() (format.cpp) detects the format and dispatches here.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/limits.h"
#include "core/status.h"
#include "extractors/text/encoding.h"

namespace normcode {

// Builds Document::text piece by piece while recording source anchors.
// Whitespace runs inside appended text collapse to one space (newlines included);
// ParagraphBreak() separates paragraphs with "\n\n". Text must be valid UTF-8.
class TextBuilder {
 public:
  // Appends `s`, whose first byte came from source byte offset `source_offset`.
  void Append(std::string_view s, uint64_t source_offset);
  // Ends the current paragraph (no-op when the text is empty or already ends one).
  void ParagraphBreak();
  // Current length of the text. A pending space (from trailing whitespace of the last
  // Append) is not counted yet; after ParagraphBreak() this is where the next paragraph starts.
  uint64_t size() const { return text_.size(); }
  // Offset of the end of the last non-space byte appended.
  uint64_t content_end() const;
  std::string& text() { return text_; }
  std::vector<SourceAnchor>& anchors() { return anchors_; }

 private:
  std::string text_;
  std::vector<SourceAnchor> anchors_;
  bool pending_space_ = false;
};

// --- UN verbatim record HTML (shared/corpus-sample format) and other HTML.
Status ReadUnHtml(const DecodedText& in, const Limits& limits, Document* doc);
Status ReadGenericHtml(const DecodedText& in, const Limits& limits, Document* doc);

// --- Speaker rules shared by the verbatim-record readers (UN HTML and verbatim text).
// A national statement in a paragraph: "in my national capacity" (true, *country
// untouched) or "in my capacity as <office> of <Country>" (true, *country set), where
// the capacity is not one of a UN organ or its chair and the country is capitalised.
bool NationalStatement(std::string_view paragraph, std::string* country);
// Procedural-President rule (described at the top of un_html.cpp): a President's turn (role president) is
// procedural unless one of its paragraphs is a national statement; it then speaks for the
// country named, else for `presiding` (the President's country from the attendance
// list). An affiliation the record already gives the turn is kept.
void ApplyPresidentRule(std::string_view text, const std::string& presiding, Turn* t);

// --- Plain-text readers (also fed by the PDF and DOCX readers after extraction).
// Verbatim records as text: turns open with "Mr. X (Brazil) (spoke in Spanish):" or "The President:".
bool LooksLikeVerbatimText(std::string_view utf8);
Status ReadVerbatimText(const DecodedText& in, const Limits& limits, Document* doc);
// Interview transcripts: metadata header, Q:/A: or Name: turns. Plain text or Markdown.
bool LooksLikeTranscript(std::string_view utf8);
Status ReadTranscript(const DecodedText& in, const Limits& limits, Document* doc);
// Reports, resolutions, letters: one document, issuing body as author, paragraphs kept.
Status ReadUnDocumentText(const DecodedText& in, const Limits& limits, Document* doc);

// --- Binary formats: extract text, then dispatch to the text readers above.
Status ReadPdf(std::string_view raw, const Limits& limits, Document* doc);
Status ReadDocx(std::string_view raw, const Limits& limits, Document* doc);

}  // namespace normcode
