#!/usr/bin/env bash
# `normcode report` end to end: the real sample records plus a hostile record
# (script text, markup in the title, quotes, ampersands) through `normcode run`,
# then the report: pages written, hostile text escaped, no scripts or external
# resources, every local link resolving, exit codes for bad arguments.
# Usage: bash report_cli.sh <path-to-normcode> <repo-root>
set -euo pipefail
NC=${1:?usage: $0 <normcode> <repo-root>}
REPO=${2:?usage: $0 <normcode> <repo-root>}
CORPUS="$REPO/../shared/corpus-sample/unsc-debates"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -d "$CORPUS" ] || fail "sample records not found at $CORPUS"
mkdir "$TMP/in"
cp "$CORPUS"/*.html "$TMP/in/"
cat > "$TMP/in/hostile.html" <<'HTML'
<!DOCTYPE html><html><head><title>Hostile &lt;b&gt;record&lt;/b&gt; &amp; "friends"</title></head><body>
<p>&lt;script&gt;document.title='pwned';alert(1)&lt;/script&gt; First, the responsibility to protect civilians lies primarily with the Governments of the countries concerned.</p>
<p>We must say that the mandate is unrealistic &amp; "lacks" the helicopters it needs &lt;img src=x onerror=alert(2)&gt;.</p>
<script>document.title='pwned'</script>
</body></html>
HTML
DB="$TMP/c.db"
"$NC" run --db "$DB" --lexicons "$REPO/lexicons" "$TMP/in" > "$TMP/run.out" 2>&1 || fail "run exited $?: $(cat "$TMP/run.out")"
"$NC" report --db "$DB" --lexicons "$REPO/lexicons" --out "$TMP/report" 2> "$TMP/report.err" || fail "report exited $?: $(cat "$TMP/report.err")"
grep -q "pages in" "$TMP/report.err" || fail "no summary: $(cat "$TMP/report.err")"
for f in index.html state-CHN.html state-RUS.html code-validity_contestation.html; do
  [ -s "$TMP/report/$f" ] || fail "missing $f"
done

python3 - "$TMP/report" <<'PY' || fail "report content"
import os, re, sys, html
d = sys.argv[1]
pages = {f: open(os.path.join(d, f), encoding="utf-8").read() for f in os.listdir(d)}
ids = {f: set(re.findall(r'\bid="([^"]*)"', t)) for f, t in pages.items()}
links = 0
hostile = 0
for f, t in pages.items():
    low = t.lower()
    assert "<script" not in low, f                      # no scripts at all, ours or the documents'
    assert "onerror=" not in low.replace("onerror=alert(2)&gt;", ""), f
    assert not re.search(r'(src|href)="(https?:)?//', low), f   # nothing external
    assert "Content-Security-Policy" in t, f
    if "&lt;script&gt;document.title=&#39;pwned&#39;;alert(1)&lt;/script&gt;" in t:
        hostile += 1
    for href in re.findall(r'href="([^"]*)"', t):
        href = html.unescape(href)
        file, _, anchor = href.partition("#")
        file = file or f
        assert file in pages, (f, href)
        assert not anchor or anchor in ids[file], (f, href)
        links += 1
assert hostile >= 1, hostile    # the code page (the record has no state speaker)
assert links > 100, links
PY

# Bad arguments and unusable inputs.
set +e
"$NC" report --db "$TMP/missing.db" --out "$TMP/r2" 2> "$TMP/e1"; rc1=$?
touch "$TMP/afile"
"$NC" report --db "$DB" --lexicons "$REPO/lexicons" --out "$TMP/afile" 2> "$TMP/e2"; rc2=$?
"$NC" report --db "$DB" 2> /dev/null; rc3=$?
"$NC" report --db "$DB" --out "$TMP/r3" --lexicons "$REPO/lexicons" --rules "$TMP/nope.yaml" 2> "$TMP/e4"; rc4=$?
set -e
[ "$rc1" -eq 3 ] && grep -q "does not exist" "$TMP/e1" || fail "missing db: exit $rc1: $(cat "$TMP/e1")"
[ "$rc2" -eq 3 ] || fail "--out is a file: exit $rc2: $(cat "$TMP/e2")"
[ "$rc3" -eq 2 ] || fail "missing --out: exit $rc3"
[ "$rc4" -eq 2 ] || fail "missing --rules file: exit $rc4: $(cat "$TMP/e4")"
# --no-classification still writes the raw figures.
"$NC" report --db "$DB" --lexicons "$REPO/lexicons" --out "$TMP/r5" --no-classification 2>/dev/null || fail "--no-classification exited $?"
grep -q "Classification not available: disabled with --no-classification" "$TMP/r5/state-CHN.html" || fail "no note without classification"
echo "report_cli: ok"
