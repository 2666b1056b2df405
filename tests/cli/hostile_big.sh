#!/usr/bin/env bash
# The two large hostile cases of issue 7 §1, kept apart from hostile_run.sh so
# both stay well under a minute under ASan:
#  1. a 200 MB file: refused by stat before it is read when it exceeds
#     --limit-max-document-bytes (one line naming the limit and the file, memory
#     stays flat), and with the default limit (256 MB) a 200 MB binary file is read
#     and refused as binary with one line;
#  2. 20,000 tiny files: every one stored, one transaction per batch, integrity ok,
#     and the incremental rerun skips them all.
# Usage: bash hostile_big.sh <normcode> <repo-root>
set -u
BIN=$1
ROOT=$2
T=$(mktemp -d /tmp/normcode-cli-big.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "hostile_big: sqlite3 missing, skipped"; exit 0; }
LEX="$ROOT/lexicons"
avail=$(df -Pk /tmp | awk 'NR == 2 { print $4 }')
[ "${avail:-0}" -gt 800000 ] || { echo "hostile_big: less than 800 MB free in /tmp, skipped"; exit 0; }

# --- 1. 200 MB
mkdir "$T/big"
cp "$ROOT/corpus/S-PV-4961.html" "$T/big/small.html"
truncate -s 200M "$T/big/huge.txt"                     # sparse: 200 MB of NUL bytes
TIME=()
[ -x /usr/bin/time ] && TIME=(/usr/bin/time -f "%M" -o "$T/rss")
# Baseline peak RSS: the same run without the big file (sanitizer builds start high).
mkdir "$T/base"; cp "$T/big/small.html" "$T/base/"
"${TIME[@]}" "$BIN" run --threads 2 --db "$T/b0.db" --lexicons "$LEX" "$T/base" >/dev/null 2>&1
base_rss=$( [ -f "$T/rss" ] && tail -1 "$T/rss" || echo 0)
"${TIME[@]}" "$BIN" run --threads 2 --db "$T/b1.db" --lexicons "$LEX" --limit-max-document-bytes 64MB "$T/big" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] || { cat "$T/err" >&2; fail "200 MB file over the limit: exit $rc, expected 1"; }
[ "$(grep -c 'huge.txt' "$T/err")" -eq 1 ] || { cat "$T/err" >&2; fail "200 MB file: expected one line"; }
grep 'huge.txt' "$T/err" | grep -q 'max_document_bytes' || fail "200 MB file: the message does not name max_document_bytes"
[ "$(sqlite3 "$T/b1.db" "SELECT status FROM documents WHERE path LIKE '%small.html'")" = ok ] || fail "small file next to the big one not stored"
if [ -f "$T/rss" ]; then
  rss=$(tail -1 "$T/rss")
  [ "$rss" -lt $((base_rss + 100000)) ] || fail "refusing the 200 MB file used ${rss} KB (${base_rss} KB without it): it was read"
fi
# Default limit (256 MB): read, refused as binary data, one line; the database intact.
"$BIN" run --threads 2 --db "$T/b2.db" --lexicons "$LEX" "$T/big" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] || { cat "$T/err" >&2; fail "200 MB binary file: exit $rc, expected 1"; }
[ "$(grep -c 'huge.txt' "$T/err")" -eq 1 ] || { cat "$T/err" >&2; fail "200 MB binary file: expected one line"; }
[ "$(sqlite3 "$T/b2.db" 'PRAGMA integrity_check')" = ok ] || fail "200 MB: integrity_check"
rm -f "$T/big/huge.txt"

# --- 2. 20,000 tiny files (transcripts of a few hundred bytes, all distinct)
N=${HOSTILE_TINY_FILES:-20000}
mkdir "$T/tiny"
python3 - "$T/tiny" "$N" <<'PY'
import os, sys
d, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    sub = os.path.join(d, "%03d" % (i // 200))
    if i % 200 == 0: os.makedirs(sub)
    with open(os.path.join(sub, "t%05d.txt" % i), "w") as f:
        f.write("Interview id: T-%d\nDate: 2017-01-01\nInterviewer: Ana Costa\nInterviewee: Officer %d\n\n"
                "Q: What did the mandate ask of you?\nA: We were asked to protect civilians without the means to protect them (%d).\n" % (i, i, i))
PY
"$BIN" run --threads 2 --db "$T/t.db" --lexicons "$LEX" "$T/tiny" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] || { head "$T/err" >&2; fail "20,000 tiny files: exit $rc"; }
[ "$(sqlite3 "$T/t.db" "SELECT count(*) FROM documents WHERE status = 'ok'")" -eq "$N" ] || fail "not all $N tiny files stored"
[ "$(sqlite3 "$T/t.db" "SELECT count(DISTINCT doc_id) FROM sentences")" -eq "$N" ] || fail "a tiny file has no sentences"
[ "$(sqlite3 "$T/t.db" 'PRAGMA integrity_check')" = ok ] || fail "tiny files: integrity_check"
"$BIN" run --threads 2 --db "$T/t.db" --lexicons "$LEX" "$T/tiny" >"$T/out" 2>"$T/err" || fail "tiny files: rerun exited $?"
grep -q "0 new, 0 changed, $N unchanged, 0 failed" "$T/out" || { cat "$T/out" >&2; fail "tiny files: rerun was not all unchanged"; }
echo "hostile_big: ok (200 MB file refused by limit${rss:+ with ${rss} KB peak RSS, ${base_rss} KB without it} and as binary; $N tiny files)"
