// `run` end to end on the demo corpus: thread-count independence, incremental
// runs (unchanged, touched, changed, withdrawn), bad files, injected faults,
// interruption, a locked database and an unusable lexicon directory.
#include <gtest/gtest.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/text.h"
#include "outputs/store.h"
#include "pipeline/commands.h"
#include "pipeline/run.h"

namespace normcode {
namespace {

namespace fs = std::filesystem;

const std::string kSource = NORMCODE_SOURCE_DIR;
const std::string kLexicons = kSource + "/lexicons";
const std::string kCorpus = kSource + "/corpus";

struct Outcome {
  RunResult r;
  std::string out, err;
};

std::string ReadAll(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string s;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
  std::fclose(f);
  return s;
}

Outcome RunNc(const std::vector<std::string>& inputs, const std::string& db, int threads = 2, Env* env = nullptr,
            const std::atomic<bool>* stop = nullptr, const std::string& lexicons = kLexicons,
            uint64_t max_bytes_in_flight = RunOptions().max_bytes_in_flight) {
  RunOptions o;
  o.max_bytes_in_flight = max_bytes_in_flight;
  o.db_path = db;
  o.inputs = inputs;
  o.lexicons_dir = lexicons;
  o.threads = threads;
  o.env = env;
  o.stop = stop;
  o.out = std::tmpfile();
  o.err = std::tmpfile();
  o.command_line = "run_test";
  Outcome res;
  res.r = RunPipeline(o);
  res.out = ReadAll(o.out);
  res.err = ReadAll(o.err);
  return res;
}

std::vector<std::string> Rows(const std::string& db, const std::string& sql) {
  SQLite::Database d(db, SQLite::OPEN_READONLY);
  SQLite::Statement q(d, sql);
  std::vector<std::string> rows;
  while (q.executeStep()) {
    std::string row;
    for (int i = 0; i < q.getColumnCount(); ++i) {
      if (i) row += '|';
      row += q.getColumn(i).isNull() ? "NULL" : q.getColumn(i).getString();
    }
    rows.push_back(row);
  }
  return rows;
}

int64_t Count(const std::string& db, const std::string& sql) {
  SQLite::Database d(db, SQLite::OPEN_READONLY);
  return d.execAndGet(sql).getInt64();
}

// Evidence with its provenance, in insertion (id) order; no ids or run ids.
const char* kEvidenceSql =
    "SELECT d.path, t.idx, s.idx, e.code, e.entry_id, e.byte_start, e.byte_end, e.char_start, e.char_end,"
    " e.matched_text, e.polarity, printf('%.6f', e.score), e.target_type"
    " FROM evidence e JOIN documents d ON d.id = e.doc_id JOIN sentences s ON s.id = e.sentence_id"
    " LEFT JOIN turns t ON t.id = e.turn_id ORDER BY e.id";
// The same, for documents that are current ('ok'), ordered by content.
const char* kCurrentEvidenceSql =
    "SELECT d.path, t.idx, s.idx, e.code, e.entry_id, e.byte_start, e.byte_end, e.matched_text, e.polarity"
    " FROM evidence e JOIN documents d ON d.id = e.doc_id JOIN sentences s ON s.id = e.sentence_id"
    " LEFT JOIN turns t ON t.id = e.turn_id WHERE d.status = 'ok' ORDER BY d.path, e.byte_start, e.code, e.entry_id";

class RunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/normcode-run-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    tmp_ = tmpl;
    corpus_ = (tmp_ / "corpus").string();
    fs::copy(kCorpus, corpus_, fs::copy_options::recursive);
    for (auto& e : fs::directory_iterator(corpus_)) {
      std::string n = e.path().filename().string();
      if (n[0] != '.' && n != "SOURCES.md") files_.push_back(e.path().string());
    }
    std::sort(files_.begin(), files_.end());
    ASSERT_GE(files_.size(), 6u) << "the demo corpus has at least 6 records";
  }
  void TearDown() override { fs::remove_all(tmp_); }
  std::string Db(const std::string& name) const { return (tmp_ / name).string(); }

  fs::path tmp_;
  std::string corpus_;
  std::vector<std::string> files_;
};

