// Tests of the SQLite evidence store (outputs/): schema and migrations, offsets
// (code point offsets checked with SQLite's own substr()), replacement without
// orphans, the writer lock, failures, version and permission errors.
#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "core/document.h"
#include "core/text.h"
#include "outputs/schema.h"
#include "outputs/store.h"
#include "outputs/store_sqlite.h"
#include "outputs/store_util.h"

using namespace normcode;
namespace fs = std::filesystem;

namespace {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "normcode_store_XXXXXX").string();
    char* p = ::mkdtemp(tmpl.data());
    EXPECT_NE(p, nullptr);
    dir_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string Path(const std::string& name) const { return (fs::path(dir_) / name).string(); }

 private:
  std::string dir_;
};

Span Find(const std::string& text, const std::string& needle, size_t from = 0) {
  size_t b = text.find(needle, from);
  EXPECT_NE(b, std::string::npos) << needle;
  return Span{b, b + needle.size()};
}

// A verbatim-record-like document with accents, typographic quotes, Chinese and
// a 4-byte emoji, two speaker turns, three sentences and two pieces of evidence.
struct Fixture {
  Document doc;
  std::vector<Sentence> sentences;
  std::vector<Evidence> evidence;
};

Fixture MakeFixture(const std::string& path = "corpus/S-PV-9999.html") {
  Fixture f;
  Document& d = f.doc;
  d.path = path;
  d.content_hash = "00112233445566778899aabbccddeeff";
  d.size = 4242;
  d.mtime = 1700000000;
  d.kind = kind::kVerbatim;
  d.format = "html";
  d.encoding = "UTF-8";
  d.symbol = "S/PV.9999";
  d.body = "Security Council";
  d.meeting = "9999";
  d.date = "2013-03-28";
  d.title = "La situation concernant la République démocratique du Congo";
  d.meta["source"] = "test";
  d.attendees.push_back({"Mr.  Zhang Jun", "China", "member"});
  const std::string p1 = "M. Araud (France) : La sécurité d’abord. Nous soutenons la Brigade.";
  const std::string p2 = "中国代表团支持维和行动。 We reject peace enforcement 😀 by the « Force » today.";
  d.text = p1 + "\n\n" + p2;
  Turn t1;
  t1.index = 1;
  t1.speaker = "M. Araud";
  t1.affiliation = "France";
  t1.iso3 = "FRA";
  t1.role = role::kRepresentative;
  t1.language_note = "French";
  t1.span = Span{0, p1.size()};
  t1.paragraphs.push_back(t1.span);
  Turn t2;
  t2.index = 2;
  t2.speaker = "Mr.\u00A0Zhang  Jun";  // NBSP and a double space: same actor as "Zhang Jun"
  t2.affiliation = "China";
  t2.iso3 = "CHN";
  t2.role = role::kRepresentative;
  t2.span = Span{p1.size() + 2, d.text.size()};
  t2.paragraphs.push_back(t2.span);
  d.turns = {t1, t2};
  // Source anchors: the text was assembled from markup; the second paragraph
  // starts at source byte 1000.
  d.anchors = {{0, 120}, {p1.size() + 2, 1000}};

  f.sentences = {
      {1, 1, Find(d.text, "La sécurité d’abord.")},
      {2, 1, Find(d.text, "Nous soutenons la Brigade.")},
      {1, 2, Find(d.text, "中国代表团支持维和行动。")},
      {2, 2, Find(d.text, "We reject peace enforcement 😀 by the « Force » today.")},
  };
  Evidence e1;
  e1.turn = 2;
  e1.sentence = 2;
  e1.code = "validity_contestation";
  e1.entry_id = "vc.peace_enforcement";
  e1.lexicon_version = "lex-1";
  e1.match = Find(d.text, "reject peace enforcement 😀 by the « Force »");
  e1.matched_text = "(not what is stored: the offsets are)";
  e1.polarity = polarity::kAsserted;
  e1.target = ActorRef{"Mr. Zhang Jun", "speaker", "CHN"};
  e1.score = 0.9;
  Evidence e2;
  e2.turn = 2;
  e2.sentence = 1;
  e2.code = "determined_implementation";
  e2.entry_id = "di.support";
  e2.lexicon_version = "lex-1";
  e2.match = Find(d.text, "维和行动");
  e2.polarity = polarity::kReported;
  e2.target = ActorRef{"MONUSCO", "mission", ""};
  e2.score = 0.4;
  Evidence e3;  // no target
  e3.turn = 1;
  e3.sentence = 1;
  e3.code = "application_contestation";
  e3.entry_id = "ac.x";
  e3.match = Find(d.text, "sécurité d’abord");
  f.evidence = {e1, e2, e3};
  return f;
}

