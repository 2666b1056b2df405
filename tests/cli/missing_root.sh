#!/usr/bin/env bash
# Issue 16.2 (and 14.2): a vanished input root never withdraws the corpus.
#  - a PATH that does not exist and that the database knows nothing under: exit 2, nothing written
#  - a PATH that does not exist but has documents in the database: exit 3, nothing written or withdrawn
#  - an emptied root (an empty mount point): exit 3, nothing withdrawn, unless --allow-mass-withdrawal
#  - a few files removed: withdrawn as before
# Usage: bash missing_root.sh <normcode> <repo-root>
set -u
BIN=$1
ROOT=$2
LEX="$ROOT/lexicons"
T=$(mktemp -d /tmp/normcode-cli-missing.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
q() { sqlite3 "$T/m.db" "$1"; }

# Never known: a usage error, before any database is created.
"$BIN" run --db "$T/fresh.db" --lexicons "$LEX" "$T/nope" >"$T/out" 2>"$T/err"; rc=$?
[ $rc -eq 2 ] || { cat "$T/err" >&2; fail "a missing PATH should exit 2, got $rc"; }
grep -q "nope.*does not exist" "$T/err" || { cat "$T/err" >&2; fail "message"; }
[ -e "$T/fresh.db" ] && fail "a missing PATH created the database"

mkdir -p "$T/share/dump"
cp "$ROOT"/corpus/*.html "$ROOT"/corpus/*.txt "$T/share/dump/"
n=$(ls "$T/share/dump" | wc -l)
"$BIN" run -q --db "$T/m.db" --lexicons "$LEX" "$T/share/dump" 2>"$T/err" || { cat "$T/err" >&2; fail "first run"; }
runs=$(q "SELECT count(*) FROM runs")

# The same database, another PATH it knows nothing under: exit 2, no run row.
"$BIN" run --db "$T/m.db" --lexicons "$LEX" "$T/other" >"$T/out" 2>"$T/err"; rc=$?
[ $rc -eq 2 ] || { cat "$T/err" >&2; fail "unknown missing PATH with a database: exit $rc, expected 2"; }
[ "$(q "SELECT count(*) FROM runs")" -eq "$runs" ] || fail "a refused run wrote a run row"

# The share is unmounted (the folder is gone): exit 3, nothing withdrawn, no run row,
# even when another PATH is fine.
mv "$T/share" "$T/share.away"
mkdir -p "$T/fine" && cp "$ROOT/corpus/S-PV-4961.html" "$T/fine/"
"$BIN" run --db "$T/m.db" --lexicons "$LEX" "$T/fine" "$T/share/dump" >"$T/out" 2>"$T/err"; rc=$?
[ $rc -eq 3 ] || { cat "$T/err" >&2; fail "vanished root: exit $rc, expected 3"; }
grep -q "share/dump does not exist, and the database has $n documents under it" "$T/err" || { cat "$T/err" >&2; fail "vanished root message"; }
[ "$(q "SELECT count(*) FROM documents WHERE status = 'withdrawn'")" -eq 0 ] || fail "a vanished root withdrew documents"
[ "$(q "SELECT count(*) FROM documents")" -eq "$n" ] || fail "a refused run stored documents"
[ "$(q "SELECT count(*) FROM runs")" -eq "$runs" ] || fail "a refused run wrote a run row"

# An empty mount point: the folder exists but is empty. Exit 3, nothing withdrawn.
mkdir -p "$T/share/dump"
"$BIN" run --db "$T/m.db" --lexicons "$LEX" "$T/share/dump" >"$T/out" 2>"$T/err"; rc=$?
[ $rc -eq 3 ] || { cat "$T/err" >&2; fail "emptied root: exit $rc, expected 3"; }
grep -q "refusing to withdraw $n of the $n documents under .*--allow-mass-withdrawal" "$T/err" || { cat "$T/err" >&2; fail "guard message"; }
[ "$(q "SELECT count(*) FROM documents WHERE status = 'withdrawn'")" -eq 0 ] || fail "an emptied root withdrew documents"
[ "$(q "SELECT status FROM runs ORDER BY id DESC LIMIT 1")" = failed ] || fail "the guarded run is not marked failed"

# Back in place, then more than half removed: refused; --max-withdraw-share 0.9 lets it through.
rmdir "$T/share/dump" && rmdir "$T/share" && mv "$T/share.away" "$T/share"
ls "$T/share/dump" | head -n $(( n / 2 + 1 )) | while read -r f; do rm "$T/share/dump/$f"; done
gone=$(( n / 2 + 1 ))
"$BIN" run -q --db "$T/m.db" --lexicons "$LEX" "$T/share/dump" 2>"$T/err"; rc=$?
[ $rc -eq 3 ] || { cat "$T/err" >&2; fail "more than half removed: exit $rc, expected 3"; }
[ "$(q "SELECT count(*) FROM documents WHERE status = 'withdrawn'")" -eq 0 ] || fail "guard withdrew some"
"$BIN" run -q --db "$T/m.db" --lexicons "$LEX" --max-withdraw-share 0.9 "$T/share/dump" 2>"$T/err" || fail "share 0.9: exit $?"
[ "$(q "SELECT count(*) FROM documents WHERE status = 'withdrawn'")" -eq "$gone" ] || fail "withdrawn count after share 0.9"

# One more file removed: under the share, withdrawn as before (exit 0).
rm "$(ls -d "$T/share/dump"/* | head -n 1)"
"$BIN" run -q --db "$T/m.db" --lexicons "$LEX" "$T/share/dump" 2>"$T/err" || { cat "$T/err" >&2; fail "one removed: exit $?"; }
[ "$(q "SELECT count(*) FROM documents WHERE status = 'withdrawn'")" -eq $(( gone + 1 )) ] || fail "a single removal not withdrawn"

# Everything really gone: an empty folder with the explicit flag withdraws it all.
rm -f "$T/share/dump"/*
"$BIN" run -q --db "$T/m.db" --lexicons "$LEX" --allow-mass-withdrawal "$T/share/dump" 2>"$T/err" || { cat "$T/err" >&2; fail "--allow-mass-withdrawal: exit $?"; }
[ "$(q "SELECT count(*) FROM documents WHERE status <> 'withdrawn'")" -eq 0 ] || fail "--allow-mass-withdrawal left documents"
echo ok
