#include "outputs/schema.h"

namespace normcode {

namespace {

// Migration 1: provenance and structure (runs, documents and their text,
// actors, attendees, speaker turns, sentences, failures).
constexpr const char* kMigration1 = R"SQL(
CREATE TABLE runs (
  id               INTEGER PRIMARY KEY,
  started_at       TEXT NOT NULL,
  finished_at      TEXT,
  program_version  TEXT NOT NULL DEFAULT '',
  codebook_version TEXT NOT NULL DEFAULT '',
  command_line     TEXT NOT NULL DEFAULT '',
  inputs_json      TEXT NOT NULL DEFAULT '[]',
  status           TEXT NOT NULL DEFAULT 'running'
                   CHECK (status IN ('running','ok','partial','failed','interrupted')),
  new_docs   INTEGER NOT NULL DEFAULT 0,
  changed    INTEGER NOT NULL DEFAULT 0,
  unchanged  INTEGER NOT NULL DEFAULT 0,
  failed     INTEGER NOT NULL DEFAULT 0,
  withdrawn  INTEGER NOT NULL DEFAULT 0,
  turns      INTEGER NOT NULL DEFAULT 0,
  sentences  INTEGER NOT NULL DEFAULT 0,
  evidence   INTEGER NOT NULL DEFAULT 0,
  bytes      INTEGER NOT NULL DEFAULT 0,
  duration_s REAL
);

CREATE TABLE documents (
  id               INTEGER PRIMARY KEY,
  path             TEXT NOT NULL UNIQUE,
  content_hash     TEXT NOT NULL DEFAULT '',
  kind             TEXT,
  format           TEXT,
  encoding         TEXT,
  symbol           TEXT,
  body             TEXT,
  meeting          TEXT,
  date             TEXT,
  title            TEXT,
  language         TEXT,
  size             INTEGER NOT NULL DEFAULT 0,
  mtime            INTEGER NOT NULL DEFAULT 0,
  status           TEXT NOT NULL CHECK (status IN ('ok','failed','withdrawn')),
  failure_reason   TEXT,
  codebook_version TEXT NOT NULL DEFAULT '',
  first_run_id     INTEGER REFERENCES runs(id),
  last_run_id      INTEGER REFERENCES runs(id),
  meta_json        TEXT NOT NULL DEFAULT '{}',
  n_chars          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX documents_symbol ON documents(symbol);
CREATE INDEX documents_date ON documents(date);
CREATE INDEX documents_status ON documents(status);

CREATE TABLE document_text (
  doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  text   TEXT NOT NULL
);

CREATE TABLE actors (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  display_name TEXT NOT NULL,
  kind         TEXT NOT NULL
               CHECK (kind IN ('state','person','organisation','mission','contingent','force_commander')),
  iso3         TEXT NOT NULL DEFAULT '',
  role         TEXT NOT NULL DEFAULT '',
  UNIQUE (name, kind, iso3)
);

CREATE TABLE attendees (
  id          INTEGER PRIMARY KEY,
  doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx         INTEGER NOT NULL,
  name        TEXT,
  affiliation TEXT,
  place       TEXT
);
CREATE INDEX attendees_doc ON attendees(doc_id);

CREATE TABLE turns (
  id                INTEGER PRIMARY KEY,
  doc_id            INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx               INTEGER NOT NULL,
  speaker_actor_id  INTEGER REFERENCES actors(id),
  speaker           TEXT,
  affiliation       TEXT,
  iso3              TEXT,
  role              TEXT NOT NULL DEFAULT 'unknown',
  language_note     TEXT,
  procedural        INTEGER NOT NULL DEFAULT 0 CHECK (procedural IN (0,1)),
  char_start        INTEGER NOT NULL,
  char_end          INTEGER NOT NULL,
  byte_start        INTEGER NOT NULL,
  byte_end          INTEGER NOT NULL,
  source_byte_start INTEGER,
  source_byte_end   INTEGER,
  UNIQUE (doc_id, idx),
  CHECK (char_start <= char_end AND byte_start <= byte_end)
);
CREATE INDEX turns_speaker ON turns(speaker_actor_id);

CREATE TABLE sentences (
  id                INTEGER PRIMARY KEY,
  doc_id            INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  turn_id           INTEGER REFERENCES turns(id) ON DELETE CASCADE,
  idx               INTEGER NOT NULL,
  char_start        INTEGER NOT NULL,
  char_end          INTEGER NOT NULL,
  byte_start        INTEGER NOT NULL,
  byte_end          INTEGER NOT NULL,
  source_byte_start INTEGER,
  source_byte_end   INTEGER,
  CHECK (char_start <= char_end AND byte_start <= byte_end)
);
CREATE INDEX sentences_doc ON sentences(doc_id, char_start);
CREATE INDEX sentences_turn ON sentences(turn_id, idx);

CREATE TABLE run_failures (
  id     INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  path   TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX run_failures_run ON run_failures(run_id);
)SQL";

// Migration 2: the coded evidence.
constexpr const char* kMigration2 = R"SQL(
CREATE TABLE evidence (
  id                INTEGER PRIMARY KEY,
  run_id            INTEGER NOT NULL REFERENCES runs(id),
  doc_id            INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  turn_id           INTEGER REFERENCES turns(id) ON DELETE CASCADE,
  sentence_id       INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
  code              TEXT NOT NULL,
  entry_id          TEXT NOT NULL DEFAULT '',
  lexicon_version   TEXT NOT NULL DEFAULT '',
  char_start        INTEGER NOT NULL,
  char_end          INTEGER NOT NULL,
  byte_start        INTEGER NOT NULL,
  byte_end          INTEGER NOT NULL,
  source_byte_start INTEGER,
  source_byte_end   INTEGER,
  matched_text      TEXT NOT NULL,
  polarity          TEXT NOT NULL DEFAULT 'asserted'
                    CHECK (polarity IN ('asserted','negated','reported','hypothetical')),
  speaker_actor_id  INTEGER REFERENCES actors(id),
  target_actor_id   INTEGER REFERENCES actors(id),
  target_type       TEXT,
  score             REAL NOT NULL DEFAULT 0,
  CHECK (char_start <= char_end AND byte_start <= byte_end)
);
CREATE INDEX evidence_doc ON evidence(doc_id);
CREATE INDEX evidence_sentence ON evidence(sentence_id);
CREATE INDEX evidence_turn ON evidence(turn_id);
CREATE INDEX evidence_run ON evidence(run_id);
CREATE INDEX evidence_code ON evidence(code, polarity);
CREATE INDEX evidence_speaker ON evidence(speaker_actor_id);
CREATE INDEX evidence_target ON evidence(target_actor_id);
)SQL";

// Migration 3: full-text search over sentences and the researcher views.
//
// sentence_fts is an FTS5 index with EXTERNAL content: the text is not stored
// twice, FTS5 reads it through the view sentence_text (substr of document_text
// at the sentence's code point offsets). The store inserts index rows itself
// (it has the text in memory); deletions are kept in step by triggers, which
// need the document text still present when a sentence row goes: hence the
// BEFORE triggers on documents and document_text that delete a document's
// sentences first. After any manual surgery:
//   INSERT INTO sentence_fts(sentence_fts) VALUES('rebuild');
constexpr const char* kMigration3 = R"SQL(
CREATE VIEW sentence_text (id, doc_id, turn_id, idx, char_start, char_end, text) AS
  SELECT s.id, s.doc_id, s.turn_id, s.idx, s.char_start, s.char_end,
         substr(dt.text, s.char_start + 1, s.char_end - s.char_start)
  FROM sentences s JOIN document_text dt ON dt.doc_id = s.doc_id;

CREATE VIRTUAL TABLE sentence_fts USING fts5(
  text, content='sentence_text', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2');

CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
  INSERT INTO sentence_fts(sentence_fts, rowid, text)
    SELECT 'delete', old.id, substr(dt.text, old.char_start + 1, old.char_end - old.char_start)
    FROM document_text dt WHERE dt.doc_id = old.doc_id;
END;

CREATE TRIGGER sentences_fts_update AFTER UPDATE OF doc_id, char_start, char_end ON sentences BEGIN
  INSERT INTO sentence_fts(sentence_fts, rowid, text)
    SELECT 'delete', old.id, substr(dt.text, old.char_start + 1, old.char_end - old.char_start)
    FROM document_text dt WHERE dt.doc_id = old.doc_id;
  INSERT INTO sentence_fts(rowid, text)
    SELECT new.id, substr(dt.text, new.char_start + 1, new.char_end - new.char_start)
    FROM document_text dt WHERE dt.doc_id = new.doc_id;
END;

CREATE TRIGGER documents_delete_sentences BEFORE DELETE ON documents BEGIN
  DELETE FROM sentences WHERE doc_id = old.id;
END;

CREATE TRIGGER document_text_delete_sentences BEFORE DELETE ON document_text BEGIN
  DELETE FROM sentences WHERE doc_id = old.doc_id;
END;

CREATE TRIGGER document_text_update_sentences BEFORE UPDATE OF text ON document_text BEGIN
  DELETE FROM sentences WHERE doc_id = old.doc_id;
END;

INSERT INTO sentence_fts(sentence_fts) VALUES ('rebuild');

CREATE VIEW evidence_view AS
  SELECT e.id AS evidence_id, e.run_id, e.doc_id,
         d.path, d.symbol, d.date, d.body, d.kind, d.title,
         t.idx AS turn_idx, s.idx AS sentence_idx,
         t.speaker, t.affiliation AS speaker_affiliation, t.iso3 AS speaker_iso3, t.role AS speaker_role,
         e.speaker_actor_id, sa.display_name AS speaker_name,
         e.target_actor_id, ta.display_name AS target_name, ta.kind AS target_kind, ta.iso3 AS target_iso3,
         e.target_type,
         e.code, e.polarity, e.score, e.entry_id, e.lexicon_version, e.matched_text,
         e.char_start, e.char_end, e.byte_start, e.byte_end, e.source_byte_start, e.source_byte_end,
         e.sentence_id, s.char_start AS sentence_char_start, s.char_end AS sentence_char_end,
         substr(dt.text, s.char_start + 1, s.char_end - s.char_start) AS sentence_text
  FROM evidence e
  JOIN documents d ON d.id = e.doc_id
  JOIN sentences s ON s.id = e.sentence_id
  JOIN document_text dt ON dt.doc_id = e.doc_id
  LEFT JOIN turns t ON t.id = e.turn_id
  LEFT JOIN actors sa ON sa.id = e.speaker_actor_id
  LEFT JOIN actors ta ON ta.id = e.target_actor_id
  WHERE d.status = 'ok';

CREATE VIEW actor_summary AS
  SELECT a.id AS actor_id, a.name, a.display_name, a.kind, a.iso3,
         x.code, x.polarity,
         SUM(x.as_speaker) AS as_speaker,
         SUM(x.as_target) AS as_target,
         COUNT(DISTINCT x.doc_id) AS documents,
         MIN(d.date) AS first_date,
         MAX(d.date) AS last_date
  FROM (SELECT speaker_actor_id AS actor_id, code, polarity, doc_id, 1 AS as_speaker, 0 AS as_target
          FROM evidence WHERE speaker_actor_id IS NOT NULL
        UNION ALL
        SELECT target_actor_id, code, polarity, doc_id, 0, 1
          FROM evidence WHERE target_actor_id IS NOT NULL) x
  JOIN actors a ON a.id = x.actor_id
  JOIN documents d ON d.id = x.doc_id
  WHERE d.status = 'ok'
  GROUP BY a.id, x.code, x.polarity;
)SQL";

// Migration 4: human verdicts from `normcode audit score` (one per evidence row;
// kept when evidence is recoded, keyed by the evidence id it judged).
constexpr const char* kMigration4 = R"SQL(
CREATE TABLE audit_verdicts (
  evidence_id     INTEGER PRIMARY KEY,
  code            TEXT NOT NULL,
  entry_id        TEXT NOT NULL DEFAULT '',
  lexicon_version TEXT NOT NULL DEFAULT '',
  matched_text    TEXT,
  verdict         INTEGER NOT NULL CHECK (verdict IN (0, 1)),
  note            TEXT,
  audit_file      TEXT,
  audited_at      TEXT NOT NULL
);
CREATE INDEX audit_verdicts_code ON audit_verdicts(code, entry_id);
)SQL";

// Migration 5 (issue 16): the stat identity of a plain file beside size and mtime, so
// that a file rewritten with the same size and mtime (touch -r, tools that keep
// timestamps, restores from backup) is not taken as unchanged. NULL for archive
// members, stdin and rows written before version 5 (their first run hashes them).
// And the warnings of a run (a document whose evidence was capped): their number
// and the first 100 messages as a JSON array.
constexpr const char* kMigration5 = R"SQL(
ALTER TABLE documents ADD COLUMN inode INTEGER;
ALTER TABLE documents ADD COLUMN ctime_ns INTEGER;
ALTER TABLE runs ADD COLUMN warnings INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN warnings_json TEXT NOT NULL DEFAULT '[]';
)SQL";

