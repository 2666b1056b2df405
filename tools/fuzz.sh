#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang + ASan + UBSan in build-fuzz/,
# makes seed corpora from ../shared/corpus-sample, corpus/ and lexicons/, and runs
# every target for N seconds (default 60).
#
# Usage: tools/fuzz.sh [SECONDS] [TARGET...]
#   env: FUZZ_BUILD_DIR (default <repo>/build-fuzz), FUZZ_JOBS (default 2),
#        FUZZ_MAX_LEN (default 131072)
# Exit 0 when no target crashed; crash inputs are left in $FUZZ_BUILD_DIR/crashes/<target>/.
# Corpora grow across runs in $FUZZ_BUILD_DIR/corpus/<target>/ (only new coverage is kept).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECS=${1:-60}
shift || true
ALL=(un_html verbatim_text transcript pdf docx decode lexicon tag_line)
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL[@]}")
B=${FUZZ_BUILD_DIR:-$ROOT/build-fuzz}
JOBS=${FUZZ_JOBS:-2}
MAXLEN=${FUZZ_MAX_LEN:-131072}
SHARED=$ROOT/../shared/corpus-sample

command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }
if [ ! -f "$B/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNORMCODE_FUZZ=ON \
    -DNORMCODE_BUILD_TESTS=OFF -DNORMCODE_BUILD_BENCH=OFF >/dev/null
fi
cmake --build "$B" -j"$JOBS" --target $(printf 'fuzz_%s ' "${TARGETS[@]}")

# --- seed corpora (regenerated each time; libFuzzer merges new finds into corpus/)
S=$B/seeds
rm -rf "$S"; mkdir -p "$S"
python3 "$ROOT/fuzz/make_seeds.py" "$S" "$ROOT" "$SHARED"

mkdir -p "$B/corpus" "$B/crashes" "$B/logs"
rc=0
for t in "${TARGETS[@]}"; do
  mkdir -p "$B/corpus/$t" "$B/crashes/$t"
  echo "== fuzz_$t for ${SECS}s"
  # Artifacts (crash-*, timeout-*, oom-*) go to crashes/<t>/.
  if ! ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
      "$B/fuzz/fuzz_$t" "$B/corpus/$t" "$S/$t" -max_total_time="$SECS" -max_len="$MAXLEN" \
      -timeout=20 -rss_limit_mb=3072 -print_final_stats=1 -artifact_prefix="$B/crashes/$t/" \
      >"$B/logs/$t.log" 2>&1; then
    echo "fuzz_$t: FAILED (see $B/logs/$t.log and $B/crashes/$t/)" >&2
    grep -m3 -E "ERROR|SUMMARY|FUZZ_CHECK|runtime error" "$B/logs/$t.log" >&2 || true
    rc=1
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$B/logs/$t.log" | tr '\n' ' ' || true
  echo "corpus: $(ls "$B/corpus/$t" | wc -l) files"
done
exit $rc
