#!/usr/bin/env bash
# `normcode evaluate`: scores on a tiny gold file with the minimal lexicon,
# checked against counts worked out by hand (see the comments), the text
# summary lines last, JSON output, CI gates and gold file errors.
# Usage: bash evaluate_gold.sh <path-to-normcode> <repo-root>
set -euo pipefail
NC=${1:?usage: $0 <normcode> <repo-root>}
REPO=${2:?usage: $0 <normcode> <repo-root>}
LEX="$REPO/tests/data/lexicon_min"
GOLD="$REPO/tests/data/evaluate_min_gold.jsonl"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Expected, by hand, from tests/data/lexicon_min:
#  validity:    g2 TP, g6 FN (the application entry fires instead)           tp1 fp0 fn1
#  application: g7 TP, g6 FP                                                  tp1 fp1 fn0
#  rejecting:   g1 TP, g8 TP (French), g3 FP, g4 FN (no entry), g5 reported   tp2 fp1 fn1
#  micro tp4 fp2 fn2 -> P=R=F1=0.667; macro over the 3 codes with support/predictions:
#  P=(1+0.5+0.667)/3=0.722, R=(0.5+1+0.667)/3=0.722, F1=0.667
"$NC" evaluate --gold "$GOLD" --lexicons "$LEX" > "$TMP/out.txt" || fail "evaluate exited $?"
[ "$(tail -n 2 "$TMP/out.txt" | head -n 1)" = "micro: precision 0.667 recall 0.667 f1 0.667 (tp 4 fp 2 fn 2)" ] \
  || fail "micro line: $(tail -n 2 "$TMP/out.txt" | head -n 1)"
[ "$(tail -n 1 "$TMP/out.txt")" = "macro: precision 0.722 recall 0.722 f1 0.667 (mean over 3 codes with support or predictions > 0)" ] \
  || fail "macro line: $(tail -n 1 "$TMP/out.txt")"
grep -q "^recalcitrance_rejecting  *2  *1  *1  *3  *0.667  *0.667  *0.667$" "$TMP/out.txt" || fail "rejecting row"
grep -q "^non_implementation  *0  *0  *0  *0 " "$TMP/out.txt" || fail "all ten codes listed"
[ "$(grep -cE '^(validity|application|hesitation|recalcitrance|determined|non_impl)[a-z_]* +[0-9]' "$TMP/out.txt")" -eq 10 ] \
  || fail "expected 10 code rows"
grep -q "gold validity_contestation    n=2: validity only 1, application instead 1, both 0, neither 0" "$TMP/out.txt" \
  || fail "confusion line"
grep -q '  FP recalcitrance_rejecting g3: "The contingent refused to deploy to the north." \[fired: en.rec.refused_to_move\]' \
  "$TMP/out.txt" || fail "FP g3 listing"
grep -q '  FN recalcitrance_rejecting g4: .* \[fired: none\]' "$TMP/out.txt" || fail "FN g4 listing"
grep -q 'g5' "$TMP/out.txt" && fail "g5 (reported speech, gold empty) must not be listed"

# JSON format carries the same numbers.
"$NC" evaluate --gold "$GOLD" --lexicons "$LEX" --format json > "$TMP/out.json" || fail "json exited $?"
python3 - "$TMP/out.json" <<'PY' || fail "json check"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["sentences"] == 9
codes = {c["code"]: c for c in j["codes"]}
assert len(j["codes"]) == 10 and j["codes"][0]["code"] == "validity_contestation"
assert (codes["recalcitrance_rejecting"]["tp"], codes["recalcitrance_rejecting"]["fp"],
        codes["recalcitrance_rejecting"]["fn"]) == (2, 1, 1)
assert (j["micro"]["tp"], j["micro"]["fp"], j["micro"]["fn"]) == (4, 2, 2)
assert abs(j["macro"]["precision"] - (1 + 0.5 + 2 / 3) / 3) < 1e-9
assert j["macro"]["codes"] == 3
assert j["confusion"]["validity_contestation"]["application_instead"] == 1
kinds = sorted((e["kind"], e["code"], e["id"]) for e in j["errors"])
assert kinds == [("FN", "recalcitrance_rejecting", "g4"), ("FN", "validity_contestation", "g6"),
                 ("FP", "application_contestation", "g6"), ("FP", "recalcitrance_rejecting", "g3")], kinds
assert j["gate_failed"] is False
PY

# CI gates: met -> 0, not met -> 5.
"$NC" evaluate --gold "$GOLD" --lexicons "$LEX" --min-micro-f1 0.6 --min-precision 0.6 > /dev/null || fail "gate met but exit $?"
set +e
"$NC" evaluate --gold "$GOLD" --lexicons "$LEX" --min-micro-f1 0.7 > "$TMP/g.out" 2> "$TMP/g.err"; rc=$?
set -e
[ "$rc" -eq 5 ] || fail "--min-micro-f1 0.7 should exit 5, got $rc"
grep -q "micro F1 0.666667 < --min-micro-f1 0.700000" "$TMP/g.err" || fail "gate message: $(cat "$TMP/g.err")"
set +e
"$NC" evaluate --gold "$GOLD" --lexicons "$LEX" --min-precision 0.9 > /dev/null 2>&1; rc=$?
set -e
[ "$rc" -eq 5 ] || fail "--min-precision 0.9 should exit 5, got $rc"

# Gold file errors name file and line; exit 3.
{
  echo '{"id":"a","text":"The unit refused to move.","labels":["recalcitrance_rejecting"]}'
  echo '{"id":"b","text":"x","labels":["no_such_code"]}'
  echo '{"id":"c","labels":[]}'
  echo 'not json'
  echo '{"id":"a","text":"dup","labels":[]}'
} > "$TMP/bad.jsonl"
set +e
"$NC" evaluate --gold "$TMP/bad.jsonl" --lexicons "$LEX" > /dev/null 2> "$TMP/bad.err"; rc=$?
set -e
[ "$rc" -eq 3 ] || fail "bad gold should exit 3, got $rc"
for want in "bad.jsonl:2: unknown label \"no_such_code\"" "bad.jsonl:3: no \"text\" string" \
            "bad.jsonl:4: invalid JSON object" "bad.jsonl:5: duplicate id \"a\""; do
  grep -qF "$want" "$TMP/bad.err" || fail "missing error '$want' in: $(cat "$TMP/bad.err")"
done
set +e
"$NC" evaluate --gold "$TMP/nope.jsonl" --lexicons "$LEX" > /dev/null 2>&1; rc=$?
set -e
[ "$rc" -eq 3 ] || fail "missing gold should exit 3, got $rc"
set +e
"$NC" evaluate --lexicons "$LEX" > /dev/null 2>&1; rc=$?
set -e
[ "$rc" -eq 2 ] || fail "no --gold should be a usage error (2), got $rc"
echo "PASS evaluate_gold"