std::unique_ptr<Store> OpenOrDie(const std::string& path, bool read_only = false) {
  auto s = Store::Open(path, read_only);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  if (!s.ok()) return nullptr;
  return std::move(*s);
}

int64_t Count(SQLite::Database& db, const std::string& sql) { return db.execAndGet(sql).getInt64(); }

int64_t CountBind(SQLite::Database& db, const std::string& sql, const std::string& arg) {
  SQLite::Statement q(db, sql);
  q.bind(1, arg);
  EXPECT_TRUE(q.executeStep());
  return q.getColumn(0).getInt64();
}

void ExpectIntegrity(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
  SQLite::Statement fk(db, "PRAGMA foreign_key_check");
  EXPECT_FALSE(fk.executeStep()) << "foreign key violation in table " << fk.getColumn(0).getString();
}

void ExpectFtsConsistent(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  EXPECT_NO_THROW(db.exec("INSERT INTO sentence_fts(sentence_fts, rank) VALUES('integrity-check', 1)"));
}

RunInfo Info() {
  RunInfo i;
  i.program_version = "0.1.0-test";
  i.codebook_version = "cb-7";
  i.command_line = "normcode run corpus";
  i.inputs = {"corpus"};
  return i;
}

}  // namespace

TEST(StoreUtil, ActorNamesAndKinds) {
  EXPECT_EQ(DisplayActorName("  Mr.\u00A0Zhang \t Jun "), "Mr. Zhang Jun");
  EXPECT_EQ(ActorKey("Mr.\u00A0Zhang  Jun", "person"), "Zhang Jun");
  EXPECT_EQ(ActorKey("Sir Emyr Jones Parry", "person"), "Emyr Jones Parry");
  EXPECT_EQ(ActorKey("Lt. Gen. Santos Cruz", "force_commander"), "Lt. Gen. Santos Cruz");
  EXPECT_EQ(ActorKey("Mr", "person"), "Mr");  // a title alone is a name
  EXPECT_EQ(ActorKey("Sir Lanka", "state"), "Sir Lanka");  // only persons lose titles
  EXPECT_EQ(*ActorKindForType("speaker"), "person");
  EXPECT_EQ(*ActorKindForType("contingent"), "contingent");
  EXPECT_FALSE(ActorKindForType("weather").has_value());
}

TEST(StoreUtil, SourceOffsetsFromAnchors) {
  std::vector<SourceAnchor> a = {{0, 100}, {10, 500}};
  EXPECT_FALSE(SourceStartOffset({}, 3).has_value());
  EXPECT_EQ(*SourceStartOffset(a, 0), 100u);
  EXPECT_EQ(*SourceStartOffset(a, 9), 109u);
  EXPECT_EQ(*SourceStartOffset(a, 10), 500u);
  EXPECT_EQ(*SourceEndOffset(a, 10), 110u);  // the end of [5,10) is in the first piece
  EXPECT_EQ(*SourceEndOffset(a, 12), 502u);
  std::vector<SourceAnchor> late = {{4, 50}};
  EXPECT_EQ(*SourceStartOffset(late, 2), 2u);
}

TEST(StoreSchema, MigratesAnEmptyFileToTheCurrentVersion) {
  TempDir t;
  std::string path = t.Path("e.db");
  { std::ofstream(path).flush(); }  // an empty file is an empty SQLite database
  auto store = OpenOrDie(path);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version(), CurrentSchemaVersion());
  store.reset();
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), CurrentSchemaVersion());
  EXPECT_EQ(db.execAndGet("PRAGMA application_id").getInt(), kNormcodeApplicationId);
  EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
  for (const char* name : {"documents", "document_text", "actors", "turns", "sentences", "evidence", "runs",
                           "attendees", "run_failures", "sentence_fts", "evidence_view", "actor_summary",
                           "sentence_text"}) {
    EXPECT_EQ(CountBind(db, "SELECT count(*) FROM sqlite_master WHERE name = ?", name), 1) << name;
  }
}

