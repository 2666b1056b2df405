#!/usr/bin/env bash
# Issue 16.3: a file rewritten with the same size and mtime (touch -r, cp -p, a
# restore from backup) is read again, not kept stale; --rehash reads every file.
# Usage: bash stale_content.sh <normcode> <repo-root>
set -u
BIN=$1
ROOT=$2
LEX="$ROOT/lexicons"
T=$(mktemp -d /tmp/normcode-cli-stale.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
q() { sqlite3 "$T/s.db" "$1"; }

mkdir -p "$T/c"
cp "$ROOT"/corpus/*.html "$T/c/"
n=$(ls "$T/c" | wc -l)
f="$T/c/S-PV-5577.html"
cp -p "$f" "$T/orig.html"
"$BIN" run -q --db "$T/s.db" --lexicons "$LEX" "$T/c" 2>"$T/err" || { cat "$T/err" >&2; fail "first run"; }
h0=$(q "SELECT content_hash FROM documents WHERE path = '$f'")

# Same size, same mtime, other words: rewrite in place and set the mtime back.
python3 - "$f" <<'PY' || fail "rewrite"
import sys
p = sys.argv[1]
b = open(p, "rb").read()
i = b.index(b"peacekeeping")
open(p, "r+b").write(b[:i] + b"PEACEKEEPING" + b[i + 12:])
PY
touch -r "$T/orig.html" "$f"
[ "$(stat -c %s.%Y "$f")" = "$(stat -c %s.%Y "$T/orig.html")" ] || fail "size/mtime not kept by the test"
"$BIN" run --db "$T/s.db" --lexicons "$LEX" "$T/c" >"$T/out" 2>"$T/err" || { cat "$T/err" >&2; fail "second run"; }
grep -q "0 new, 1 changed, $((n - 1)) unchanged" "$T/out" || { cat "$T/out" >&2; fail "a rewrite with the same size and mtime was not read again"; }
h1=$(q "SELECT content_hash FROM documents WHERE path = '$f'")
[ "$h1" != "$h0" ] || fail "content hash not updated"
[ "$(q "SELECT count(*) FROM sentence_text s JOIN documents d ON d.id = s.doc_id WHERE d.path = '$f' AND s.text LIKE '%PEACEKEEPING%'")" -gt 0 ] \
  || fail "the new text is not in the sentences"

# A restore from backup (new inode, original size and mtime): read again, back to h0.
cp -p "$T/orig.html" "$T/c/.restore" && mv "$T/c/.restore" "$f"
"$BIN" run --db "$T/s.db" --lexicons "$LEX" "$T/c" >"$T/out" 2>"$T/err" || { cat "$T/err" >&2; fail "third run"; }
grep -q "0 new, 1 changed" "$T/out" || { cat "$T/out" >&2; fail "a restore from backup was not read again"; }
[ "$(q "SELECT content_hash FROM documents WHERE path = '$f'")" = "$h0" ] || fail "restore: hash"

# Nothing touched: all skipped by the quick check.
"$BIN" run --db "$T/s.db" --lexicons "$LEX" "$T/c" >"$T/out" 2>"$T/err" || fail "fourth run"
grep -q "0 new, 0 changed, $n unchanged" "$T/out" || { cat "$T/out" >&2; fail "fourth run counts"; }

# --rehash verifies by content: a stored hash that does not match the file is found
# (the quick check alone trusts the stat identity).
q "UPDATE documents SET content_hash = 'stale' WHERE path = '$f'"
"$BIN" run --db "$T/s.db" --lexicons "$LEX" "$T/c" >"$T/out" 2>"$T/err" || fail "fifth run"
grep -q "0 new, 0 changed, $n unchanged" "$T/out" || { cat "$T/out" >&2; fail "fifth run counts"; }
"$BIN" run --rehash --db "$T/s.db" --lexicons "$LEX" "$T/c" >"$T/out" 2>"$T/err" || { cat "$T/err" >&2; fail "--rehash run"; }
grep -q "0 new, 1 changed, $((n - 1)) unchanged" "$T/out" || { cat "$T/out" >&2; fail "--rehash did not recode the mismatching file"; }
[ "$(q "SELECT content_hash FROM documents WHERE path = '$f'")" = "$h0" ] || fail "--rehash: hash"
echo ok
