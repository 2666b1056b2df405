// regex_cost: which lexicon regexes cost the matching stage its time.
//
//   export_patterns --tsv lexicons > p.tsv
//   regex_cost p.tsv CORPUS_DIR [--max-mb N]
//
// Reads the corpus files as raw lines (markup included: this is a relative cost
// ranking, not the coder's exact input), then times over all lines:
//   - one RE2::Set of every kind=regex pattern (as the coder prefilters), and
//   - each regex alone (RE2::PartialMatch),
// with the same RE2 options the coder uses (max_mem 256 MiB). Prints JSON: the
// set's MB/s and whether its DFA ran out of memory, and every pattern sorted by
// time with its MB/s and hit count.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <re2/re2.h>
#include <re2/set.h>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: regex_cost PATTERNS.tsv CORPUS_DIR [--max-mb N]\n";
    return 2;
  }
  double max_mb = 20;
  for (int i = 3; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--max-mb") max_mb = std::stod(argv[i + 1]);

  struct Pat {
    std::string id, pattern;
    std::unique_ptr<RE2> re;
    double s = 0;
    uint64_t hits = 0;
  };
  std::vector<Pat> pats;
  RE2::Options opt;
  opt.set_log_errors(false);
  opt.set_max_mem(256 << 20);
  {
    std::ifstream in(argv[1]);
    std::string line;
    while (std::getline(in, line)) {
      auto t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
      if (t1 == std::string::npos || t2 == std::string::npos) continue;
      if (line.substr(t1 + 1, t2 - t1 - 1) != "regex") continue;
      Pat p{line.substr(0, t1), line.substr(t2 + 1), nullptr};
      p.re = std::make_unique<RE2>(p.pattern, opt);
      if (!p.re->ok()) continue;
      pats.push_back(std::move(p));
    }
  }
  std::vector<std::string> files;
  for (auto& e : fs::recursive_directory_iterator(argv[2]))
    if (e.is_regular_file()) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  std::vector<std::string> lines;
  uint64_t bytes = 0;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::string line;
    while (std::getline(in, line)) {
      bytes += line.size() + 1;
      if (!line.empty()) lines.push_back(std::move(line));
    }
    if (bytes > max_mb * 1048576) break;
  }
  const double mb = bytes / 1048576.0;

  RE2::Set set(opt, RE2::UNANCHORED);
  for (const auto& p : pats) set.Add(p.pattern, nullptr);
  nlohmann::json out;
  out["patterns"] = pats.size();
  out["mb"] = mb;
  out["lines"] = lines.size();
  auto a = Clock::now();
  bool compiled = set.Compile();
  out["set_compile_s"] = std::chrono::duration<double>(Clock::now() - a).count();
  if (compiled) {
    uint64_t oom = 0, hits = 0;
    std::vector<int> v;
    a = Clock::now();
    for (const auto& l : lines) {
      RE2::Set::ErrorInfo info;
      v.clear();
      if (set.Match(l, &v, &info)) hits += v.size();
      else if (info.kind == RE2::Set::kOutOfMemory) ++oom;
    }
    double s = std::chrono::duration<double>(Clock::now() - a).count();
    out["set_s"] = s;
    out["set_mbps"] = mb / s;
    out["set_hits"] = hits;
    out["set_out_of_memory_lines"] = oom;
  }
  double total = 0;
  for (auto& p : pats) {
    a = Clock::now();
    for (const auto& l : lines) p.hits += RE2::PartialMatch(l, *p.re);
    p.s = std::chrono::duration<double>(Clock::now() - a).count();
    total += p.s;
  }
  out["each_alone_total_s"] = total;
  std::sort(pats.begin(), pats.end(), [](const Pat& x, const Pat& y) { return x.s > y.s; });
  nlohmann::json list = nlohmann::json::array();
  for (const auto& p : pats)
    list.push_back({{"id", p.id}, {"s", p.s}, {"mbps", mb / p.s}, {"hits", p.hits}, {"pattern", p.pattern}});
  out["by_cost"] = list;
  std::cout << out.dump(1) << "\n";
  return 0;
}