TEST(StoreSchema, UpgradesAVersion1DatabaseInPlace) {
  TempDir t;
  std::string path = t.Path("v1.db");
  ASSERT_TRUE(CreateDatabaseAtVersion(path, 1).ok());
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    ASSERT_EQ(db.execAndGet("PRAGMA user_version").getInt(), 1);
    EXPECT_EQ(Count(db, "SELECT count(*) FROM sqlite_master WHERE name = 'evidence'"), 0);
    // Data written by a version-1 program.
    db.exec("INSERT INTO runs(id, started_at) VALUES (1, '2024-01-01T00:00:00Z')");
    db.exec("INSERT INTO documents(id, path, status, first_run_id, last_run_id) VALUES (7, 'a.txt', 'ok', 1, 1)");
    db.exec("INSERT INTO document_text(doc_id, text) VALUES (7, 'Première phrase. Deuxième phrase sur la sécurité.')");
    db.exec("INSERT INTO sentences(doc_id, idx, char_start, char_end, byte_start, byte_end) VALUES (7, 1, 0, 16, 0, 17)");
    db.exec("INSERT INTO sentences(doc_id, idx, char_start, char_end, byte_start, byte_end) VALUES (7, 2, 17, 50, 18, 54)");
  }
  auto store = OpenOrDie(path);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version(), CurrentSchemaVersion());
  std::vector<std::pair<std::string, KnownDocument>> known;
  ASSERT_TRUE(store->KnownDocuments(&known).ok());
  ASSERT_EQ(known.size(), 1u);
  EXPECT_EQ(known[0].first, "a.txt");
  EXPECT_EQ(known[0].second.id, 7);
  store.reset();
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  // The old sentences were indexed by migration 3, diacritics folded.
  SQLite::Statement q(db, "SELECT rowid, text FROM sentence_fts WHERE sentence_fts MATCH 'securite'");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(1).getString(), "Deuxième phrase sur la sécurité.");
  EXPECT_FALSE(q.executeStep());
  EXPECT_EQ(Count(db, "SELECT count(*) FROM evidence"), 0);
  ExpectIntegrity(path);
  ExpectFtsConsistent(path);
}

TEST(StoreSchema, RefusesASchemaNewerThanTheProgram) {
  TempDir t;
  std::string path = t.Path("new.db");
  { ASSERT_TRUE(OpenOrDie(path)); }
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = 99");
  }
  std::string want = "database schema version 99 is newer than this program (" +
                     std::to_string(CurrentSchemaVersion()) + ")";
  for (bool ro : {false, true}) {
    auto s = Store::Open(path, ro);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.status().message().find(want), std::string::npos) << s.status().ToString();
  }
}

TEST(StoreSchema, RefusesFilesThatAreNotNormcodeDatabases) {
  TempDir t;
  std::string garbage = t.Path("garbage.db");
  { std::ofstream(garbage) << std::string(8192, 'x'); }
  auto s = Store::Open(garbage);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Status::Code::kCorruption) << s.status().ToString();

  std::string other = t.Path("other.db");
  {
    SQLite::Database db(other, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE accounts(id INTEGER PRIMARY KEY, balance REAL)");
  }
  s = Store::Open(other);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("not a normcode database"), std::string::npos) << s.status().ToString();
  {
    SQLite::Database db(other, SQLite::OPEN_READONLY);
    EXPECT_EQ(Count(db, "SELECT count(*) FROM sqlite_master"), 1);  // untouched
  }
  auto missing = Store::Open(t.Path("missing.db"), /*read_only=*/true);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_FALSE(fs::exists(t.Path("missing.db")));
}

