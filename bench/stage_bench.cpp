// stage_bench: times the pipeline's stages one at a time, single-threaded, on a
// directory of files (the generated bench corpus), through the public APIs only:
//
//   read     ReadDocument(): encoding detection/decoding, markup parsing, text building
//   segment  SentenceCoder::Sentences() (ICU) over every paragraph of every turn
//   match    SentenceCoder::Code() over the pre-segmented sentences
//
// Files are loaded into memory first (not timed) in batches, so the disk does not
// count; each stage runs over a batch before the next stage starts, and only the
// stage's own calls are inside the clock. Prints a JSON object on stdout.
//
//   stage_bench [--lexicons DIR] [--max-files N] CORPUS_DIR
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/document.h"
#include "core/limits.h"
#include "extractors/match/codebook.h"
#include "extractors/readers/reader.h"
#include "extractors/text/segmenter.h"

namespace fs = std::filesystem;
using normcode::Document;
using normcode::Span;
using Clock = std::chrono::steady_clock;

namespace {

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// CPU seconds of this thread: on a shared machine wall time includes waiting for a core.
double ThreadCpu() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

struct Totals {
  uint64_t files = 0, bytes = 0, read_ok = 0, read_failed = 0, text_bytes = 0, turns = 0;
  uint64_t paragraphs = 0, sentences = 0, evidence = 0, procedural_sentences = 0;
  double read_s = 0, segment_s = 0, match_s = 0;
  double read_cpu = 0, segment_cpu = 0, match_cpu = 0;
  std::vector<std::string> first_errors;
};

struct Loaded {
  std::string path;
  std::string raw;
};

struct Parsed {
  Document doc;
  // Sentences per turn (turn index into doc.turns; -1 when the document has no turns).
  std::vector<std::pair<int, Span>> sentences;
};

}  // namespace

