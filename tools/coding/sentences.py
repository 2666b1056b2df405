#!/usr/bin/env python3
"""The sentences of coded records as the coding campaign sees them, read from a normcode
database: one JSON object per sentence of a non-procedural speaker turn, with the id
RECORD-tTTT-sSSS (TTT: turns.idx, SSS: sentences.idx of the
normcode database the sentence was read from, so an id names its rows), doc, date, speaker, country, role, previous (the previous sentence
of the same turn) and text. Shared by sample.py and the id checks.

Usage as a module: for s in sentences(db_path): ..."""
import os, sqlite3, sys, json

def record_name(path):
    base = os.path.basename(path.split('!')[-1])
    return base[:-5] if base.endswith('.html') else os.path.splitext(base)[0]

def sentences(db_path):
    db = sqlite3.connect(f'file:{db_path}?mode=ro', uri=True)
    docs = db.execute("SELECT id, path, COALESCE(date,'') FROM documents WHERE status='ok' ORDER BY path").fetchall()
    seen = set()
    for doc_id, path, date in docs:
        rec = record_name(path)
        if rec in seen:  # the same record under another path (a folder given twice): once only
            continue
        seen.add(rec)
        text = db.execute("SELECT text FROM document_text WHERE doc_id=?", (doc_id,)).fetchone()[0]
        turns = db.execute("""SELECT id, idx, COALESCE(speaker,''), COALESCE(affiliation,''), role FROM turns
                              WHERE doc_id=? AND procedural=0 ORDER BY idx""", (doc_id,)).fetchall()
        for turn_id, ti, speaker, country, role in turns:
            prev = ""
            for si, cs, ce in db.execute(
                    "SELECT idx, char_start, char_end FROM sentences WHERE turn_id=? ORDER BY idx", (turn_id,)):
                t = text[cs:ce].strip()
                yield {"id": f"{rec}-t{ti:03d}-s{si:03d}", "doc": rec, "date": date, "speaker": speaker,
                       "country": country, "role": role, "previous": prev, "text": t}
                prev = t

if __name__ == '__main__':
    for s in sentences(sys.argv[1]):
        print(json.dumps(s, ensure_ascii=False))