TEST(Store, OffsetsAreCodePointsThatSubstrReproduces) {
  TempDir t;
  std::string path = t.Path("s.db");
  Fixture f = MakeFixture();
  {
    auto store = OpenOrDie(path);
    ASSERT_TRUE(store);
    auto run = store->BeginRun(Info());
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    Status st = store->PutDocument(*run, f.doc, f.sentences, f.evidence);
    ASSERT_TRUE(st.ok()) << st.ToString();
    ASSERT_TRUE(store->Commit().ok());
  }
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(CountBind(db, "SELECT n_chars FROM documents WHERE path = ?", f.doc.path),
            static_cast<int64_t>(CharIndex(f.doc.text).chars()));
  EXPECT_EQ(db.execAndGet("SELECT text FROM document_text").getString(), f.doc.text);

  // Every sentence: SQLite's substr() at the char offsets == the byte slice.
  SQLite::Statement qs(db,
                       "SELECT substr(dt.text, s.char_start + 1, s.char_end - s.char_start), s.byte_start, "
                       "s.byte_end, s.char_start, s.source_byte_start FROM sentences s JOIN document_text dt "
                       "ON dt.doc_id = s.doc_id ORDER BY s.byte_start");
  size_t n = 0;
  while (qs.executeStep()) {
    uint64_t b = qs.getColumn(1).getInt64(), e = qs.getColumn(2).getInt64();
    EXPECT_EQ(qs.getColumn(0).getString(), f.doc.text.substr(b, e - b));
    EXPECT_EQ(static_cast<uint64_t>(qs.getColumn(3).getInt64()), CharIndex(f.doc.text).ToChar(b));
    ++n;
  }
  EXPECT_EQ(n, f.sentences.size());
  // The Chinese sentence starts the second paragraph, anchored at source byte 1000.
  EXPECT_EQ(CountBind(db,
                      "SELECT source_byte_start FROM sentences s JOIN document_text dt ON dt.doc_id = s.doc_id "
                      "WHERE substr(dt.text, s.char_start + 1, s.char_end - s.char_start) = ?",
                      "中国代表团支持维和行动。"),
            1000);

  // Every evidence row: matched_text == substr() at its char offsets == byte slice.
  SQLite::Statement qe(db,
                       "SELECT e.matched_text, substr(dt.text, e.char_start + 1, e.char_end - e.char_start), "
                       "e.byte_start, e.byte_end FROM evidence e JOIN document_text dt ON dt.doc_id = e.doc_id");
  n = 0;
  while (qe.executeStep()) {
    uint64_t b = qe.getColumn(2).getInt64(), e = qe.getColumn(3).getInt64();
    EXPECT_EQ(qe.getColumn(0).getString(), qe.getColumn(1).getString());
    EXPECT_EQ(qe.getColumn(1).getString(), f.doc.text.substr(b, e - b));
    ++n;
  }
  EXPECT_EQ(n, f.evidence.size());
  // Turns too.
  EXPECT_EQ(Count(db,
                  "SELECT count(*) FROM turns t JOIN document_text dt ON dt.doc_id = t.doc_id WHERE "
                  "length(CAST(substr(dt.text, t.char_start + 1, t.char_end - t.char_start) AS BLOB)) <> "
                  "t.byte_end - t.byte_start"),
            0);

  // The researcher view: asserted validity contestation by China, with the sentence.
  SQLite::Statement v(db,
                      "SELECT speaker_name, speaker_iso3, target_name, target_kind, sentence_text, symbol, date "
                      "FROM evidence_view WHERE code = 'validity_contestation' AND polarity = 'asserted' "
                      "AND speaker_iso3 = 'CHN'");
  ASSERT_TRUE(v.executeStep());
  EXPECT_EQ(v.getColumn(0).getString(), "Mr. Zhang Jun");
  EXPECT_EQ(v.getColumn(2).getString(), "Mr. Zhang Jun");
  EXPECT_EQ(v.getColumn(3).getString(), "person");
  EXPECT_EQ(v.getColumn(4).getString(), "We reject peace enforcement 😀 by the « Force » today.");
  EXPECT_EQ(v.getColumn(5).getString(), "S/PV.9999");
  EXPECT_FALSE(v.executeStep());

  // Speaker "Mr.\u00A0Zhang  Jun" and target "Mr. Zhang Jun" (type speaker) are one actor.
  EXPECT_EQ(Count(db, "SELECT count(*) FROM actors WHERE name = 'Zhang Jun' AND kind = 'person' AND iso3 = 'CHN'"), 1);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM evidence WHERE speaker_actor_id = target_actor_id"), 1);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM evidence WHERE target_actor_id IS NULL AND target_type IS NULL"), 1);
  EXPECT_EQ(Count(db, "SELECT as_target FROM actor_summary WHERE name = 'MONUSCO' AND code = 'determined_implementation'"), 1);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM attendees WHERE name = 'Mr.  Zhang Jun' AND affiliation = 'China'"), 1);

  // Full-text search over sentences (diacritics folded), and CJK.
  EXPECT_EQ(Count(db, "SELECT count(*) FROM sentence_fts WHERE sentence_fts MATCH 'securite'"), 1);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM sentence_fts WHERE sentence_fts MATCH 'enforcement'"), 1);
  ExpectIntegrity(path);
  ExpectFtsConsistent(path);
}

