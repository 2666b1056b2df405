#!/usr/bin/env bash
# The learned stage measured honestly (issue 12 §3), and the shipped model trained.
#  1. grouped 5-fold cross-validation by record on the real sentences that nobody tuned the
#     lexicon on (../shared/gold/train_sentences.jsonl + tests/data/coded/real_sentences.jsonl),
#     model and lexicon alone on the same folds, with the learning curve;
#  2. transfer: a model trained on those, evaluated on ../shared/gold/dev_sentences.jsonl;
#  3. the shipped model, trained on everything (the development set too), into lexicons/model.
# Writes bench/results/model-<date>-{cv.txt,cv.json,transfer.json,ship.txt}.
# Usage: bench/eval_model.sh [--build build]
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
BUILD="$REPO/build"
[ "${1:-}" = "--build" ] && BUILD=$2
NC="$BUILD/normcode"
SHARED="$REPO/../shared/gold"
REAL="$REPO/tests/data/coded/real_sentences.jsonl"
OUT="$REPO/bench/results/model-$(date -u +%Y-%m-%d)"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# The lexicon without a model, so that training sees the lexicon alone.
cp -r "$REPO/lexicons" "$TMP/lex"
rm -rf "$TMP/lex/model"
sed -i '/^model:/d' "$TMP/lex/codebook.yaml"
echo "== 1. grouped cross-validation (unseen-by-the-lexicon real sentences) =="
"$NC" train --lexicons "$TMP/lex" --gold "$SHARED/train_sentences.jsonl" "$REAL" --cv-only --curve \
  --report "$OUT-cv.json" | tee "$OUT-cv.txt"
echo "== 2. transfer to the development set =="
"$NC" train --lexicons "$TMP/lex" --gold "$SHARED/train_sentences.jsonl" "$REAL" --out "$TMP/transfer" > /dev/null
cp "$TMP/transfer/en.model" "$TMP/lex/transfer.model"
"$NC" evaluate --lexicons "$TMP/lex" --model "$TMP/lex/transfer.model" --gold "$SHARED/dev_sentences.jsonl" \
  --format json > "$OUT-transfer.json" || true
"$NC" evaluate --lexicons "$TMP/lex" --model "$TMP/lex/transfer.model" --gold "$SHARED/dev_sentences.jsonl" | tail -n 2
echo "== 3. the shipped model (every real sentence, the development set too) =="
"$NC" train --lexicons "$TMP/lex" --gold "$SHARED/train_sentences.jsonl" "$SHARED/dev_sentences.jsonl" "$REAL" \
  --out "$REPO/lexicons/model" --report "$OUT-ship.json" | tee "$OUT-ship.txt"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(uname -r); commit $(git -C "$REPO" rev-parse --short HEAD)" | tee -a "$OUT-cv.txt"
