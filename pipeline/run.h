// `normcode run`: sources -> coding core -> store as a tbb::parallel_pipeline.
//
//   input  (serial)    enumerate, stat, incremental decision, read; at most
//                      512 x threads items and max_bytes_in_flight raw bytes
//                      in flight (2 items with one thread)
//   code   (parallel)  hash, ProcessItem with a thread-local SentenceCoder
//   write  (serial, in order)  the only Store; commits every 512 documents,
//                      32 MiB or 2 s
//
// The writer sees items in input order, so the database is identical for any
// thread count. Failed items are reported as `path: reason` on stderr and
// stored as failed rows; the run goes on.
#pragma once
#include "pipeline/commands.h"
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "core/env.h"
#include "core/limits.h"
#include "outputs/store.h"

namespace CLI {
class App;
}

namespace normcode {

enum class LogFormat { kText, kJson };

struct RunOptions {
  std::string db_path;
  std::vector<std::string> inputs;   // PATH arguments ("-" = stdin)
  std::string lexicons_dir;          // already resolved (ResolveLexiconDir)
  ModelOptions model;                // the learned scoring stage (--model, --no-model)
  int threads = 0;                   // 0 = all cores
  Limits limits;
  bool quiet = false;                // no summary, no progress (failures are still printed)
  bool verbose = false;              // one line per document on stderr
  LogFormat log_format = LogFormat::kText;
  std::string command_line;          // stored with the run
  Env* env = nullptr;                // null = Env::Default()
  std::FILE* out = stdout;           // summary
  std::FILE* err = stderr;           // failures, verbose lines, progress
  bool progress = false;             // draw the progress line on err
  // Withdrawal guard: a run that would withdraw more than this share of the documents
  // the database has under one root (and at least 2) withdraws nothing and exits 3,
  // unless allow_mass_withdrawal (`--allow-mass-withdrawal`).
  double max_withdraw_share = 0.5;
  bool allow_mass_withdrawal = false;
  bool rehash = false;
  // Evidence rows kept per document (issue 16.6): a record that matches everywhere
  // keeps the first ones, with a warning on stderr and in the run row.
  uint64_t max_evidence_per_document = 20000;               // read and hash every plain file (no quick stat check)
  const std::atomic<bool>* stop = nullptr;  // set asynchronously (signals): stop reading, commit, 'interrupted'
  // A transaction ends after commit_every documents, commit_bytes of input or
  // commit_seconds, whichever comes first. Larger batches mean fewer full-text index
  // segments and fewer WAL page rewrites (bench/RESULTS.md: 512 vs 64 documents cut
  // the writer's CPU by ~10%); the bytes bound keeps the queued index rows small.
  // Raw bytes of the documents read but not yet written (with more than one thread;
  // a single larger document always goes through): bounds memory while many
  // documents are in flight.
  uint64_t max_bytes_in_flight = 64ull << 20;
  int commit_every = 512;
  uint64_t commit_bytes = 32ull << 20;
  double commit_seconds = 2.0;
};

struct RunResult {
  int exit_code = 0;                 // pipeline/commands.h ExitCode, or kExitInterrupted
  std::string status;                // run status stored: "ok", "interrupted", "failed"
  int64_t run_id = 0;
  RunCounts counts;                  // counts.warnings: documents whose evidence was capped
  double seconds = 0.0;
};


RunResult RunPipeline(const RunOptions& options);

// `flag` if non-empty; else "lexicons" when it is a directory in the current
// directory; else $NORMCODE_LEXICONS; else NORMCODE_SOURCE_DIR "/lexicons".
std::string ResolveLexiconDir(const std::string& flag);

// Adds --limit-max-document-bytes, --limit-max-archive-ratio, ... (one per
// field of Limits; byte sizes accept suffixes such as 64MB) bound to *limits.
void AddLimitOptions(CLI::App& app, Limits* limits);

// Installs SIGINT/SIGTERM handlers that set the returned flag (a second signal
// kills the process the default way); the destructor restores the old handlers.
class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  const std::atomic<bool>* flag() const;
};

}  // namespace normcode
