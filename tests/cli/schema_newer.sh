#!/usr/bin/env bash
# Issue 16.8: every reader refuses a database with a newer schema (user_version),
# as run, stats, kwic and report do: exit 3, the reason on stderr, no results.
# Usage: bash schema_newer.sh <normcode> <repo-root>
set -u
BIN=$1
ROOT=$2
LEX="$ROOT/lexicons"
T=$(mktemp -d /tmp/normcode-cli-schema.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$BIN" run -q --db "$T/c.db" --lexicons "$LEX" "$ROOT/corpus" 2>"$T/err" || { cat "$T/err" >&2; fail "run"; }
# Sanity: the readers work on the current schema.
"$BIN" classify --db "$T/c.db" --lexicons "$LEX" >"$T/out" 2>"$T/err" || { cat "$T/err" >&2; fail "classify on the current schema"; }
[ -s "$T/out" ] || fail "classify printed nothing on the current schema"
v=$(sqlite3 "$T/c.db" "PRAGMA user_version")
sqlite3 "$T/c.db" "PRAGMA user_version = $((v + 1))"

check() {  # name, then the command
  local name=$1; shift
  "$@" >"$T/out" 2>"$T/err"; local rc=$?
  [ $rc -eq 3 ] || { cat "$T/err" >&2; fail "$name on a newer schema: exit $rc, expected 3"; }
  grep -q "schema version $((v + 1)) is newer than this program" "$T/err" || { cat "$T/err" >&2; fail "$name: message"; }
  [ -s "$T/out" ] && { head -5 "$T/out" >&2; fail "$name printed results from a newer schema"; }
  return 0
}
check classify "$BIN" classify --db "$T/c.db" --lexicons "$LEX"
check explain "$BIN" explain --db "$T/c.db" --lexicons "$LEX" --actor China
check "export evidence" "$BIN" export --db "$T/c.db" --what evidence --format csv
check "export documents" "$BIN" export --db "$T/c.db" --what documents --format jsonl
check "export classifications" "$BIN" export --db "$T/c.db" --what classifications --lexicons "$LEX"
check "audit sample" "$BIN" audit sample --db "$T/c.db" --per-code 5 --out "$T/audit.csv"
[ -e "$T/audit.csv" ] && fail "audit sample wrote a sheet from a newer schema"
check "audit report" "$BIN" audit report --db "$T/c.db"
# The ones that already refused still do.
check stats "$BIN" stats --db "$T/c.db"
check kwic "$BIN" kwic --db "$T/c.db" mandate
check report "$BIN" report --db "$T/c.db" --lexicons "$LEX" --out "$T/rep"
echo ok
