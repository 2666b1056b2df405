#!/usr/bin/env bash
# Issue 16.4: a run waiting on input that never comes still obeys the first
# SIGTERM promptly (exit 130, lock released), and a FIFO given or found where a
# document should be is refused without blocking. (A FIFO swapped in after
# enumeration: PosixEnv.FifoSwappedInAfterEnumerationIsAFailedItemNotAHang.)
# Usage: bash signal_blocked.sh <normcode> <repo-root>
set -u
BIN=$1
ROOT=$2
LEX="$ROOT/lexicons"
T=$(mktemp -d /tmp/normcode-cli-sigblk.XXXXXX)
cleanup() { exec 3>&- 2>/dev/null; [ -n "${pid:-}" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# stdin is a pipe whose writer stays open and silent.
mkfifo "$T/in"
"$BIN" run --db "$T/s.db" --lexicons "$LEX" - <"$T/in" >"$T/out" 2>"$T/err" &
pid=$!
exec 3>"$T/in"
# Wait until the run holds the lock (after loading the codebook and its model, which takes
# seconds on a loaded machine under the sanitizers).
for _ in $(seq 1 600); do [ -e "$T/s.db.lock" ] && break; sleep 0.1; done
[ -e "$T/s.db.lock" ] || fail "the run did not take the lock within 60 s"
sleep 0.5
kill -TERM "$pid"
for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
  exec 3>&-
  fail "the first SIGTERM was not honoured within 5 s while reading standard input"
fi
wait "$pid"; rc=$?; pid=
exec 3>&-
[ $rc -eq 130 ] || { cat "$T/err" >&2; fail "interrupted run: exit $rc, expected 130"; }
[ "$(sqlite3 "$T/s.db" "SELECT status FROM runs ORDER BY id DESC LIMIT 1")" = interrupted ] || fail "run not interrupted"
[ "$(sqlite3 "$T/s.db" "SELECT count(*) FROM documents")" -eq 0 ] || fail "an interrupted stdin read was stored"
# The lock is free: the next run works.
"$BIN" run -q --db "$T/s.db" --lexicons "$LEX" "$ROOT/corpus/S-PV-4961.html" 2>"$T/err" || { cat "$T/err" >&2; fail "next run: exit $?"; }

# FIFOs in a folder and as a PATH: never opened, the run ends at once.
mkdir -p "$T/d" && cp "$ROOT/corpus/S-PV-5043.html" "$T/d/" && mkfifo "$T/d/pipe.html" "$T/root.html"
timeout 60 "$BIN" run --db "$T/f.db" --lexicons "$LEX" "$T/d" "$T/root.html" >"$T/out" 2>"$T/err"; rc=$?
[ $rc -eq 1 ] || { cat "$T/err" >&2; fail "FIFOs: exit $rc, expected 1"; }
grep -q "root.html: .*not a regular file" "$T/err" || { cat "$T/err" >&2; fail "FIFO as PATH not reported"; }
echo ok
