// The evidence store: one SQLite database, written only through Store.
// The store knows nothing of file formats or threads: the pipeline hands it
// finished documents. One Store object = one connection; not thread-safe (the
// pipeline's single serial writer stage owns it).
//
// Contract:
//  - Open() creates or migrates the schema (PRAGMA user_version, forward
//    migrations only), turns on WAL and foreign keys, and takes an exclusive
//    writer lock (a lock file beside the database) unless read_only: a second
//    writer gets Status::Busy naming the holder's pid.
//  - Writes are batched: PutDocument/PutFailure go into the open transaction,
//    which Commit() ends (the pipeline commits every N documents and at the end).
//    A document's rows (document, turns, sentences, evidence) are always in the
//    same transaction: a crash never leaves a document half-coded.
//  - All SQL uses prepared statements with bound parameters.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/status.h"

namespace normcode {

// A summary of a database for `normcode stats` (Store::ReadStats).
struct StoreStats {
  struct Count {
    std::string key;  // "" when the column is NULL (shown as "(none)")
    int64_t count = 0;
  };
  struct CodeCount {
    std::string code, polarity;
    int64_t count = 0;
  };
  struct Run {
    int64_t id = 0;
    std::string started_at, finished_at, status, program_version, codebook_version;
    int64_t new_docs = 0, changed = 0, unchanged = 0, failed = 0, withdrawn = 0, evidence = 0;
    double duration_s = 0;
  };
  int schema_version = 0;
  int64_t documents = 0, turns = 0, sentences = 0, evidence = 0, actors = 0, runs = 0;
  std::vector<Count> by_status, by_kind, by_body, by_year;  // documents
  std::vector<CodeCount> evidence_by_code;                 // all evidence rows, by code then polarity
  std::vector<Run> last_runs;                              // newest first
};

struct RunInfo {
  std::string program_version;
  std::string codebook_version;
  std::string command_line;
  std::vector<std::string> inputs;  // the PATH arguments
};

struct RunCounts {
  int64_t new_docs = 0, changed = 0, unchanged = 0, failed = 0, withdrawn = 0;
  int64_t turns = 0, sentences = 0, evidence = 0;
  int64_t bytes = 0;
  int64_t warnings = 0;                       // runs.warnings
  std::vector<std::string> warning_messages;  // the first ones, stored in runs.warnings_json
};

// What the store knows about a path, for incremental runs.
struct KnownDocument {
  int64_t id = 0;
  std::string content_hash;
  uint64_t size = 0;
  int64_t mtime = 0;
  uint64_t inode = 0;            // 0 when unknown (archive members, stdin, rows from schema < 5)
  int64_t ctime_ns = 0;
  std::string status;            // "ok", "failed", "withdrawn"
  std::string codebook_version;  // version its evidence was coded with
};

class Store {
 public:
  static StatusOr<std::unique_ptr<Store>> Open(const std::string& path, bool read_only = false);
  virtual ~Store() = default;

  virtual int schema_version() = 0;

  virtual StatusOr<int64_t> BeginRun(const RunInfo& info) = 0;
  virtual Status FinishRun(int64_t run_id, const RunCounts& counts, const std::string& status) = 0;

  // All known documents by path (one query, for the incremental planner).
  virtual Status KnownDocuments(std::vector<std::pair<std::string, KnownDocument>>* out) = 0;

  // Inserts or replaces the document at doc.path with its turns, sentences
  // (offsets into doc.text) and evidence; stores doc.text; resolves actors.
  virtual Status PutDocument(int64_t run_id, const Document& doc, const std::vector<Sentence>& sentences,
                             const std::vector<Evidence>& evidence) = 0;
  // Records a failed file (status 'failed', reason) without touching a previous good version's evidence? No:
  // a file that now fails replaces its previous content (its evidence is removed) and is marked failed.
  virtual Status PutFailure(int64_t run_id, const std::string& path, const std::string& content_hash, uint64_t size,
                            int64_t mtime, const std::string& reason) = 0;
  // Records a failure in run_failures only, leaving documents alone (an input that
  // is not the source stored under its name, such as a duplicate archive member).
  virtual Status PutRunFailure(int64_t run_id, const std::string& path, const std::string& reason) = 0;
  // Updates size/mtime of an unchanged document (content hash equal) without recoding.
  virtual Status Touch(int64_t doc_id, uint64_t size, int64_t mtime, int64_t run_id) = 0;
  // Records the stat identity (inode, ctime in ns; 0 = unknown, stored NULL) of the
  // document at `path`, for the next run's quick check. Part of the open batch.
  virtual Status SetStatIdentity(const std::string& path, uint64_t inode, int64_t ctime_ns) = 0;
  // Marks documents whose file disappeared as 'withdrawn' (their rows stay).
  virtual Status MarkWithdrawn(int64_t doc_id, int64_t run_id) = 0;

  virtual Status Commit() = 0;  // commits the open batch (no-op when none)

  // --- additions (s) ---
  // The database file this store was opened on.
  virtual const std::string& path() const = 0;
  // Counts for `normcode stats`; the last `max_runs` runs, newest first.
  virtual Status ReadStats(StoreStats* out, int max_runs = 5) = 0;
  // Drops the open batch (documents since the last Commit). The destructor does
  // the same: a batch that was never committed is not in the database.
  virtual Status Rollback() = 0;
};

}  // namespace normcode