// Migration 6: the learned scoring stage. For a code the model decided,
// evidence.score is the model's probability, model_version names the model
// (also part of lexicon_version) and features lists the features that weighed
// most ("name +weight; ..."); both are '' when the lexicon alone decided.
constexpr const char* kMigration6 = R"SQL(
ALTER TABLE evidence ADD COLUMN model_version TEXT NOT NULL DEFAULT '';
ALTER TABLE evidence ADD COLUMN features TEXT NOT NULL DEFAULT '';
DROP VIEW evidence_view;
CREATE VIEW evidence_view AS
  SELECT e.id AS evidence_id, e.run_id, e.doc_id,
         d.path, d.symbol, d.date, d.body, d.kind, d.title,
         t.idx AS turn_idx, s.idx AS sentence_idx,
         t.speaker, t.affiliation AS speaker_affiliation, t.iso3 AS speaker_iso3, t.role AS speaker_role,
         e.speaker_actor_id, sa.display_name AS speaker_name,
         e.target_actor_id, ta.display_name AS target_name, ta.kind AS target_kind, ta.iso3 AS target_iso3,
         e.target_type,
         e.code, e.polarity, e.score, e.entry_id, e.lexicon_version, e.matched_text,
         e.model_version, e.features,
         e.char_start, e.char_end, e.byte_start, e.byte_end, e.source_byte_start, e.source_byte_end,
         e.sentence_id, s.char_start AS sentence_char_start, s.char_end AS sentence_char_end,
         substr(dt.text, s.char_start + 1, s.char_end - s.char_start) AS sentence_text
  FROM evidence e
  JOIN documents d ON d.id = e.doc_id
  JOIN sentences s ON s.id = e.sentence_id
  JOIN document_text dt ON dt.doc_id = e.doc_id
  LEFT JOIN turns t ON t.id = e.turn_id
  LEFT JOIN actors sa ON sa.id = e.speaker_actor_id
  LEFT JOIN actors ta ON ta.id = e.target_actor_id
  WHERE d.status = 'ok';
)SQL";

}  // namespace

const std::vector<Migration>& SchemaMigrations() {
  static const std::vector<Migration> migrations = {
      {1, "foundation tables", kMigration1},
      {2, "evidence table", kMigration2},
      {3, "sentence full-text index and views", kMigration3},
      {4, "audit verdicts", kMigration4},
      {5, "stat identity of documents, run warnings", kMigration5},
      {6, "model version and features of evidence", kMigration6},
  };
  return migrations;
}

int CurrentSchemaVersion() { return SchemaMigrations().back().version; }

}  // namespace normcode
