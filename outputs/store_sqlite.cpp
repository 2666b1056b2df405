// Store on SQLite (SQLiteCpp). See outputs/store.h for the contract and
// docs/SCHEMA.md for the tables.
#include "outputs/store_sqlite.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "core/text.h"
#include "outputs/schema.h"
#include "outputs/store.h"
#include "outputs/store_util.h"

namespace normcode {

namespace {

constexpr int kBusyTimeoutMs = 10000;

std::string Q(const std::string& path) { return PrintableName(path); }

// Turns an SQLite error into a Status naming the database and what was being done.
Status FromSqlite(const SQLite::Exception& e, const std::string& db, const std::string& what) {
  int code = e.getErrorCode();
  std::string msg = "database " + Q(db) + ": " + what + ": " + e.what();
  switch (code & 0xFF) {
    case SQLITE_FULL:
      return Status::IOError("database " + Q(db) + ": disk full (or file size limit reached) while " + what +
                             ": " + e.what());
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_NOLFS:
      return Status::IOError(msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Busy(msg);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::Corruption(msg);
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
    case SQLITE_TOOBIG:
      return Status::InvalidInput(msg);
    default:
      return Status::Internal(msg);
  }
}

std::string JsonDump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Binds a string, or NULL when it is empty.
void BindOpt(SQLite::Statement& s, int i, const std::string& v) {
  if (v.empty())
    s.bind(i);
  else
    s.bind(i, v);
}
void BindOpt(SQLite::Statement& s, int i, std::optional<uint64_t> v) {
  if (v)
    s.bind(i, static_cast<int64_t>(*v));
  else
    s.bind(i);
}
void Bind64(SQLite::Statement& s, int i, uint64_t v) { s.bind(i, static_cast<int64_t>(v)); }

// The exclusive writer lock, however the database is named (issue 16.7): flock() on
// "<real path>.lock" (symlinks, "./", "//" and relative spellings resolved), pid
// written inside, and flock() on the database file itself when it exists, which
// also catches another hard link to it. flock() and SQLite's fcntl() locks do not
// interact on Linux; the descriptor is closed only after SQLite has closed the file.
class WriterLock {
 public:
  WriterLock() = default;
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;
  ~WriterLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
    if (db_fd_ >= 0) ::close(db_fd_);
  }

  Status Acquire(const std::string& db_path) {
    std::string lp = LockFilePath(db_path);
    Status st = AcquireLockFile(db_path, lp);
    if (!st.ok()) return st;
    int dfd = ::open(db_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    // A new database (nothing else can name it yet), or one SQLite's own open will report.
    if (dfd < 0) return Status::OK();
    if (::flock(dfd, LOCK_EX | LOCK_NB) != 0) {
      int err = errno;
      ::close(dfd);
      if (err == EWOULDBLOCK)
        return Status::Busy("database " + Q(db_path) +
                            " is in use by another normcode run (pid unknown: it opened the same file under another "
                            "name)");
      return Status::IOError("cannot lock database " + Q(db_path) + ": " + std::strerror(err));
    }
    db_fd_ = dfd;
    return Status::OK();
  }

 private:
  Status AcquireLockFile(const std::string& db_path, const std::string& lp) {
    int fd = ::open(lp.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      return Status::IOError("cannot open lock file " + Q(lp) + " of database " + Q(db_path) + ": " +
                             std::strerror(errno));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int err = errno;
      if (err == EWOULDBLOCK) {
        char buf[32] = {};
        ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
        ::close(fd);
        std::string pid;
        for (ssize_t i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; ++i) pid += buf[i];
        if (pid.empty()) pid = "unknown";
        return Status::Busy("database " + Q(db_path) + " is in use by another normcode run (pid " + pid + ")");
      }
      ::close(fd);
      return Status::IOError("cannot lock " + Q(lp) + ": " + std::strerror(err));
    }
    std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
      int err = errno;
      ::close(fd);
      return Status::IOError("cannot write lock file " + Q(lp) + ": " + std::strerror(err));
    }
    fd_ = fd;
    return Status::OK();
  }

  int fd_ = -1;
  int db_fd_ = -1;
};

Status MigrateTo(SQLite::Database& db, const std::string& path, int target) {
  int v = db.execAndGet("PRAGMA user_version").getInt();
  for (const Migration& m : SchemaMigrations()) {
    if (m.version <= v || m.version > target) continue;
    try {
      db.exec("BEGIN IMMEDIATE");
      db.exec(m.sql);
      // PRAGMAs take no bound parameters; these are program constants.
      db.exec("PRAGMA user_version = " + std::to_string(m.version));
      db.exec("PRAGMA application_id = " + std::to_string(kNormcodeApplicationId));
      db.exec("COMMIT");
    } catch (const SQLite::Exception& e) {
      if (!sqlite3_get_autocommit(db.getHandle())) {
        try {
          db.exec("ROLLBACK");
        } catch (const SQLite::Exception&) {
        }
      }
      return FromSqlite(e, path,
                        "migration to schema version " + std::to_string(m.version) + " (" + m.name + ") failed");
    }
  }
  return Status::OK();
}

Status CheckVersionNotNewer(int version, const std::string& path) {
  if (version > CurrentSchemaVersion()) {
    return Status::Unsupported("database " + Q(path) + ": database schema version " + std::to_string(version) +
                               " is newer than this program (" + std::to_string(CurrentSchemaVersion()) +
                               "); use a newer normcode");
  }
  return Status::OK();
}

bool OnBoundary(const std::string& s, uint64_t i) {
  return i == s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
}

Status CheckSpan(const Document& doc, const Span& sp, const std::string& what) {
  if (sp.begin > sp.end || sp.end > doc.text.size() || !OnBoundary(doc.text, sp.begin) ||
      !OnBoundary(doc.text, sp.end)) {
    return Status::InvalidInput(Q(doc.path) + ": " + what + " has an invalid span [" + std::to_string(sp.begin) +
                                ", " + std::to_string(sp.end) + ") for a text of " +
                                std::to_string(doc.text.size()) + " bytes");
  }
  return Status::OK();
}

bool ValidPolarity(const std::string& p) {
  return p == polarity::kAsserted || p == polarity::kNegated || p == polarity::kReported ||
         p == polarity::kHypothetical;
}

class SqliteStore final : public Store {
 public:
  SqliteStore(std::string path, bool read_only) : path_(std::move(path)), read_only_(read_only) {}

