// The document model shared by readers, the coding core and the store.
//
// Offsets. Every span below (Turn, Paragraph, Sentence, Evidence) is a pair of
// BYTE offsets into Document::text, which is NFC-normalised UTF-8. Byte offsets
// always fall on code point boundaries. Where the outside world sees offsets (the
// database, `tag` output, exports) they are given as Unicode CODE POINT offsets
// as well, computed with core/text.h CharIndex; the README says which is which.
// Document::anchors maps text byte offsets back to byte offsets in the source file.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace normcode {

// Where a piece of Document::text came from in the source file: text bytes at
// [text_offset, next anchor's text_offset) started at source byte source_offset.
// Exact at each anchor; within a piece exact for plain text and approximate only
// where the source had markup or entity references.
struct SourceAnchor {
  uint64_t text_offset = 0;
  uint64_t source_offset = 0;
};

struct Span {
  uint64_t begin = 0;  // byte offset into Document::text, inclusive
  uint64_t end = 0;    // exclusive
  uint64_t size() const { return end - begin; }
};

// Speaker roles, as stored (strings are the stored values).
namespace role {
inline constexpr const char* kPresident = "president";
inline constexpr const char* kSecretaryGeneral = "secretary_general";
inline constexpr const char* kRepresentative = "representative";   // speaks for a state
inline constexpr const char* kBriefer = "briefer";                 // force commander, SRSG, USG, ...
inline constexpr const char* kOfficial = "official";               // Secretariat staff, other officials
inline constexpr const char* kInterviewer = "interviewer";
inline constexpr const char* kInterviewee = "interviewee";
inline constexpr const char* kAuthor = "author";                   // issuing body of a report/letter
inline constexpr const char* kProcedure = "procedure";             // a procedural item, not a person
inline constexpr const char* kUnknown = "unknown";
}  // namespace role

// Document kinds and formats (stored values).
namespace kind {
inline constexpr const char* kVerbatim = "verbatim_record";   // S/PV, A/PV records
inline constexpr const char* kTranscript = "interview_transcript";
inline constexpr const char* kUnDocument = "un_document";     // reports, resolutions, letters
}  // namespace kind

struct Attendee {
  std::string name;         // "Mr. Sardenberg"
  std::string affiliation;  // "Brazil"
  std::string place;        // "president", "member"
};

struct Turn {
  int index = 0;                 // 1-based, in document order (procedural items included)
  std::string speaker;           // as printed: "Mr. Sardenberg", "The President"; "" for procedural items
  std::string affiliation;       // country or organisation as printed: "Brazil", "African Union"
  std::string iso3;              // ISO 3166 alpha-3 of affiliation when it is a state (filled from entity data
                                 // by the pipeline, not by readers); "" otherwise
  std::string role = role::kUnknown;
  std::string language_note;     // "French" for "(spoke in French)"; "" when none
  bool procedural = false;       // votes, adoption, suspension, the President's procedural turns
  Span span;                     // covers all its paragraphs
  std::vector<Span> paragraphs;
};

struct Document {
  // Identity and provenance (filled by the source layer, not by readers).
  std::string path;              // as enumerated: file path, or "archive.zip!inner/path"
  std::string content_hash;      // xxh3-128 hex of the raw bytes
  uint64_t size = 0;             // raw bytes
  int64_t mtime = 0;             // seconds since epoch; 0 when unknown (archive members, stdin)

  // Filled by readers.
  std::string kind;              // kind::*
  std::string format;            // "html", "text", "markdown", "pdf", "docx"
  std::string encoding;          // detected source encoding, e.g. "UTF-8", "windows-1252"
  std::string symbol;            // "S/PV.5577", "A/61/PV.105", "S/2005/123"
  std::string body;              // "Security Council", "General Assembly", "Secretary-General", ...
  std::string meeting;           // meeting number "5577" where there is one
  std::string date;              // ISO "YYYY-MM-DD" or ""
  std::string title;             // agenda item / document title
  std::string language = "en";   // ISO 639-1 of the text
  std::map<std::string, std::string> meta;  // e.g. transcript header fields
  std::vector<Attendee> attendees;

  std::string text;              // NFC UTF-8; paragraphs separated by "\n\n"
  std::vector<Turn> turns;
  std::vector<SourceAnchor> anchors;  // sorted by text_offset
};

// A sentence found by the segmenter.
struct Sentence {
  int index = 0;   // 1-based within its turn
  int turn = 0;    // Turn::index
  Span span;
};

// Polarity of a match (stored values).
namespace polarity {
inline constexpr const char* kAsserted = "asserted";
inline constexpr const char* kNegated = "negated";
inline constexpr const char* kReported = "reported";
inline constexpr const char* kHypothetical = "hypothetical";
}  // namespace polarity

// The actor a piece of evidence is about.
struct ActorRef {
  std::string name;      // normalized: "Brazil", "MINUSTAH", "Lt. Gen. Santos Cruz", speaker name
  std::string type;      // "state", "force_commander", "contingent", "mission", "speaker", "organisation"
  std::string iso3;      // for states and contingents, when known
  bool empty() const { return name.empty(); }
};

// One coded match: a rule fired on a sentence.
struct Evidence {
  int turn = 0;             // Turn::index
  int sentence = 0;         // Sentence::index within the turn
  std::string code;         // one of the ten codebook codes
  std::string entry_id;     // lexicon entry id
  std::string lexicon_version;
  Span match;               // byte offsets into Document::text
  std::string matched_text;
  std::string polarity = polarity::kAsserted;
  ActorRef target;
  // The decision's score: for a code the learned model decides, the model's
  // probability; otherwise the entry's weight (0 when not asserted). Rows are kept
  // only for codes whose score reached the threshold (SentenceCoder's resolve stage).
  double score = 0.0;
  std::string model_version;  // "" when the lexicon alone decided
  // The features that weighed most for the model's decision, "name +weight; ...".
  std::string features;
};

}  // namespace normcode
