#!/usr/bin/env bash
# What the learned scoring stage costs in a whole `normcode run` (issue 12: at most 15%).
# Codes the same generated corpus twice in one session, one thread each, into fresh databases:
# with the codebook's model and with --no-model, and prints CPU seconds (user+sys) of each and
# the share of the model run that the scoring stage adds: (with - without) / with.
# Usage: bench/model_cost.sh [--size-mb 40] [--files 2000] [--seed 42] [--build build]
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
SIZE_MB=40 FILES=2000 SEED=42 BUILD="$REPO/build"
while [ $# -gt 0 ]; do
  case "$1" in
    --size-mb) SIZE_MB=$2; shift 2 ;;
    --files) FILES=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --build) BUILD=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
NC="$BUILD/normcode"
[ -x "$NC" ] || { echo "build $NC first (make build)" >&2; exit 2; }
WORK=${TMPDIR:-/tmp}/normcode_model_cost_${SIZE_MB}_${FILES}_${SEED}
mkdir -p "$WORK"
[ -d "$WORK/corpus" ] || python3 "$REPO/bench/gen_corpus.py" --out "$WORK/corpus" --size-mb "$SIZE_MB" --files "$FILES" \
  --seed "$SEED" >/dev/null
cpu() {  # prints user+sys seconds of the command
  local t0 t1
  /usr/bin/time -f "%U %S" -o "$WORK/time.txt" "$@" >/dev/null 2>&1 || true
  awk '{printf "%.2f", $1 + $2}' "$WORK/time.txt"
}
rm -f "$WORK"/with.db* "$WORK"/without.db*
without=$(cpu "$NC" run --quiet --threads 1 --no-model --lexicons "$REPO/lexicons" --db "$WORK/without.db" "$WORK/corpus")
with=$(cpu "$NC" run --quiet --threads 1 --lexicons "$REPO/lexicons" --db "$WORK/with.db" "$WORK/corpus")
model=$(sqlite3 "$WORK/with.db" "SELECT codebook_version FROM runs ORDER BY id DESC LIMIT 1")
rows_with=$(sqlite3 "$WORK/with.db" "SELECT count(*) FROM evidence")
rows_without=$(sqlite3 "$WORK/without.db" "SELECT count(*) FROM evidence")
echo "corpus: ${SIZE_MB} MiB, ${FILES} files, seed ${SEED}; codebook ${model}; $(date -u +%Y-%m-%dT%H:%MZ); $(nproc) cores"
echo "run --threads 1 --no-model: ${without} CPU-s (${rows_without} evidence rows)"
echo "run --threads 1 (model):    ${with} CPU-s (${rows_with} evidence rows)"
awk -v a="$with" -v b="$without" 'BEGIN { printf "scoring stage share of the model run: %.1f%% (target <= 15%%)\n", 100 * (a - b) / a }'
