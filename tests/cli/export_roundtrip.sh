#!/usr/bin/env bash
# `normcode export`: every table as CSV and JSONL from a database coded from the
# real sample records; CSV read back with Python's csv module equals the JSONL
# and the database; --out writes atomically; bad options are usage errors.
# Usage: bash export_roundtrip.sh <path-to-normcode> <repo-root>
source "$(dirname "$0")/lib/sample_db.sh" "$@"
for what in evidence actors documents classifications; do
  "$NC" export --db "$TMP/c.db" --lexicons "$LEX" --what $what --format csv --out "$TMP/$what.csv" || fail "$what csv"
  "$NC" export --db "$TMP/c.db" --lexicons "$LEX" --what $what --format jsonl > "$TMP/$what.jsonl" || fail "$what jsonl"
  [ ! -e "$TMP/$what.csv.tmp" ] || fail "temporary file left behind"
done
python3 - "$TMP" <<'PY' || fail "round trip"
import csv, io, json, sqlite3, sys, os
d = sys.argv[1]
db = sqlite3.connect(os.path.join(d, "c.db"))
def text(v):
    if v is None: return ""
    if isinstance(v, bool): return "true" if v else "false"
    return v if isinstance(v, str) else repr(v) if isinstance(v, float) else str(v)
for what in ("evidence", "actors", "documents", "classifications"):
    raw = open(os.path.join(d, what + ".csv"), newline="", encoding="utf-8").read()
    assert "\r\n" in raw, "CSV rows must end with CRLF (RFC 4180)"
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    header, body = rows[0], rows[1:]
    assert all(h == h.lower() and " " not in h for h in header), header
    js = [json.loads(l) for l in open(os.path.join(d, what + ".jsonl"), encoding="utf-8")]
    assert len(js) == len(body), (what, len(js), len(body))
    for j, r in zip(js, body):
        assert list(j.keys()) == header, (what, list(j.keys()), header)
        for k, v in zip(header, r):
            if isinstance(j[k], float):
                assert abs(j[k] - float(v)) <= 1e-12 * max(1, abs(j[k])), (what, k, j[k], v)
            else:
                assert text(j[k]) == v, (what, k, j[k], v)
    if what == "evidence":
        n = db.execute("SELECT count(*) FROM evidence_view").fetchone()[0]
        assert n == len(body) and n > 0, (n, len(body))
        for j in js:
            t = db.execute("SELECT substr(dt.text, ? + 1, ? - ?) FROM document_text dt WHERE doc_id = ?",
                           (j["char_start"], j["char_end"], j["char_start"], j["doc_id"])).fetchone()[0]
            assert t == j["matched_text"], (t, j)
            s = db.execute("SELECT substr(dt.text, ? + 1, ? - ?) FROM document_text dt WHERE doc_id = ?",
                           (j["sentence_char_start"], j["sentence_char_end"], j["sentence_char_start"],
                            j["doc_id"])).fetchone()[0]
            assert s == j["sentence_text"]
    if what == "documents":
        assert len(body) == db.execute("SELECT count(*) FROM documents").fetchone()[0]
PY
set +e
"$NC" export --db "$TMP/c.db" --what votes --format csv > /dev/null 2>&1; rc=$?
set -e
[ $rc -eq 2 ] || fail "unknown table: exit $rc, expected 2"
set +e
"$NC" export --db "$TMP/nope.db" --what evidence --out "$TMP/x.csv" 2> "$TMP/err"; rc=$?
set -e
[ $rc -eq 3 ] || fail "missing database: exit $rc"
[ ! -e "$TMP/x.csv" ] && [ ! -e "$TMP/x.csv.tmp" ] || fail "a failed export left a file"
echo "PASS export_roundtrip"
