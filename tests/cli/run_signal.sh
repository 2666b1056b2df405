#!/usr/bin/env bash
# SIGINT during `normcode run`: what is in flight is committed, the run is
# marked 'interrupted', the exit code is 130, and the next run finishes the job.
# Usage: bash run_signal.sh <normcode> <repo-root>
set -u
BIN=$1
ROOT=$2
T=$(mktemp -d /tmp/normcode-cli-sig.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "run_signal: sqlite3 missing, skipped"; exit 0; }

mkdir "$T/many"
N=120
for i in $(seq -w 1 $N); do cp "$ROOT/corpus/S-PV-5043.html" "$T/many/r$i.html"; done

"$BIN" run --threads 1 --db "$T/s.db" --lexicons "$ROOT/lexicons" "$T/many" >"$T/out" 2>"$T/err" &
pid=$!
# Wait until some documents are committed (or the run ends), then interrupt.
for _ in $(seq 1 600); do
  sleep 0.1
  kill -0 "$pid" 2>/dev/null || break
  n=$(sqlite3 "$T/s.db" "SELECT count(*) FROM documents" 2>/dev/null || echo 0)
  [ "${n:-0}" -ge 1 ] && break
done
kill -INT "$pid" 2>/dev/null
wait "$pid"
rc=$?
done_docs=$(sqlite3 "$T/s.db" "SELECT count(*) FROM documents")
if [ "$done_docs" -eq "$N" ] && [ $rc -eq 0 ]; then
  echo "run_signal: the run finished before the signal could arrive; nothing to check"; exit 0
fi
[ $rc -eq 130 ] || { cat "$T/err" >&2; fail "interrupted run should exit 130, got $rc"; }
[ "$(sqlite3 "$T/s.db" "SELECT status FROM runs ORDER BY id DESC LIMIT 1")" = interrupted ] || fail "run not marked interrupted"
[ "$done_docs" -ge 1 ] && [ "$done_docs" -lt "$N" ] || fail "expected a partial run, got $done_docs documents"
[ "$(sqlite3 "$T/s.db" "SELECT count(*) FROM documents WHERE status = 'withdrawn'")" -eq 0 ] || fail "interrupted run withdrew documents"
grep -q "interrupted" "$T/out" || fail "summary does not say interrupted"

# The next run codes the rest and nothing twice.
"$BIN" run --db "$T/s.db" --lexicons "$ROOT/lexicons" "$T/many" >"$T/out" 2>"$T/err" || { rc=$?; cat "$T/err" >&2; fail "second run exited $rc"; }
grep -q "$((N - done_docs)) new, 0 changed, $done_docs unchanged, 0 failed, 0 withdrawn" "$T/out" || { cat "$T/out" >&2; fail "second run counts"; }
[ "$(sqlite3 "$T/s.db" "SELECT count(*) FROM documents WHERE status = 'ok'")" -eq "$N" ] || fail "not all documents ok"
echo "run_signal: ok ($done_docs of $N committed before the interrupt)"
