#!/usr/bin/env bash
# Issue 16.5: export --out, audit sample --out and report --out never write
# through a planted symlink (at the target or at the old FILE.tmp name), never
# replace a device or pipe with a regular file, and never follow links inside the
# report folder.
# Usage: bash output_links.sh <normcode> <repo-root>
set -u
BIN=$1
ROOT=$2
LEX="$ROOT/lexicons"
T=$(mktemp -d /tmp/normcode-cli-outlinks.XXXXXX)
cleanup() { [ -n "${rpid:-}" ] && kill "$rpid" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$BIN" run -q --db "$T/c.db" --lexicons "$LEX" "$ROOT/corpus" 2>"$T/err" || { cat "$T/err" >&2; fail "run"; }
echo "precious" >"$T/victim"
victim_ok() { [ "$(cat "$T/victim")" = precious ] || fail "$1: the link's target was written"; }

# A symlink at the target: refused (exit 3), the target untouched, the link still a link.
ln -s "$T/victim" "$T/ev.csv"
"$BIN" export --db "$T/c.db" --what evidence --format csv --out "$T/ev.csv" 2>"$T/err"; rc=$?
[ $rc -eq 3 ] || { cat "$T/err" >&2; fail "export through a symlink: exit $rc, expected 3"; }
grep -q "symbolic link" "$T/err" || { cat "$T/err" >&2; fail "export: message"; }
victim_ok "export --out link"
[ -L "$T/ev.csv" ] || fail "export replaced the link"

ln -s "$T/victim" "$T/audit.csv"
"$BIN" audit sample --db "$T/c.db" --per-code 2 --out "$T/audit.csv" 2>"$T/err"; rc=$?
[ $rc -eq 3 ] || { cat "$T/err" >&2; fail "audit sample through a symlink: exit $rc, expected 3"; }
victim_ok "audit sample --out link"

# A symlink at the old, predictable temporary name: not followed, the export lands in a regular file.
ln -s "$T/victim" "$T/e2.csv.tmp"
"$BIN" export --db "$T/c.db" --what evidence --format csv --out "$T/e2.csv" 2>"$T/err" || { cat "$T/err" >&2; fail "export beside a planted .tmp link: exit $?"; }
victim_ok "export with a planted FILE.tmp link"
[ -f "$T/e2.csv" ] && [ ! -L "$T/e2.csv" ] && head -1 "$T/e2.csv" | grep -q '^evidence_id,' || fail "export did not land in a regular file"
ln -s "$T/victim" "$T/a2.csv.tmp"
"$BIN" audit sample --db "$T/c.db" --per-code 2 --out "$T/a2.csv" 2>"$T/err" || { cat "$T/err" >&2; fail "audit beside a planted .tmp link: exit $?"; }
victim_ok "audit sample with a planted FILE.tmp link"
[ -f "$T/a2.csv" ] && [ ! -L "$T/a2.csv" ] || fail "audit sheet is not a regular file"
[ "$(ls -a "$T" | grep -c '\.tmp$')" -eq 2 ] || fail "a temporary file was left behind (only the two planted links may end in .tmp)"

# A FIFO as --out: written directly, still a FIFO afterwards.
mkfifo "$T/pipe"
cat "$T/pipe" >"$T/from_pipe" & rpid=$!
timeout 60 "$BIN" export --db "$T/c.db" --what documents --format csv --out "$T/pipe" 2>"$T/err"; rc=$?
for _ in $(seq 1 50); do kill -0 "$rpid" 2>/dev/null || break; sleep 0.1; done
kill "$rpid" 2>/dev/null; rpid=
[ $rc -eq 0 ] || { cat "$T/err" >&2; fail "export to a FIFO: exit $rc"; }
[ -p "$T/pipe" ] || fail "the FIFO was replaced by a regular file"
head -1 "$T/from_pipe" | grep -q '^doc_id,' || fail "nothing came through the FIFO"
# /dev/stdout: standard output itself (here a regular file), never replaced.
"$BIN" export --db "$T/c.db" --what documents --format csv --out /dev/stdout >"$T/stdout.csv" 2>"$T/err" || { cat "$T/err" >&2; fail "--out /dev/stdout: exit $?"; }
head -1 "$T/stdout.csv" | grep -q '^doc_id,' || fail "--out /dev/stdout wrote nothing to stdout"
[ -e /dev/stdout.tmp ] && fail "--out /dev/stdout left /dev/stdout.tmp"
# A character device (as root: one of our own, a copy of /dev/null).
if [ "$(id -u)" -eq 0 ] && mknod "$T/null" c 1 3 2>/dev/null; then
  "$BIN" export --db "$T/c.db" --what documents --format csv --out "$T/null" 2>"$T/err" || { cat "$T/err" >&2; fail "export to a device: exit $?"; }
  [ -c "$T/null" ] || fail "the character device was replaced by a regular file"
fi

# report: a link planted inside the report folder is never followed.
mkdir -p "$T/rep"
ln -s "$T/victim" "$T/rep/index.html"
"$BIN" report --db "$T/c.db" --lexicons "$LEX" --out "$T/rep" >"$T/out" 2>"$T/err"; rc=$?
victim_ok "report with index.html a link"
[ $rc -ne 0 ] || fail "report wrote through a link and said ok"
echo ok