TEST_F(RunTest, SameEvidenceForOneAndTwoThreads) {
  Outcome a = RunNc({corpus_}, Db("t1.db"), 1);
  Outcome b = RunNc({corpus_}, Db("t2.db"), 2);
  ASSERT_EQ(a.r.exit_code, kExitOk) << a.err;
  ASSERT_EQ(b.r.exit_code, kExitOk) << b.err;
  EXPECT_EQ(a.r.counts.new_docs, static_cast<int64_t>(files_.size()));
  EXPECT_EQ(a.r.status, "ok");
  auto ea = Rows(Db("t1.db"), kEvidenceSql);
  auto eb = Rows(Db("t2.db"), kEvidenceSql);
  EXPECT_GT(ea.size(), 0u) << "the demo corpus must produce evidence";
  EXPECT_EQ(static_cast<int64_t>(ea.size()), a.r.counts.evidence);
  EXPECT_EQ(ea, eb);
  const char* docs = "SELECT id, path, content_hash, status, kind, symbol FROM documents ORDER BY id";
  EXPECT_EQ(Rows(Db("t1.db"), docs), Rows(Db("t2.db"), docs));
  const char* sents = "SELECT doc_id, idx, byte_start, byte_end FROM sentences ORDER BY id";
  EXPECT_EQ(Rows(Db("t1.db"), sents), Rows(Db("t2.db"), sents));
  EXPECT_EQ(Count(Db("t1.db"), "SELECT count(*) FROM sentences"), a.r.counts.sentences);
  // The summary names every count.
  for (const char* w : {"new", "changed", "unchanged", "failed", "withdrawn", "speaker turns", "sentences",
                        "evidence", "MB/s"})
    EXPECT_NE(a.out.find(w), std::string::npos) << w << " missing in summary: " << a.out;
  EXPECT_EQ(a.err, "");  // nothing failed, not verbose, no terminal: stderr stays empty
}

// The bound on raw bytes in flight: at 1 byte every document waits until the writer
// has taken the one before it (a document alone always goes through), which must
// neither deadlock nor change a result, with 2 threads or more threads than cores.
TEST_F(RunTest, BytesInFlightBoundChangesNothing) {
  Outcome a = RunNc({corpus_}, Db("t1.db"), 1);
  ASSERT_EQ(a.r.exit_code, kExitOk) << a.err;
  for (int threads : {2, 4}) {
    std::string db = Db("gate" + std::to_string(threads) + ".db");
    Outcome b = RunNc({corpus_}, db, threads, nullptr, nullptr, kLexicons, 1);
    ASSERT_EQ(b.r.exit_code, kExitOk) << b.err;
    EXPECT_EQ(b.r.counts.new_docs, static_cast<int64_t>(files_.size()));
    EXPECT_EQ(Rows(Db("t1.db"), kEvidenceSql), Rows(db, kEvidenceSql)) << threads << " threads";
  }
}