  ~SqliteStore() override {
    if (tx_open_ && db_) {
      for (auto& [sql, st] : stmts_) st->tryReset();
      try {
        db_->exec("ROLLBACK");
      } catch (const SQLite::Exception&) {
      }
    }
    stmts_.clear();
    db_.reset();
    lock_.reset();
  }

  Status Init();

  int schema_version() override { return schema_version_; }
  const std::string& path() const override { return path_; }

  StatusOr<int64_t> BeginRun(const RunInfo& info) override;
  Status FinishRun(int64_t run_id, const RunCounts& counts, const std::string& status) override;
  Status KnownDocuments(std::vector<std::pair<std::string, KnownDocument>>* out) override;
  Status PutDocument(int64_t run_id, const Document& doc, const std::vector<Sentence>& sentences,
                     const std::vector<Evidence>& evidence) override;
  Status PutFailure(int64_t run_id, const std::string& path, const std::string& content_hash, uint64_t size,
                    int64_t mtime, const std::string& reason) override;
  Status PutRunFailure(int64_t run_id, const std::string& path, const std::string& reason) override;
  Status Touch(int64_t doc_id, uint64_t size, int64_t mtime, int64_t run_id) override;
  Status MarkWithdrawn(int64_t doc_id, int64_t run_id) override;
  Status SetStatIdentity(const std::string& path, uint64_t inode, int64_t ctime_ns) override;
  Status Commit() override;
  Status Rollback() override;
  Status ReadStats(StoreStats* out, int max_runs) override;

 private:
  struct ActorEntry {
    int64_t id = 0;
    bool has_role = false;
  };
  // One full-text index row waiting for the commit (see pending_fts_).
  struct PendingFts {
    int64_t rowid;
    std::string text;
  };

  // A cached prepared statement, reset and with its bindings cleared.
  SQLite::Statement& Stmt(const char* sql) {
    auto it = stmts_.find(sql);
    if (it == stmts_.end()) {
      it = stmts_.emplace(sql, std::make_unique<SQLite::Statement>(*db_, sql)).first;
    } else {
      it->second->tryReset();
      it->second->clearBindings();
    }
    return *it->second;
  }
  Status WritableCheck() const {
    if (read_only_) return Status::Internal("database " + Q(path_) + " was opened read-only");
    return Status::OK();
  }
  void BeginBatch() {
    if (tx_open_) return;
    db_->exec("BEGIN IMMEDIATE");
    tx_open_ = true;
  }
  // After a failed statement: SQLite may have rolled the whole transaction back
  // (disk full, I/O error); then the batch is gone and so is every row in it.
  void AfterFailure(const char* savepoint) {
    actors_.clear();  // ids may refer to rows rolled back
    if (tx_open_ && sqlite3_get_autocommit(db_->getHandle())) tx_open_ = false;
    if (!tx_open_) DropPendingFts();
    if (tx_open_ && savepoint) {
      for (auto& [sql, st] : stmts_) st->tryReset();
      try {
        db_->exec(std::string("ROLLBACK TO ") + savepoint);
        db_->exec(std::string("RELEASE ") + savepoint);
      } catch (const SQLite::Exception&) {
      }
    }
  }
  StatusOr<std::string> RunCodebook(int64_t run_id);
  int64_t UpsertActor(const std::string& name, const std::string& kind, const std::string& iso3,
                      const std::string& role);
  int64_t UpsertDocumentRow(const Document& doc, const std::string& status, const std::string& failure_reason,
                            const std::string& codebook_version, int64_t run_id, uint64_t n_chars);
  void DeleteContent(int64_t doc_id);
  Status WriteDocument(int64_t run_id, const Document& doc, const std::vector<Sentence>& sentences,
                       const std::vector<Evidence>& evidence, std::vector<PendingFts>* fts);

