#!/usr/bin/env bash
# kill -9 at any moment, then run again (issue 5 §3/§6): after every SIGKILL the
# database passes PRAGMA integrity_check, no document is half-coded (every 'ok'
# document has its text, turns and sentences), nothing is duplicated, the lock is
# not left stale, and the next run finishes the work with exactly the content of
# one clean run (documents, text, attendees, actors, turns, sentences, evidence;
# ids, run ids and timestamps excluded).
# Kill points: right after the first commit, and at 15%, 40%, 70% and 95% of a
# clean run's duration (measured first, so this adapts to ASan/Debug builds).
# Usage: bash crash_kill9.sh <normcode> <repo-root>
set -u
BIN=$1
ROOT=$2
T=$(mktemp -d /tmp/normcode-cli-kill9.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "crash_kill9: sqlite3 missing, skipped"; exit 0; }
SHARED=$ROOT/../shared/corpus-sample

# A corpus of real records under many names: every sample record (HTML, text,
# transcript) copied ${COPIES} times, each copy made distinct by a trailing comment
# or line so the content hashes differ.
COPIES=${KILL9_COPIES:-12}
mkdir -p "$T/c"
i=0
for f in "$SHARED"/*/*.html "$ROOT"/corpus/*.html "$ROOT"/corpus/*.txt "$ROOT"/corpus/*.md; do
  [ -f "$f" ] || continue
  b=$(basename "$f"); ext=${b##*.}; stem=${b%.*}
  for k in $(seq 1 "$COPIES"); do
    d="$T/c/d$((k % 7))"; mkdir -p "$d"
    if [ "$ext" = html ]; then { cat "$f"; printf '\n<!-- copy %d -->\n' "$k"; } >"$d/${stem}_$k.$ext"
    else { cat "$f"; printf '\n\n'; } >"$d/${stem}_$k.$ext"; for _ in $(seq 1 "$k"); do printf '\n' >>"$d/${stem}_$k.$ext"; done; fi
  done
  i=$((i + 1))
done
N=$(find "$T/c" -type f | wc -l)
[ "$N" -ge 100 ] || fail "corpus too small ($N files)"
LEX="$ROOT/lexicons"
run() { "$BIN" run --threads 2 --db "$1" --lexicons "$LEX" "$T/c"; }

# Content of a database without ids, run ids, timestamps: one sorted line per row.
dump() {
  sqlite3 -batch "$1" <<'SQL'
.mode list
.separator "|"
SELECT 'D', path, content_hash, kind, format, encoding, symbol, body, meeting, date, title, language, size,
       mtime, status, failure_reason, codebook_version, meta_json, n_chars FROM documents ORDER BY path;
SELECT 'X', d.path, length(t.text), hex(substr(t.text, 1, 64)), hex(substr(t.text, -64)) FROM document_text t JOIN documents d ON d.id = t.doc_id ORDER BY d.path;
SELECT 'A', a.name, a.display_name, a.kind, a.iso3, a.role FROM actors a ORDER BY 2, 3, 4, 5, 6;
SELECT 'P', d.path, p.idx, p.name, p.affiliation, p.place FROM attendees p JOIN documents d ON d.id = p.doc_id ORDER BY 2, 3;
SELECT 'T', d.path, t.idx, sa.name, t.speaker, t.affiliation, t.iso3, t.role, t.language_note, t.procedural,
       t.char_start, t.char_end, t.byte_start, t.byte_end, t.source_byte_start, t.source_byte_end
  FROM turns t JOIN documents d ON d.id = t.doc_id LEFT JOIN actors sa ON sa.id = t.speaker_actor_id ORDER BY 2, 3;
SELECT 'S', d.path, t.idx, s.idx, s.char_start, s.char_end, s.byte_start, s.byte_end, s.source_byte_start, s.source_byte_end
  FROM sentences s JOIN documents d ON d.id = s.doc_id LEFT JOIN turns t ON t.id = s.turn_id ORDER BY 2, 3, 4;
SELECT 'E', d.path, t.idx, s.idx, e.code, e.entry_id, e.lexicon_version, e.char_start, e.char_end, e.byte_start,
       e.byte_end, e.source_byte_start, e.source_byte_end, e.matched_text, e.polarity, sa.name, ta.name,
       e.target_type, printf('%.6f', e.score)
  FROM evidence e JOIN documents d ON d.id = e.doc_id LEFT JOIN turns t ON t.id = e.turn_id
  JOIN sentences s ON s.id = e.sentence_id LEFT JOIN actors sa ON sa.id = e.speaker_actor_id
  LEFT JOIN actors ta ON ta.id = e.target_actor_id ORDER BY 2, 3, 4, 5, 6, 8, 15;
SQL
}

# Invariants that must hold at ANY moment (after a kill, before the rerun).
check_consistent() {  # db label
  local db=$1 what=$2
  [ -f "$db" ] || return 0  # killed before the database existed
  [ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] || fail "$what: integrity_check"
  [ -z "$(sqlite3 "$db" 'PRAGMA foreign_key_check')" ] || fail "$what: foreign_key_check"
  local half
  half=$(sqlite3 "$db" "SELECT count(*) FROM documents d WHERE d.status = 'ok' AND (
      NOT EXISTS (SELECT 1 FROM document_text t WHERE t.doc_id = d.id)
   OR NOT EXISTS (SELECT 1 FROM turns t WHERE t.doc_id = d.id)
   OR NOT EXISTS (SELECT 1 FROM sentences s WHERE s.doc_id = d.id))" 2>/dev/null) || half=0
  [ "$half" -eq 0 ] || fail "$what: $half document(s) half-coded (ok without text/turns/sentences)"
  local dup
  dup=$(sqlite3 "$db" "SELECT count(*) FROM (SELECT doc_id, idx FROM sentences GROUP BY doc_id, turn_id, idx HAVING count(*) > 1)" 2>/dev/null) || dup=0
  [ "$dup" -eq 0 ] || fail "$what: duplicated sentences"
  dup=$(sqlite3 "$db" "SELECT count(*) FROM (SELECT 1 FROM evidence GROUP BY sentence_id, entry_id, byte_start, byte_end HAVING count(*) > 1)" 2>/dev/null) || dup=0
  [ "$dup" -eq 0 ] || fail "$what: duplicated evidence"
  local orphan
  orphan=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM sentences WHERE doc_id NOT IN (SELECT id FROM documents))
                              + (SELECT count(*) FROM evidence WHERE doc_id NOT IN (SELECT id FROM documents WHERE status = 'ok'))" 2>/dev/null) || orphan=0
  [ "$orphan" -eq 0 ] || fail "$what: rows of documents that are not stored as ok"
}

# 1. The clean reference run, timed.
t0=$(date +%s.%N)
run "$T/clean.db" >"$T/clean.out" 2>"$T/clean.err" || { rc=$?; cat "$T/clean.err" >&2; fail "clean run exited $rc"; }
t1=$(date +%s.%N)
CLEAN_SECS=$(echo "$t1 - $t0" | bc -l)
[ "$(sqlite3 "$T/clean.db" "SELECT count(*) FROM documents WHERE status = 'ok'")" -eq "$N" ] || fail "clean run did not store all $N documents"
dump "$T/clean.db" >"$T/clean.dump"
[ "$(grep -c '^E|' "$T/clean.dump")" -gt 0 ] || fail "the clean run has no evidence; the comparison would be weak"

# 2. Kill runs.
killed=0
kill_and_rerun() {  # label delay|first
  local label=$1 when=$2 db="$T/k_$1.db"
  # The binary itself in the background (not a shell function: that would fork a
  # subshell, and kill -9 would hit the subshell instead of normcode).
  "$BIN" run --threads 2 --db "$db" --lexicons "$LEX" "$T/c" >"$T/k.out" 2>"$T/k.err" &
  local pid=$!
  pids+=("$pid")
  if [ "$when" = first ]; then
    for _ in $(seq 1 3000); do
      kill -0 "$pid" 2>/dev/null || break
      n=$(sqlite3 "$db" "SELECT count(*) FROM documents" 2>/dev/null || echo 0)
      [ "${n:-0}" -ge 1 ] && break
      sleep 0.02
    done
  else
    sleep "$when"
  fi
  local before=-1
  if kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null
    killed=$((killed + 1))
    check_consistent "$db" "after kill -9 ($label)"
    before=$(sqlite3 "$db" "SELECT count(*) FROM documents WHERE status = 'ok'" 2>/dev/null || echo 0)
  else
    wait "$pid" 2>/dev/null
  fi
  # The rerun is not refused (no stale lock) and finishes the work.
  run "$db" >"$T/r.out" 2>"$T/r.err"
  local rc=$?
  [ $rc -eq 0 ] || { cat "$T/r.err" >&2; fail "rerun after kill ($label) exited $rc"; }
  check_consistent "$db" "after rerun ($label)"
  dump "$db" >"$T/k.dump"
  if ! cmp -s "$T/clean.dump" "$T/k.dump"; then
    diff "$T/clean.dump" "$T/k.dump" | head -20 >&2
    fail "content after kill ($label) + rerun differs from a clean run"
  fi
  echo "crash_kill9: $label: killed with ${before} of $N documents stored; rerun matches the clean run"
}
kill_and_rerun first_commit first
for frac in 0.15 0.40 0.70 0.95; do
  kill_and_rerun "at_${frac}" "$(echo "$CLEAN_SECS * $frac" | bc -l)"
done
[ $killed -ge 3 ] || fail "only $killed of 5 runs were still going when killed (clean run took ${CLEAN_SECS}s); use a bigger corpus (KILL9_COPIES)"

# 3. A second run on the same database while one is going is refused (exit 4) with a clear message.
"$BIN" run --threads 2 --db "$T/lock.db" --lexicons "$LEX" "$T/c" >/dev/null 2>&1 &
pid=$!; pids+=("$pid")
for _ in $(seq 1 500); do [ -f "$T/lock.db" ] && break; sleep 0.01; done
sleep 0.2
if kill -0 "$pid" 2>/dev/null; then
  run "$T/lock.db" >"$T/l.out" 2>"$T/l.err"; rc=$?
  if kill -0 "$pid" 2>/dev/null; then
    [ $rc -eq 4 ] || fail "concurrent run exited $rc, expected 4"
    grep -qi "lock\|another\|busy\|in use" "$T/l.err" || { cat "$T/l.err" >&2; fail "no clear message for the refused run"; }
  fi
fi
kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
echo "crash_kill9: ok ($killed kills, $N files, clean run ${CLEAN_SECS}s)"