TEST_F(RunTest, IncrementalRuns) {
  const std::string db = Db("inc.db");
  Outcome r1 = RunNc({corpus_}, db);
  ASSERT_EQ(r1.r.exit_code, kExitOk) << r1.err;
  const int64_t n = static_cast<int64_t>(files_.size());
  const int64_t ev1 = Count(db, "SELECT count(*) FROM evidence");
  const int64_t se1 = Count(db, "SELECT count(*) FROM sentences");

  // Second run: everything unchanged, nothing added.
  Outcome r2 = RunNc({corpus_ + "/"}, db);
  ASSERT_EQ(r2.r.exit_code, kExitOk) << r2.err;
  EXPECT_EQ(r2.r.counts.unchanged, n);
  EXPECT_EQ(r2.r.counts.new_docs + r2.r.counts.changed + r2.r.counts.failed + r2.r.counts.withdrawn, 0);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM evidence"), ev1);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM sentences"), se1);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM documents"), n);

  // Same bytes, new mtime: hashed, found equal, touched (mtime updated), not recoded.
  std::string touched = corpus_ + "/S-PV-5151.html";
  fs::last_write_time(touched, fs::last_write_time(touched) - std::chrono::hours(48));
  Outcome r3 = RunNc({corpus_}, db);
  ASSERT_EQ(r3.r.exit_code, kExitOk) << r3.err;
  EXPECT_EQ(r3.r.counts.unchanged, n);
  EXPECT_EQ(r3.r.counts.changed, 0);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM evidence"), ev1);
  struct stat st;
  ASSERT_EQ(::stat(touched.c_str(), &st), 0);
  EXPECT_EQ(Count(db, "SELECT mtime FROM documents WHERE path = '" + touched + "'"), st.st_mtime);

  // A changed file is recoded, a removed one withdrawn; a subset root withdraws nothing else.
  std::string changed = corpus_ + "/interview-demo-force-commander.md";
  {
    std::ofstream f(changed, std::ios::app);
    f << "\nQ: Anything else?\n\nA: The battalion commander refused to deploy his company to the northern "
         "villages, and the contingent prevented the joint operation by withholding its vehicles.\n";
  }
  std::string removed = corpus_ + "/S-PV-4961.html";
  fs::remove(removed);
  const int64_t sent_before = Count(
      db, "SELECT count(*) FROM sentences s JOIN documents d ON d.id = s.doc_id WHERE d.path = '" + changed + "'");
  const auto hash_before = Rows(db, "SELECT content_hash FROM documents WHERE path = '" + changed + "'");
  Outcome r4 = RunNc({corpus_}, db);
  ASSERT_EQ(r4.r.exit_code, kExitOk) << r4.err;
  EXPECT_EQ(r4.r.counts.changed, 1);
  EXPECT_EQ(r4.r.counts.withdrawn, 1);
  EXPECT_EQ(r4.r.counts.unchanged, n - 2);
  EXPECT_EQ(r4.r.counts.new_docs, 0);
  EXPECT_EQ(Rows(db, "SELECT status FROM documents WHERE path = '" + removed + "'"),
            std::vector<std::string>{"withdrawn"});
  EXPECT_EQ(Count(db, "SELECT count(*) FROM documents"), n);

  // No duplicates: the current evidence equals a fresh database's over the same files.
  Outcome fresh = RunNc({corpus_}, Db("fresh.db"));
  ASSERT_EQ(fresh.r.exit_code, kExitOk) << fresh.err;
  EXPECT_EQ(Rows(db, kCurrentEvidenceSql), Rows(Db("fresh.db"), kCurrentEvidenceSql));
  // The recoded document has the appended turn's sentences and a new content hash.
  EXPECT_GT(Count(db, "SELECT count(*) FROM sentences s JOIN documents d ON d.id = s.doc_id WHERE d.path = '" +
                          changed + "'"),
            sent_before);
  EXPECT_NE(Rows(db, "SELECT content_hash FROM documents WHERE path = '" + changed + "'"), hash_before);

  // Only one file given: the others are outside the roots and stay as they are.
  Outcome r5 = RunNc({corpus_ + "/S-PV-5151.html"}, db);
  ASSERT_EQ(r5.r.exit_code, kExitOk) << r5.err;
  EXPECT_EQ(r5.r.counts.withdrawn, 0);
  EXPECT_EQ(r5.r.counts.unchanged, 1);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM documents WHERE status = 'ok'"), n - 1);

  // The file comes back: it is coded again (new).
  fs::copy_file(kCorpus + "/S-PV-4961.html", removed);
  Outcome r6 = RunNc({corpus_}, db);
  ASSERT_EQ(r6.r.exit_code, kExitOk) << r6.err;
  EXPECT_EQ(r6.r.counts.new_docs, 1);
  EXPECT_EQ(Rows(db, "SELECT status FROM documents WHERE path = '" + removed + "'"), std::vector<std::string>{"ok"});
}