TEST(Store, ReplacingADocumentLeavesNoOrphans) {
  TempDir t;
  std::string path = t.Path("r.db");
  Fixture f = MakeFixture();
  int64_t first_id = 0;
  {
    auto store = OpenOrDie(path);
    ASSERT_TRUE(store);
    auto run = store->BeginRun(Info());
    ASSERT_TRUE(run.ok());
    ASSERT_TRUE(store->PutDocument(*run, f.doc, f.sentences, f.evidence).ok());
    ASSERT_TRUE(store->Commit().ok());
    std::vector<std::pair<std::string, KnownDocument>> known;
    ASSERT_TRUE(store->KnownDocuments(&known).ok());
    ASSERT_EQ(known.size(), 1u);
    first_id = known[0].second.id;

    // The file changed: a new text with one turn, one sentence, one piece of evidence.
    Document d2;
    d2.path = f.doc.path;
    d2.content_hash = "ffff";
    d2.kind = kind::kVerbatim;
    d2.text = "Le Conseil décide de proroger le mandat.";
    Turn tt;
    tt.index = 1;
    tt.speaker = "The President";
    tt.role = role::kPresident;
    tt.procedural = true;
    tt.span = Span{0, d2.text.size()};
    d2.turns = {tt};
    std::vector<Sentence> s2 = {{1, 1, Span{0, d2.text.size()}}};
    Evidence e;
    e.turn = 1;
    e.sentence = 1;
    e.code = "determined_implementation";
    e.match = Find(d2.text, "proroger le mandat");
    auto run2 = store->BeginRun(Info());
    ASSERT_TRUE(run2.ok());
    ASSERT_TRUE(store->PutDocument(*run2, d2, s2, {e}).ok());
    ASSERT_TRUE(store->FinishRun(*run2, RunCounts{}, "ok").ok());
  }
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM documents"), 1);
  EXPECT_EQ(Count(db, "SELECT id FROM documents"), first_id);  // same id kept by the upsert
  EXPECT_EQ(Count(db, "SELECT first_run_id FROM documents"), 1);
  EXPECT_EQ(Count(db, "SELECT last_run_id FROM documents"), 2);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM turns"), 1);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM sentences"), 1);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM evidence"), 1);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM attendees"), 0);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM evidence_view WHERE sentence_text = 'Le Conseil décide de proroger le mandat.'"), 1);
  // The old sentences' words are gone from the index; the new ones are there.
  EXPECT_EQ(Count(db, "SELECT count(*) FROM sentence_fts WHERE sentence_fts MATCH 'enforcement OR securite OR brigade'"), 0);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM sentence_fts WHERE sentence_fts MATCH 'proroger'"), 1);
  ExpectIntegrity(path);
  ExpectFtsConsistent(path);
}

TEST(Store, DeletingADocumentCascadesAndKeepsTheIndexConsistent) {
  TempDir t;
  std::string path = t.Path("d.db");
  Fixture f = MakeFixture();
  {
    auto store = OpenOrDie(path);
    ASSERT_TRUE(store);
    auto run = store->BeginRun(Info());
    ASSERT_TRUE(run.ok());
    ASSERT_TRUE(store->PutDocument(*run, f.doc, f.sentences, f.evidence).ok());
    ASSERT_TRUE(store->PutDocument(*run, MakeFixture("other.html").doc, MakeFixture().sentences, {}).ok());
    ASSERT_TRUE(store->Commit().ok());
  }
  {
    // A researcher removes a document by hand.
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA foreign_keys = ON");
    SQLite::Statement del(db, "DELETE FROM documents WHERE path = ?");
    del.bind(1, f.doc.path);
    EXPECT_EQ(del.exec(), 1);
    EXPECT_EQ(Count(db, "SELECT count(*) FROM sentences"), 4);
    EXPECT_EQ(Count(db, "SELECT count(*) FROM evidence"), 0);
    EXPECT_EQ(Count(db, "SELECT count(*) FROM sentence_fts WHERE sentence_fts MATCH 'enforcement'"), 1);
  }
  ExpectIntegrity(path);
  ExpectFtsConsistent(path);
}

TEST(Store, FtsCheckDetectsAnIndexOutOfStepWithTheText) {
  // Shows that ExpectFtsConsistent can fail: without the delete trigger, a
  // deleted sentence leaves its index entries behind.
  TempDir t;
  std::string path = t.Path("x.db");
  {
    auto store = OpenOrDie(path);
    ASSERT_TRUE(store);
    auto run = store->BeginRun(Info());
    ASSERT_TRUE(run.ok());
    Fixture f = MakeFixture();
    ASSERT_TRUE(store->PutDocument(*run, f.doc, f.sentences, f.evidence).ok());
    ASSERT_TRUE(store->Commit().ok());
  }
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  db.exec("DROP TRIGGER sentences_fts_delete");
  db.exec("DELETE FROM sentences WHERE idx = 2 AND turn_id = (SELECT id FROM turns WHERE idx = 2)");
  EXPECT_THROW(db.exec("INSERT INTO sentence_fts(sentence_fts, rank) VALUES('integrity-check', 1)"), SQLite::Exception);
}

