#!/usr/bin/env bash
# `normcode tag` streams: peak memory does not grow with the input size.
# 1 MB vs 40 MB of input (over-long lines that are skipped unread plus coded
# lines); max RSS may differ by less than 10 MB.
# Usage: bash tag_flat_memory.sh <path-to-normcode> <repo-root>
set -euo pipefail
NC=${1:?usage: $0 <normcode> <repo-root>}
REPO=${2:?usage: $0 <normcode> <repo-root>}
[ -x /usr/bin/time ] || { echo "SKIP: no /usr/bin/time"; exit 0; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# ASan (test builds) keeps freed memory in quarantine; switch that off so RSS means live memory.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:malloc_context_size=0"

gen() {  # gen N_LONG FILE: N_LONG lines of 100 KB, each followed by a coded line
  python3 - "$1" "$2" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
long = "word " * 20000 + "\n"
with open(path, "w") as f:
    for i in range(n):
        f.write(long)
        f.write('{"id":"c%d","text":"The battalion refused to move beyond the perimeter."}\n' % i)
PY
}
gen 10 "$TMP/small.txt"
gen 400 "$TMP/big.txt"
rss() {
  /usr/bin/time -f "%M" -o "$TMP/rss" "$NC" tag --lexicons "$REPO/tests/data/lexicon_min" --max-line-bytes 50000 \
    < "$1" > "$TMP/out.jsonl" 2>/dev/null || true
  tail -n 1 "$TMP/rss"
}
small=$(rss "$TMP/small.txt")
big=$(rss "$TMP/big.txt")
[ "$(wc -l < "$TMP/out.jsonl")" -eq 800 ] || fail "expected 800 output lines"
[ "$(grep -c '"labels":\["recalcitrance_rejecting"\]' "$TMP/out.jsonl")" -eq 400 ] || fail "coded lines missing"
echo "max RSS: small ${small} KB, big ${big} KB"
[ $((big - small)) -lt 10240 ] || fail "memory grows with input: ${small} KB -> ${big} KB"
echo "PASS tag_flat_memory"
