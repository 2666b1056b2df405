#!/usr/bin/env bash
# bench/gen_corpus.py: same seed -> same bytes; another seed -> different bytes;
# exact file count, size within 5%, the four kinds present and well-formed.
# Usage: bash bench_gen_determinism.sh <path-to-normcode> <repo-root>   (normcode is not used)
set -euo pipefail
REPO=${2:?usage: $0 <normcode> <repo-root>}
GEN="$REPO/bench/gen_corpus.py"
SAMPLE="$REPO/../shared/corpus-sample"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

gen() { python3 "$GEN" --sample "$SAMPLE" --size-mb 2 --files 50 --seed "$1" --out "$2" >"$2.json"; }
# sha256 of every file (relative name + content), sorted: one line per file.
digest() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }

gen 42 "$TMP/a"
gen 42 "$TMP/b"
gen 7 "$TMP/c"

digest "$TMP/a" >"$TMP/a.sum"
digest "$TMP/b" >"$TMP/b.sum"
digest "$TMP/c" >"$TMP/c.sum"
cmp -s "$TMP/a.sum" "$TMP/b.sum" || { diff "$TMP/a.sum" "$TMP/b.sum" | head; fail "same seed gave different bytes"; }
# Another seed: the corpus as a whole and most individual files differ.
cmp -s "$TMP/a.sum" "$TMP/c.sum" && fail "seeds 42 and 7 gave identical corpora"
same=$(cut -d' ' -f1 "$TMP/a.sum" | sort | comm -12 - <(cut -d' ' -f1 "$TMP/c.sum" | sort) | wc -l)
[ "$same" -le 5 ] || fail "$same files identical between seeds 42 and 7"

# Exact file count and total size within 5% of 2 MiB.
n=$(find "$TMP/a" -type f | wc -l)
[ "$n" -eq 50 ] || fail "expected 50 files, got $n"
bytes=$(find "$TMP/a" -type f -printf '%s\n' | awk '{s+=$1} END{print s}')
want=$((2 * 1024 * 1024))
awk -v b="$bytes" -v w="$want" 'BEGIN{d=(b-w)/w; if (d<0) d=-d; exit !(d<=0.05)}' \
  || fail "total $bytes bytes is not within 5% of $want"

# The mix: all four kinds, HTML the largest by bytes.
for d in unsc verbatim-txt reports interviews; do
  c=$(find "$TMP/a/$d" -type f | wc -l)
  [ "$c" -ge 1 ] || fail "no file of kind $d"
done
html_bytes=$(find "$TMP/a/unsc" -type f -printf '%s\n' | awk '{s+=$1} END{print s}')
awk -v h="$html_bytes" -v b="$bytes" 'BEGIN{exit !(h/b>0.45 && h/b<0.75)}' \
  || fail "UN HTML is $html_bytes of $bytes bytes, expected about 60%"

# Markup shaped like shared/corpus-sample: every HTML file opens/closes the same way
# and has a heading code, a dated heading and spoken turns with speaker names.
for f in "$TMP"/a/unsc/*.html; do
  head -1 "$f" | grep -qx '<html>' || fail "$f does not start with <html>"
  grep -q '<div class="end-document" id="pg999-bk99">' "$f" || fail "$f lacks end-document"
  grep -Eq '<span class="code">(S-PV-[0-9]+|A-[0-9]+-PV\.[0-9]+)</span> <span class="date">[0-9]{4}-[0-9]{2}-[0-9]{2}</span>' "$f" \
    || fail "$f lacks the heading code/date"
  grep -q '<h3 class="speaker"> <span class="name">' "$f" || fail "$f has no spoken turn"
done
grep -lq '<span class="nation">' "$TMP"/a/unsc/*.html || fail "no speaker nation in HTML"
grep -q '<div class="recvote"' "$TMP"/a/unsc/*.html || fail "no recvote block in any HTML record"
grep -Eq '^Mr\. [^:]+ \([A-Z][^)]*\)( \(spoke in [A-Z][a-z]+\))?: ' "$TMP"/a/verbatim-txt/*.txt \
  || fail "no 'Mr. X (Country):' turn in the text verbatim records"
grep -q '^The President: ' "$TMP"/a/verbatim-txt/*.txt || fail "no 'The President:' turn"
grep -Eq '^United Nations +S/[0-9]{4}/[0-9]+$' "$TMP"/a/reports/*.txt || fail "no S/YYYY/NNN report symbol"
grep -q '^12\. ' "$TMP"/a/reports/*.txt || fail "reports lack numbered paragraphs"
grep -q '^Q: ' "$TMP"/a/interviews/*.md && grep -q '^A: ' "$TMP"/a/interviews/*.md || fail "transcripts lack Q:/A: turns"
grep -q '^- Date: ' "$TMP"/a/interviews/*.md || fail "transcripts lack the metadata header"

# Real sample sentences are used, and codebook cues appear at a low rate.
grep -qF 'The Government of the Sudan, which has made every effort to reach peace' -r "$TMP/a" \
  || grep -qF 'There being no objection, it is so decided.' -r "$TMP/a" || fail "no sample sentence found"
cues=$(grep -rhoE 'went unanswered|refused to (deploy|move)|robust mandate|consent of the Government|all necessary means|unrealistic' "$TMP/a" | wc -l)
[ "$cues" -ge 10 ] || fail "only $cues codebook cues in 2 MB"

# The summary JSON agrees with the files.
python3 - "$TMP/a.json" "$bytes" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["files"] == 50 and s["bytes"] == int(sys.argv[2]), s
assert sum(k["files"] for k in s["kinds"].values()) == 50, s
EOF
echo "PASS bench_gen_determinism"