TEST_F(RunTest, BadFilesAreReportedStoredAsFailedAndTheRestSucceeds) {
  std::string dir = (tmp_ / "mixed").string();
  fs::create_directories(dir);
  fs::copy_file(kCorpus + "/S-PV-5151.html", dir + "/S-PV-5151.html");
  { std::ofstream f(dir + "/empty.html"); }
  {
    std::ofstream f(dir + "/binary.bin", std::ios::binary);
    for (int i = 0; i < 4096; ++i) f.put(static_cast<char>((i * 7919) & 0xFF));
  }
  {
    std::ofstream f(dir + "/bad-utf8.txt", std::ios::binary);
    f << "The President: The Council \xff\xfe will \xc3\x28 now begin.\n";
  }
  std::string weird = dir + "/bad\nname.txt";
  { std::ofstream f(weird); }  // empty, with a newline in its name

  Outcome r = RunNc({dir}, Db("bad.db"));
  EXPECT_EQ(r.r.exit_code, kExitSomeFailed) << r.err;
  EXPECT_EQ(r.r.status, "ok");
  EXPECT_EQ(Rows(Db("bad.db"), "SELECT status FROM documents WHERE path LIKE '%S-PV-5151.html'"),
            std::vector<std::string>{"ok"});
  for (const std::string& f : {dir + "/empty.html", dir + "/binary.bin", weird}) {
    auto rows = Rows(Db("bad.db"), "SELECT status, failure_reason FROM documents WHERE path = '" + f + "'");
    ASSERT_EQ(rows.size(), 1u) << f;
    EXPECT_EQ(rows[0].rfind("failed|", 0), 0u) << rows[0];
    EXPECT_GT(rows[0].size(), std::string("failed|").size()) << "a reason is stored";
    // One line on stderr: "<printable path>: <reason>".
    std::string prefix = "\n" + PrintableName(f) + ": ";
    EXPECT_NE(("\n" + r.err).find(prefix), std::string::npos) << prefix << " not in:\n" << r.err;
  }
  EXPECT_NE(r.err.find("bad\\nname.txt: "), std::string::npos) << "control characters are escaped";
  // Every stderr line is one failure: as many lines as failed documents.
  EXPECT_EQ(static_cast<int64_t>(std::count(r.err.begin(), r.err.end(), '\n')), r.r.counts.failed);
  EXPECT_EQ(r.r.counts.failed, Count(Db("bad.db"), "SELECT count(*) FROM documents WHERE status = 'failed'"));
  // Invalid UTF-8: the reader either rejects it (failed row) or decodes it; stored text is always valid UTF-8.
  auto bad = Rows(Db("bad.db"), "SELECT d.status, coalesce(t.text, '') FROM documents d LEFT JOIN document_text t"
                                " ON t.doc_id = d.id WHERE d.path LIKE '%bad-utf8.txt'");
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_TRUE(IsValidUtf8(bad[0]));
  EXPECT_GE(Count(Db("bad.db"), "SELECT count(*) FROM run_failures"), 3);
}

// An Env that fails one read and can raise a stop flag after N reads.
class FaultyEnv : public Env {
 public:
  std::string fail_read;
  std::atomic<int> reads{0};
  int stop_after = -1;
  std::atomic<bool>* stop = nullptr;
  Status ReadFile(const std::string& path, uint64_t max_bytes, std::string* out) override {
    bool document = path.find("/.") == std::string::npos;  // not .normcodeignore
    if (stop && document && ++reads == stop_after) stop->store(true);
    if (path == fail_read) return Status::IOError(path + ": read failed: Input/output error (injected)");
    return Env::Default()->ReadFile(path, max_bytes, out);
  }
  Status Stat(const std::string& path, FileInfo* info) override { return Env::Default()->Stat(path, info); }
  Status ListDir(const std::string& path, const std::function<void(const std::string&)>& fn) override {
    return Env::Default()->ListDir(path, fn);
  }
};

TEST_F(RunTest, InjectedReadFaultIsAFailedRowAndAKnownGoodVersionIsReplaced) {
  const std::string db = Db("fault.db");
  ASSERT_EQ(RunNc({corpus_}, db).r.exit_code, kExitOk);
  FaultyEnv env;
  env.fail_read = corpus_ + "/S-PV-5151.html";
  fs::last_write_time(env.fail_read, fs::last_write_time(env.fail_read) - std::chrono::hours(1));
  Outcome r = RunNc({corpus_}, db, 2, &env);
  EXPECT_EQ(r.r.exit_code, kExitSomeFailed);
  EXPECT_EQ(r.r.counts.failed, 1);
  EXPECT_EQ(r.r.counts.withdrawn, 0) << "a failed file is seen, not removed";
  EXPECT_EQ(r.err, env.fail_read + ": I/O error: read failed: Input/output error (injected)\n");
  auto rows = Rows(db, "SELECT status, failure_reason FROM documents WHERE path = '" + env.fail_read + "'");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], "failed|I/O error: read failed: Input/output error (injected)");
  // Next run without the fault: recoded.
  Outcome r2 = RunNc({corpus_}, db);
  EXPECT_EQ(r2.r.exit_code, kExitOk) << r2.err;
  EXPECT_EQ(Rows(db, "SELECT status FROM documents WHERE path = '" + env.fail_read + "'"),
            std::vector<std::string>{"ok"});
}