TEST(Store, FullDiskIsAnIOErrorNamingTheDatabase) {
  TempDir t;
  std::string path = t.Path("full.db");
  { ASSERT_TRUE(OpenOrDie(path)); }
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // The child may write at most 512 KiB per file: like a full disk.
    std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = {512 << 10, 512 << 10};
    ::setrlimit(RLIMIT_FSIZE, &rl);
    auto s = Store::Open(path);
    if (!s.ok()) ::_exit(3);
    auto run = (*s)->BeginRun(Info());
    if (!run.ok()) ::_exit(4);
    for (int i = 0; i < 400; ++i) {
      Fixture f = MakeFixture("doc" + std::to_string(i) + ".html");
      f.doc.text += std::string(8000, 'a' + i % 26);  // unique-ish, big
      Status st = (*s)->PutDocument(*run, f.doc, f.sentences, f.evidence);
      if (st.ok() && i % 5 == 4) st = (*s)->Commit();
      if (!st.ok()) {
        bool good = st.code() == Status::Code::kIOError && st.message().find(path) != std::string::npos;
        if (!good) std::fprintf(stderr, "unexpected: %s\n", st.ToString().c_str());
        ::_exit(good ? 0 : 1);
      }
    }
    ::_exit(2);  // never failed
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  // What was committed before the failure is intact.
  ExpectIntegrity(path);
  ExpectFtsConsistent(path);
}

TEST(Store, InvalidDocumentsAreRejectedWithoutTouchingTheBatch) {
  TempDir t;
  std::string path = t.Path("i.db");
  Fixture f = MakeFixture();
  {
    auto store = OpenOrDie(path);
    ASSERT_TRUE(store);
    auto run = store->BeginRun(Info());
    ASSERT_TRUE(run.ok());
    ASSERT_TRUE(store->PutDocument(*run, f.doc, f.sentences, f.evidence).ok());

    Fixture bad = MakeFixture("bad.html");
    bad.evidence[0].sentence = 9;  // no such sentence
    Status st = store->PutDocument(*run, bad.doc, bad.sentences, bad.evidence);
    EXPECT_EQ(st.code(), Status::Code::kInvalidInput) << st.ToString();

    bad = MakeFixture("bad2.html");
    bad.sentences[0].span.begin += 1;  // inside "L" is fine...
    bad.sentences[0].span.begin = bad.doc.text.find("é") + 1;  // ...inside "é" is not
    EXPECT_EQ(store->PutDocument(*run, bad.doc, bad.sentences, bad.evidence).code(), Status::Code::kInvalidInput);

    bad = MakeFixture("bad3.html");
    bad.evidence[1].target.type = "weather";
    EXPECT_EQ(store->PutDocument(*run, bad.doc, bad.sentences, bad.evidence).code(), Status::Code::kInvalidInput);

    bad = MakeFixture("bad4.html");
    bad.doc.text[3] = '\xFF';
    EXPECT_EQ(store->PutDocument(*run, bad.doc, bad.sentences, bad.evidence).code(), Status::Code::kInvalidInput);

    // A database-level failure inside the document (unknown run id: foreign key)
    // rolls back that document only.
    Fixture fk = MakeFixture("fk.html");
    st = store->PutDocument(*run + 100, fk.doc, fk.sentences, fk.evidence);
    EXPECT_FALSE(st.ok());
    ASSERT_TRUE(store->Commit().ok());
  }
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM documents"), 1);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM evidence"), 3);
  ExpectIntegrity(path);
}

TEST(Store, UncommittedBatchIsDroppedAndRunsLeftRunningBecomeInterrupted) {
  TempDir t;
  std::string path = t.Path("u.db");
  Fixture f = MakeFixture();
  {
    auto store = OpenOrDie(path);
    ASSERT_TRUE(store);
    auto run = store->BeginRun(Info());
    ASSERT_TRUE(run.ok());
    ASSERT_TRUE(store->PutDocument(*run, f.doc, f.sentences, f.evidence).ok());
    // no Commit, no FinishRun: a crash
  }
  auto store = OpenOrDie(path);
  ASSERT_TRUE(store);
  std::vector<std::pair<std::string, KnownDocument>> known;
  ASSERT_TRUE(store->KnownDocuments(&known).ok());
  EXPECT_TRUE(known.empty());
  StoreStats s;
  ASSERT_TRUE(store->ReadStats(&s, 5).ok());
  ASSERT_EQ(s.last_runs.size(), 1u);
  EXPECT_EQ(s.last_runs[0].status, "interrupted");
}

