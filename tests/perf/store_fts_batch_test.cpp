// The store inserts a transaction's full-text index rows just before COMMIT
// (one FTS5 flush per batch instead of one per document). These tests pin what
// that must not change: after every commit the index matches the sentences, a
// document written twice in one transaction leaves only its second text in the
// index, a failure record replacing a pending document removes its rows, and
// an uncommitted batch leaves nothing behind.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/document.h"
#include "outputs/store.h"

namespace normcode {
namespace {

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/normcode_fts_batch_XXXXXX";
    dir_ = ::mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

 private:
  std::string dir_;
};

RunInfo Info() {
  RunInfo i;
  i.program_version = "0.1.0-test";
  i.codebook_version = "cb-fts";
  i.command_line = "normcode run corpus";
  i.inputs = {"corpus"};
  return i;
}

// One turn; each string in `sents` is one sentence, separated by a space.
struct Doc {
  Document doc;
  std::vector<Sentence> sentences;
};
Doc MakeDoc(const std::string& path, const std::vector<std::string>& sents) {
  Doc d;
  d.doc.path = path;
  d.doc.content_hash = "h-" + path + "-" + std::to_string(sents.size());
  d.doc.kind = kind::kVerbatim;
  int idx = 0;
  for (const std::string& s : sents) {
    if (!d.doc.text.empty()) d.doc.text += ' ';
    uint64_t b = d.doc.text.size();
    d.doc.text += s;
    d.sentences.push_back(Sentence{++idx, 1, Span{b, d.doc.text.size()}});
  }
  Turn t;
  t.index = 1;
  t.speaker = "Mr. Example";
  t.affiliation = "France";
  t.role = role::kRepresentative;
  t.span = Span{0, d.doc.text.size()};
  d.doc.turns = {t};
  return d;
}

int64_t Count(SQLite::Database& db, const std::string& sql) { return db.execAndGet(sql).getInt64(); }

void ExpectFtsConsistent(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  EXPECT_NO_THROW(db.exec("INSERT INTO sentence_fts(sentence_fts, rank) VALUES('integrity-check', 1)"));
}

int64_t Matches(const std::string& path, const std::string& query) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT count(*) FROM sentence_fts WHERE sentence_fts MATCH ?");
  q.bind(1, query);
  EXPECT_TRUE(q.executeStep());
  return q.getColumn(0).getInt64();
}

TEST(StoreFtsBatch, ManyDocumentsInOneTransactionAreAllIndexedAtCommit) {
  TempDir t;
  std::string path = t.Path("many.db");
  {
    auto s = Store::Open(path);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    auto run = (*s)->BeginRun(Info());
    ASSERT_TRUE(run.ok());
    for (int i = 0; i < 30; ++i) {
      Doc d = MakeDoc("doc" + std::to_string(i) + ".txt",
                      {"The mission lacked troops number" + std::to_string(i) + ".", "Sécurité d'abord."});
      ASSERT_TRUE((*s)->PutDocument(*run, d.doc, d.sentences, {}).ok());
    }
    ASSERT_TRUE((*s)->Commit().ok());
    // Committed: visible to another connection, complete and consistent.
    EXPECT_EQ(Matches(path, "troops"), 30);
    EXPECT_EQ(Matches(path, "securite"), 30);
    EXPECT_EQ(Matches(path, "number17"), 1);
    ExpectFtsConsistent(path);
  }
}

TEST(StoreFtsBatch, DocumentWrittenTwiceInOneTransactionKeepsOnlyItsSecondText) {
  TempDir t;
  std::string path = t.Path("twice.db");
  {
    auto s = Store::Open(path);
    ASSERT_TRUE(s.ok());
    auto run = (*s)->BeginRun(Info());
    ASSERT_TRUE(run.ok());
    Doc other = MakeDoc("other.txt", {"Robust mandate for the brigade."});
    ASSERT_TRUE((*s)->PutDocument(*run, other.doc, other.sentences, {}).ok());
    Doc a = MakeDoc("a.txt", {"Consent of the host State first.", "Troops stayed in base."});
    ASSERT_TRUE((*s)->PutDocument(*run, a.doc, a.sentences, {}).ok());
    Doc a2 = MakeDoc("a.txt", {"Le Conseil décide de proroger le mandat."});
    ASSERT_TRUE((*s)->PutDocument(*run, a2.doc, a2.sentences, {}).ok());
    Doc later = MakeDoc("later.txt", {"Unrealistic mandate without resources."});
    ASSERT_TRUE((*s)->PutDocument(*run, later.doc, later.sentences, {}).ok());
    ASSERT_TRUE((*s)->FinishRun(*run, RunCounts{}, "ok").ok());
  }
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM sentences"), 3);
  EXPECT_EQ(Matches(path, "consent OR stayed"), 0);
  EXPECT_EQ(Matches(path, "proroger"), 1);
  EXPECT_EQ(Matches(path, "brigade"), 1);
  EXPECT_EQ(Matches(path, "unrealistic"), 1);
  EXPECT_EQ(Matches(path, "mandat OR mandate"), 3);
  ExpectFtsConsistent(path);
}

TEST(StoreFtsBatch, FailureReplacingAPendingDocumentRemovesItsRows) {
  TempDir t;
  std::string path = t.Path("fail.db");
  {
    auto s = Store::Open(path);
    ASSERT_TRUE(s.ok());
    auto run = (*s)->BeginRun(Info());
    ASSERT_TRUE(run.ok());
    Doc a = MakeDoc("a.txt", {"Requests went unanswered for weeks."});
    ASSERT_TRUE((*s)->PutDocument(*run, a.doc, a.sentences, {}).ok());
    ASSERT_TRUE((*s)->PutFailure(*run, "a.txt", "hash", 10, 0, "unreadable").ok());
    ASSERT_TRUE((*s)->Commit().ok());
  }
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM sentences"), 0);
  EXPECT_EQ(Matches(path, "unanswered"), 0);
  ExpectFtsConsistent(path);
}

TEST(StoreFtsBatch, RolledBackBatchLeavesNoIndexRows) {
  TempDir t;
  std::string path = t.Path("rollback.db");
  {
    auto s = Store::Open(path);
    ASSERT_TRUE(s.ok());
    auto run = (*s)->BeginRun(Info());
    ASSERT_TRUE(run.ok());
    ASSERT_TRUE((*s)->Commit().ok());
    Doc a = MakeDoc("a.txt", {"Waited for the capital to answer."});
    ASSERT_TRUE((*s)->PutDocument(*run, a.doc, a.sentences, {}).ok());
    ASSERT_TRUE((*s)->Rollback().ok());
    // The next batch must not carry the dropped document's rows.
    Doc b = MakeDoc("b.txt", {"All necessary means were authorised."});
    ASSERT_TRUE((*s)->PutDocument(*run, b.doc, b.sentences, {}).ok());
    ASSERT_TRUE((*s)->Commit().ok());
  }
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM sentences"), 1);
  EXPECT_EQ(Matches(path, "capital"), 0);
  EXPECT_EQ(Matches(path, "authorised"), 1);
  ExpectFtsConsistent(path);
}

}  // namespace
}  // namespace normcode
