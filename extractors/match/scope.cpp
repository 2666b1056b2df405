// Polarity of a lexicon match (negated / reported / hypothetical / asserted) and
// "Force" used as the name of an organisation.
//
// Method. The word tokens before the match are scanned right to left. Every
// cue (a negator, a reporting frame, a conditional, ...) has a SCOPE rule saying
// which boundaries between the cue and the match it may cross:
//   hard boundaries  ";", "but", "although", "though", "whereas", "while",
//                    "nevertheless", ", yet", French "mais", "bien que", ...
//   commas           a comma not part of a short parenthetical (", however,")
//   "that"/"que"     complementizer: verbal negation does not cross it, frames do
//   soft boundaries  "because", "since", "which", "who", "when", "and the ..."
// The LEFTMOST cue whose scope reaches the match decides: "Some have argued that
// peacekeepers should not use force" is reported, "Nobody suggests that ..." is
// negated. Tokens inside the match are never cues: "cannot accept" inside the
// match is part of what is asserted.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/match/scope.h"

namespace normcode {

namespace {

// Cue kinds, each with its own scope rule.
enum class Cue {
  kNone,
  kNegVerbal,   // not, never, n't, cannot, neither, nor, pas, jamais
  kNegLocal,    // no, without, sans, aucun: only the next few tokens
  kNegFrame,    // "not believe that", "nobody suggests that", "it is not the case that"
  kNegPhrase,   // far from, rather than, instead of: up to the next comma
  kReported,    // some have argued that, according to, allegedly
  kHypothetical // if, unless, should/were at clause start
};

struct Tok {
  std::string f;            // folded, apostrophes normalised to '
  bool comma_before = false;  // a ',' (or '(' / ')') in the gap before this token
  bool semi_before = false;   // ';' or a dash-like clause break before this token
  bool upper = false;         // raw token starts with an upper-case ASCII letter
  bool question_after = false;
};

bool StartsWith(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
template <class Range>
bool In(std::string_view s, const Range& set) {
  return std::find(std::begin(set), std::end(set), s) != std::end(set);
}

std::string NormApostrophes(std::string s) {
  // U+2019 RIGHT SINGLE QUOTATION MARK and U+02BC MODIFIER LETTER APOSTROPHE -> '
  for (std::string_view q : {std::string_view("\xE2\x80\x99"), std::string_view("\xCA\xBC")}) {
    size_t p;
    while ((p = s.find(q)) != std::string::npos) s.replace(p, q.size(), 1, '\'');  // (count, char): GCC 12 warns falsely (-Wrestrict) on the const char* overload
  }
  return s;
}

std::vector<Tok> Prepare(std::string_view text, Span sentence, const std::vector<Token>& tokens) {
  std::vector<Tok> out;
  out.reserve(tokens.size());
  uint64_t prev_end = sentence.begin;
  for (const Token& t : tokens) {
    Tok k;
    k.f = NormApostrophes(t.folded);
    uint64_t b = std::min<uint64_t>(std::max(prev_end, sentence.begin), text.size());
    uint64_t e = std::min<uint64_t>(t.span.begin, text.size());
    if (b < e) {
      std::string_view gap = text.substr(b, e - b);
      k.comma_before = gap.find_first_of(",()") != std::string_view::npos;
      k.semi_before = gap.find(';') != std::string_view::npos ||
                      gap.find("\xE2\x80\x94") != std::string_view::npos;  // em dash
    }
    if (t.span.begin < text.size()) {
      unsigned char c = static_cast<unsigned char>(text[t.span.begin]);
      k.upper = c >= 'A' && c <= 'Z';
    }
    prev_end = t.span.end;
    out.push_back(std::move(k));
  }
  for (size_t i = 0; i + 1 < out.size(); ++i) {
    uint64_t b = tokens[i].span.end, e = tokens[i + 1].span.begin;
    if (b < e && e <= text.size() && text.substr(b, e - b).find('?') != std::string_view::npos)
      out[i].question_after = true;
  }
  if (!tokens.empty()) {
    uint64_t b = tokens.back().span.end, e = std::min<uint64_t>(sentence.end, text.size());
    if (b < e && text.substr(b, e - b).find('?') != std::string_view::npos) out.back().question_after = true;
  }
  return out;
}

// ---- word classes -------------------------------------------------------------

bool IsFrenchNe(std::string_view w) { return w == "ne" || StartsWith(w, "n'"); }
bool IsFrenchQue(std::string_view w) { return w == "que" || StartsWith(w, "qu'"); }
bool IsFrenchDe(std::string_view w) { return w == "de" || w == "du" || w == "des" || StartsWith(w, "d'"); }

bool IsFirstPerson(std::string_view w) {
  static constexpr std::string_view kFp[] = {
      "i",    "we",  "me", "us",    "my",  "our",  "let", "je",  "j'ai", "nous",
      "moi",  "ma",  "mon", "notre", "nos", "mes", "m'a", "j'",  "myself", "ourselves"};
  return In(w, kFp) || StartsWith(w, "j'");
}

// Auxiliaries and adverbs skipped between a subject and a reporting verb.
bool IsAux(std::string_view w) {
  static constexpr std::string_view kAux[] = {
      "have",   "has",       "had",    "would",   "will",     "shall",   "may",     "might",      "could",
      "should", "must",      "also",   "always",  "often",    "repeatedly", "rightly", "consistently",
      "strongly", "firmly",  "clearly", "long",   "been",     "do",      "does",    "did",        "is",
      "are",    "was",       "were",   "be",      "further",  "even",    "still",   "already",    "sometimes",
      "here",   "today",     "once",   "again",   "therefore", "thus",   "ont",     "a",          "avait",
      "avaient", "aussi",    "souvent"};
  return In(w, kAux);
}

bool IsReportingVerb(std::string_view w, bool fr) {
  if (!fr) {
    static constexpr std::string_view kStems[] = {
        "argu", "claim", "alleg", "suggest", "contend", "assert", "insist", "complain", "accus", "criticiz",
        "criticis", "warn", "believe", "maintain", "reportedly", "purportedly", "supposedly", "feel", "feels",
        "felt", "posit", "speculat"};
    static constexpr std::string_view kExact[] = {
        "say",       "says",       "said",        "saying",     "think",      "thinks",     "thought",
        "expressed", "expresses",  "voiced",      "stressed",   "stresses",   "emphasized", "emphasised",
        "emphasizes", "emphasises", "underlined", "underscored", "questioned", "doubted"};
    if (In(w, kExact)) return true;
    for (auto s : kStems)
      if (StartsWith(w, s)) return true;
    return false;
  }
  static constexpr std::string_view kFr[] = {"affirm", "pretend", "soutien", "soutenu", "estim",
                                                           "allegu", "accus", "sugger", "consider", "avance",
                                                           "insist", "pretendument"};
  static constexpr std::string_view kFrExact[] = {"dit", "disent", "dire", "disait", "declare"};
  if (In(w, kFrExact)) return true;
  for (auto s : kFr)
    if (StartsWith(w, s)) return true;
  return false;
}

// Verbs/nouns that a negation turns into a negated frame over the clause that follows.
bool IsFrameWord(std::string_view w, bool fr) {
  if (!fr) {
    static constexpr std::string_view kStems[] = {
        "suggest", "believ", "claim", "argu", "consider", "accept", "agree", "mean", "impl", "contend",
        "maintain", "assert", "feel",  "convinc", "persuad", "expect", "think", "share", "view", "pretend"};
    static constexpr std::string_view kExact[] = {"say", "says", "said", "saying", "thought",
                                                               "case", "true", "correct", "fact"};
    if (In(w, kExact)) return true;
    for (auto s : kStems)
      if (StartsWith(w, s)) return true;
    return false;
  }
  static constexpr std::string_view kFr[] = {"pens", "croi", "croy", "estim", "affirm", "dis",
                                                           "dit",  "sugger", "pretend", "consider", "accept",
                                                           "admet", "cas", "vrai"};
  for (auto s : kFr)
    if (StartsWith(w, s)) return true;
  return false;
}

// Words after a negation that make it an affirmation ("we cannot ignore that").
bool IsAffirmingAfterNegation(std::string_view w) {
  static constexpr std::string_view kStems[] = {"deny", "denied", "doubt", "question", "dispute",
                                                             "ignor", "overlook", "forget"};
  for (auto s : kStems)
    if (StartsWith(w, s)) return true;
  return false;
}

bool IsHardWord(const std::vector<Tok>& t, size_t i, bool fr) {
  std::string_view w = t[i].f;
  if (!fr) {
    static constexpr std::string_view kHard[] = {"but",          "although",    "though", "whereas",
                                                              "nevertheless", "nonetheless", "while"};
    if (In(w, kHard)) return true;
    if (w == "yet" && (t[i].comma_before || (i > 0 && t[i - 1].f == "and"))) return true;
    return false;
  }
  static constexpr std::string_view kHardFr[] = {"mais",     "cependant", "pourtant", "toutefois",
                                                              "tandis",   "quoique",   "neanmoins"};
  if (In(w, kHardFr)) return true;
  if ((w == "bien" || w == "alors") && i + 1 < t.size() && IsFrenchQue(t[i + 1].f)) return true;
  return false;
}

bool IsSoftWord(const std::vector<Tok>& t, size_t i, bool fr) {
  std::string_view w = t[i].f;
  if (!fr) {
    static constexpr std::string_view kSoft[] = {"because", "which", "who", "whom",
                                                              "whose",   "where", "when"};
    if (In(w, kSoft)) return true;
    if (w == "since" && i + 1 < t.size() && !(t[i + 1].f[0] >= '0' && t[i + 1].f[0] <= '9')) return true;
    if ((w == "and" || w == "or") && i + 1 < t.size()) {
      static constexpr std::string_view kStart[] = {
          "the", "a", "an", "this", "these", "those", "it", "they", "we", "he", "she", "its", "their", "there", "i"};
      return In(std::string_view(t[i + 1].f), kStart);
    }
    return false;
  }
  static constexpr std::string_view kSoftFr[] = {"parce", "car", "puisque", "qui",
                                                              "lorsque", "quand", "lequel"};
  return In(w, kSoftFr);
}

bool IsThatWord(std::string_view w, bool fr) { return fr ? IsFrenchQue(w) : w == "that"; }

// Boundaries crossed between a cue (left) and the match (right).
struct Crossed {
  bool hard = false, comma = false, that = false, soft = false;
  bool comma_first_person = false;  // ", we ...": a new clause with the speaker as subject
};

bool InScope(Cue cue, const Crossed& c, size_t distance) {
  switch (cue) {
    case Cue::kNegVerbal:
      return !c.hard && !c.comma && !c.that && !c.soft && distance <= 8;
    case Cue::kNegLocal:
      return !c.hard && !c.comma && !c.that && !c.soft && distance <= 3;
    case Cue::kNegFrame:
      return !c.hard && !c.soft;
    case Cue::kNegPhrase:
      return !c.hard && !c.comma;
    case Cue::kReported:
      // "As many States have said, we believe that ...": the report ends where the speaker's clause begins
      return !c.hard && !c.comma_first_person;
    case Cue::kHypothetical:
      return !c.hard;
    case Cue::kNone:
      return false;
  }
  return false;
}

const char* PolarityOf(Cue c) {
  switch (c) {
    case Cue::kNegVerbal:
    case Cue::kNegLocal:
    case Cue::kNegFrame:
    case Cue::kNegPhrase:
      return polarity::kNegated;
    case Cue::kReported:
      return polarity::kReported;
    case Cue::kHypothetical:
      return polarity::kHypothetical;
    case Cue::kNone:
      break;
  }
  return polarity::kAsserted;
}

// The cue starting at token i (looking ahead at most up to `limit`, the first
// match token), with *cue_end set to the index of its last token.
Cue CueAt(const std::vector<Tok>& t, size_t i, size_t limit, bool fr, size_t* cue_end) {
  auto at = [&](size_t k) -> std::string_view { return k < limit ? std::string_view(t[k].f) : std::string_view(); };
  std::string_view w = t[i].f;
  *cue_end = i;
  bool sentence_is_question = !t.empty() && t.back().question_after;

  // Negation followed by a frame verb within 4 tokens: negated frame, unless the
  // verb is one that a negation turns into an affirmation ("cannot deny").
  auto negation_then = [&](size_t from) -> Cue {
    for (size_t k = from; k < limit && k <= from + 3; ++k) {
      if (IsAffirmingAfterNegation(t[k].f)) return Cue::kNone;
      if (IsFrameWord(t[k].f, fr)) {
        *cue_end = k;
        return Cue::kNegFrame;
      }
      if (t[k].comma_before || IsThatWord(t[k].f, fr)) break;
    }
    return Cue::kNegVerbal;
  };

  if (!fr) {
    // --- negation ---
    if (w == "not") {
      std::string_view n = at(i + 1);
      if (n == "only" || n == "just" || n == "merely" || n == "simply" || n == "least" || n == "to") return Cue::kNone;
      if (i > 0 && (t[i - 1].f == "if" || (t[i - 1].f == "or" && i > 1 && t[i - 2].f == "whether"))) return Cue::kNone;
      return negation_then(i + 1);
    }
    if (EndsWith(w, "n't") || w == "cannot" || w == "never" || w == "hardly" || w == "scarcely") {
      if (at(i + 1) == "only" || at(i + 1) == "just") return Cue::kNone;
      if (w == "cannot" && at(i + 1) == "but") return Cue::kNone;
      if (EndsWith(w, "n't") && at(i + 1) == "only") return Cue::kNone;
      return negation_then(i + 1);
    }
    if (w == "neither" || w == "nor" || w == "nowhere") return Cue::kNegVerbal;
    if (w == "nobody" || w == "nothing" || w == "none" || (w == "no" && (at(i + 1) == "one"))) {
      size_t from = w == "no" ? i + 2 : i + 1;
      if (w == "no") *cue_end = i + 1;
      Cue c = negation_then(from);
      return c == Cue::kNone ? Cue::kNone : Cue::kNegFrame;
    }
    if (w == "no") {
      std::string_view n = at(i + 1);
      if (n == "doubt" || n == "question" || n == "less" || n == "matter") return Cue::kNone;
      // "(found) no evidence / indication / proof that ...": the clause that follows is denied.
      static constexpr std::string_view kEvidence[] = {"evidence", "indication", "indications", "sign",
                                                                    "proof",    "basis",      "truth"};
      if (In(n, kEvidence) && (at(i + 2) == "that" || (at(i + 2) == "to" && StartsWith(at(i + 3), "suggest")))) {
        *cue_end = i + 2;
        return Cue::kNegFrame;
      }
      if (n == "longer") {
        *cue_end = i + 1;
        return Cue::kNegVerbal;
      }
      static constexpr std::string_view kSubj[] = {"delegation", "member", "members", "state",
                                                                "country",    "speaker", "council", "government"};
      if (In(n, kSubj)) {
        Cue c = negation_then(i + 2);
        return c == Cue::kNone ? Cue::kNone : Cue::kNegFrame;
      }
      return Cue::kNegLocal;
    }
    if (w == "without") return Cue::kNegLocal;
    if (w == "far" && at(i + 1) == "from") {
      *cue_end = i + 1;
      return Cue::kNegPhrase;
    }
    if ((w == "rather" && at(i + 1) == "than") || (w == "instead" && at(i + 1) == "of")) {
      *cue_end = i + 1;
      return Cue::kNegPhrase;
    }
    if (w == "as" && at(i + 1) == "opposed" && at(i + 2) == "to") {
      *cue_end = i + 2;
      return Cue::kNegPhrase;
    }
    // --- hypothetical ---
    if (w == "if") {
      std::string_view n = at(i + 1);
      if (i > 0 && t[i - 1].f == "as") return Cue::kNone;
      if ((n == "i" || n == "we") && (at(i + 2) == "may" || at(i + 2) == "might" || at(i + 2) == "could"))
        return Cue::kNone;
      if (n == "not" || n == "any") return Cue::kNone;
      // "if necessary," / "if need be," : a parenthetical, not a condition on the clause
      for (size_t k = i + 1; k <= i + 3 && k < t.size(); ++k)
        if (t[k].comma_before) return Cue::kNone;
      return Cue::kHypothetical;
    }
    if (w == "unless" || w == "supposing" || w == "suppose") return Cue::kHypothetical;
    if (w == "in" && (at(i + 1) == "case" || (at(i + 1) == "the" && at(i + 2) == "event"))) return Cue::kHypothetical;
    if ((w == "should" || w == "were" || w == "had") && (i == 0 || t[i].comma_before || t[i].semi_before) &&
        !sentence_is_question)
      return Cue::kHypothetical;
    // --- reported ---
    if (w == "according" && at(i + 1) == "to") {
      std::string_view n = at(i + 2);
      std::string_view n2 = at(i + 3);
      static constexpr std::string_view kConform[] = {
          "mandate", "resolution", "resolutions", "rules", "charter", "plan", "law", "schedule",
          "procedure", "need", "needs", "its", "their", "international"};
      if (IsFirstPerson(n) || In(n, kConform) || (n == "the" && In(n2, kConform))) return Cue::kNone;
      *cue_end = i + 1;
      return Cue::kReported;
    }
    if (w == "in" && at(i + 1) == "the" && (at(i + 2) == "view" || at(i + 2) == "opinion") && at(i + 3) == "of") {
      if (IsFirstPerson(at(i + 4))) return Cue::kNone;
      *cue_end = i + 3;
      return Cue::kReported;
    }
  } else {
    // --- French negation ---
    if (w == "pas" || w == "jamais" || w == "guere" || w == "nullement" || w == "aucunement" || w == "ni" ||
        w == "non") {
      std::string_view n = at(i + 1);
      // frame verb between "ne" and "pas": "nous ne pensons pas que"
      if (i > 0 && IsFrameWord(t[i - 1].f, true)) return Cue::kNegFrame;
      // "pas seulement", "non seulement", "il n'y a pas que": not only
      if (n == "seulement" || n == "uniquement" || n == "que" || StartsWith(n, "qu'")) return Cue::kNone;
      if (n == "le" && at(i + 2) == "cas") return Cue::kNegFrame;
      if (n == "vrai") return Cue::kNegFrame;
      return negation_then(i + 1);
    }
    if (w == "plus" || w == "point" || w == "rien") {
      for (size_t k = i; k > 0 && k + 3 > i; --k)
        if (IsFrenchNe(t[k - 1].f)) return negation_then(i + 1);
      if (w == "rien" && IsFrenchNe(at(i + 1))) return Cue::kNegFrame;
      return Cue::kNone;
    }
    if ((w == "personne" || w == "nul") && IsFrenchNe(at(i + 1))) return Cue::kNegFrame;
    if (w == "aucun" || w == "aucune" || w == "sans") return Cue::kNegLocal;
    if (w == "loin" && IsFrenchDe(at(i + 1))) {
      *cue_end = i + 1;
      return Cue::kNegPhrase;
    }
    if (w == "plutot" && IsFrenchQue(at(i + 1))) {
      *cue_end = i + 1;
      return Cue::kNegPhrase;
    }
    if (w == "au" && at(i + 1) == "lieu" && IsFrenchDe(at(i + 2))) {
      *cue_end = i + 2;
      return Cue::kNegPhrase;
    }
    // --- French hypothetical ---
    if (w == "si" || w == "s'il" || w == "s'ils") {
      std::string_view n = at(i + 1);
      if (n == "necessaire" || n == "besoin" || n == "possible") return Cue::kNone;
      if (w != "si") return Cue::kHypothetical;
      static constexpr std::string_view kDet[] = {
          "le",  "la",    "les",   "un",   "une",  "des",  "nous",  "vous", "ils",   "elles",
          "on",  "ce",    "cette", "ces",  "leur", "leurs", "notre", "nos", "votre", "elle"};
      if (In(n, kDet) || StartsWith(n, "l'")) return Cue::kHypothetical;
      return Cue::kNone;
    }
    if ((w == "a" && at(i + 1) == "moins" && IsFrenchQue(at(i + 2))) || (w == "au" && at(i + 1) == "cas") ||
        (w == "a" && StartsWith(at(i + 1), "suppos")) || (w == "dans" && StartsWith(at(i + 1), "l'hypothese")))
      return Cue::kHypothetical;
    // --- French reported ---
    if ((w == "selon" || w == "d'apres") ) {
      std::string_view n = at(i + 1), n2 = at(i + 2);
      if (IsFirstPerson(n) || n2 == "mandat" || StartsWith(n2, "resolution") || n2 == "charte" ||
          StartsWith(n, "l'") /* l'article, l'accord */)
        return Cue::kNone;
      return Cue::kReported;
    }
    if (w == "d'aucuns") return Cue::kReported;
  }

  // Reporting verbs with a subject that is not the speaker.
  if (IsReportingVerb(w, fr)) {
    if (!fr) {
      if (i > 0 && (t[i - 1].f == "the" || t[i - 1].f == "aforesaid")) return Cue::kNone;  // "the said resolution"
      if (w == "said" && i > 0 && (t[i - 1].f == "that" || t[i - 1].f == "having")) return Cue::kNone;
      if (w == "say" && i > 0 && (t[i - 1].f == "to" || t[i - 1].f == "needless")) return Cue::kNone;
    }
    if (StartsWith(w, "reportedly") || StartsWith(w, "purportedly") || StartsWith(w, "supposedly") ||
        StartsWith(w, "allegedly") || w == "pretendument")
      return Cue::kReported;
    // Subject: the nearest non-auxiliary tokens before the verb (at most 3 looked at).
    size_t seen = 0;
    for (size_t k = i; k > 0 && seen < 3; --k) {
      std::string_view s = t[k - 1].f;
      if (IsAux(s)) continue;
      if (IsFirstPerson(s)) return Cue::kNone;
      ++seen;
      if (t[k - 1].comma_before || t[k - 1].semi_before) break;
    }
    if (i == 0 && (w == "say" || w == "think" || w == "believe" || w == "suggest" || w == "feel"))
      return Cue::kNone;  // imperative / elliptical first person
    return Cue::kReported;
  }
  return Cue::kNone;
}

}  // namespace

const char* MatchPolarity(std::string_view text, Span sentence, Span match, const std::vector<Token>& tokens,
                          const std::string& language) {
  if (tokens.empty()) return polarity::kAsserted;
  const bool fr = language.size() >= 2 && language.compare(0, 2, "fr") == 0;
  std::vector<Tok> t = Prepare(text, sentence, tokens);

  // First token of the match (tokens that end at or before match.begin lie before it).
  size_t mb = 0;
  while (mb < tokens.size() && tokens[mb].span.end <= match.begin) ++mb;
  size_t me = mb;  // one past the last match token
  while (me < tokens.size() && tokens[me].span.begin < match.end) ++me;

  // Parenthetical commas: a comma pair enclosing at most 4 tokens (", however,").
  std::vector<bool> paren(t.size() + 1, false);
  for (size_t k = 1; k < t.size(); ++k) {
    if (!t[k].comma_before) continue;
    for (size_t j = k + 1; j < t.size() && j <= k + 4; ++j) {
      if (t[j].comma_before) {
        paren[k] = paren[j] = true;
        break;
      }
    }
  }

  Cue best = Cue::kNone;
  Crossed crossed;
  // Boundary in the gap before the first match token.
  auto cross_gap = [&](size_t k) {
    if (k >= t.size()) return;
    if (t[k].semi_before) crossed.hard = true;
    if (t[k].comma_before && !paren[k]) crossed.comma = true;
  };
  if (mb < t.size()) cross_gap(mb);
  for (size_t i = std::min(mb, t.size()); i-- > 0;) {
    if (crossed.hard) break;
    size_t cue_end = i;
    Cue c = CueAt(t, i, mb, fr, &cue_end);
    if (c != Cue::kNone) {
      // Boundaries crossed between the cue's last token and the match: recompute
      // for multi-token cues whose tail lies to the right of i.
      Crossed cc;
      for (size_t k = cue_end + 1; k <= mb && k < t.size(); ++k) {
        if (t[k].semi_before) cc.hard = true;
        if (t[k].comma_before && !paren[k]) cc.comma = true;
        if ((t[k].comma_before || t[k].semi_before) && IsFirstPerson(t[k].f) && t[k].f != "let")
          cc.comma_first_person = true;
        if (k < mb) {
          if (IsHardWord(t, k, fr)) cc.hard = true;
          if (IsSoftWord(t, k, fr)) cc.soft = true;
          if (IsThatWord(t[k].f, fr)) cc.that = true;
        }
      }
      size_t distance = mb > cue_end ? mb - cue_end - 1 : 0;
      if (InScope(c, cc, distance)) best = c;
    }
    // Crossing token i and the gap before it, for cues further left.
    if (IsHardWord(t, i, fr)) crossed.hard = true;
    cross_gap(i);
  }
  if (best != Cue::kNone) return PolarityOf(best);

  // French "ne <match> pas": the verb is the match, the negation wraps it.
  if (fr && mb < t.size()) {
    bool ne_before = false;
    for (size_t k = mb; k > 0 && k + 2 >= mb; --k)
      if (IsFrenchNe(t[k - 1].f)) ne_before = true;
    if (ne_before) {
      static constexpr std::string_view kPost[] = {"pas",  "plus",  "jamais",    "guere",
                                                                "point", "aucun", "nullement", "rien"};
      for (size_t k = me; k < t.size() && k < me + 2; ++k) {
        if (t[k].comma_before || t[k].semi_before) break;
        if (In(std::string_view(t[k].f), kPost) && !(k + 1 < t.size() && t[k + 1].f == "seulement"))
          return polarity::kNegated;
      }
    }
  }
  // English: "... <match> is not the case / is not true".
  if (!fr && me < t.size()) {
    for (size_t k = me; k < t.size() && k < me + 3; ++k) {
      if (t[k].comma_before || t[k].semi_before) break;
      if ((t[k].f == "not" || EndsWith(t[k].f, "n't")) && k + 1 < t.size() &&
          (t[k + 1].f == "true" || (t[k + 1].f == "the" && k + 2 < t.size() && t[k + 2].f == "case")))
        return polarity::kNegated;
    }
  }
  return polarity::kAsserted;
}

std::vector<Span> ForceOrganisationMentions(std::string_view text, Span sentence, const std::vector<Token>& tokens) {
  (void)sentence;
  std::vector<Span> out;
  static constexpr std::string_view kAfter[] = {
      "commander", "commanders", "headquarters", "hq", "chief", "engineer", "provost", "intervention",
      "interimaire", "multinationale", "commandant"};
  static constexpr std::string_view kBefore[] = {
      "interim",   "multinational", "protection", "emergency", "stabilization", "stabilisation",
      "security",  "observer",      "implementation", "kosovo", "deployment", "assistance",
      "peacekeeping", "disengagement", "extraction", "response"};
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& tk = tokens[i];
    if (tk.span.end > text.size() || tk.span.size() < 5) continue;
    std::string f = NormApostrophes(tk.folded);
    if (f != "force" && f != "force's" && f != "forces'" && f != "forces") continue;
    std::string_view raw = text.substr(tk.span.begin, 5);
    bool cap = raw == "Force" || raw == "FORCE";
    std::string_view next = i + 1 < tokens.size() ? std::string_view(tokens[i + 1].folded) : std::string_view();
    std::string_view prev = i > 0 ? std::string_view(tokens[i - 1].folded) : std::string_view();
    bool org = false;
    if (f == "force" && In(next, kAfter) && (cap || next == "commander" || next == "commanders" ||
                                             next == "headquarters"))
      org = true;                                  // Force Commander, force headquarters
    else if (cap && In(prev, kBefore)) org = true;  // Interim Force, Multinational Force
    else if (cap && f != "forces" && (prev == "the" || prev == "la" || prev == "this" || prev == "cette") && i >= 1)
      org = true;                                   // the Force will deploy, the Force's, la Force
    else if (cap && f == "force's") org = true;
    if (org) out.push_back(Span{tk.span.begin, tk.span.begin + 5});
  }
  return out;
}

}  // namespace normcode
