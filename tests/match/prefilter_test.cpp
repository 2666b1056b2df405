// The matcher's prefilters: Aho-Corasick (regex atoms), the word-start trie and the
// folded-sentence test that lets most sentences skip ICU word tokenisation. Each is
// checked against a naive reference, and the phrase prefilter against the token-level
// anchor lookup it stands in for, on every sentence of the real sample records.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/limits.h"
#include "extractors/match/aho_corasick.h"
#include "extractors/match/codebook.h"
#include "extractors/match/lexicon_internal.h"
#include "extractors/readers/reader.h"
#include "extractors/text/segmenter.h"
#include "tests/match/lexicon_test_util.h"

namespace normcode {
namespace {

std::vector<std::string> RandomStrings(std::mt19937& rng, size_t n, size_t min_len, size_t max_len,
                                       const std::string& alphabet) {
  std::uniform_int_distribution<size_t> len(min_len, max_len), ch(0, alphabet.size() - 1);
  std::vector<std::string> out(n);
  for (auto& s : out) {
    size_t l = len(rng);
    for (size_t i = 0; i < l; ++i) s.push_back(alphabet[ch(rng)]);
  }
  return out;
}

// Every (pattern, end) occurrence, naively.
std::set<std::pair<int, size_t>> Naive(const std::vector<std::string>& pats, const std::string& text) {
  std::set<std::pair<int, size_t>> r;
  for (size_t p = 0; p < pats.size(); ++p) {
    if (pats[p].empty()) continue;
    for (size_t at = text.find(pats[p]); at != std::string::npos; at = text.find(pats[p], at + 1))
      r.insert({static_cast<int>(p), at + pats[p].size()});
  }
  return r;
}

void CheckAhoCorasick(const std::vector<std::string>& pats, const std::vector<std::string>& texts) {
  AhoCorasick ac(pats);
  for (const std::string& t : texts) {
    std::set<std::pair<int, size_t>> got;
    ac.ForEach(t, [&](int p, size_t end) { got.insert({p, end}); });
    ASSERT_EQ(got, Naive(pats, t)) << "text: " << t;
    std::vector<int> ids;
    std::vector<uint32_t> seen;
    uint32_t stamp = 0;
    ac.Find(t, &ids, &seen, &stamp);
    std::set<int> want;
    for (auto [p, e] : got) want.insert(p);
    EXPECT_EQ(std::set<int>(ids.begin(), ids.end()), want);
    EXPECT_EQ(ids.size(), want.size()) << "Find reports each pattern once";
  }
}

TEST(AhoCorasick, SmallTableMatchesNaiveSearch) {
  std::mt19937 rng(7);
  auto pats = RandomStrings(rng, 300, 1, 6, "abcde");
  pats.push_back("");  // empty patterns are never reported
  auto texts = RandomStrings(rng, 200, 0, 80, "abcdefg");
  texts.push_back("");
  CheckAhoCorasick(pats, texts);
}

TEST(AhoCorasick, WideTableMatchesNaiveSearch) {
  // > 32768 states: the 32-bit transition table.
  std::mt19937 rng(11);
  auto pats = RandomStrings(rng, 6000, 8, 12, "abcdefghijklmnopqrstuvwxyz");
  std::vector<std::string> texts = RandomStrings(rng, 30, 50, 200, "abcdefghijklmnopqrstuvwxyz");
  for (size_t i = 0; i < 50; ++i) texts.push_back("xx" + pats[i * 97 % pats.size()] + pats[i] + "yy");
  CheckAhoCorasick(pats, texts);
}

TEST(AhoCorasick, AllByteValues) {
  std::vector<std::string> pats;
  for (int c = 0; c < 256; ++c) pats.push_back(std::string(1, static_cast<char>(c)) + "\xC3\xA9");
  std::string text;
  for (int c = 255; c >= 0; --c) text += std::string(1, static_cast<char>(c)) + "\xC3\xA9";
  CheckAhoCorasick(pats, {text, std::string("\0\xC3\xA9", 3)});
}

TEST(PrefixTrie, ReportsExactlyThePatternsStartingThere) {
  std::mt19937 rng(3);
  auto pats = RandomStrings(rng, 400, 1, 7, "abcdef'");
  PrefixTrie trie(pats);
  for (const std::string& t : RandomStrings(rng, 100, 0, 40, "abcdefgh' ")) {
    for (size_t start = 0; start <= t.size(); ++start) {
      std::set<std::pair<int, size_t>> got, want;
      trie.ForEachAt(t, start, [&](int p, size_t end) { got.insert({p, end}); });
      for (size_t p = 0; p < pats.size(); ++p)
        if (t.compare(start, pats[p].size(), pats[p]) == 0 && start + pats[p].size() <= t.size())
          want.insert({static_cast<int>(p), start + pats[p].size()});
      ASSERT_EQ(got, want) << t << " @" << start;
    }
  }
}

TEST(FoldPerCodePoint, EqualsFoldForMatchOfTheWholeString) {
  std::unordered_map<uint32_t, std::string> cache;
  const std::vector<std::string> samples = {
      "The Security Council", "l\xE2\x80\x99op\xC3\xA9ration", "CONSEIL DE S\xC3\x89" "CURIT\xC3\x89",
      "\xEF\xAC\x81nancing",           // U+FB01 ligature
      "\xC4\xB0stanbul",               // U+0130
      "Stra\xC3\x9F" "e",              // sharp s
      "\xCE\xA3\xCE\xA9\xCE\xA3",      // Greek capitals
      "na\xC3\xAFve co\xC3\xB6perate", "e\xCC\x81" "e",  // combining acute
      "\xE2\x80\x98quoted\xE2\x80\x99 \xCA\xBC", ""};
  for (const std::string& s : samples) {
    std::string folded;
    FoldPerCodePoint(s, &folded, &cache);
    EXPECT_EQ(folded, FoldForMatch(s)) << s;
  }
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The phrase prefilter may say "maybe" too often, never "no" when the token-level
// anchor index (what decides which phrase patterns are tried) finds a candidate.
TEST(PhrasePrefilter, NeverMissesAnAnchorOnTheSampleRecords) {
  // The shipped lexicon is all regexes today, so the phrase anchors come from the test
  // lexicon plus an entry whose anchors are frequent words of the records, as exact
  // terms, prefixes ("peacekeep*"), possessives and elisions, so that most sentences
  // hold a candidate and the superset property is tested on them.
  testing::ScratchLexicon lex("prefilter");
  std::string yaml =
      "language: en\nentries:\n  - id: en.test.frequent\n    code: validity_contestation\n    kind: phrase\n"
      "    patterns:\n";
  for (const char* p : {"council", "united", "nation*", "secur*", "peacekeep*", "resolution", "member's",
                        "states", "mission", "civilian*", "protect*", "mandate", "force", "operation*",
                        "council's", "government", "support", "report", "president", "africa*", "we",
                        "must", "not", "its", "conflict*", "politic*", "sudan", "haiti", "congo",
                        "troop*", "contribut*", "secretary-general", "l'operation", "humanitarian"})
    yaml += std::string("      - \"") + p + "\"\n";
  yaml +=
      "    weight: 1.0\n    examples:\n      positive:\n        - \"The Council acts.\"\n"
      "        - \"The mission ends.\"\n      negative:\n        - \"Nothing here.\"\n";
  lex.Write("en/frequent.yaml", yaml);
  std::vector<LexiconError> errors;
  auto cb = Codebook::Load(lex.dir(), &errors);
  ASSERT_TRUE(cb.ok()) << cb.status().ToString();
  const auto& langs = (*cb)->impl().languages;
  auto lit = langs.find("en");
  ASSERT_NE(lit, langs.end());
  const LanguageMatchers& lm = lit->second;
  ASSERT_TRUE(lm.anchor_set);
  ASSERT_GE(lm.exact.size() + lm.prefix.size(), 30u);
  auto seg = Segmenter::Create("en");
  ASSERT_TRUE(seg.ok());

  // Each anchor alone as well as all together, so that a miss on one anchor cannot hide
  // behind another anchor of the same sentence.
  std::vector<LanguageMatchers> single;
  for (const AnchorIndex* index : {&lm.exact, &lm.prefix})
    for (const auto& [key, ids] : *index) {
      LanguageMatchers one;
      bool exact = index == &lm.exact;
      (exact ? one.exact : one.prefix)[key] = ids;
      if (!exact) one.prefix_lengths = {key.size()};
      one.anchor_set = std::make_unique<PrefixTrie>(std::vector<std::string>{key});
      one.anchor_exact = {exact};
      single.push_back(std::move(one));
    }
  auto has_candidate = [](const LanguageMatchers& m, const std::vector<Token>& tokens) {
    for (const Token& t : tokens) {
      std::string_view keys[3];
      int nk = TokenKeys(t.folded, keys);
      for (int k = 0; k < nk; ++k) {
        if (m.exact.count(keys[k])) return true;
        for (size_t l : m.prefix_lengths)
          if (l <= keys[k].size() && m.prefix.count(keys[k].substr(0, l))) return true;
      }
    }
    return false;
  };

  std::unordered_map<uint32_t, std::string> cache;
  std::string folded;
  size_t sentences = 0, with_anchor = 0, passed = 0, files = 0, single_hits = 0;
  for (const char* dir : {"unsc", "unsc-debates"}) {
    std::filesystem::path d = std::filesystem::path(NORMCODE_SHARED_DIR) / "corpus-sample" / dir;
    if (!std::filesystem::exists(d)) continue;
    for (const auto& f : std::filesystem::directory_iterator(d)) {
      if (f.path().extension() != ".html") continue;
      Document doc;
      ASSERT_TRUE(ReadDocument(Slurp(f.path().string()), f.path().string(), Limits(), &doc).ok()) << f.path();
      ++files;
      for (const Span& sp : (*seg)->Sentences(doc.text, Span{0, doc.text.size()}, Limits().max_sentence_bytes)) {
        ++sentences;
        std::vector<Token> tokens = (*seg)->Words(doc.text, sp);
        FoldPerCodePoint(std::string_view(doc.text).substr(sp.begin, sp.size()), &folded, &cache);
        bool maybe = PhraseAnchorsMayOccur(lm, folded);
        if (has_candidate(lm, tokens)) {
          ++with_anchor;
          ASSERT_TRUE(maybe) << f.path() << ": " << doc.text.substr(sp.begin, sp.size());
        }
        if (maybe) ++passed;
        for (const LanguageMatchers& one : single)
          if (has_candidate(one, tokens)) {
            ++single_hits;
            ASSERT_TRUE(PhraseAnchorsMayOccur(one, folded))
                << "anchor " << (one.exact.empty() ? one.prefix.begin()->first : one.exact.begin()->first)
                << " missed in " << f.path() << ": " << doc.text.substr(sp.begin, sp.size());
          }
      }
    }
  }
  ASSERT_GT(files, 0u);
  ASSERT_GT(with_anchor, 0u);
  ASSERT_GT(single_hits, with_anchor);
  std::cout << "[ prefilter ] " << sentences << " sentences, " << with_anchor << " with an anchor token, "
            << passed << " passed the prefilter; " << single_hits << " single-anchor checks\n";
}

}  // namespace
}  // namespace normcode
