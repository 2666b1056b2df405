#!/usr/bin/env bash
# `normcode evaluate` on the project's invented gold set with the real lexicons:
# supports equal the gold label counts (recomputed here), tp+fn = support,
# micro numbers are consistent with the per-code rows, and the summary lines
# come last. No score is hard-coded: the lexicons change.
# Usage: bash evaluate_invented.sh <path-to-normcode> <repo-root>
set -euo pipefail
NC=${1:?usage: $0 <normcode> <repo-root>}
REPO=${2:?usage: $0 <normcode> <repo-root>}
GOLD="$REPO/tests/data/gold_invented.jsonl"
[ -f "$GOLD" ] || { echo "SKIP: no $GOLD"; exit 0; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$NC" evaluate --gold "$GOLD" --lexicons "$REPO/lexicons" --format json > "$TMP/e.json" || fail "json exit $?"
"$NC" evaluate --gold "$GOLD" --lexicons "$REPO/lexicons" > "$TMP/e.txt" || fail "text exit $?"
python3 - "$TMP/e.json" "$TMP/e.txt" "$GOLD" <<'PY' || fail "consistency"
import json, sys, collections
j = json.load(open(sys.argv[1]))
txt = open(sys.argv[2], encoding="utf-8").read().splitlines()
gold = [json.loads(l) for l in open(sys.argv[3], encoding="utf-8") if l.strip()]
assert j["sentences"] == len(gold)
support = collections.Counter(c for g in gold for c in g["labels"])
tp = fp = fn = 0
for c in j["codes"]:
    assert c["support"] == support.get(c["code"], 0), c
    assert c["tp"] + c["fn"] == c["support"], c
    assert c["tp"] + c["fp"] == c["predicted"], c
    tp += c["tp"]; fp += c["fp"]; fn += c["fn"]
assert (j["micro"]["tp"], j["micro"]["fp"], j["micro"]["fn"]) == (tp, fp, fn)
assert len(j["errors"]) == fp + fn
m = j["micro"]
assert txt[-2] == "micro: precision %.3f recall %.3f f1 %.3f (tp %d fp %d fn %d)" % (
    m["precision"], m["recall"], m["f1"], tp, fp, fn), txt[-2]
assert txt[-1].startswith("macro: precision "), txt[-1]
PY
echo "PASS evaluate_invented"
