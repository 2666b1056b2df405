// ICU sentence and word segmentation over UTF-8 (UText, so offsets are bytes),
// plus the case/diacritic folding used by phrase matching.
#include "extractors/text/segmenter.h"
#include "extractors/text/encoding.h"

#include <unicode/brkiter.h>
#include <unicode/filteredbrk.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <unordered_set>

namespace normcode {

namespace {

// Abbreviations that never end a sentence (exact, case-sensitive, whole word).
// The union over the languages we read: English, French, Spanish, Portuguese.
constexpr std::array kAbbreviations = {
    "Mr.",    "Mrs.",   "Ms.",    "Dr.",    "Messrs.", "Mmes.", "Prof.",  "Gen.",   "Lt.",    "Col.",
    "Maj.",   "Brig.",  "Capt.",  "Cmdr.",  "Adm.",    "Sgt.",  "Amb.",   "H.E.",   "St.",    "No.",
    "Nos.",   "no.",    "nos.",   "para.",  "paras.",  "Para.", "Paras.", "Art.",   "Arts.",  "art.",
    "arts.",  "vol.",   "Vol.",   "p.",     "pp.",     "e.g.",  "i.e.",   "cf.",    "Cf.",    "Corr.",
    "Rev.",   "Add.",   "S/PV.",  "A/PV.",  "A/RES.",  "S/RES.", "Sr.",   "Sra.",   "Srta.",  "Dña.",
    "Excmo.", "Excma.", "MM.",    "Mme.",   "Mlle.",   "Dra.",  "Gén.",   "Lieut.", "Gov.",   "Hon.",
    "Rt.",    "Jr.",    "approx.", "Fig.",  "fig.",    "Ch.",   "ch.",    "Sec.",   "sec.",   "U.N.",
    "U.S.",   "U.K.",   "Nr.",    "núm.",   "Núm.",    "n°.",   "Mt."};

// Subset given to ICU's FilteredBreakIterator. ICU matches suppressions as a
// suffix of the text before the break ("p." would also match "group."), so only
// entries whose suffix use is harmless go there; the rest are handled by the
// whole-word check in MergeAbbreviationBreaks().
constexpr std::array kIcuSuppressions = {"Mr.",   "Mrs.",  "Ms.",   "Dr.",  "Messrs.", "Prof.", "Gen.",
                                         "Lt.",   "Col.",  "Maj.",  "Brig.", "Capt.",  "Amb.",  "H.E.",
                                         "Nos.",  "Corr.", "Rev.",  "Add.", "e.g.",    "i.e.",  "S/PV.",
                                         "A/RES.", "Excmo.", "Sra."};

// Words after which a single capital letter + "." is a numbering, not an initial
// ("annex I.", "Chapter V.", "Plan B."), so the break stands.
constexpr std::array kNumberingWords = {"annex",   "Annex",    "chapter", "Chapter",  "Part",     "part",
                                        "section", "Section",  "Plan",    "plan",     "appendix", "Appendix",
                                        "Schedule", "schedule", "Table",  "table",    "Figure",   "Option",
                                        "option",  "Group",    "group",   "Category", "category", "Vitamin"};

bool IsAsciiSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Length of a whitespace character starting at s[i] (ASCII space, NBSP, U+2000..U+200A,
// U+2028/2029, U+202F, U+3000), 0 when s[i] does not start one.
size_t SpaceLenAt(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  if (IsAsciiSpace(c)) return 1;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
  if (c == 0xE2 && i + 2 < s.size()) {
    auto c1 = static_cast<unsigned char>(s[i + 1]), c2 = static_cast<unsigned char>(s[i + 2]);
    if (c1 == 0x80 && ((c2 >= 0x80 && c2 <= 0x8A) || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF)) return 3;
  }
  if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      static_cast<unsigned char>(s[i + 2]) == 0x80)
    return 3;
  return 0;
}

// Length of a whitespace character ending just before s[end], 0 when none.
size_t SpaceLenBefore(std::string_view s, size_t end) {
  if (end == 0) return 0;
  if (IsAsciiSpace(static_cast<unsigned char>(s[end - 1]))) return 1;
  if (end >= 2 && SpaceLenAt(s, end - 2) == 2) return 2;
  if (end >= 3 && SpaceLenAt(s, end - 3) == 3) return 3;
  return 0;
}

Span Trim(std::string_view s, Span sp) {
  while (sp.begin < sp.end) {
    size_t n = SpaceLenAt(s, sp.begin);
    if (n == 0 || sp.begin + n > sp.end) break;
    sp.begin += n;
  }
  while (sp.end > sp.begin) {
    size_t n = SpaceLenBefore(s, sp.end);
    if (n == 0 || sp.end - n < sp.begin) break;
    sp.end -= n;
  }
  return sp;
}

bool IsUtf8Start(std::string_view s, size_t i) {
  return i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
}

// Whether a sentence ending at `end` (exclusive, trimmed) ends in an abbreviation
// or an initial and must be joined to the next one.
bool EndsInAbbreviation(std::string_view s, size_t begin, size_t end,
                        const std::unordered_set<std::string_view>& abbrevs) {
  if (end <= begin || s[end - 1] != '.') return false;
  size_t w = end;
  while (w > begin && SpaceLenBefore(s, w) == 0) --w;  // start of the last whitespace-delimited word
  std::string_view word = s.substr(w, end - w);
  // Strip opening brackets/quotes: "(Mr." "“Mr."
  while (!word.empty() && (word.front() == '(' || word.front() == '[' || word.front() == '"' || word.front() == '\''))
    word.remove_prefix(1);
  if (word.size() >= 3 && static_cast<unsigned char>(word[0]) == 0xE2 && static_cast<unsigned char>(word[1]) == 0x80)
    word.remove_prefix(3);  // typographic quote
  if (abbrevs.count(word)) return true;
  // Initial: one upper-case ASCII letter + "." ("J.", "K."), or "J.-P." style.
  bool initial = (word.size() == 2 && word[0] >= 'A' && word[0] <= 'Z') ||
                 (word.size() == 5 && word[0] >= 'A' && word[0] <= 'Z' && word[1] == '.' && word[2] == '-' &&
                  word[3] >= 'A' && word[3] <= 'Z');
  if (!initial) return false;
  // ... unless it numbers something: "annex I.", "Chapter V."
  size_t pe = w;
  while (pe > begin) {
    size_t n = SpaceLenBefore(s, pe);
    if (n == 0) break;
    pe -= n;
  }
  size_t pb = pe;
  while (pb > begin && SpaceLenBefore(s, pb) == 0) --pb;
  std::string_view prev = s.substr(pb, pe - pb);
  for (const char* nw : kNumberingWords)
    if (prev == nw) return false;
  return true;
}

struct UTextCloser {
  void operator()(UText* t) const { utext_close(t); }
};

class IcuSegmenter final : public Segmenter {
 public:
  IcuSegmenter(std::string language, std::unique_ptr<icu::BreakIterator> sentences,
               std::unique_ptr<icu::BreakIterator> words)
      : language_(std::move(language)), sent_(std::move(sentences)), word_(std::move(words)) {
    for (const char* a : kAbbreviations) abbrevs_.insert(a);
  }

