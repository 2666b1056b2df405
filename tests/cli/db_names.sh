#!/usr/bin/env bash
# Issue 16.7: one database, one writer, however it is named. While a run holds
# real.db, other spellings of the same file (a symlink, a hard link, "./", "//",
# a relative path) are refused as busy (exit 4); names that are not a plain file
# (":memory:", SQLite URIs, a directory, a device, a FIFO) are refused (exit 2)
# instead of storing nothing with exit 0.
# Usage: bash db_names.sh <normcode> <repo-root>
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$2
LEX="$ROOT/lexicons"
T=$(mktemp -d /tmp/normcode-cli-dbnames.XXXXXX)
cleanup() { exec 3>&- 2>/dev/null; [ -n "${pid:-}" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
DOC="$ROOT/corpus/S-PV-4961.html"

"$BIN" run -q --db "$T/real.db" --lexicons "$LEX" "$DOC" 2>"$T/err" || { cat "$T/err" >&2; fail "first run"; }
ln -s "$T/real.db" "$T/alias.db"
ln "$T/real.db" "$T/hard.db"
mkdir -p "$T/sub"

# The holder: a run waiting on standard input (a FIFO nobody writes to yet).
mkfifo "$T/in"
"$BIN" run -q --db "$T/real.db" --lexicons "$LEX" - <"$T/in" >/dev/null 2>"$T/holder.err" &
pid=$!
exec 3>"$T/in"
# Wait until the holder has taken the lock (loading the codebook and its model comes first,
# which takes seconds on a loaded machine under the sanitizers).
for _ in $(seq 1 600); do [ -s "$T/real.db.lock" ] && break; sleep 0.1; done
[ -s "$T/real.db.lock" ] || fail "the holder run did not take the lock within 60 s"
sleep 0.5
kill -0 "$pid" 2>/dev/null || fail "the holder run ended early"
for name in "$T/alias.db" "$T/hard.db" "$T/./real.db" "$T//real.db" "$T/sub/../real.db"; do
  "$BIN" run -q --db "$name" --lexicons "$LEX" "$DOC" >"$T/out" 2>"$T/err"; rc=$?
  [ $rc -eq 4 ] || { cat "$T/err" >&2; fail "--db $name while real.db is being written: exit $rc, expected 4"; }
  grep -q "in use by another normcode run" "$T/err" || { cat "$T/err" >&2; fail "--db $name: message"; }
done
(cd "$T/sub" && "$BIN" run -q --db ../real.db --lexicons "$LEX" "$DOC" >/dev/null 2>"$T/err"); rc=$?
[ $rc -eq 4 ] || { cat "$T/err" >&2; fail "relative --db ../real.db: exit $rc, expected 4"; }
exec 3>&-
wait "$pid"; pid=
# The holder's own stdin item was empty; the lock is free again for every name.
"$BIN" run -q --db "$T/alias.db" --lexicons "$LEX" "$DOC" 2>"$T/err" || { cat "$T/err" >&2; fail "alias after release: exit $?"; }
[ -L "$T/alias.db" ] || fail "the symlink was replaced"

# Names that are not a plain file.
mkfifo "$T/fifo.db"
for name in ":memory:" "file:$T/u.db?mode=memory" "file::memory:" "$T/sub" "$T/fifo.db" /dev/null; do
  timeout 30 "$BIN" run -q --db "$name" --lexicons "$LEX" "$DOC" >"$T/out" 2>"$T/err"; rc=$?
  [ $rc -eq 2 ] || { cat "$T/err" >&2; fail "--db '$name': exit $rc, expected 2"; }
done
[ -e "$T/u.db" ] && fail "a URI created a file"
[ -c /dev/null ] || fail "/dev/null is no longer a device"
echo ok