TEST(Store, FailuresTouchAndWithdrawal) {
  TempDir t;
  std::string path = t.Path("f.db");
  Fixture f = MakeFixture();
  auto store = OpenOrDie(path);
  ASSERT_TRUE(store);
  auto run = store->BeginRun(Info());
  ASSERT_TRUE(run.ok());
  ASSERT_TRUE(store->PutDocument(*run, f.doc, f.sentences, f.evidence).ok());
  ASSERT_TRUE(store->PutFailure(*run, "broken.pdf", "abcd", 10, 5, "invalid input: truncated PDF").ok());
  ASSERT_TRUE(store->Commit().ok());

  // The good document now fails: its content goes, the row stays as 'failed'.
  auto run2 = store->BeginRun(Info());
  ASSERT_TRUE(run2.ok());
  ASSERT_TRUE(store->PutFailure(*run2, f.doc.path, "eeee", 11, 6, "limit exceeded: max_document_bytes").ok());
  ASSERT_TRUE(store->Commit().ok());
  std::vector<std::pair<std::string, KnownDocument>> known;
  ASSERT_TRUE(store->KnownDocuments(&known).ok());
  ASSERT_EQ(known.size(), 2u);
  EXPECT_EQ(known[0].first, "broken.pdf");
  EXPECT_EQ(known[0].second.status, "failed");
  EXPECT_EQ(known[0].second.codebook_version, "cb-7");
  EXPECT_EQ(known[1].second.status, "failed");
  EXPECT_EQ(known[1].second.content_hash, "eeee");
  {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    EXPECT_EQ(Count(db, "SELECT count(*) FROM turns"), 0);
    EXPECT_EQ(Count(db, "SELECT count(*) FROM sentences"), 0);
    EXPECT_EQ(Count(db, "SELECT count(*) FROM evidence"), 0);
    EXPECT_EQ(Count(db, "SELECT count(*) FROM document_text"), 0);
    EXPECT_EQ(Count(db, "SELECT count(*) FROM run_failures"), 2);
    EXPECT_EQ(CountBind(db, "SELECT count(*) FROM documents WHERE failure_reason = ? AND symbol IS NULL",
                        "limit exceeded: max_document_bytes"),
              1);
  }
  ExpectFtsConsistent(path);

  // Withdraw, then the file comes back unchanged: Touch restores its status.
  int64_t broken = known[0].second.id;
  ASSERT_TRUE(store->MarkWithdrawn(broken, *run2).ok());
  ASSERT_TRUE(store->Commit().ok());
  ASSERT_TRUE(store->KnownDocuments(&known).ok());
  EXPECT_EQ(known[0].second.status, "withdrawn");
  ASSERT_TRUE(store->Touch(broken, 10, 99, *run2).ok());
  ASSERT_TRUE(store->Commit().ok());
  ASSERT_TRUE(store->KnownDocuments(&known).ok());
  EXPECT_EQ(known[0].second.status, "failed");
  EXPECT_EQ(known[0].second.mtime, 99);
  EXPECT_EQ(store->Touch(12345, 1, 1, *run2).code(), Status::Code::kNotFound);
  EXPECT_EQ(store->MarkWithdrawn(12345, *run2).code(), Status::Code::kNotFound);

  RunCounts c;
  c.failed = 1;
  c.bytes = 21;
  ASSERT_TRUE(store->FinishRun(*run2, c, "partial").ok());
  EXPECT_EQ(store->FinishRun(*run2, c, "splendid").code(), Status::Code::kInvalidInput);
  StoreStats s;
  ASSERT_TRUE(store->ReadStats(&s, 1).ok());
  ASSERT_EQ(s.last_runs.size(), 1u);
  EXPECT_EQ(s.last_runs[0].id, *run2);
  EXPECT_EQ(s.last_runs[0].status, "partial");
  EXPECT_EQ(s.last_runs[0].failed, 1);
  EXPECT_FALSE(s.last_runs[0].finished_at.empty());
  store.reset();
  ExpectIntegrity(path);
}

TEST(Store, WriterLockExcludesSecondWriterButNotReaders) {
  TempDir t;
  std::string path = t.Path("l.db");
  auto first = OpenOrDie(path);
  ASSERT_TRUE(first);
  auto second = Store::Open(path);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Status::Code::kBusy);
  EXPECT_NE(second.status().message().find("is in use by another normcode run (pid " + std::to_string(::getpid()) + ")"),
            std::string::npos)
      << second.status().ToString();

  // A reader gets in while the writer has an open batch.
  Fixture f = MakeFixture();
  auto run = first->BeginRun(Info());
  ASSERT_TRUE(run.ok());
  ASSERT_TRUE(first->PutDocument(*run, f.doc, f.sentences, f.evidence).ok());
  auto reader = OpenOrDie(path, /*read_only=*/true);
  ASSERT_TRUE(reader);
  StoreStats s;
  ASSERT_TRUE(reader->ReadStats(&s, 5).ok());
  EXPECT_EQ(s.documents, 0);  // not committed yet
  EXPECT_EQ(s.runs, 1);
  ASSERT_TRUE(first->Commit().ok());
  ASSERT_TRUE(reader->ReadStats(&s, 5).ok());
  EXPECT_EQ(s.documents, 1);
  EXPECT_EQ(s.evidence, 3);
  EXPECT_FALSE(reader->BeginRun(Info()).ok());  // a reader cannot write

  first.reset();  // releases the lock
  auto third = Store::Open(path);
  EXPECT_TRUE(third.ok()) << third.status().ToString();
}

