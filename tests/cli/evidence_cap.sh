#!/usr/bin/env bash
# Issue 16.6: evidence per document is capped (--limit-max-evidence-per-document,
# default 20000): a record that matches everywhere keeps the first rows, the run
# says so on stderr, in the summary and in the run row, and the exit code stays 0.
# Usage: bash evidence_cap.sh <normcode> <repo-root>
set -u
BIN=$1
ROOT=$2
LEX="$ROOT/lexicons"
T=$(mktemp -d /tmp/normcode-cli-cap.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
q() { sqlite3 "$T/$1" "$2"; }

"$BIN" run --help | grep -q -- "--limit-max-evidence-per-document" || fail "--help does not list the limit"

# Without the cap: how many documents have more than 3 evidence rows.
"$BIN" run -q --db "$T/full.db" --lexicons "$LEX" "$ROOT/corpus" 2>"$T/err" || { cat "$T/err" >&2; fail "uncapped run"; }
over=$(q full.db "SELECT count(*) FROM (SELECT doc_id FROM evidence GROUP BY doc_id HAVING count(*) > 3)")
[ "$over" -ge 1 ] || fail "the corpus has no document with more than 3 evidence rows"
[ "$(q full.db "SELECT warnings FROM runs")" -eq 0 ] || fail "an uncapped run has warnings"

"$BIN" run --db "$T/cap.db" --lexicons "$LEX" --limit-max-evidence-per-document 3 "$ROOT/corpus" >"$T/out" 2>"$T/err"; rc=$?
[ $rc -eq 0 ] || { cat "$T/err" >&2; fail "capped run: exit $rc, expected 0"; }
[ "$(q cap.db "SELECT max(n) FROM (SELECT count(*) AS n FROM evidence GROUP BY doc_id)")" -eq 3 ] || fail "evidence not capped at 3"
[ "$(grep -c ': warning: evidence capped: 3 of [0-9]* matches kept (limit max_evidence_per_document=3)' "$T/err")" -eq "$over" ] \
  || { cat "$T/err" >&2; fail "one warning line per capped document expected"; }
grep -q "$over warnings" "$T/out" || { cat "$T/out" >&2; fail "summary does not count the warnings"; }
[ "$(q cap.db "SELECT warnings FROM runs")" -eq "$over" ] || fail "runs.warnings"
[ "$(q cap.db "SELECT json_array_length(warnings_json) FROM runs")" -eq "$over" ] || fail "runs.warnings_json"
# The kept rows are the first ones of each document (the same rows as uncapped).
a=$(q cap.db "SELECT d.path, e.byte_start, e.entry_id FROM evidence e JOIN documents d ON d.id = e.doc_id ORDER BY e.id")
b=$(q full.db "SELECT path, byte_start, entry_id FROM (SELECT d.path, e.byte_start, e.entry_id, e.id,
       row_number() OVER (PARTITION BY e.doc_id ORDER BY e.id) AS k FROM evidence e JOIN documents d ON d.id = e.doc_id)
       WHERE k <= 3 ORDER BY id")
[ "$a" = "$b" ] || fail "the capped rows are not the first rows of each document"
echo ok
