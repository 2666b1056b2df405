// SentenceCoder: runs the compiled lexicon on one sentence.
#include <algorithm>
#include <bit>
#include <map>
#include <unordered_map>

#include "core/limits.h"
#include "extractors/match/lexicon_internal.h"
#include "extractors/match/scope.h"

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
};

SentenceCoder::SentenceCoder(std::shared_ptr<const Codebook> codebook) : SentenceCoder(std::move(codebook), Limits()) {}

SentenceCoder::SentenceCoder(std::shared_ptr<const Codebook> codebook, const Limits& limits)
    : impl_(std::make_unique<Impl>()) {
  impl_->codebook = std::move(codebook);
  impl_->limits = limits;
}

SentenceCoder::~SentenceCoder() = default;

uint64_t SentenceCoder::dropped_matches() const { return impl_->dropped; }

std::vector<Span> SentenceCoder::Sentences(std::string_view text, Span range) {
  Segmenter* seg = impl_->Seg("en");
  if (!seg) return {};
  return seg->Sentences(text, range, impl_->limits.max_sentence_bytes);
}

std::vector<Evidence> SentenceCoder::CodeText(std::string_view text, const SentenceContext& ctx) {
  std::vector<Evidence> out;
  Segmenter* seg = impl_->Seg(ctx.language);
  if (!seg) return out;
  int index = 0;
  for (const Span& sp : seg->Sentences(text, Span{0, text.size()}, impl_->limits.max_sentence_bytes)) {
    ++index;
    for (Evidence& e : Code(text, sp, ctx)) {
      e.sentence = index;
      out.push_back(std::move(e));
    }
  }
  return out;
}

