// SentenceCoder: runs the compiled lexicon on one sentence.
#include <algorithm>
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

struct SentenceCoder::Impl {
  std::shared_ptr<const Codebook> codebook;
  Limits limits;
  std::map<std::string, std::unique_ptr<Segmenter>> segmenters;
  uint64_t dropped = 0;
  // Scratch, reused between sentences.
  std::vector<Token> tokens;
  std::vector<int> set_hits;
  std::vector<int> atoms;
  std::vector<std::vector<int>> local_atoms;  // per regex id: its atoms found
  std::vector<int> touched, potentials;
  // Per language (LanguageMatchers), per regex id: (atoms found mask) -> candidate.
  std::map<const LanguageMatchers*, std::vector<std::unordered_map<uint64_t, bool>>> filter_caches;
  std::vector<uint32_t> atom_seen;
  uint32_t atom_stamp = 0;
  std::string lower;
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

  m.tokens = seg->Words(text, sentence);
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
      if (m.local_atoms.size() < lm.regex_refs.size()) m.local_atoms.resize(lm.regex_refs.size());
      m.touched.clear();
      for (int a : m.atoms)
        for (auto [ri, local] : lm.atom_users[a]) {
          if (m.local_atoms[ri].empty()) m.touched.push_back(ri);
          m.local_atoms[ri].push_back(local);
        }
      auto& filter_cache = m.filter_caches[&lm];
      if (filter_cache.size() < lm.regex_refs.size()) filter_cache.resize(lm.regex_refs.size());
      for (int ri : m.touched) {
        // The formula's value depends only on which of the regex's atoms were
        // found: cache it per (regex, atom set) when the set fits in 64 bits.
        std::vector<int>& local = m.local_atoms[ri];
        uint64_t mask = 0;
        bool cacheable = true;
        for (int a : local) {
          if (a >= 64) cacheable = false;
          else mask |= uint64_t{1} << a;
        }
        bool candidate;
        auto& cache = filter_cache[ri];
        auto it = cacheable ? cache.find(mask) : cache.end();
        if (it != cache.end()) {
          candidate = it->second;
        } else {
          m.potentials.clear();
          lm.filters[ri]->AllPotentials(local, &m.potentials);
          candidate = !m.potentials.empty();
          if (cacheable && cache.size() < 4096) cache.emplace(mask, candidate);
        }
        if (candidate) m.set_hits.push_back(ri);
        local.clear();
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
  if (!lm.phrase_refs.empty() && !m.tokens.empty()) {
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
