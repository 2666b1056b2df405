#!/usr/bin/env bash
# Command-level behaviour of `normcode run`: --help, exit codes, stderr line
# format, summary, incremental second run, stdin, JSON logs, locked database.
# Usage: bash run_cli.sh <normcode> <repo-root>
set -u
BIN=$1
ROOT=$2
LEX="$ROOT/lexicons"
T=$(mktemp -d /tmp/normcode-cli-run.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# --help: exit 0, names the options.
out=$("$BIN" run --help) || fail "run --help exited $?"
for w in --db --threads --lexicons --quiet --verbose --log-format --limit-max-document-bytes \
         --limit-max-archive-ratio --limit-max-archive-depth; do
  grep -q -- "$w" <<<"$out" || fail "--help does not mention $w"
done

# Usage errors: exit 2.
"$BIN" run >/dev/null 2>&1; [ $? -eq 2 ] || fail "run without arguments should exit 2"
"$BIN" run --db "$T/x.db" --threads 0 "$ROOT/corpus" >/dev/null 2>&1; [ $? -eq 2 ] || fail "--threads 0 should exit 2"
"$BIN" run --db "$T/x.db" --log-format xml "$ROOT/corpus" >/dev/null 2>&1; [ $? -eq 2 ] || fail "--log-format xml should exit 2"
[ -e "$T/x.db" ] && fail "a usage error created the database"

# The demo corpus: exit 0, summary on stdout, nothing on stderr (not a terminal).
cp -r "$ROOT/corpus" "$T/corpus"
ndocs=$(find "$T/corpus" -type f ! -name '.*' ! -name SOURCES.md | wc -l)
"$BIN" run --db "$T/c.db" --lexicons "$LEX" "$T/corpus" >"$T/out" 2>"$T/err"
rc=$?; [ $rc -eq 0 ] || { cat "$T/err" >&2; fail "corpus run exited $rc"; }
[ -s "$T/err" ] && { cat "$T/err" >&2; fail "stderr not empty on a clean run"; }
grep -q "$ndocs new, 0 changed, 0 unchanged, 0 failed, 0 withdrawn" "$T/out" || { cat "$T/out" >&2; fail "summary counts"; }
grep -q "speaker turns" "$T/out" && grep -q "MB/s" "$T/out" || fail "summary lacks turns or MB/s"

# Second run: all unchanged.
"$BIN" run --db "$T/c.db" --lexicons "$LEX" "$T/corpus/" >"$T/out" 2>"$T/err" || fail "second run exited $?"
grep -q "0 new, 0 changed, $ndocs unchanged, 0 failed, 0 withdrawn" "$T/out" || { cat "$T/out" >&2; fail "second run not all unchanged"; }

# --quiet: nothing on stdout.
"$BIN" run -q --db "$T/c.db" --lexicons "$LEX" "$T/corpus" >"$T/out" 2>"$T/err" || fail "quiet run exited $?"
[ -s "$T/out" ] && fail "--quiet printed a summary"

# Failures: exit 1, one "path: reason" line per failed file on stderr, the others stored.
mkdir -p "$T/bad"
cp "$ROOT/corpus/S-PV-4961.html" "$T/bad/"
: >"$T/bad/empty.html"
head -c 2048 /dev/zero >"$T/bad/zeros.bin"
"$BIN" run --db "$T/b.db" --lexicons "$LEX" "$T/bad" >"$T/out" 2>"$T/err"
rc=$?; [ $rc -eq 1 ] || { cat "$T/err" >&2; fail "a run with failures should exit 1, got $rc"; }
[ "$(wc -l <"$T/err")" -eq 2 ] || { cat "$T/err" >&2; fail "expected 2 failure lines"; }
grep -q "^$T/bad/empty.html: " "$T/err" || fail "no line for empty.html"
grep -q "^$T/bad/zeros.bin: " "$T/err" || fail "no line for zeros.bin"
grep -q "1 new, 0 changed, 0 unchanged, 2 failed" "$T/out" || { cat "$T/out" >&2; fail "failure summary"; }
# A PATH that does not exist is a usage error (issue 14.2, 16.2): exit 2 before
# anything is written (it used to be one more failed row); see missing_root.sh.
"$BIN" run --db "$T/b2.db" --lexicons "$LEX" "$T/bad" "$T/missing.html" >"$T/out" 2>"$T/err"
rc=$?; [ $rc -eq 2 ] || { cat "$T/err" >&2; fail "a missing PATH should exit 2, got $rc"; }
grep -q "missing.html does not exist" "$T/err" || { cat "$T/err" >&2; fail "no line for the missing path"; }
[ -e "$T/b2.db" ] && fail "a missing PATH created the database"

# JSON logs: every stderr line is a JSON object with path and reason; the summary is JSON.
"$BIN" run --log-format json --db "$T/j.db" --lexicons "$LEX" "$T/bad" >"$T/out" 2>"$T/err"
[ $? -eq 1 ] || fail "json run should exit 1"
python3 - "$T/err" "$T/out" <<'PY' || fail "json log lines"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 2, lines
for l in lines:
    o = json.loads(l)
    assert o["level"] == "error" and o["path"] and o["reason"], o
s = json.loads(open(sys.argv[2]).read())
assert s["event"] == "summary" and s["failed"] == 2 and s["new"] == 1, s
PY

# The database inside the input folder is not an input (neither are its -wal/-shm/.lock files).
mkdir -p "$T/self" && cp "$ROOT/corpus/S-PV-4961.html" "$T/self/"
for i in 1 2; do
  "$BIN" run --db "$T/self/self.db" --lexicons "$LEX" "$T/self" >"$T/out" 2>"$T/err" \
    || { rc=$?; cat "$T/err" >&2; fail "run with the database inside its input folder exited $rc (pass $i)"; }
done
grep -q "0 new, 0 changed, 1 unchanged, 0 failed" "$T/out" || { cat "$T/out" >&2; fail "database files were taken as inputs"; }

# stdin: one document named "-".
"$BIN" run -q --db "$T/s.db" --lexicons "$LEX" - <"$ROOT/corpus/interview-demo-force-commander.md" 2>"$T/err" \
  || { rc=$?; cat "$T/err" >&2; fail "stdin run exited $rc"; }

# Invalid lexicons: exit 3, errors printed, no database written.
mkdir -p "$T/lex" && cp -r "$LEX"/. "$T/lex/"
printf 'entries: [ {id: broken\n' >"$T/lex/en/zz_broken.yaml"
"$BIN" run --db "$T/never.db" --lexicons "$T/lex" "$T/corpus" >"$T/out" 2>"$T/err"
rc=$?; [ $rc -eq 3 ] || fail "invalid lexicons should exit 3, got $rc"
grep -q "zz_broken.yaml" "$T/err" || { cat "$T/err" >&2; fail "lexicon error does not name the file"; }
[ -e "$T/never.db" ] && fail "invalid lexicons still created the database"

# A database held by another writer: exit 4.
if command -v flock >/dev/null; then
  flock "$T/c.db.lock" sleep 30 &
  holder=$!
  sleep 0.5
  "$BIN" run --db "$T/c.db" --lexicons "$LEX" "$T/corpus" >"$T/out" 2>"$T/err"
  rc=$?
  kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
  [ $rc -eq 4 ] || { cat "$T/err" >&2; fail "locked database should exit 4, got $rc"; }
fi

# Unopenable database path: exit 3.
"$BIN" run --db "$T/no/such/dir/x.db" --lexicons "$LEX" "$T/corpus" >/dev/null 2>"$T/err"
rc=$?; [ $rc -eq 3 ] || fail "unopenable database should exit 3, got $rc"

echo "run_cli: ok"
