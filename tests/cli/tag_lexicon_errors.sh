#!/usr/bin/env bash
# `normcode tag`: a malformed or missing lexicon is fatal (exit 3) with the
# problems on stderr and nothing on stdout; $NORMCODE_LEXICONS is honoured.
# Usage: bash tag_lexicon_errors.sh <path-to-normcode> <repo-root>
set -euo pipefail
NC=${1:?usage: $0 <normcode> <repo-root>}
REPO=${2:?usage: $0 <normcode> <repo-root>}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cp -r "$REPO/tests/data/lexicon_min" "$TMP/lex"
# break one entity row: no source
C="$TMP/lex/entities/countries.tsv"
[ -z "$(tail -c1 "$C")" ] || echo >> "$C"
BAD_LINE=$(( $(wc -l < "$C") + 1 ))
printf 'FRA\tFrance\tFrench\tWestern European and others\t\n' >> "$C"
set +e
echo 'The unit refused to move.' | "$NC" tag --lexicons "$TMP/lex" > "$TMP/out" 2> "$TMP/err"
rc=$?
set -e
[ "$rc" -eq 3 ] || fail "expected exit 3 for an invalid lexicon, got $rc"
[ ! -s "$TMP/out" ] || fail "stdout not empty for an invalid lexicon"
grep -q "countries.tsv:$BAD_LINE: empty source" "$TMP/err" || fail "stderr does not name file and line: $(cat "$TMP/err")"

set +e
echo 'x' | "$NC" tag --lexicons "$TMP/does-not-exist" > /dev/null 2> "$TMP/err2"
rc=$?
set -e
[ "$rc" -eq 3 ] || fail "missing lexicon dir: expected 3, got $rc"

# $NORMCODE_LEXICONS is used when no --lexicons is given (from a directory without ./lexicons)
cd "$TMP"
echo 'The unit refused to move.' | NORMCODE_LEXICONS="$REPO/tests/data/lexicon_min" "$NC" tag > "$TMP/env.jsonl" \
  || fail "NORMCODE_LEXICONS run failed"
grep -q '"entry":"en.rec.refused_to_move"' "$TMP/env.jsonl" || fail "NORMCODE_LEXICONS not used: $(cat "$TMP/env.jsonl")"

"$NC" tag --help | grep "Examples:" >/dev/null || fail "--help has no examples"
echo "PASS tag_lexicon_errors"