  std::unique_ptr<Segmenter> Clone() const override {
    return std::make_unique<IcuSegmenter>(language_, std::unique_ptr<icu::BreakIterator>(sent_->clone()),
                                          std::unique_ptr<icu::BreakIterator>(word_->clone()));
  }

  std::vector<Span> Sentences(std::string_view text, Span range, uint64_t max_bytes) override {
    std::vector<Span> out;
    range.end = std::min<uint64_t>(range.end, text.size());
    if (range.begin >= range.end) return out;
    if (max_bytes < 16) max_bytes = 16;
    UErrorCode st = U_ZERO_ERROR;
    UText* ut = utext_openUTF8(&ut_, text.data() + range.begin, static_cast<int64_t>(range.size()), &st);
    if (U_FAILURE(st)) return out;
    sent_->setText(ut, st);
    if (U_FAILURE(st)) return out;
    // Raw ICU sentences, trimmed, empty ones dropped, abbreviation breaks merged.
    std::vector<Span> raw;
    int32_t prev = sent_->first();
    for (int32_t b = sent_->next(); b != icu::BreakIterator::DONE; prev = b, b = sent_->next()) {
      Span sp = Trim(text, Span{range.begin + static_cast<uint64_t>(prev), range.begin + static_cast<uint64_t>(b)});
      if (sp.begin >= sp.end) continue;
      if (!raw.empty()) {
        Span& last = raw.back();
        // Join only within a paragraph: never across a blank line.
        bool paragraph_gap = text.substr(last.end, sp.begin - last.end).find("\n\n") != std::string_view::npos;
        if (!paragraph_gap && EndsInAbbreviation(text, last.begin, last.end, abbrevs_)) {
          last.end = sp.end;
          continue;
        }
      }
      raw.push_back(sp);
    }
    // Cut overlong sentences at the last whitespace before max_bytes.
    for (Span sp : raw) {
      while (sp.size() > max_bytes) {
        uint64_t limit = sp.begin + max_bytes;
        uint64_t cut = limit;
        while (cut > sp.begin && SpaceLenAt(text, cut) == 0) --cut;
        if (cut == sp.begin) {  // no space at all: cut at a code point boundary
          cut = limit;
          while (cut > sp.begin && !IsUtf8Start(text, cut)) --cut;
          if (cut == sp.begin) cut = limit;
        }
        Span head = Trim(text, Span{sp.begin, cut});
        if (head.begin < head.end) out.push_back(head);
        sp = Trim(text, Span{cut, sp.end});
      }
      if (sp.begin < sp.end) out.push_back(sp);
    }
    return out;
  }

