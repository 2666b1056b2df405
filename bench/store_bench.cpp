// store_bench: the serial writer stage of `normcode run` alone.
//
//   store_bench [--lexicons DIR] [--max-files N] [--batch 512] --db PATH CORPUS_DIR
//
// Codes every file with ProcessItem (what the parallel stage of `run` does; CPU
// timed separately as "code"), then writes the coded documents with
// Store::PutDocument and commits every --batch documents, as `run` does with its
// default --commit-every. Only the store calls are inside the "write" clock. The
// database must not exist (a fresh database, like bench stage d). JSON on stdout.
//
// With both figures the 2-thread pipeline is bounded by the serial writer:
//   t(2 threads) >= max(write_cpu, (code_cpu + write_cpu) / 2)
#include <time.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "extractors/match/codebook.h"
#include "extractors/match/entities.h"
#include "outputs/store.h"
#include "pipeline/process.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {
double ThreadCpu() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}
double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }
}  // namespace

int main(int argc, char** argv) {
  std::string lexicons = "lexicons", db, dir;
  size_t max_files = 0, batch = 512;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--lexicons" && i + 1 < argc) lexicons = argv[++i];
    else if (a == "--max-files" && i + 1 < argc) max_files = std::stoul(argv[++i]);
    else if (a == "--batch" && i + 1 < argc) batch = std::max<size_t>(1, std::stoul(argv[++i]));
    else if (a == "--db" && i + 1 < argc) db = argv[++i];
    else if (!a.empty() && a[0] != '-') dir = a;
    else {
      std::cerr << "usage: store_bench [--lexicons DIR] [--max-files N] [--batch 512] --db PATH CORPUS_DIR\n";
      return 2;
    }
  }
  if (db.empty() || dir.empty()) {
    std::cerr << "store_bench: --db and CORPUS_DIR are required\n";
    return 2;
  }
  if (fs::exists(db)) {
    std::cerr << "store_bench: " << db << " exists; give a fresh path\n";
    return 2;
  }
  std::vector<std::string> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file()) files.push_back(it->path().string());
  std::sort(files.begin(), files.end());
  if (max_files && files.size() > max_files) files.resize(max_files);

  std::vector<normcode::LexiconError> errs;
  auto cb = normcode::Codebook::Load(lexicons, &errs);
  if (!cb.ok()) {
    std::cerr << "store_bench: codebook: " << cb.status().ToString() << "\n";
    return 3;
  }
  normcode::Entities entities;
  if (!normcode::Entities::Load(lexicons, &entities, &errs).ok()) {
    std::cerr << "store_bench: entity data did not load\n";
    return 3;
  }
  normcode::SentenceCoder coder(*cb);
  normcode::Limits limits;
  auto store = normcode::Store::Open(db);
  if (!store.ok()) {
    std::cerr << "store_bench: " << store.status().ToString() << "\n";
    return 3;
  }
  normcode::RunInfo info;
  info.program_version = "store_bench";
  info.codebook_version = (*cb)->version();
  info.command_line = "store_bench";
  info.inputs = {dir};
  auto run = (*store)->BeginRun(info);
  if (!run.ok()) {
    std::cerr << "store_bench: " << run.status().ToString() << "\n";
    return 3;
  }

  uint64_t bytes = 0, docs = 0, failed = 0, sentences = 0, evidence = 0;
  double code_cpu = 0, write_cpu = 0, write_s = 0, commit_cpu = 0;
  for (size_t start = 0; start < files.size(); start += batch) {
    size_t end = std::min(files.size(), start + batch);
    std::vector<normcode::CodedDocument> coded;
    for (size_t i = start; i < end; ++i) {
      std::ifstream in(files[i], std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      std::string raw = ss.str();
      bytes += raw.size();
      double c = ThreadCpu();
      auto r = normcode::ProcessItem(raw, files[i], limits, coder, &entities);
      code_cpu += ThreadCpu() - c;
      if (!r.ok()) {
        ++failed;
        continue;
      }
      coded.push_back(std::move(*r));
    }
    double c = ThreadCpu();
    auto w = Clock::now();
    for (const auto& d : coded) {
      normcode::Status s = (*store)->PutDocument(*run, d.doc, d.sentences, d.evidence);
      if (!s.ok()) {
        std::cerr << "store_bench: " << s.ToString() << "\n";
        return 4;
      }
      ++docs;
      sentences += d.sentences.size();
      evidence += d.evidence.size();
    }
    double cc = ThreadCpu();
    normcode::Status s = (*store)->Commit();
    commit_cpu += ThreadCpu() - cc;
    write_cpu += ThreadCpu() - c;
    write_s += Seconds(w, Clock::now());
    if (!s.ok()) {
      std::cerr << "store_bench: " << s.ToString() << "\n";
      return 4;
    }
  }
  normcode::RunCounts counts;
  (void)(*store)->FinishRun(*run, counts, "ok");
  double mb = static_cast<double>(bytes) / 1048576.0;
  nlohmann::json out{{"files", files.size()},
                     {"bytes", bytes},
                     {"documents", docs},
                     {"failed", failed},
                     {"sentences", sentences},
                     {"evidence", evidence},
                     {"batch", batch},
                     {"code_cpu_s", code_cpu},
                     {"write_cpu_s", write_cpu},
                     {"commit_cpu_s", commit_cpu},
                     {"write_s", write_s},
                     {"code_mb_per_cpu_s", code_cpu > 0 ? mb / code_cpu : 0},
                     {"write_mb_per_cpu_s", write_cpu > 0 ? mb / write_cpu : 0},
                     {"bound_2_threads_mb_per_s",
                      mb / std::max(write_cpu, (code_cpu + write_cpu) / 2.0)}};
  std::cout << out.dump(1) << "\n";
  return 0;
}