TEST_F(RunTest, InterruptedRunCommitsWhatWasInFlightAndWithdrawsNothing) {
  const std::string db = Db("int.db");
  std::atomic<bool> stop{false};
  FaultyEnv env;
  env.stop = &stop;
  env.stop_after = 2;  // the stop arrives while the second file is being read
  Outcome r = RunNc({corpus_}, db, 1, &env, &stop);
  EXPECT_EQ(r.r.exit_code, kExitInterrupted) << r.err;
  EXPECT_EQ(r.r.status, "interrupted");
  int64_t done = Count(db, "SELECT count(*) FROM documents");
  EXPECT_GE(done, 2);
  EXPECT_LT(done, static_cast<int64_t>(files_.size()));
  EXPECT_EQ(Rows(db, "SELECT status FROM runs"), std::vector<std::string>{"interrupted"});
  // The next run finishes the job.
  Outcome r2 = RunNc({corpus_}, db);
  EXPECT_EQ(r2.r.exit_code, kExitOk) << r2.err;
  EXPECT_EQ(r2.r.counts.new_docs, static_cast<int64_t>(files_.size()) - done);
  EXPECT_EQ(r2.r.counts.unchanged, done);
}

TEST_F(RunTest, LockedDatabaseIsBusyAndInvalidLexiconsAreFatal) {
  const std::string db = Db("busy.db");
  {
    auto holder = Store::Open(db);
    ASSERT_TRUE(holder.ok()) << holder.status().ToString();
    Outcome r = RunNc({corpus_}, db);
    EXPECT_EQ(r.r.exit_code, kExitBusy);
    EXPECT_NE(r.err.find("busy"), std::string::npos) << r.err;
  }
  // Lexicons that cannot be loaded: nothing is written, not even the database.
  fs::path lex = tmp_ / "lex";
  fs::copy(kLexicons, lex, fs::copy_options::recursive);
  {
    std::ofstream f(lex / "en" / "zz_broken.yaml");
    f << "entries: [ {id: broken, code: not_a_code\n";
  }
  const std::string db2 = Db("never.db");
  Outcome r = RunNc({corpus_}, db2, 2, nullptr, nullptr, lex.string());
  EXPECT_EQ(r.r.exit_code, kExitFatal);
  EXPECT_NE(r.err.find("zz_broken.yaml"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(db2));
  Outcome r2 = RunNc({corpus_}, db2, 2, nullptr, nullptr, (tmp_ / "no-such-lexicons").string());
  EXPECT_EQ(r2.r.exit_code, kExitFatal);
  EXPECT_FALSE(fs::exists(db2));
}

TEST_F(RunTest, ArchiveMembersAreDocuments) {
  // Members of an archive (built with tar(1)) are stored as "archive!member".
  std::string tgz = (tmp_ / "c.tar.gz").string();
  std::string cmd = "tar -czf '" + tgz + "' -C '" + corpus_ + "' S-PV-5151.html interview-demo-force-commander.md";
  if (std::system(cmd.c_str()) != 0) GTEST_SKIP() << "tar(1) not available";
  Outcome r = RunNc({tgz}, Db("arc.db"));
  EXPECT_EQ(r.r.exit_code, kExitOk) << r.err;
  EXPECT_EQ(r.r.counts.new_docs, 2);
  auto paths = Rows(Db("arc.db"), "SELECT path, mtime FROM documents ORDER BY id");
  EXPECT_EQ(paths, (std::vector<std::string>{tgz + "!S-PV-5151.html|0", tgz + "!interview-demo-force-commander.md|0"}));
  // Same evidence for the member as for the plain file.
  RunNc({corpus_ + "/S-PV-5151.html"}, Db("plain.db"));
  const char* sql = "SELECT e.code, e.byte_start, e.byte_end, e.matched_text FROM evidence e JOIN documents d"
                    " ON d.id = e.doc_id WHERE d.path LIKE '%S-PV-5151.html' ORDER BY e.id";
  EXPECT_EQ(Rows(Db("arc.db"), sql), Rows(Db("plain.db"), sql));
  // Rerun: members are hashed and found unchanged.
  Outcome r2 = RunNc({tgz}, Db("arc.db"));
  EXPECT_EQ(r2.r.counts.unchanged, 2);
}

}  // namespace
}  // namespace normcode