TEST(Store, ReadOnlyDatabaseFileGivesAClearError) {
  TempDir t;
  std::string path = t.Path("ro.db");
  { ASSERT_TRUE(OpenOrDie(path)); }
  ASSERT_EQ(::chmod(path.c_str(), 0444), 0);
  bool immutable = false;
  if (::geteuid() == 0) {
    // root ignores permission bits: make the file immutable instead.
    int fd = ::open(path.c_str(), O_RDONLY);
    int flags = 0;
    if (fd >= 0 && ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0) {
      flags |= FS_IMMUTABLE_FL;
      immutable = ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
    }
    if (fd >= 0) ::close(fd);
    if (!immutable) GTEST_SKIP() << "running as root without CAP_LINUX_IMMUTABLE: cannot make a read-only file";
  }
  auto s = Store::Open(path);
  Status st = s.ok() ? Status::OK() : s.status();
  auto r = Store::Open(path, /*read_only=*/true);
  if (immutable) {
    int fd = ::open(path.c_str(), O_RDONLY);
    int flags = 0;
    if (fd >= 0 && ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0) {
      flags &= ~FS_IMMUTABLE_FL;
      ::ioctl(fd, FS_IOC_SETFLAGS, &flags);
    }
    if (fd >= 0) ::close(fd);
  }
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), Status::Code::kIOError);
  EXPECT_NE(st.message().find("is read-only"), std::string::npos) << st.ToString();
  EXPECT_NE(st.message().find(path), std::string::npos) << st.ToString();
  EXPECT_TRUE(r.ok()) << r.status().ToString();  // reading it is fine
}

TEST(StatsCommand, PrintsCountsAsTextAndJson) {
  TempDir t;
  std::string path = t.Path("st.db");
  {
    auto store = OpenOrDie(path);
    ASSERT_TRUE(store);
    auto run = store->BeginRun(Info());
    ASSERT_TRUE(run.ok());
    Fixture f = MakeFixture();
    ASSERT_TRUE(store->PutDocument(*run, f.doc, f.sentences, f.evidence).ok());
    ASSERT_TRUE(store->PutFailure(*run, "x.pdf", "h", 1, 1, "bad").ok());
    RunCounts c;
    c.new_docs = 1;
    c.failed = 1;
    c.evidence = 3;
    ASSERT_TRUE(store->FinishRun(*run, c, "partial").ok());
  }
  auto run_cmd = [](const std::string& cmd, int* rc) {
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return out;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    *rc = ::pclose(p);
    return out;
  };
  int rc = -1;
  std::string js = run_cmd(std::string(NORMCODE_BINARY) + " stats --db '" + path + "' --format json", &rc);
  ASSERT_EQ(rc, 0) << js;
  auto j = nlohmann::json::parse(js);
  EXPECT_EQ(j["documents"], 2);
  EXPECT_EQ(j["evidence"], 3);
  EXPECT_EQ(j["sentences"], 4);
  EXPECT_EQ(j["schema_version"], CurrentSchemaVersion());
  bool saw_failed = false;
  for (auto& c : j["documents_by_status"])
    if (c["key"] == "failed") saw_failed = c["count"] == 1;
  EXPECT_TRUE(saw_failed) << js;
  ASSERT_EQ(j["last_runs"].size(), 1u);
  EXPECT_EQ(j["last_runs"][0]["status"], "partial");
  EXPECT_EQ(j["evidence_by_code"].size(), 3u);

  std::string text = run_cmd(std::string(NORMCODE_BINARY) + " stats --db '" + path + "'", &rc);
  ASSERT_EQ(rc, 0) << text;
  EXPECT_NE(text.find("validity_contestation"), std::string::npos) << text;
  EXPECT_NE(text.find("2013"), std::string::npos) << text;
  EXPECT_NE(text.find("Security Council"), std::string::npos) << text;

  std::string err = run_cmd(std::string(NORMCODE_BINARY) + " stats --db '" + t.Path("nope.db") + "' 2>&1", &rc);
  EXPECT_EQ(WEXITSTATUS(rc), 3) << err;
  EXPECT_NE(err.find("does not exist"), std::string::npos) << err;
}