  std::vector<Token> Words(std::string_view text, Span range) override {
    std::vector<Token> out;
    range.end = std::min<uint64_t>(range.end, text.size());
    if (range.begin >= range.end) return out;
    UErrorCode st = U_ZERO_ERROR;
    UText* ut = utext_openUTF8(&ut_, text.data() + range.begin, static_cast<int64_t>(range.size()), &st);
    if (U_FAILURE(st)) return out;
    word_->setText(ut, st);
    if (U_FAILURE(st)) return out;
    out.reserve(range.size() / 5 + 4);
    int32_t prev = word_->first();
    for (int32_t b = word_->next(); b != icu::BreakIterator::DONE; prev = b, b = word_->next()) {
      int32_t status = word_->getRuleStatus();
      if (status >= UBRK_WORD_NONE && status < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation
      Token t;
      t.span = Span{range.begin + static_cast<uint64_t>(prev), range.begin + static_cast<uint64_t>(b)};
      t.folded = FoldForMatch(text.substr(t.span.begin, t.span.size()));
      out.push_back(std::move(t));
    }
    return out;
  }

  ~IcuSegmenter() override { utext_close(&ut_); }

 private:
  std::string language_;
  std::unique_ptr<icu::BreakIterator> sent_;
  std::unique_ptr<icu::BreakIterator> word_;
  std::unordered_set<std::string_view> abbrevs_;
  UText ut_ = UTEXT_INITIALIZER;
};

}  // namespace

StatusOr<std::unique_ptr<Segmenter>> Segmenter::Create(const std::string& language) {
  UErrorCode st = U_ZERO_ERROR;
  icu::Locale loc(language.empty() ? "en" : language.c_str());
  std::unique_ptr<icu::BreakIterator> base(icu::BreakIterator::createSentenceInstance(loc, st));
  if (U_FAILURE(st) || !base) return Status::Internal(std::string("ICU sentence iterator: ") + u_errorName(st));
  std::unique_ptr<icu::FilteredBreakIteratorBuilder> fb(icu::FilteredBreakIteratorBuilder::createEmptyInstance(st));
  if (U_FAILURE(st) || !fb) return Status::Internal(std::string("ICU filtered break builder: ") + u_errorName(st));
  for (const char* a : kIcuSuppressions) fb->suppressBreakAfter(icu::UnicodeString::fromUTF8(a), st);
  if (U_FAILURE(st)) return Status::Internal(std::string("ICU suppressBreakAfter: ") + u_errorName(st));
  std::unique_ptr<icu::BreakIterator> sent(fb->wrapIteratorWithFilter(base.release(), st));
  if (U_FAILURE(st) || !sent) return Status::Internal(std::string("ICU filtered iterator: ") + u_errorName(st));
  std::unique_ptr<icu::BreakIterator> words(icu::BreakIterator::createWordInstance(loc, st));
  if (U_FAILURE(st) || !words) return Status::Internal(std::string("ICU word iterator: ") + u_errorName(st));
  return std::unique_ptr<Segmenter>(std::make_unique<IcuSegmenter>(language, std::move(sent), std::move(words)));
}

std::string FoldForMatch(std::string_view utf8) {
  std::string out;
  bool ascii = true;
  for (char c : utf8)
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  if (ascii) {
    out.resize(utf8.size());
    for (size_t i = 0; i < utf8.size(); ++i) {
      char c = utf8[i];
      out[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
    }
    return out;
  }
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  s.foldCase(U_FOLD_CASE_DEFAULT);
  const icu::Normalizer2* nfkd = NfkdInstance();
  icu::UnicodeString d;
  if (nfkd) {
    UErrorCode st = U_ZERO_ERROR;
    d = nfkd->normalize(s, st);
    if (U_FAILURE(st)) d = s;
  } else {
    d = s;
  }
  icu::UnicodeString r;
  r.getBuffer(d.length());
  r.releaseBuffer(0);
  for (int32_t i = 0; i < d.length();) {
    UChar32 c = d.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == 0x2019 || c == 0x2018 || c == 0x02BC) c = '\'';  // typographic apostrophes
    r.append(c);
  }
  r.toUTF8String(out);
  return out;
}

}  // namespace normcode
