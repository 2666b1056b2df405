// export_patterns: prints the patterns of every lexicon entry under a lexicon
// directory as regular expressions, one per line, for `rg -f` (the ripgrep
// lower-bound peer of bench/run_bench.sh).
//
//   export_patterns [--tsv] LEXICON_DIR
//
// regex entries are printed as written (RE2 syntax; the Rust regex engine of
// ripgrep accepts the same constructs: no backreferences, no lookaround).
// phrase entries (docs/LEXICON_FORMAT.md) are translated:
//   words            consecutive tokens      -> (?-u:\b)w1\W+w2(?-u:\b)
//   word*            prefix wildcard         -> w\w*
//   A NEAR/n B       within n tokens, either order
//   A BEFORE/n B     within n tokens, A first
// always case-insensitive ((?i)). Diacritic folding is not reproduced. This is
// only a lower bound for the cost of finding the same words; constraints,
// polarity and scoring are not part of it. With --tsv each line is
// "entry_id<TAB>kind<TAB>pattern".
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace fs = std::filesystem;

namespace {

const char* const kB = "(?-u:\\b)";  // ASCII word boundary (see the NEAR gap below)

// Splits a phrase into word tokens (letters, digits, '*' and any non-ASCII byte
// kept; other punctuation separates tokens, as the ICU tokenizer would).
std::vector<std::string> Words(const std::string& phrase) {
  std::vector<std::string> out;
  std::string cur;
  for (unsigned char c : phrase) {
    if (std::isalnum(c) || c == '*' || c == '_' || c >= 0x80) {
      cur += static_cast<char>(c);
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string WordRe(const std::string& w) {
  std::string out;
  bool prefix = !w.empty() && w.back() == '*';
  for (char c : prefix ? w.substr(0, w.size() - 1) : w) {
    if (c != '*') out += c;  // only letters/digits/non-ASCII remain: nothing to escape
  }
  return prefix ? out + "\\w*" : out;
}

std::string PhraseRe(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) out += "\\W+";
    out += WordRe(words[i]);
  }
  return out;
}

// "A NEAR/5 B" / "A BEFORE/5 B" / plain phrase -> regex (without (?i)).
std::string TranslatePhrase(const std::string& pattern) {
  std::vector<std::string> ws;
  {
    std::string tok;
    for (char c : pattern + " ") {
      if (std::isspace(static_cast<unsigned char>(c))) {
        if (!tok.empty()) ws.push_back(tok);
        tok.clear();
      } else {
        tok += c;
      }
    }
  }
  for (size_t i = 0; i < ws.size(); ++i) {
    const std::string& w = ws[i];
    bool near = w.rfind("NEAR/", 0) == 0, before = w.rfind("BEFORE/", 0) == 0;
    if (!near && !before) continue;
    int n = std::atoi(w.c_str() + (near ? 5 : 7));
    std::string left, right;
    for (size_t j = 0; j < i; ++j) left += ws[j] + " ";
    for (size_t j = i + 1; j < ws.size(); ++j) right += ws[j] + " ";
    std::string a = "(?:" + TranslatePhrase(left) + ")";
    std::string b = "(?:" + TranslatePhrase(right) + ")";
    // Up to n-1 intervening tokens. Written with \s/\S and ASCII word boundaries:
    // ripgrep's DFA gives up on Unicode \b over non-ASCII text and on \W+\w+
    // repetitions, which made the literal translation 5-10x slower.
    std::string gap = "(?:\\W*\\s\\S+){0," + std::to_string(std::max(0, n - 1)) + "}\\W*";
    std::string ab = a + gap + b;
    return near ? ab + "|" + b + gap + a : ab;
  }
  std::vector<std::string> words;
  for (const auto& w : ws) {
    auto sub = Words(w);
    words.insert(words.end(), sub.begin(), sub.end());
  }
  return std::string(kB) + PhraseRe(words) + kB;
}

}  // namespace

int main(int argc, char** argv) {
  bool tsv = false;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--tsv") tsv = true;
    else if (dir.empty() && !a.empty() && a[0] != '-') dir = a;
    else {
      std::cerr << "usage: export_patterns [--tsv] LEXICON_DIR\n";
      return 2;
    }
  }
  if (dir.empty()) {
    std::cerr << "usage: export_patterns [--tsv] LEXICON_DIR\n";
    return 2;
  }
  std::vector<std::string> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".yaml" && it->path().filename() != "codebook.yaml")
      files.push_back(it->path().string());
  }
  if (ec) {
    std::cerr << "export_patterns: cannot list " << dir << ": " << ec.message() << "\n";
    return 3;
  }
  std::sort(files.begin(), files.end());
  size_t n_regex = 0, n_phrase = 0, n_bad = 0;
  for (const auto& f : files) {
    try {
      YAML::Node root = YAML::LoadFile(f);
      YAML::Node entries = root["entries"];
      if (!entries || !entries.IsSequence()) continue;
      for (const auto& e : entries) {
        std::string id = e["id"] ? e["id"].as<std::string>() : "?";
        std::string kind = e["kind"] ? e["kind"].as<std::string>() : "phrase";
        if (!e["patterns"] || !e["patterns"].IsSequence()) continue;
        for (const auto& p : e["patterns"]) {
          std::string pat = p.as<std::string>();
          std::string re;
          if (kind == "regex") {
            re = pat;
            ++n_regex;
          } else if (kind == "phrase") {
            re = "(?i)" + TranslatePhrase(pat);
            ++n_phrase;
          } else {
            ++n_bad;
            continue;
          }
          if (re.find('\n') != std::string::npos) {
            ++n_bad;
            continue;
          }
          if (tsv) std::cout << id << '\t' << kind << '\t';
          std::cout << re << '\n';
        }
      }
    } catch (const YAML::Exception& ex) {
      std::cerr << "export_patterns: " << f << ": " << ex.what() << "\n";
      ++n_bad;
    }
  }
  std::cerr << "export_patterns: " << files.size() << " files, " << n_regex << " regex and " << n_phrase
            << " phrase patterns, " << n_bad << " skipped\n";
  return (n_regex + n_phrase) ? 0 : 1;
}