  std::string path_;
  bool read_only_;
  int schema_version_ = 0;
  bool tx_open_ = false;
  // Destruction order: statements, then the connection, then the lock.
  std::unique_ptr<WriterLock> lock_;
  std::unique_ptr<SQLite::Database> db_;
  // Keyed by the address of the SQL string literal.
  std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> stmts_;
  std::unordered_map<std::string, ActorEntry> actors_;
  std::map<int64_t, std::string> run_codebook_;
  // Full-text index rows of the documents written in the open transaction, inserted
  // just before COMMIT (FlushFts). FTS5 flushes its in-memory index at every
  // savepoint; inserting per document inside the per-document savepoint wrote one
  // tiny segment per document (and merged them again): about half the writer's
  // time. The index is complete whenever a transaction commits; within the open
  // transaction nothing reads it. A document written again while its rows are
  // still pending (same path twice in one transaction) flushes first, so the
  // delete trigger finds the rows it removes.
  std::vector<PendingFts> pending_fts_;
  std::set<std::string> pending_fts_paths_;
  void DropPendingFts() {
    pending_fts_.clear();
    pending_fts_paths_.clear();
  }
  Status FlushFts();
  // Outside any savepoint: flushes the pending index rows if `path` has some.
  Status FlushFtsBefore(const std::string& path);
};

Status SqliteStore::Init() {
  if (Status name = CheckDatabaseName(path_); !name.ok()) return name;
  try {
    if (read_only_) {
      struct stat sb;
      if (::stat(path_.c_str(), &sb) != 0) {
        if (errno == ENOENT) return Status::NotFound("database " + Q(path_) + " does not exist");
        return Status::IOError("database " + Q(path_) + ": " + std::strerror(errno));
      }
      db_ = std::make_unique<SQLite::Database>(path_, SQLite::OPEN_READONLY, kBusyTimeoutMs);
      schema_version_ = db_->execAndGet("PRAGMA user_version").getInt();
      Status st = CheckVersionNotNewer(schema_version_, path_);
      if (!st.ok()) return st;
      if (schema_version_ == 0) {
        return Status::InvalidInput("database " + Q(path_) + " is not a normcode database (schema version 0)");
      }
      if (schema_version_ < CurrentSchemaVersion()) {
        return Status::InvalidInput("database " + Q(path_) + " has schema version " +
                                    std::to_string(schema_version_) + ", older than this program's (" +
                                    std::to_string(CurrentSchemaVersion()) +
                                    "); open it once for writing (normcode run) to upgrade it");
      }
      return Status::OK();
    }

    lock_ = std::make_unique<WriterLock>();
    Status st = lock_->Acquire(path_);
    if (!st.ok()) return st;
    db_ = std::make_unique<SQLite::Database>(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, kBusyTimeoutMs);
    if (sqlite3_db_readonly(db_->getHandle(), "main") == 1) {
      return Status::IOError("database " + Q(path_) +
                             " is read-only (file permissions); a run must be able to write it (stats and "
                             "other read-only commands can still open it)");
    }
    int version = db_->execAndGet("PRAGMA user_version").getInt();
    st = CheckVersionNotNewer(version, path_);
    if (!st.ok()) return st;
    int app_id = db_->execAndGet("PRAGMA application_id").getInt();
    if (app_id != 0 && app_id != kNormcodeApplicationId) {
      return Status::InvalidInput("database " + Q(path_) + " belongs to another application (application_id " +
                                  std::to_string(app_id) + ")");
    }
    if (version == 0) {
      int tables = db_->execAndGet("SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite%'").getInt();
      if (tables > 0) {
        return Status::InvalidInput("database " + Q(path_) +
                                    " is an SQLite database with tables of its own, not a normcode database");
      }
    }
    // 16 KiB pages for a new database (no effect on an existing one, whose page size
    // is fixed once it is in WAL mode): fewer b-tree pages and WAL frames per row;
    // the writer's CPU on the 40 MiB bench corpus fell ~18% against 4 KiB.
    db_->exec("PRAGMA page_size = 16384");
    db_->exec("PRAGMA foreign_keys = ON");
    db_->exec("PRAGMA journal_mode = WAL");  // result ignored: some file systems cannot do WAL
    db_->exec("PRAGMA synchronous = NORMAL");
    st = MigrateTo(*db_, path_, CurrentSchemaVersion());
    if (!st.ok()) return st;
    schema_version_ = db_->execAndGet("PRAGMA user_version").getInt();
    // We hold the writer lock: any run still 'running' died without finishing.
    db_->exec("UPDATE runs SET status = 'interrupted' WHERE status = 'running'");
    return Status::OK();
  } catch (const SQLite::Exception& e) {
    return FromSqlite(e, path_, "cannot open");
  } catch (const std::exception& e) {
    return Status::Internal("database " + Q(path_) + ": cannot open: " + e.what());
  }
}

StatusOr<std::string> SqliteStore::RunCodebook(int64_t run_id) {
  auto it = run_codebook_.find(run_id);
  if (it != run_codebook_.end()) return it->second;
  auto& q = Stmt("SELECT codebook_version FROM runs WHERE id = ?");
  q.bind(1, run_id);
  if (!q.executeStep()) return Status::InvalidInput("database " + Q(path_) + ": unknown run id " + std::to_string(run_id));
  std::string v = q.getColumn(0).getString();
  q.tryReset();
  run_codebook_[run_id] = v;
  return v;
}

StatusOr<int64_t> SqliteStore::BeginRun(const RunInfo& info) {
  if (Status st = WritableCheck(); !st.ok()) return st;
  if (tx_open_) {
    if (Status st = Commit(); !st.ok()) return st;
  }
  try {
    auto& q = Stmt(
        "INSERT INTO runs(started_at, program_version, codebook_version, command_line, inputs_json, status) "
        "VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, ?, ?, ?, 'running')");
    q.bind(1, info.program_version);
    q.bind(2, info.codebook_version);
    q.bind(3, info.command_line);
    q.bind(4, JsonDump(nlohmann::json(info.inputs)));
    q.exec();
    int64_t id = db_->getLastInsertRowid();
    run_codebook_[id] = info.codebook_version;
    return id;
  } catch (const SQLite::Exception& e) {
    return FromSqlite(e, path_, "cannot record the run");
  }
}

Status SqliteStore::FinishRun(int64_t run_id, const RunCounts& c, const std::string& status) {
  if (Status st = WritableCheck(); !st.ok()) return st;
  static const std::set<std::string> kStatuses = {"ok", "partial", "failed", "interrupted"};
  if (!kStatuses.count(status)) return Status::InvalidInput("invalid run status '" + status + "'");
  Status commit = Commit();
  try {
    auto& q = Stmt(
        "UPDATE runs SET finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), status = ?, new_docs = ?, "
        "changed = ?, unchanged = ?, failed = ?, withdrawn = ?, turns = ?, sentences = ?, evidence = ?, "
        "bytes = ?, duration_s = (julianday('now') - julianday(started_at)) * 86400.0, warnings = ?, "
        "warnings_json = ? WHERE id = ?");
    q.bind(1, commit.ok() ? status : std::string("failed"));
    q.bind(2, c.new_docs);
    q.bind(3, c.changed);
    q.bind(4, c.unchanged);
    q.bind(5, c.failed);
    q.bind(6, c.withdrawn);
    q.bind(7, c.turns);
    q.bind(8, c.sentences);
    q.bind(9, c.evidence);
    q.bind(10, c.bytes);
    q.bind(11, c.warnings);
    q.bind(12, JsonDump(nlohmann::json(c.warning_messages)));
    q.bind(13, run_id);
    if (q.exec() == 0 && commit.ok()) {
      return Status::NotFound("database " + Q(path_) + ": unknown run id " + std::to_string(run_id));
    }
  } catch (const SQLite::Exception& e) {
    if (!commit.ok()) return commit;
    return FromSqlite(e, path_, "cannot finish the run");
  }
  return commit;
}

Status SqliteStore::KnownDocuments(std::vector<std::pair<std::string, KnownDocument>>* out) {
  out->clear();
  try {
    auto& q = Stmt(
        "SELECT path, id, content_hash, size, mtime, status, codebook_version, COALESCE(inode, 0), "
        "COALESCE(ctime_ns, 0) FROM documents ORDER BY path");
    while (q.executeStep()) {
      KnownDocument k;
      k.id = q.getColumn(1).getInt64();
      k.content_hash = q.getColumn(2).getString();
      k.size = static_cast<uint64_t>(q.getColumn(3).getInt64());
      k.mtime = q.getColumn(4).getInt64();
      k.status = q.getColumn(5).getString();
      k.codebook_version = q.getColumn(6).getString();
      k.inode = static_cast<uint64_t>(q.getColumn(7).getInt64());
      k.ctime_ns = q.getColumn(8).getInt64();
      out->emplace_back(q.getColumn(0).getString(), std::move(k));
    }
    return Status::OK();
  } catch (const SQLite::Exception& e) {
    return FromSqlite(e, path_, "cannot list documents");
  }
}

int64_t SqliteStore::UpsertActor(const std::string& name, const std::string& kind, const std::string& iso3,
                                 const std::string& role) {
  std::string key = ActorKey(name, kind);
  if (key.empty()) return 0;
  std::string cache_key = key + '\x1f' + kind + '\x1f' + iso3;
  auto it = actors_.find(cache_key);
  if (it != actors_.end() && (it->second.has_role || role.empty())) return it->second.id;
  auto& q = Stmt(
      "INSERT INTO actors(name, display_name, kind, iso3, role) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT(name, kind, iso3) DO UPDATE SET role = CASE WHEN actors.role = '' THEN excluded.role "
      "ELSE actors.role END RETURNING id, role");
  q.bind(1, key);
  q.bind(2, DisplayActorName(name));
  q.bind(3, kind);
  q.bind(4, iso3);
  q.bind(5, role);
  q.executeStep();
  ActorEntry e{q.getColumn(0).getInt64(), !q.getColumn(1).getString().empty()};
  q.tryReset();
  actors_[cache_key] = e;
  return e.id;
}

int64_t SqliteStore::UpsertDocumentRow(const Document& doc, const std::string& status,
                                       const std::string& failure_reason, const std::string& codebook_version,
                                       int64_t run_id, uint64_t n_chars) {
  auto& q = Stmt(
      "INSERT INTO documents(path, content_hash, kind, format, encoding, symbol, body, meeting, date, title, "
      "language, size, mtime, status, failure_reason, codebook_version, first_run_id, last_run_id, meta_json, "
      "n_chars) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17, ?18, ?19) "
      "ON CONFLICT(path) DO UPDATE SET content_hash = excluded.content_hash, kind = excluded.kind, "
      "format = excluded.format, encoding = excluded.encoding, symbol = excluded.symbol, body = excluded.body, "
      "meeting = excluded.meeting, date = excluded.date, title = excluded.title, language = excluded.language, "
      "size = excluded.size, mtime = excluded.mtime, status = excluded.status, "
      "failure_reason = excluded.failure_reason, codebook_version = excluded.codebook_version, "
      "last_run_id = excluded.last_run_id, meta_json = excluded.meta_json, n_chars = excluded.n_chars "
      "RETURNING id");
  q.bind(1, doc.path);
  q.bind(2, doc.content_hash);
  BindOpt(q, 3, doc.kind);
  BindOpt(q, 4, doc.format);
  BindOpt(q, 5, doc.encoding);
  BindOpt(q, 6, doc.symbol);
  BindOpt(q, 7, doc.body);
  BindOpt(q, 8, doc.meeting);
  BindOpt(q, 9, doc.date);
  BindOpt(q, 10, doc.title);
  BindOpt(q, 11, doc.language);
  Bind64(q, 12, doc.size);
  q.bind(13, doc.mtime);
  q.bind(14, status);
  BindOpt(q, 15, failure_reason);
  q.bind(16, codebook_version);
  q.bind(17, run_id);
  q.bind(18, doc.meta.empty() ? std::string("{}") : JsonDump(nlohmann::json(doc.meta)));
  Bind64(q, 19, n_chars);
  q.executeStep();
  int64_t id = q.getColumn(0).getInt64();
  q.tryReset();
  return id;
}

void SqliteStore::DeleteContent(int64_t doc_id) {
  // Sentences first, while document_text still holds the text the FTS delete trigger needs.
  for (const char* sql : {"DELETE FROM sentences WHERE doc_id = ?", "DELETE FROM evidence WHERE doc_id = ?",
                          "DELETE FROM turns WHERE doc_id = ?", "DELETE FROM attendees WHERE doc_id = ?"}) {
    auto& q = Stmt(sql);
    q.bind(1, doc_id);
    q.exec();
  }
}

Status SqliteStore::WriteDocument(int64_t run_id, const Document& doc, const std::vector<Sentence>& sentences,
                                  const std::vector<Evidence>& evidence, std::vector<PendingFts>* fts) {
  StatusOr<std::string> codebook = RunCodebook(run_id);
  if (!codebook.ok()) return codebook.status();
  CharIndex ci(doc.text);
  int64_t doc_id = UpsertDocumentRow(doc, "ok", "", *codebook, run_id, ci.chars());
  DeleteContent(doc_id);
  {
    auto& q = Stmt(
        "INSERT INTO document_text(doc_id, text) VALUES (?, ?) ON CONFLICT(doc_id) DO UPDATE SET text = excluded.text");
    q.bind(1, doc_id);
    q.bindNoCopy(2, doc.text);
    q.exec();
  }
  for (size_t i = 0; i < doc.attendees.size(); ++i) {
    const Attendee& a = doc.attendees[i];
    auto& q = Stmt("INSERT INTO attendees(doc_id, idx, name, affiliation, place) VALUES (?, ?, ?, ?, ?)");
    q.bind(1, doc_id);
    q.bind(2, static_cast<int64_t>(i + 1));
    BindOpt(q, 3, a.name);
    BindOpt(q, 4, a.affiliation);
    BindOpt(q, 5, a.place);
    q.exec();
  }

  struct TurnRow {
    int64_t id = 0;
    int64_t speaker_actor = 0;
  };
  std::unordered_map<int, TurnRow> turns;
  for (const Turn& t : doc.turns) {
    TurnRow row;
    if (!t.speaker.empty()) {
      row.speaker_actor = UpsertActor(t.speaker, t.role == role::kAuthor ? "organisation" : "person", t.iso3,
                                      t.role == role::kUnknown ? std::string() : t.role);
    }
    auto& q = Stmt(
        "INSERT INTO turns(doc_id, idx, speaker_actor_id, speaker, affiliation, iso3, role, language_note, "
        "procedural, char_start, char_end, byte_start, byte_end, source_byte_start, source_byte_end) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, doc_id);
    q.bind(2, t.index);
    if (row.speaker_actor)
      q.bind(3, row.speaker_actor);
    else
      q.bind(3);
    BindOpt(q, 4, t.speaker);
    BindOpt(q, 5, t.affiliation);
    BindOpt(q, 6, t.iso3);
    q.bind(7, t.role.empty() ? std::string(role::kUnknown) : t.role);
    BindOpt(q, 8, t.language_note);
    q.bind(9, t.procedural ? 1 : 0);
    Bind64(q, 10, ci.ToChar(t.span.begin));
    Bind64(q, 11, ci.ToChar(t.span.end));
    Bind64(q, 12, t.span.begin);
    Bind64(q, 13, t.span.end);
    BindOpt(q, 14, SourceStartOffset(doc.anchors, t.span.begin));
    BindOpt(q, 15, SourceEndOffset(doc.anchors, t.span.end));
    q.exec();
    row.id = db_->getLastInsertRowid();
    turns[t.index] = row;
  }

  std::map<std::pair<int, int>, int64_t> sentence_ids;
  for (const Sentence& s : sentences) {
    auto& q = Stmt(
        "INSERT INTO sentences(doc_id, turn_id, idx, char_start, char_end, byte_start, byte_end, "
        "source_byte_start, source_byte_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, doc_id);
    if (s.turn != 0)
      q.bind(2, turns.at(s.turn).id);
    else
      q.bind(2);
    q.bind(3, s.index);
    Bind64(q, 4, ci.ToChar(s.span.begin));
    Bind64(q, 5, ci.ToChar(s.span.end));
    Bind64(q, 6, s.span.begin);
    Bind64(q, 7, s.span.end);
    BindOpt(q, 8, SourceStartOffset(doc.anchors, s.span.begin));
    BindOpt(q, 9, SourceEndOffset(doc.anchors, s.span.end));
    q.exec();
    int64_t sid = db_->getLastInsertRowid();
    sentence_ids[{s.turn, s.index}] = sid;
    // The FTS row's text must be exactly what the sentence_text view yields.
    fts->push_back({sid, doc.text.substr(s.span.begin, s.span.size())});
  }

  for (const Evidence& e : evidence) {
    int64_t target = 0;
    if (!e.target.empty()) {
      target = UpsertActor(e.target.name, *ActorKindForType(e.target.type), e.target.iso3, "");
    }
    auto& q = Stmt(
        "INSERT INTO evidence(run_id, doc_id, turn_id, sentence_id, code, entry_id, lexicon_version, char_start, "
        "char_end, byte_start, byte_end, source_byte_start, source_byte_end, matched_text, polarity, "
        "speaker_actor_id, target_actor_id, target_type, score, model_version, features) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, run_id);
    q.bind(2, doc_id);
    int64_t speaker = 0;
    if (e.turn != 0) {
      const TurnRow& tr = turns.at(e.turn);
      q.bind(3, tr.id);
      speaker = tr.speaker_actor;
    } else {
      q.bind(3);
    }
    q.bind(4, sentence_ids.at({e.turn, e.sentence}));
    q.bind(5, e.code);
    q.bind(6, e.entry_id);
    q.bind(7, e.lexicon_version);
    Bind64(q, 8, ci.ToChar(e.match.begin));
    Bind64(q, 9, ci.ToChar(e.match.end));
    Bind64(q, 10, e.match.begin);
    Bind64(q, 11, e.match.end);
    BindOpt(q, 12, SourceStartOffset(doc.anchors, e.match.begin));
    BindOpt(q, 13, SourceEndOffset(doc.anchors, e.match.end));
    // Offsets are the truth: the stored matched_text is the text at them.
    q.bind(14, doc.text.substr(e.match.begin, e.match.size()));
    q.bind(15, e.polarity);
    if (speaker)
      q.bind(16, speaker);
    else
      q.bind(16);
    if (target)
      q.bind(17, target);
    else
      q.bind(17);
    BindOpt(q, 18, e.target.empty() ? std::string() : e.target.type);
    q.bind(19, e.score);
    q.bind(20, e.model_version);
    q.bind(21, e.features);
    q.exec();
  }
  return Status::OK();
}

Status SqliteStore::PutDocument(int64_t run_id, const Document& doc, const std::vector<Sentence>& sentences,
                                const std::vector<Evidence>& evidence) {
  if (Status st = WritableCheck(); !st.ok()) return st;
  // Validate everything before writing anything.
  if (doc.path.empty()) return Status::InvalidInput("document without a path");
  if (!IsValidUtf8(doc.text)) return Status::InvalidInput(Q(doc.path) + ": document text is not valid UTF-8");
  std::set<int> turn_ids;
  for (const Turn& t : doc.turns) {
    if (!turn_ids.insert(t.index).second || t.index == 0)
      return Status::InvalidInput(Q(doc.path) + ": duplicate or zero turn index " + std::to_string(t.index));
    if (Status st = CheckSpan(doc, t.span, "turn " + std::to_string(t.index)); !st.ok()) return st;
  }
  std::set<std::pair<int, int>> sentence_keys;
  for (const Sentence& s : sentences) {
    std::string what = "sentence " + std::to_string(s.turn) + "." + std::to_string(s.index);
    if (s.turn != 0 && !turn_ids.count(s.turn))
      return Status::InvalidInput(Q(doc.path) + ": " + what + " refers to a turn that does not exist");
    if (!sentence_keys.insert({s.turn, s.index}).second)
      return Status::InvalidInput(Q(doc.path) + ": duplicate " + what);
    if (Status st = CheckSpan(doc, s.span, what); !st.ok()) return st;
  }
  for (const Evidence& e : evidence) {
    std::string what = "evidence " + e.code + " in sentence " + std::to_string(e.turn) + "." +
                       std::to_string(e.sentence);
    if (e.code.empty()) return Status::InvalidInput(Q(doc.path) + ": evidence without a code");
    if (!sentence_keys.count({e.turn, e.sentence}))
      return Status::InvalidInput(Q(doc.path) + ": " + what + " refers to a sentence that does not exist");
    if (Status st = CheckSpan(doc, e.match, what); !st.ok()) return st;
    if (!ValidPolarity(e.polarity))
      return Status::InvalidInput(Q(doc.path) + ": " + what + " has an invalid polarity '" + e.polarity + "'");
    if (!e.target.empty() && !ActorKindForType(e.target.type))
      return Status::InvalidInput(Q(doc.path) + ": " + what + " has a target of unknown type '" + e.target.type + "'");
  }

  if (Status st = FlushFtsBefore(doc.path); !st.ok()) return st;
  try {
    BeginBatch();
    db_->exec("SAVEPOINT put_document");
  } catch (const SQLite::Exception& e) {
    AfterFailure(nullptr);
    return FromSqlite(e, path_, "cannot start a transaction");
  }
  Status st;
  std::vector<PendingFts> fts;
  fts.reserve(sentences.size());
  try {
    st = WriteDocument(run_id, doc, sentences, evidence, &fts);
  } catch (const SQLite::Exception& e) {
    st = FromSqlite(e, path_, "cannot store " + Q(doc.path));
  } catch (const std::exception& e) {
    st = Status::Internal("database " + Q(path_) + ": cannot store " + Q(doc.path) + ": " + e.what());
  }
  if (!st.ok()) {
    AfterFailure("put_document");
    return st;
  }
  try {
    db_->exec("RELEASE put_document");
  } catch (const SQLite::Exception& e) {
    AfterFailure("put_document");
    return FromSqlite(e, path_, "cannot store " + Q(doc.path));
  }
  if (!fts.empty()) {
    pending_fts_paths_.insert(doc.path);
    for (auto& r : fts) pending_fts_.push_back(std::move(r));
  }
  return Status::OK();
}

Status SqliteStore::PutFailure(int64_t run_id, const std::string& path, const std::string& content_hash,
                               uint64_t size, int64_t mtime, const std::string& reason) {
  if (Status st = WritableCheck(); !st.ok()) return st;
  if (path.empty()) return Status::InvalidInput("failure without a path");
  if (Status st = FlushFtsBefore(path); !st.ok()) return st;
  try {
    BeginBatch();
    db_->exec("SAVEPOINT put_failure");
  } catch (const SQLite::Exception& e) {
    AfterFailure(nullptr);
    return FromSqlite(e, path_, "cannot start a transaction");
  }
  try {
    StatusOr<std::string> codebook = RunCodebook(run_id);
    if (!codebook.ok()) {
      AfterFailure("put_failure");
      return codebook.status();
    }
    Document d;
    d.path = path;
    d.content_hash = content_hash;
    d.size = size;
    d.mtime = mtime;
    d.language.clear();
    int64_t doc_id = UpsertDocumentRow(d, "failed", reason.empty() ? std::string("unknown") : reason, *codebook,
                                       run_id, 0);
    DeleteContent(doc_id);
    auto& t = Stmt("DELETE FROM document_text WHERE doc_id = ?");
    t.bind(1, doc_id);
    t.exec();
    auto& q = Stmt("INSERT INTO run_failures(run_id, path, reason) VALUES (?, ?, ?)");
    q.bind(1, run_id);
    q.bind(2, path);
    q.bind(3, reason);
    q.exec();
    db_->exec("RELEASE put_failure");
    return Status::OK();
  } catch (const SQLite::Exception& e) {
    AfterFailure("put_failure");
    return FromSqlite(e, path_, "cannot record the failure of " + Q(path));
  }
}

Status SqliteStore::PutRunFailure(int64_t run_id, const std::string& path, const std::string& reason) {
  if (Status st = WritableCheck(); !st.ok()) return st;
  try {
    BeginBatch();
    auto& q = Stmt("INSERT INTO run_failures(run_id, path, reason) VALUES (?, ?, ?)");
    q.bind(1, run_id);
    q.bind(2, path);
    q.bind(3, reason);
    q.exec();
    return Status::OK();
  } catch (const SQLite::Exception& e) {
    AfterFailure(nullptr);
    return FromSqlite(e, path_, "cannot record the failure of " + Q(path));
  }
}

Status SqliteStore::Touch(int64_t doc_id, uint64_t size, int64_t mtime, int64_t run_id) {
  if (Status st = WritableCheck(); !st.ok()) return st;
  try {
    BeginBatch();
    // A withdrawn document that is back unchanged regains its previous status.
    auto& q = Stmt(
        "UPDATE documents SET size = ?, mtime = ?, last_run_id = ?, status = CASE WHEN status <> 'withdrawn' "
        "THEN status WHEN failure_reason IS NULL THEN 'ok' ELSE 'failed' END WHERE id = ?");
    Bind64(q, 1, size);
    q.bind(2, mtime);
    q.bind(3, run_id);
    q.bind(4, doc_id);
    if (q.exec() == 0) return Status::NotFound("database " + Q(path_) + ": no document with id " + std::to_string(doc_id));
    return Status::OK();
  } catch (const SQLite::Exception& e) {
    AfterFailure(nullptr);
    return FromSqlite(e, path_, "cannot update document " + std::to_string(doc_id));
  }
}

Status SqliteStore::MarkWithdrawn(int64_t doc_id, int64_t run_id) {
  if (Status st = WritableCheck(); !st.ok()) return st;
  try {
    BeginBatch();
    auto& q = Stmt("UPDATE documents SET status = 'withdrawn', last_run_id = ? WHERE id = ?");
    q.bind(1, run_id);
    q.bind(2, doc_id);
    if (q.exec() == 0) return Status::NotFound("database " + Q(path_) + ": no document with id " + std::to_string(doc_id));
    return Status::OK();
  } catch (const SQLite::Exception& e) {
    AfterFailure(nullptr);
    return FromSqlite(e, path_, "cannot withdraw document " + std::to_string(doc_id));
  }
}

Status SqliteStore::SetStatIdentity(const std::string& path, uint64_t inode, int64_t ctime_ns) {
  if (Status st = WritableCheck(); !st.ok()) return st;
  try {
    BeginBatch();
    auto& q = Stmt("UPDATE documents SET inode = ?, ctime_ns = ? WHERE path = ?");
    if (inode) Bind64(q, 1, inode);
    else q.bind(1);
    if (inode) q.bind(2, ctime_ns);
    else q.bind(2);
    q.bind(3, path);
    q.exec();
    return Status::OK();
  } catch (const SQLite::Exception& e) {
    AfterFailure(nullptr);
    return FromSqlite(e, path_, "cannot update the stat identity of " + Q(path));
  }
}

Status SqliteStore::FlushFts() {
  if (pending_fts_.empty()) return Status::OK();
  try {
    auto& f = Stmt("INSERT INTO sentence_fts(rowid, text) VALUES (?, ?)");
    for (const PendingFts& r : pending_fts_) {
      f.bind(1, r.rowid);
      f.bindNoCopy(2, r.text);
      f.exec();
      f.reset();
    }
    f.clearBindings();
    DropPendingFts();
    return Status::OK();
  } catch (const SQLite::Exception& e) {
    // Part of the index rows may be in: only dropping the whole batch keeps it consistent.
    Status st = FromSqlite(e, path_, "cannot update the full-text index");
    Status rb = Rollback();
    (void)rb;
    return st;
  }
}

Status SqliteStore::FlushFtsBefore(const std::string& path) {
  if (!pending_fts_paths_.count(path)) return Status::OK();
  return FlushFts();
}

Status SqliteStore::Commit() {
  if (!tx_open_) return Status::OK();
  if (Status fs = FlushFts(); !fs.ok()) return fs;
  for (auto& [sql, st] : stmts_) st->tryReset();
  try {
    db_->exec("COMMIT");
    tx_open_ = false;
    return Status::OK();
  } catch (const SQLite::Exception& e) {
    Status st = FromSqlite(e, path_, "cannot commit");
    actors_.clear();
    DropPendingFts();
    if (!sqlite3_get_autocommit(db_->getHandle())) {
      try {
        db_->exec("ROLLBACK");
      } catch (const SQLite::Exception&) {
      }
    }
    tx_open_ = false;
    return st;
  }
}

Status SqliteStore::Rollback() {
  if (!tx_open_) return Status::OK();
  for (auto& [sql, st] : stmts_) st->tryReset();
  actors_.clear();
  DropPendingFts();
  tx_open_ = false;
  try {
    if (!sqlite3_get_autocommit(db_->getHandle())) db_->exec("ROLLBACK");
    return Status::OK();
  } catch (const SQLite::Exception& e) {
    return FromSqlite(e, path_, "cannot roll back");
  }
}

Status SqliteStore::ReadStats(StoreStats* out, int max_runs) {
  *out = StoreStats();
  out->schema_version = schema_version_;
  try {
    auto count = [&](const char* sql) { return db_->execAndGet(sql).getInt64(); };
    out->documents = count("SELECT count(*) FROM documents");
    out->turns = count("SELECT count(*) FROM turns");
    out->sentences = count("SELECT count(*) FROM sentences");
    out->evidence = count("SELECT count(*) FROM evidence");
    out->actors = count("SELECT count(*) FROM actors");
    out->runs = count("SELECT count(*) FROM runs");
    auto grouped = [&](const char* sql, std::vector<StoreStats::Count>* v) {
      auto& q = Stmt(sql);
      while (q.executeStep()) {
        v->push_back({q.getColumn(0).isNull() ? std::string() : q.getColumn(0).getString(),
                      q.getColumn(1).getInt64()});
      }
    };
    grouped("SELECT status, count(*) FROM documents GROUP BY status ORDER BY count(*) DESC, status", &out->by_status);
    grouped("SELECT kind, count(*) FROM documents GROUP BY kind ORDER BY count(*) DESC, kind", &out->by_kind);
    grouped("SELECT body, count(*) FROM documents GROUP BY body ORDER BY count(*) DESC, body", &out->by_body);
    grouped("SELECT substr(date, 1, 4) AS y, count(*) FROM documents GROUP BY y ORDER BY y", &out->by_year);
    {
      auto& q = Stmt("SELECT code, polarity, count(*) FROM evidence GROUP BY code, polarity ORDER BY code, polarity");
      while (q.executeStep())
        out->evidence_by_code.push_back(
            {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt64()});
    }
    {
      auto& q = Stmt(
          "SELECT id, started_at, finished_at, status, program_version, codebook_version, new_docs, changed, "
          "unchanged, failed, withdrawn, evidence, duration_s FROM runs ORDER BY id DESC LIMIT ?");
      q.bind(1, max_runs);
      while (q.executeStep()) {
        StoreStats::Run r;
        r.id = q.getColumn(0).getInt64();
        r.started_at = q.getColumn(1).getString();
        r.finished_at = q.getColumn(2).getString();
        r.status = q.getColumn(3).getString();
        r.program_version = q.getColumn(4).getString();
        r.codebook_version = q.getColumn(5).getString();
        r.new_docs = q.getColumn(6).getInt64();
        r.changed = q.getColumn(7).getInt64();
        r.unchanged = q.getColumn(8).getInt64();
        r.failed = q.getColumn(9).getInt64();
        r.withdrawn = q.getColumn(10).getInt64();
        r.evidence = q.getColumn(11).getInt64();
        r.duration_s = q.getColumn(12).getDouble();
        out->last_runs.push_back(std::move(r));
      }
      q.tryReset();
    }
    return Status::OK();
  } catch (const SQLite::Exception& e) {
    return FromSqlite(e, path_, "cannot read statistics");
  }
}

}  // namespace

std::string CanonicalDatabasePath(const std::string& db_path) {
  if (char* r = ::realpath(db_path.c_str(), nullptr)) {
    std::string out = r;
    std::free(r);
    return out;
  }
  // Not there yet: the real folder and the name.
  std::string dir = ".", base = db_path;
  if (size_t slash = db_path.rfind('/'); slash != std::string::npos) {
    dir = slash == 0 ? "/" : db_path.substr(0, slash);
    base = db_path.substr(slash + 1);
  }
  if (char* r = ::realpath(dir.c_str(), nullptr)) {
    std::string out = r;
    std::free(r);
    return (out == "/" ? out : out + "/") + base;
  }
  return db_path;
}

std::string LockFilePath(const std::string& db_path) { return CanonicalDatabasePath(db_path) + ".lock"; }

Status CheckDatabaseName(const std::string& db_path) {
  if (db_path.empty()) return Status::InvalidInput("no database path given");
  if (db_path == ":memory:" || db_path.rfind("file:", 0) == 0 || db_path.rfind(":memory:", 0) == 0)
    return Status::InvalidInput("database " + Q(db_path) +
                                ": not a plain file path (in-memory databases and SQLite URIs are refused: nothing "
                                "would be stored, or the name would not be the file that is locked)");
  struct stat st;
  if (::stat(db_path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    return Status::InvalidInput("database " + Q(db_path) + " exists and is not a regular file");
  return Status::OK();
}

Status CreateDatabaseAtVersion(const std::string& path, int target_version) {
  try {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, kBusyTimeoutMs);
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA journal_mode = WAL");
    return MigrateTo(db, path, target_version);
  } catch (const SQLite::Exception& e) {
    return FromSqlite(e, path, "cannot create");
  }
}

StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& path, bool read_only) {
  auto s = std::make_unique<SqliteStore>(path, read_only);
  Status st = s->Init();
  if (!st.ok()) return st;
  return std::unique_ptr<Store>(std::move(s));
}

}  // namespace normcode