std::vector<Evidence> SentenceCoder::Code(std::string_view text, Span sentence, const SentenceContext& ctx) {
  std::vector<Evidence> out;
  Impl& m = *impl_;
  if (!m.codebook) return out;
  const Codebook::Impl& cb = m.codebook->impl();
  if (ctx.procedural || ctx.role == role::kProcedure) return out;
  sentence.end = std::min<uint64_t>(sentence.end, text.size());
  if (sentence.begin >= sentence.end) return out;
  auto lit = cb.languages.find(ctx.language);
  if (lit == cb.languages.end()) return out;
  const LanguageMatchers& lm = lit->second;
  Segmenter* seg = m.Seg(ctx.language);
  if (!seg) return out;

  // Tokens are made only when needed: for a phrase anchor, or for the constraints
  // of a hit. Most sentences have neither and are never tokenised.
  m.tokens.clear();
  bool tokenised = false;
  auto tokenise = [&] {
    if (!tokenised) m.tokens = seg->Words(text, sentence);
    tokenised = true;
  };
  m.hits.clear();
  m.exclude_cache.assign(cb.entries.size(), -1);
  re2::StringPiece stext(text.data() + sentence.begin, sentence.size());

  // Regex entries: one RE2::Set scan, then only the candidates for spans.
  if (!lm.regex_refs.empty()) {
    m.set_hits.clear();
    m.set_hits.assign(lm.unfiltered.begin(), lm.unfiltered.end());
    if (lm.atom_set) {
      m.atoms.clear();
      LowerForAtoms(stext, &m.lower);
      lm.atom_set->Find(m.lower, &m.atoms, &m.atom_seen, &m.atom_stamp);
      const size_t nregex = lm.regex_refs.size();
      if (m.touched_at.size() < nregex) {
        m.touched_at.resize(nregex, 0);
        m.atom_masks.resize(nregex, 0);
        m.local_atoms.resize(nregex);
      }
      if (++m.regex_generation == 0) {
        std::fill(m.touched_at.begin(), m.touched_at.end(), 0);
        m.regex_generation = 1;
      }
      m.touched.clear();
      for (int a : m.atoms)
        for (int k = lm.atom_users_begin[a]; k < lm.atom_users_begin[a + 1]; ++k) {
          auto [ri, local] = lm.atom_users[k];
          if (m.touched_at[ri] != m.regex_generation) {
            m.touched_at[ri] = m.regex_generation;
            m.atom_masks[ri] = 0;
            m.local_atoms[ri].clear();
            m.touched.push_back(ri);
          }
          if (lm.regex_wide[ri]) m.local_atoms[ri].push_back(local);
          else m.atom_masks[ri] |= uint64_t{1} << local;
        }
      std::vector<Impl::FilterMemo>& memos = m.filter_memos[&lm];
      if (memos.size() < nregex) memos.resize(nregex);
      for (int ri : m.touched) {
        bool candidate = false;
        if (lm.regex_wide[ri]) {
          m.potentials.clear();
          lm.filters[ri]->AllPotentials(m.local_atoms[ri], &m.potentials);
          candidate = !m.potentials.empty();
        } else {
          const uint64_t mask = m.atom_masks[ri];
          Impl::FilterMemo& memo = memos[ri];
          int slot = -1;
          for (int k = 0; k < memo.used; ++k)
            if (memo.mask[k] == mask) {
              slot = k;
              break;
            }
          if (slot >= 0) {
            candidate = memo.candidate[slot];
          } else {
            m.local.clear();
            for (uint64_t bits = mask; bits; bits &= bits - 1) m.local.push_back(std::countr_zero(bits));
            m.potentials.clear();
            lm.filters[ri]->AllPotentials(m.local, &m.potentials);
            candidate = !m.potentials.empty();
            int put = memo.used < Impl::FilterMemo::kSlots ? memo.used++ : memo.next++ % Impl::FilterMemo::kSlots;
            memo.mask[put] = mask;
            memo.candidate[put] = candidate;
          }
        }
        if (candidate) m.set_hits.push_back(ri);
      }
    }
    std::sort(m.set_hits.begin(), m.set_hits.end());
    for (int si : m.set_hits) {
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
          m.hits.push_back(Hit{ei, Span{sentence.begin + gb, sentence.begin + gb + g.size()}});
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
    FoldPerCodePoint(stext, &m.folded, &m.fold_cache);
    phrases = PhraseAnchorsMayOccur(lm, m.folded);
  }
  if (phrases) tokenise();
  if (phrases && !m.tokens.empty()) {
    if (m.phrase_seen.size() < lm.phrase_refs.size()) m.phrase_seen.assign(lm.phrase_refs.size(), 0);
    if (++m.generation == 0) {
      std::fill(m.phrase_seen.begin(), m.phrase_seen.end(), 0);
      m.generation = 1;
    }
    m.phrase_candidates.clear();
    auto add = [&](const std::vector<int>& ids) {
      for (int id : ids)
        if (m.phrase_seen[id] != m.generation) {
          m.phrase_seen[id] = m.generation;
          m.phrase_candidates.push_back(id);
        }
    };
    for (const Token& t : m.tokens) {
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
    std::sort(m.phrase_candidates.begin(), m.phrase_candidates.end());
    for (int id : m.phrase_candidates) {
      auto [ei, pi] = lm.phrase_refs[id];
      m.ranges.clear();
      MatchPhrase(*cb.entries[ei].phrases[pi], m.tokens, &m.ranges);
      for (const TokenRange& r : m.ranges)
        m.hits.push_back(Hit{ei, Span{m.tokens[r.first].span.begin, m.tokens[r.last].span.end}});
    }
  }
  if (m.hits.empty()) return out;
  tokenise();

  // Constraints.
  m.force_org = ForceOrganisationMentions(text, sentence, m.tokens);
  std::vector<Hit> kept;
  kept.reserve(m.hits.size());
  for (const Hit& h : m.hits) {
    const LexEntry& e = cb.entries[h.entry];
    if (!e.roles.empty() && std::find(e.roles.begin(), e.roles.end(), ctx.role) == e.roles.end()) continue;
    bool force = false;
    for (const Span& f : m.force_org)
      if (f.begin >= h.span.begin && f.end <= h.span.end) force = true;
    if (force) continue;
    if (m.Excluded(e, h.entry, stext)) continue;
    if (!m.NearOk(e, h.span)) continue;
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
    ev.polarity = MatchPolarity(text, sentence, h.span, m.tokens, ctx.language);
    ev.target = cb.entities.ResolveTarget(text, sentence, h.span, m.tokens, ctx);
    ev.score = ev.polarity == std::string_view(polarity::kAsserted) ? e.info.weight : 0.0;
    out.push_back(std::move(ev));
  }

  // Exclusive groups: when several codes of a group have asserted evidence, keep
  // the best-scoring code (ties: the code listed first in the group) and drop the
  // other codes' rows.
  if (!cb.exclusive_idx.empty()) {
    std::vector<bool> drop(std::size(kCodes), false);
    for (const auto& group : cb.exclusive_idx) {
      int best = -1;
      double best_score = 0;
      int asserted = 0;
      for (int ci : group) {
        double s = 0;
        bool any = false;
        for (const Evidence& ev : out)
          if (ev.code == kCodes[ci] && ev.polarity == std::string_view(polarity::kAsserted)) {
            any = true;
            s = std::max(s, ev.score);
          }
        if (!any) continue;
        ++asserted;
        if (best < 0 || s > best_score) {
          best = ci;
          best_score = s;
        }
      }
      if (asserted >= 2)
        for (int ci : group)
          if (ci != best) drop[ci] = true;
    }
    out.erase(std::remove_if(out.begin(), out.end(),
                             [&](const Evidence& ev) {
                               for (size_t i = 0; i < std::size(kCodes); ++i)
                                 if (drop[i] && ev.code == kCodes[i]) return true;
                               return false;
                             }),
              out.end());
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
