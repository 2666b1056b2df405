// SentenceCoder: runs the compiled lexicon on one sentence.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <bit>
#include <map>
#include <unordered_map>

#include "core/limits.h"
#include "extractors/match/lexicon_internal.h"
#include "extractors/match/features.h"
#include "extractors/match/scope.h"
#include "extractors/match/scorer.h"

namespace normcode {

namespace {
struct Hit {
  int entry = 0;
  Span span;
};

// Lower-cases for matching FilteredRE2 atoms (which are lower case): ASCII and
// the Latin-1 capitals (U+00C0..U+00DE, UTF-8 C3 80..C3 9E), other bytes copied.
void LowerForAtoms(re2::StringPiece in, std::string* out) {
  out->resize(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
    else if (c >= 0x80 && c <= 0x9E && i > 0 && static_cast<unsigned char>(in[i - 1]) == 0xC3 && c != 0x97)
      c = static_cast<unsigned char>(c + 0x20);
    (*out)[i] = static_cast<char>(c);
  }
}
}  // namespace

// The sentence folded the way FoldForMatch folds a token, one code point at a time.
// FoldForMatch is a map of single code points (case fold, NFKD, non-spacing marks
// dropped, typographic apostrophes to '), so the folded form of every token of the
// sentence is a substring of this. `cache` memoises the non-ASCII code points.
void FoldPerCodePoint(std::string_view s, std::string* out, std::unordered_map<uint32_t, std::string>* cache) {
  out->clear();
  out->reserve(s.size());
  if (cache->size() > 4096) cache->clear();  // bound the memory on hostile text
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out->push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
      ++i;
      continue;
    }
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    n = std::min(n, s.size() - i);
    uint32_t key = 0;
    for (size_t k = 0; k < n; ++k) key = key << 8 | static_cast<unsigned char>(s[i + k]);
    auto it = cache->find(key);
    if (it == cache->end()) it = cache->emplace(key, FoldForMatch(s.substr(i, n))).first;
    out->append(it->second);
    i += n;
  }
}