int main(int argc, char** argv) {
  std::string lexicons = "lexicons";
  std::string dir;
  uint64_t max_files = 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--lexicons" && i + 1 < argc) {
      lexicons = argv[++i];
    } else if (a == "--max-files" && i + 1 < argc) {
      max_files = std::stoull(argv[++i]);
    } else if (a == "-h" || a == "--help") {
      std::cout << "usage: stage_bench [--lexicons DIR] [--max-files N] CORPUS_DIR\n";
      return 0;
    } else if (!a.empty() && a[0] != '-' && dir.empty()) {
      dir = a;
    } else {
      std::cerr << "stage_bench: bad argument " << a << "\n";
      return 2;
    }
  }
  if (dir.empty()) {
    std::cerr << "usage: stage_bench [--lexicons DIR] [--max-files N] CORPUS_DIR\n";
    return 2;
  }

  std::vector<std::string> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file()) files.push_back(it->path().string());
  }
  if (ec) {
    std::cerr << "stage_bench: cannot list " << dir << ": " << ec.message() << "\n";
    return 3;
  }
  std::sort(files.begin(), files.end());
  if (max_files && files.size() > max_files) files.resize(max_files);

  nlohmann::json out;
  out["corpus"] = dir;
  out["lexicons"] = lexicons;

  // Codebook: matching needs it; segmentation falls back to a bare Segmenter without it.
  std::vector<normcode::LexiconError> lex_errors;
  auto t0 = Clock::now();
  auto cb = normcode::Codebook::Load(lexicons, &lex_errors);
  out["codebook_load_s"] = Seconds(t0, Clock::now());
  std::unique_ptr<normcode::SentenceCoder> coder;
  std::unique_ptr<normcode::Segmenter> segmenter;
  if (cb.ok()) {
    coder = std::make_unique<normcode::SentenceCoder>(*cb);
    out["codebook_version"] = (*cb)->version();
    out["codebook_entries"] = (*cb)->entry_count();
  } else {
    std::string why = cb.status().ToString();
    if (!lex_errors.empty()) why += " (" + lex_errors.front().ToString() + ")";
    out["codebook_error"] = why;
    std::cerr << "stage_bench: codebook not loaded, matching skipped: " << why << "\n";
    auto seg = normcode::Segmenter::Create("en");
    if (!seg.ok()) {
      std::cerr << "stage_bench: no segmenter either: " << seg.status().ToString() << "\n";
      return 3;
    }
    segmenter = std::move(*seg);
  }

  normcode::Limits limits;
  Totals t;
  const size_t kBatch = 256;
  for (size_t start = 0; start < files.size(); start += kBatch) {
    size_t end = std::min(files.size(), start + kBatch);
    // Load (untimed).
    std::vector<Loaded> batch;
    for (size_t i = start; i < end; ++i) {
      std::ifstream in(files[i], std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      batch.push_back({files[i], ss.str()});
      t.bytes += batch.back().raw.size();
      ++t.files;
    }
    // Stage 1: read (decode + parse).
    std::vector<Parsed> parsed;
    parsed.reserve(batch.size());
    auto a = Clock::now();
    double c = ThreadCpu();
    for (const auto& f : batch) {
      Parsed p;
      normcode::Status st = normcode::ReadDocument(f.raw, f.path, limits, &p.doc);
      if (st.ok()) {
        parsed.push_back(std::move(p));
      } else {
        ++t.read_failed;
        if (t.first_errors.size() < 5) t.first_errors.push_back(f.path + ": " + st.ToString());
      }
    }
    t.read_s += Seconds(a, Clock::now());
    t.read_cpu += ThreadCpu() - c;
    t.read_ok += parsed.size();
    // Stage 2: sentence segmentation of every paragraph.
    a = Clock::now();
    c = ThreadCpu();
    for (auto& p : parsed) {
      const std::string& text = p.doc.text;
      auto seg = [&](int turn, Span r) {
        std::vector<Span> ss = coder ? coder->Sentences(text, r)
                                     : segmenter->Sentences(text, r, limits.max_sentence_bytes);
        for (const Span& s : ss) p.sentences.emplace_back(turn, s);
      };
      if (p.doc.turns.empty()) {
        seg(-1, Span{0, text.size()});
      } else {
        for (size_t ti = 0; ti < p.doc.turns.size(); ++ti) {
          const auto& turn = p.doc.turns[ti];
          if (turn.paragraphs.empty()) {
            seg(static_cast<int>(ti), turn.span);
          } else {
            for (const Span& para : turn.paragraphs) seg(static_cast<int>(ti), para);
          }
        }
      }
    }
    t.segment_s += Seconds(a, Clock::now());
    t.segment_cpu += ThreadCpu() - c;
    for (const auto& p : parsed) {
      t.text_bytes += p.doc.text.size();
      t.turns += p.doc.turns.size();
      for (const auto& turn : p.doc.turns) t.paragraphs += turn.paragraphs.size();
      t.sentences += p.sentences.size();
    }
    // Stage 3: matching on the pre-segmented sentences.
    if (coder) {
      a = Clock::now();
      c = ThreadCpu();
      for (const auto& p : parsed) {
        normcode::SentenceContext none;
        none.language = p.doc.language;
        std::vector<normcode::SentenceContext> ctx(p.doc.turns.size());
        for (size_t ti = 0; ti < p.doc.turns.size(); ++ti) {
          const auto& turn = p.doc.turns[ti];
          ctx[ti].speaker = turn.speaker;
          ctx[ti].role = turn.role;
          ctx[ti].affiliation = turn.affiliation;
          ctx[ti].language = p.doc.language;
          ctx[ti].procedural = turn.procedural;
        }
        for (const auto& [turn, span] : p.sentences) {
          const auto& c = turn < 0 ? none : ctx[turn];
          if (c.procedural) ++t.procedural_sentences;
          t.evidence += coder->Code(p.doc.text, span, c).size();
        }
      }
      t.match_s += Seconds(a, Clock::now());
      t.match_cpu += ThreadCpu() - c;
    }
  }

  auto mbps = [&](double s) { return s > 0 ? (t.bytes / 1048576.0) / s : 0.0; };
  out["files"] = t.files;
  out["bytes"] = t.bytes;
  out["read_ok"] = t.read_ok;
  out["read_failed"] = t.read_failed;
  out["read_errors_first"] = t.first_errors;
  out["text_bytes"] = t.text_bytes;
  out["turns"] = t.turns;
  out["paragraphs"] = t.paragraphs;
  out["sentences"] = t.sentences;
  out["procedural_sentences"] = t.procedural_sentences;
  out["evidence"] = t.evidence;
  out["read_s"] = t.read_s;
  out["segment_s"] = t.segment_s;
  out["read_segment_s"] = t.read_s + t.segment_s;
  out["match_s"] = coder ? nlohmann::json(t.match_s) : nlohmann::json(nullptr);
  // MB/s are raw input megabytes (MiB) per second, so every stage is on the same scale.
  out["read_cpu_s"] = t.read_cpu;
  out["segment_cpu_s"] = t.segment_cpu;
  out["read_segment_cpu_s"] = t.read_cpu + t.segment_cpu;
  out["match_cpu_s"] = coder ? nlohmann::json(t.match_cpu) : nlohmann::json(nullptr);
  out["read_mbps"] = mbps(t.read_s);
  out["segment_mbps"] = mbps(t.segment_s);
  out["read_segment_mbps"] = mbps(t.read_s + t.segment_s);
  out["match_mbps"] = coder ? nlohmann::json(mbps(t.match_s)) : nlohmann::json(nullptr);
  out["sentences_per_s_match"] = (coder && t.match_s > 0) ? t.sentences / t.match_s : 0.0;
  std::cout << out.dump(1) << "\n";
  return t.read_ok == 0 ? 1 : 0;
}
