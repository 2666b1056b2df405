#!/usr/bin/env bash
# Issue 16.1: item names never collide. A real file called "x.tar!a.html" and
# member a.html of x.tar, a zip member literally named "inner.zip!x.html" and
# member x.html of the nested inner.zip are four documents with their own text;
# a second tar member of the same name is reported and never replaces the first.
# Usage: bash name_collisions.sh <normcode> <repo-root>
set -u
BIN=$1
ROOT=$2
LEX="$ROOT/lexicons"
T=$(mktemp -d /tmp/normcode-cli-names.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
C="$ROOT/corpus"

mkdir -p "$T/d"
python3 - "$T/d" "$C" <<'PY' || fail "building the archives"
import io, sys, tarfile, zipfile, shutil
d, c = sys.argv[1], sys.argv[2]
def data(n): return open(f"{c}/{n}", "rb").read()
def tar_add(t, name, b):
    ti = tarfile.TarInfo(name); ti.size = len(b); t.addfile(ti, io.BytesIO(b))
with tarfile.open(f"{d}/x.tar", "w") as t:
    tar_add(t, "a.html", data("S-PV-4961.html"))
shutil.copy(f"{c}/S-PV-5043.html", f"{d}/x.tar!a.html")
inner = io.BytesIO()
with zipfile.ZipFile(inner, "w") as z:
    z.writestr("x.html", data("S-PV-5151.html"))
with zipfile.ZipFile(f"{d}/outer.zip", "w") as z:
    z.writestr("inner.zip!x.html", data("S-PV-5577.html"))
    z.writestr("inner.zip", inner.getvalue())
with tarfile.open(f"{d}/dup.tar", "w") as t:
    tar_add(t, "a.html", data("A-61-PV.105.html"))
    tar_add(t, "a.html", data("S-PV-5284.txt"))
PY

"$BIN" run --db "$T/n.db" --lexicons "$LEX" "$T/d" >"$T/out" 2>"$T/err"; rc=$?
[ $rc -eq 1 ] || { cat "$T/err" >&2; fail "expected exit 1 (the duplicate member), got $rc"; }
[ "$(wc -l <"$T/err")" -eq 1 ] || { cat "$T/err" >&2; fail "expected one failure line"; }
grep -q "dup.tar!a.html: .*duplicate archive member" "$T/err" || { cat "$T/err" >&2; fail "no duplicate line"; }
grep -q "5 new, 0 changed, 0 unchanged, 1 failed" "$T/out" || { cat "$T/out" >&2; fail "summary"; }

q() { sqlite3 "$T/n.db" "$1"; }
[ "$(q "SELECT count(*) FROM documents WHERE status = 'ok'")" -eq 5 ] || { q "SELECT path, status FROM documents" >&2; fail "five ok documents expected"; }
[ "$(q "SELECT count(*) FROM documents WHERE status <> 'ok'")" -eq 0 ] || fail "a failed row replaced a document"
# Each name holds its own source's bytes (content hash as in a run over the corpus itself).
declare -A want=(
  ['x.tar!a.html']=S-PV-4961.html ['x.tar\!a.html']=S-PV-5043.html
  ['outer.zip!inner.zip!x.html']=S-PV-5151.html ['outer.zip!inner.zip\!x.html']=S-PV-5577.html
  ['dup.tar!a.html']=A-61-PV.105.html)
"$BIN" run -q --db "$T/ref.db" --lexicons "$LEX" "$C" >/dev/null 2>&1
for n in "${!want[@]}"; do
  got=$(q "SELECT content_hash FROM documents WHERE path = '$T/d/$n'")
  ref=$(sqlite3 "$T/ref.db" "SELECT content_hash FROM documents WHERE path = '$C/${want[$n]}'")
  [ -n "$got" ] && [ "$got" = "$ref" ] || fail "$n does not hold the text of ${want[$n]} (got '$got', want '$ref')"
done
[ "$(q "SELECT count(*) FROM run_failures WHERE path = '$T/d/dup.tar!a.html'")" -eq 1 ] || fail "run_failures row"

# The rerun: nothing changed, the first member unchanged, the duplicate reported again.
"$BIN" run --db "$T/n.db" --lexicons "$LEX" "$T/d" >"$T/out" 2>"$T/err"; rc=$?
[ $rc -eq 1 ] || fail "rerun exit $rc"
grep -q "0 new, 0 changed, 5 unchanged, 1 failed, 0 withdrawn" "$T/out" || { cat "$T/out" >&2; fail "rerun summary"; }
[ "$(q "SELECT status FROM documents WHERE path = '$T/d/dup.tar!a.html'")" = ok ] || fail "first member lost on rerun"
echo ok
