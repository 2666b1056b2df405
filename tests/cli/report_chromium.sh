#!/usr/bin/env bash
# The report in a real browser: headless Chromium renders the overview, a state
# page and the page holding a hostile record; the screenshot must be a real
# picture (not a blank page), Chromium must log no console message (the report
# has no scripts and a CSP that forbids them: any console line is an error, a
# blocked script or a failed load), the record's <script> must be text in the
# DOM and must not have run (the page title is unchanged).
#
# Needs Debian's `chromium` package (installed by the test set-up). Without it
# the test SKIPS (exit 0) unless NORMCODE_REQUIRE_CHROMIUM is set, then it fails.
# Usage: bash report_chromium.sh <path-to-normcode> <repo-root>
set -euo pipefail
NC=${1:?usage: $0 <normcode> <repo-root>}
REPO=${2:?usage: $0 <normcode> <repo-root>}
fail() { echo "FAIL: $*" >&2; exit 1; }
CHROMIUM=$(command -v chromium || true)
if [ -z "$CHROMIUM" ]; then
  [ -n "${NORMCODE_REQUIRE_CHROMIUM:-}" ] && fail "chromium is not installed and NORMCODE_REQUIRE_CHROMIUM is set"
  echo "SKIP: chromium is not installed (apt-get install chromium); set NORMCODE_REQUIRE_CHROMIUM=1 to make this a failure"
  exit 0
fi
CORPUS="$REPO/../shared/corpus-sample/unsc-debates"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
[ -d "$CORPUS" ] || fail "sample records not found at $CORPUS"

# browser URL OUTFLAG...: runs headless Chromium on URL; stderr goes to $TMP/chromium.log
browser() {
  local url=$1
  shift
  local profile
  profile=$(mktemp -d "$TMP/profile.XXXXXX")
  timeout 180 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
    --enable-logging=stderr --v=0 --window-size=1280,1800 "$@" "$url" 2> "$TMP/chromium.log"
}
console_lines() { grep -E ':CONSOLE(:|\()' "$TMP/chromium.log" || true; }

# 0. The console check must be able to fail: a page that logs an error is detected.
printf '<!DOCTYPE html><html><body><script>console.error("control-error")</script></body></html>\n' > "$TMP/control.html"
browser "file://$TMP/control.html" --dump-dom > /dev/null || fail "chromium failed on the control page: $(tail -5 "$TMP/chromium.log")"
console_lines | grep "control-error" >/dev/null || fail "console messages are not visible in chromium's log; cannot check the report"

# A blank page's screenshot, to tell a rendered report from an empty one.
printf '<!DOCTYPE html><html><body></body></html>\n' > "$TMP/blank.html"
browser "file://$TMP/blank.html" --screenshot="$TMP/blank.png" > /dev/null || fail "chromium screenshot of a blank page failed"
blank_size=$(stat -c %s "$TMP/blank.png")

# The database: real sample records plus a hostile one.
mkdir "$TMP/in"
cp "$CORPUS"/*.html "$TMP/in/"
cat > "$TMP/in/hostile.html" <<'HTML'
<!DOCTYPE html><html><head><title>Hostile record</title></head><body>
<p>&lt;script&gt;document.title='pwned';alert(1)&lt;/script&gt; &lt;img src=x onerror="document.title='pwned'"&gt; First, the responsibility to protect civilians lies primarily with the Governments of the countries concerned.</p>
<p>We must say that the mandate is unrealistic &amp; "lacks" the helicopters it needs.</p>
</body></html>
HTML
"$NC" run --db "$TMP/c.db" --lexicons "$REPO/lexicons" "$TMP/in" > "$TMP/run.out" 2>&1 || fail "run exited $?: $(cat "$TMP/run.out")"
"$NC" report --db "$TMP/c.db" --lexicons "$REPO/lexicons" --out "$TMP/report" 2> "$TMP/report.err" || fail "report exited $?: $(cat "$TMP/report.err")"
hostile_page=$(grep -l "&lt;script&gt;document.title=" "$TMP/report"/*.html | head -1)
[ -n "$hostile_page" ] || fail "the hostile record's passage is in no page"

for page in index.html state-CHN.html "$(basename "$hostile_page")"; do
  f="$TMP/report/$page"
  [ -f "$f" ] || fail "missing $page"
  png="$TMP/${page%.html}.png"
  browser "file://$f" --screenshot="$png" > /dev/null || fail "chromium failed on $page: $(tail -5 "$TMP/chromium.log")"
  [ -s "$png" ] || fail "no screenshot of $page"
  [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "$page screenshot is not a PNG"
  size=$(stat -c %s "$png")
  [ "$size" -gt $((blank_size * 3)) ] || fail "$page screenshot looks blank ($size bytes, blank page $blank_size)"
  c=$(console_lines)
  [ -z "$c" ] || fail "console messages on $page: $c"

  browser "file://$f" --dump-dom > "$TMP/dom.html" || fail "chromium --dump-dom failed on $page"
  c=$(console_lines)
  [ -z "$c" ] || fail "console messages on $page: $c"
  expected_title=$(sed -n 's:.*<title>\([^<]*\)</title>.*:\1:p' "$f" | head -1)
  dom_title=$(sed -n 's:.*<title>\([^<]*\)</title>.*:\1:p' "$TMP/dom.html" | head -1)
  [ -n "$dom_title" ] && [ "$dom_title" = "$expected_title" ] || fail "$page title changed: '$dom_title' (expected '$expected_title')"
  grep -q "pwned" <<< "$dom_title" && fail "a script from the data ran on $page"
  grep -qi "<script" "$TMP/dom.html" && fail "a <script> element is in the DOM of $page"
  grep -qi "<img" "$TMP/dom.html" && fail "an <img> element from the data is in the DOM of $page"
done
# The hostile text is shown as text: serialised back as escaped characters in its passage.
grep -q "&lt;script&gt;document.title='pwned';alert(1)&lt;/script&gt;" "$TMP/dom.html" ||
  fail "the <script> text of the record is not visible as text in the DOM"
grep -q "&lt;img src=x onerror=" "$TMP/dom.html" || fail "the <img> text of the record is not visible as text"
echo "report_chromium: ok (screenshots $(stat -c %s "$TMP"/index.png) bytes; blank $blank_size)"
