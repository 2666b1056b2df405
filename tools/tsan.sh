#!/usr/bin/env bash
# ThreadSanitizer run of the pipeline tests (issue 7 §4): a separate build in
# build-tsan/ (-DNORMCODE_TSAN=ON), then tests/pipeline/* and the run CLI tests
# (run_cli.sh, run_signal.sh, crash_kill9.sh) against the TSan-built binary.
# No suppression file: every report is printed. Exit 0 when all pass and TSan
# reported nothing.
# Usage: tools/tsan.sh   (env: TSAN_BUILD_DIR, TSAN_JOBS)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${TSAN_BUILD_DIR:-$ROOT/build-tsan}
JOBS=${TSAN_JOBS:-2}
if [ ! -f "$B/CMakeCache.txt" ]; then
  cmake -S "$ROOT" -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNORMCODE_TSAN=ON -DNORMCODE_BUILD_BENCH=OFF >/dev/null || exit 2
fi
TESTS=(run_test sources_test process_test)
cmake --build "$B" -j"$JOBS" --target normcode "${TESTS[@]}" || exit 2
LOG=$B/tsan-logs
rm -rf "$LOG"; mkdir -p "$LOG"
# log_path gives one file per process, so reports from child processes (the CLI
# tests run the binary many times) are all collected.
export TSAN_OPTIONS="halt_on_error=0 second_deadlock_stack=1 history_size=4 log_path=$LOG/tsan"
rc=0
for t in "${TESTS[@]}"; do
  echo "== $t"
  "$B/tests/$t" --gtest_brief=1 >"$LOG/$t.out" 2>&1 || { echo "$t: FAILED"; tail -20 "$LOG/$t.out"; rc=1; }
done
for s in run_cli run_signal crash_kill9; do
  [ -f "$ROOT/tests/cli/$s.sh" ] || continue
  echo "== cli $s"
  bash "$ROOT/tests/cli/$s.sh" "$B/normcode" "$ROOT" >"$LOG/$s.out" 2>&1 || { echo "$s: FAILED"; tail -20 "$LOG/$s.out"; rc=1; }
done
reports=$(cat "$LOG"/tsan.* 2>/dev/null | grep -c "WARNING: ThreadSanitizer")
if [ "${reports:-0}" -gt 0 ]; then
  echo "tsan.sh: $reports ThreadSanitizer report(s):"
  for f in "$LOG"/tsan.*; do
    grep -A30 "WARNING: ThreadSanitizer" "$f" | grep -E "WARNING|^    #[0-9]+ " | head -40
  done
  rc=1
else
  echo "tsan.sh: no ThreadSanitizer reports"
fi
exit $rc