// Whether some phrase anchor can be a token key of the sentence: a key occurs in the
// folded sentence at a word start, i.e. not glued to an ASCII letter or digit on its
// left (ICU never puts a word break between two of those; an elided "l'" or a
// possessive "'s" leaves an apostrophe there), nor, for an exact key, on its right.
// A superset of what the token-level anchor lookup finds, so skipping the sentence
// when this is false changes no result; it only saves the ICU word tokenisation.
bool PhraseAnchorsMayOccur(const LanguageMatchers& lm, std::string_view folded) {
  auto joins = [](unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  bool found = false;
  for (size_t i = 0; i < folded.size() && !found; ++i) {
    if (i > 0 && joins(static_cast<unsigned char>(folded[i - 1]))) continue;
    lm.anchor_set->ForEachAt(folded, i, [&](int k, size_t end) {
      if (!lm.anchor_exact[k] || end == folded.size() || !joins(static_cast<unsigned char>(folded[end]))) found = true;
    });
  }
  return found;
}

struct SentenceCoder::Impl {
  std::shared_ptr<const Codebook> codebook;
  Limits limits;
  std::map<std::string, std::unique_ptr<Segmenter>> segmenters;
  uint64_t dropped = 0;
  // Scratch, reused between sentences.
  std::vector<Token> tokens;
  std::vector<int> set_hits;
  std::vector<int> atoms;
  // Per regex id, for the sentence at hand: the bit mask of its atoms found (atom
  // index < 64), and for a wide regex (>= 64 atoms) the list. touched_at[ri] ==
  // regex_generation marks the regexes with some atom found in this sentence.
  std::vector<uint64_t> atom_masks;
  std::vector<std::vector<int>> local_atoms;
  std::vector<uint32_t> touched_at;
  uint32_t regex_generation = 0;
  std::vector<int> touched, potentials, local;
  // Whether a regex can match depends only on which of its atoms were found: memo of
  // the last few (mask -> candidate) answers per regex, per language; flat and small
  // so that the lookup stays in cache (the formula itself, AllPotentials, is slower).
  struct FilterMemo {
    static constexpr int kSlots = 32;
    uint64_t mask[kSlots];
    bool candidate[kSlots];
    uint8_t used = 0, next = 0;
  };
  std::map<const LanguageMatchers*, std::vector<FilterMemo>> filter_memos;
  std::vector<uint32_t> atom_seen;
  uint32_t atom_stamp = 0;
  std::string lower;
  std::string folded;
  std::unordered_map<uint32_t, std::string> fold_cache;
  std::vector<uint32_t> phrase_seen;  // generation stamp per phrase id
  uint32_t generation = 0;
  std::vector<int> phrase_candidates;
  std::vector<TokenRange> ranges;
  std::vector<Hit> hits;
  std::vector<Span> force_org;
  std::vector<signed char> exclude_cache;  // per entry: -1 unknown, 0 no, 1 excluded

  Segmenter* Seg(const std::string& language) {
    auto it = segmenters.find(language);
    if (it != segmenters.end()) return it->second.get();
    auto s = Segmenter::Create(language);
    if (!s.ok()) s = Segmenter::Create("en");
    if (!s.ok()) return nullptr;
    return (segmenters[language] = std::move(s).value()).get();
  }

  // Token indexes [first, last] covered by a byte span; false when none.
  bool TokenCover(Span sp, int* first, int* last) const {
    auto lo = std::lower_bound(tokens.begin(), tokens.end(), sp.begin,
                               [](const Token& t, uint64_t b) { return t.span.end <= b; });
    if (lo == tokens.end() || lo->span.begin >= sp.end) return false;
    auto hi = std::lower_bound(tokens.begin(), tokens.end(), sp.end,
                               [](const Token& t, uint64_t e) { return t.span.begin < e; });
    *first = static_cast<int>(lo - tokens.begin());
    *last = static_cast<int>(hi - tokens.begin()) - 1;
    return *last >= *first;
  }

  bool Excluded(const LexEntry& e, int ei, re2::StringPiece sentence) {
    if (e.excludes.empty()) return false;
    signed char& c = exclude_cache[ei];
    if (c < 0) {
      c = 0;
      for (const auto& re : e.excludes)
        if (RE2::PartialMatch(sentence, *re)) {
          c = 1;
          break;
        }
    }
    return c == 1;
  }

  bool NearOk(const LexEntry& e, Span match) {
    if (e.near.empty()) return true;
    int first, last;
    if (!TokenCover(match, &first, &last)) return false;
    for (const NearConstraint& nc : e.near) {
      bool found = false;
      for (const auto& term : nc.terms) {
        ranges.clear();
        MatchPhrase(*term, tokens, &ranges);
        for (const TokenRange& r : ranges) {
          int gap;
          if (r.first > last) gap = r.first - last - 1;
          else if (r.last < first) gap = first - r.last - 1;
          else gap = 0;  // overlaps the match
          if (gap <= nc.window) {
            found = true;
            break;
          }
        }
        if (found) break;
      }
      if (!found) return false;
    }
    return true;
  }

  bool tokenised = false;
  std::vector<Token> previous_tokens;
  std::string_view tokens_of;  // the sentence `tokens` belong to (for the next sentence's previous)
  FeatureInput feature_input;  // set by Prepare when features are wanted
  bool has_features = false;

  void Tokenise(Segmenter* seg, std::string_view text, Span sentence) {
    if (tokenised) return;
    tokens = seg->Words(text, sentence);
    tokens_of = text.substr(sentence.begin, sentence.size());
    tokenised = true;
  }

  // Stage 1: the lexicon hits in text[sentence] (regex entries through the atom
  // prefilter, phrase entries through the anchor index), into `hits`.
  void FindHits(const Codebook::Impl& cb, const LanguageMatchers& lm, Segmenter* seg, std::string_view text,
                Span sentence, re2::StringPiece stext) {
    // Regex entries: one RE2::Set scan, then only the candidates for spans.
    if (!lm.regex_refs.empty()) {
      set_hits.clear();
      set_hits.assign(lm.unfiltered.begin(), lm.unfiltered.end());
      if (lm.atom_set) {
        atoms.clear();
        LowerForAtoms(stext, &lower);
        lm.atom_set->Find(lower, &atoms, &atom_seen, &atom_stamp);
        const size_t nregex = lm.regex_refs.size();
        if (touched_at.size() < nregex) {
          touched_at.resize(nregex, 0);
          atom_masks.resize(nregex, 0);
          local_atoms.resize(nregex);
        }
        if (++regex_generation == 0) {
          std::fill(touched_at.begin(), touched_at.end(), 0);
          regex_generation = 1;
        }
        touched.clear();
        for (int a : atoms)
          for (int k = lm.atom_users_begin[a]; k < lm.atom_users_begin[a + 1]; ++k) {
            auto [ri, local] = lm.atom_users[k];
            if (touched_at[ri] != regex_generation) {
              touched_at[ri] = regex_generation;
              atom_masks[ri] = 0;
              local_atoms[ri].clear();
              touched.push_back(ri);
            }
            if (lm.regex_wide[ri]) local_atoms[ri].push_back(local);
            else atom_masks[ri] |= uint64_t{1} << local;
          }
        std::vector<FilterMemo>& memos = filter_memos[&lm];
        if (memos.size() < nregex) memos.resize(nregex);
        for (int ri : touched) {
          bool candidate = false;
          if (lm.regex_wide[ri]) {
            potentials.clear();
            lm.filters[ri]->AllPotentials(local_atoms[ri], &potentials);
            candidate = !potentials.empty();
          } else {
            const uint64_t mask = atom_masks[ri];
            FilterMemo& memo = memos[ri];
            int slot = -1;
            for (int k = 0; k < memo.used; ++k)
              if (memo.mask[k] == mask) {
                slot = k;
                break;
              }
            if (slot >= 0) {
              candidate = memo.candidate[slot];
            } else {
              local.clear();
              for (uint64_t bits = mask; bits; bits &= bits - 1) local.push_back(std::countr_zero(bits));
              potentials.clear();
              lm.filters[ri]->AllPotentials(local, &potentials);
              candidate = !potentials.empty();
              int put = memo.used < FilterMemo::kSlots ? memo.used++ : memo.next++ % FilterMemo::kSlots;
              memo.mask[put] = mask;
              memo.candidate[put] = candidate;
            }
          }
          if (candidate) set_hits.push_back(ri);
        }
      }
      std::sort(set_hits.begin(), set_hits.end());
      for (int si : set_hits) {
        auto [ei, pi] = lm.regex_refs[si];
        const RE2& re = *cb.entries[ei].regexes[pi];
        re2::StringPiece groups[2];
        int ngroups = re.NumberOfCapturingGroups() == 1 ? 2 : 1;
        size_t pos = 0;
        while (pos <= stext.size()) {
          if (!re.Match(stext, pos, stext.size(), RE2::UNANCHORED, groups, ngroups)) break;
          const re2::StringPiece& whole = groups[0];
          size_t wb = static_cast<size_t>(whole.data() - stext.data());
          size_t we = wb + whole.size();
          const re2::StringPiece& g = (ngroups == 2 && groups[1].data() != nullptr) ? groups[1] : whole;
          size_t gb = static_cast<size_t>(g.data() - stext.data());
          if (g.size() > 0)
            hits.push_back(Hit{ei, Span{sentence.begin + gb, sentence.begin + gb + g.size()}});
          if (we > pos) {
            pos = we;
          } else {  // empty match: step one code point
            ++pos;
            while (pos < stext.size() && (static_cast<unsigned char>(stext[pos]) & 0xC0) == 0x80) ++pos;
          }
        }
      }
    }

    // Phrase entries: candidates from the anchor index.
    bool phrases = false;
    if (lm.anchor_set) {
      FoldPerCodePoint(stext, &folded, &fold_cache);
      phrases = PhraseAnchorsMayOccur(lm, folded);
    }
    if (phrases) Tokenise(seg, text, sentence);
    if (phrases && !tokens.empty()) {
      if (phrase_seen.size() < lm.phrase_refs.size()) phrase_seen.assign(lm.phrase_refs.size(), 0);
      if (++generation == 0) {
        std::fill(phrase_seen.begin(), phrase_seen.end(), 0);
        generation = 1;
      }
      phrase_candidates.clear();
      auto add = [&](const std::vector<int>& ids) {
        for (int id : ids)
          if (phrase_seen[id] != generation) {
            phrase_seen[id] = generation;
            phrase_candidates.push_back(id);
          }
      };
      for (const Token& t : tokens) {
        std::string_view keys[3];
        int nk = TokenKeys(t.folded, keys);
        for (int k = 0; k < nk; ++k) {
          if (!lm.exact.empty()) {
            auto it = lm.exact.find(keys[k]);
            if (it != lm.exact.end()) add(it->second);
          }
          if (!lm.prefix.empty()) {
            for (size_t l : lm.prefix_lengths) {
              if (l > keys[k].size()) break;
              auto it = lm.prefix.find(keys[k].substr(0, l));
              if (it != lm.prefix.end()) add(it->second);
            }
          }
        }
      }
      std::sort(phrase_candidates.begin(), phrase_candidates.end());
      for (int id : phrase_candidates) {
        auto [ei, pi] = lm.phrase_refs[id];
        ranges.clear();
        MatchPhrase(*cb.entries[ei].phrases[pi], tokens, &ranges);
        for (const TokenRange& r : ranges)
          hits.push_back(Hit{ei, Span{tokens[r.first].span.begin, tokens[r.last].span.end}});
      }
    }
  }

  // Stage 2: hits -> candidate evidence: role, Force-as-organisation, exclude and
  // near constraints; overlapping hits of an entry collapsed; polarity, target and
  // the entry weight (when asserted) set. Needs `tokens`.
  void Candidates(const Codebook::Impl& cb, std::string_view text, Span sentence, re2::StringPiece stext,
                  const SentenceContext& ctx, std::vector<Evidence>* out) {
    // Constraints.
    force_org = ForceOrganisationMentions(text, sentence, tokens);
    std::vector<Hit> kept;
    kept.reserve(hits.size());
    for (const Hit& h : hits) {
      const LexEntry& e = cb.entries[h.entry];
      if (!e.roles.empty() && std::find(e.roles.begin(), e.roles.end(), ctx.role) == e.roles.end()) continue;
      bool force = false;
      for (const Span& f : force_org)
        if (f.begin >= h.span.begin && f.end <= h.span.end) force = true;
      if (force) continue;
      if (Excluded(e, h.entry, stext)) continue;
      if (!NearOk(e, h.span)) continue;
      kept.push_back(h);
    }
    // Overlapping hits of one entry collapse to the earliest (longest at equal start).
    std::sort(kept.begin(), kept.end(), [](const Hit& a, const Hit& b) {
      if (a.entry != b.entry) return a.entry < b.entry;
      if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
      return a.span.end > b.span.end;
    });
    std::vector<Hit> uniq;
    for (const Hit& h : kept) {
      if (!uniq.empty() && uniq.back().entry == h.entry && h.span.begin < uniq.back().span.end) continue;
      uniq.push_back(h);
    }

    for (const Hit& h : uniq) {
      const LexEntry& e = cb.entries[h.entry];
      Evidence ev;
      ev.code = kCodes[e.code_index];
      ev.entry_id = e.info.id;
      ev.lexicon_version = cb.version;
      ev.match = h.span;
      ev.matched_text.assign(text.substr(h.span.begin, h.span.size()));
      ev.polarity = MatchPolarity(text, sentence, h.span, tokens, ctx.language);
      ev.target = cb.entities.ResolveTarget(text, sentence, h.span, tokens, ctx);
      ev.score = ev.polarity == std::string_view(polarity::kAsserted) ? e.info.weight : 0.0;
      out->push_back(std::move(ev));
    }

  }
};

SentenceCoder::SentenceCoder(std::shared_ptr<const Codebook> codebook) : SentenceCoder(std::move(codebook), Limits()) {}

SentenceCoder::SentenceCoder(std::shared_ptr<const Codebook> codebook, const Limits& limits)
    : impl_(std::make_unique<Impl>()) {
  impl_->codebook = std::move(codebook);
  impl_->limits = limits;
}

SentenceCoder::~SentenceCoder() = default;

uint64_t SentenceCoder::dropped_matches() const { return impl_->dropped; }

std::vector<Span> SentenceCoder::Sentences(std::string_view text, Span range, const std::string& language) {
  Segmenter* seg = impl_->Seg(language);
  if (!seg) return {};
  return seg->Sentences(text, range, impl_->limits.max_sentence_bytes);
}

void SentenceCoder::CodeRange(std::string_view text, Span range, const SentenceContext& ctx,
                              std::string_view* previous,
                              const std::function<void(Span, std::vector<Evidence>&&)>& each) {
  SentenceContext c = ctx;
  for (const Span& sp : Sentences(text, range, ctx.language)) {
    c.previous = *previous;
    each(sp, Code(text, sp, c));
    *previous = text.substr(sp.begin, sp.size());
  }
}

std::vector<Evidence> SentenceCoder::CodeText(std::string_view text, const SentenceContext& ctx) {
  std::vector<Evidence> out;
  std::string_view previous = ctx.previous;
  int index = 0;
  CodeRange(text, Span{0, text.size()}, ctx, &previous, [&](Span, std::vector<Evidence>&& ev) {
    ++index;
    for (Evidence& e : ev) {
      e.sentence = index;
      out.push_back(std::move(e));
    }
  });
  return out;
}

namespace {
bool Asserted(const Evidence& e) { return e.polarity == std::string_view(polarity::kAsserted); }

std::string FeatureList(const std::vector<FeatureWeight>& top) {
  std::string s;
  char buf[32];
  for (const FeatureWeight& f : top) {
    if (!s.empty()) s += "; ";
    std::snprintf(buf, sizeof buf, " %+.3f", f.weight);
    s += f.feature + buf;
  }
  return s;
}
}  // namespace

// Stages 1-3 for one sentence: hits, candidates, and (when the scorer wants them)
// the features. Returns false when the sentence cannot be coded at all.
bool SentenceCoder::Prepare(std::string_view text, Span* sentence, const SentenceContext& ctx, bool want_features,
                            bool want_previous, std::vector<Evidence>* candidates) {
  Impl& m = *impl_;
  candidates->clear();
  m.has_features = false;
  if (!m.codebook) return false;
  const Codebook::Impl& cb = m.codebook->impl();
  sentence->end = std::min<uint64_t>(sentence->end, text.size());
  if (sentence->begin >= sentence->end) return false;
  Segmenter* seg = m.Seg(ctx.language);
  if (!seg) return false;
  auto lit = cb.languages.find(ctx.language);
  const Span sp = *sentence;
  re2::StringPiece stext(text.data() + sp.begin, sp.size());
  // Tokens are made only when needed: for a phrase anchor, a hit's constraints or
  // the model's features. Without a model most sentences are never tokenised.
  const std::string_view before_tokens = m.tokens_of;
  std::vector<Token> before;
  if (want_features && want_previous && !ctx.previous.empty() && m.tokenised &&
      before_tokens.data() == ctx.previous.data() &&
      before_tokens.size() == ctx.previous.size())
    before.swap(m.tokens);  // the previous sentence's tokens: reuse them
  m.tokens.clear();
  m.tokenised = false;
  m.hits.clear();
  m.exclude_cache.assign(cb.entries.size(), -1);
  if (lit != cb.languages.end()) m.FindHits(cb, lit->second, seg, text, sp, stext);
  if (m.hits.empty() && !want_features) return true;
  m.Tokenise(seg, text, sp);
  if (!m.hits.empty()) m.Candidates(cb, text, sp, stext, ctx, candidates);
  if (want_features) {
    const std::vector<Token>* prev = nullptr;
    std::string_view prev_text;
    if (want_previous && !ctx.previous.empty()) {
      if (before.empty()) {
        before = seg->Words(ctx.previous, Span{0, ctx.previous.size()});
        prev_text = ctx.previous;
      } else {
        prev_text = text;  // reused tokens: their spans index the same text
      }
      m.previous_tokens.swap(before);
      prev = &m.previous_tokens;
    }
    FeatureInput& in = m.feature_input;
    in = FeatureInput();
    in.text = text;
    in.tokens = &m.tokens;
    in.previous_text = prev_text;
    in.previous_tokens = prev;
    in.candidates = candidates;
    in.role = ctx.role;
    for (auto t = m.tokens.rbegin(); t != m.tokens.rend(); ++t)
      if (!t->folded.empty() && (std::isalnum(static_cast<unsigned char>(t->folded[0])) ||
                                 static_cast<unsigned char>(t->folded[0]) >= 0x80)) {
        in.scope = MatchPolarity(text, sp, t->span, m.tokens, ctx.language);
        break;
      }
    m.has_features = true;
  }
  return true;
}

std::vector<std::string> SentenceCoder::Features(std::string_view text, Span sentence, const SentenceContext& ctx) {
  std::vector<Evidence> candidates;
  if (ctx.procedural || ctx.role == role::kProcedure) return {};
  if (!Prepare(text, &sentence, ctx, true, true, &candidates)) return {};
  std::vector<std::string> out;
  SentenceFeatures(impl_->feature_input, impl_->codebook->impl().country_mask, &out);
  return out;
}

std::vector<Evidence> SentenceCoder::Code(std::string_view text, Span sentence, const SentenceContext& ctx) {
  std::vector<Evidence> out;
  Impl& m = *impl_;
  if (!m.codebook || ctx.procedural || ctx.role == role::kProcedure) return out;
  const Codebook::Impl& cb = m.codebook->impl();
  const Scorer& scorer = *cb.scorer;
  std::vector<Evidence> candidates;
  // Stages 1 and 2 (and the features for stage 3).
  if (!Prepare(text, &sentence, ctx, scorer.WantsFeatures(ctx), scorer.WantsGroup('p'), &candidates)) return out;
  if (candidates.empty() && !m.has_features) return out;
  // Stage 3: score every code.
  SentenceScores scores;
  const CountryMask& mask = cb.country_mask;
  const FeatureSource source = [&](const FeatureVisitor& visit) {
    VisitSentenceFeatures(m.feature_input, mask, visit);
  };
  scorer.Score(ctx, candidates, m.has_features ? &source : nullptr, &scores);
  // Stage 4: resolve. A code is decided when its score reaches the threshold: its
  // asserted candidates become evidence (scored), or, when the model decided and no
  // entry of the code fired, the sentence itself is the evidence span. Candidates
  // of undecided codes are dropped; non-asserted ones stay (score 0) for audits.
  std::array<bool, kCodeCount> decided{};
  for (size_t c = 0; c < kCodeCount; ++c) {
    bool fired = false;
    for (const Evidence& e : candidates)
      if (Asserted(e) && e.code == kCodes[c]) fired = true;
    decided[c] = (fired || scores[c].modelled) && scores[c].score >= scorer.Threshold(static_cast<int>(c), ctx) &&
                 scores[c].score > 0;
  }
  // Exclusive groups: when several codes of a group are decided, keep the
  // best-scoring one (ties: the code listed first in the group) and drop every
  // row of the others.
  std::array<bool, kCodeCount> excluded{};
  for (const auto& group : cb.exclusive_idx) {
    int best = -1;
    int n = 0;
    for (int ci : group) {
      if (!decided[ci]) continue;
      ++n;
      if (best < 0 || scores[ci].score > scores[best].score) best = ci;
    }
    if (n >= 2)
      for (int ci : group)
        if (ci != best) decided[ci] = false, excluded[ci] = true;
  }
  for (Evidence& e : candidates) {
    int c = CodeIndex(e.code);
    if (c >= 0 && excluded[c]) continue;
    if (Asserted(e)) {
      if (c < 0 || !decided[c]) continue;
      if (scores[c].modelled) {
        e.score = scores[c].score;
        e.model_version = std::string(scorer.model_version());
        e.features = FeatureList(scores[c].top);
      }
    }
    out.push_back(std::move(e));
  }
  for (size_t c = 0; c < kCodeCount; ++c) {
    if (!decided[c] || !scores[c].modelled) continue;
    bool has_row = false;
    for (const Evidence& e : out)
      if (Asserted(e) && e.code == kCodes[c]) has_row = true;
    if (has_row) continue;
    Evidence ev;
    ev.code = kCodes[c];
    ev.entry_id = std::string("model.") + kCodes[c];
    ev.lexicon_version = cb.version;
    ev.match = sentence;
    ev.matched_text.assign(text.substr(sentence.begin, sentence.size()));
    ev.polarity = polarity::kAsserted;
    ev.target = cb.entities.ResolveTarget(text, sentence, sentence, m.tokens, ctx);
    ev.score = scores[c].score;
    ev.model_version = std::string(scorer.model_version());
    ev.features = FeatureList(scores[c].top);
    out.push_back(std::move(ev));
  }

  std::sort(out.begin(), out.end(), [](const Evidence& a, const Evidence& b) {
    if (a.match.begin != b.match.begin) return a.match.begin < b.match.begin;
    if (a.entry_id != b.entry_id) return a.entry_id < b.entry_id;
    return a.match.end < b.match.end;
  });
  if (out.size() > m.limits.max_matches_per_sentence) {
    m.dropped += out.size() - m.limits.max_matches_per_sentence;
    out.resize(m.limits.max_matches_per_sentence);
  }
  return out;
}

}  // namespace normcode
