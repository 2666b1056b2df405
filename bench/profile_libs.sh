#!/usr/bin/env bash
# Where the CPU of a whole `normcode run` goes, by shared object, and the throughput
# bound that follows from the libraries alone.
#
#   bench/profile_libs.sh [--build-dir build-bench] [--lexicons lexicons] CORPUS_DIR
#
# Runs `normcode run --threads 1` from an empty database twice: once timed (user+sys),
# once under `perf record -e cpu-clock` (the VM has no hardware counters) for each shared
# object's share of the samples; CPU-seconds per object = share x the timed run's CPU. The "library floor" is the CPU
# spent in gumbo (HTML), ICU, RE2, SQLite and the kernel (file reads, WAL writes): work
# the pipeline hands to the libraries it must use. Were everything else free, two cores
# could not go faster than MB / (library CPU-s / 2). Needs `perf` (Debian: linux-perf).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="$REPO/build-bench"
LEXICONS="$REPO/lexicons"
while [ $# -gt 1 ]; do
  case "$1" in
    --build-dir) BUILD=$2; shift 2 ;;
    --lexicons) LEXICONS=$2; shift 2 ;;
    *) echo "profile_libs: unknown argument $1" >&2; exit 2 ;;
  esac
done
case "${1:-}" in ""|-h|--help) sed -n '2,12p' "$0"; exit 2 ;; esac
CORPUS=$1
command -v perf >/dev/null || { echo "profile_libs: perf not found (apt-get install linux-perf)" >&2; exit 3; }
[ -x "$BUILD/normcode" ] || { echo "profile_libs: $BUILD/normcode not built" >&2; exit 3; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
find "$CORPUS" -type f -exec cat {} + >/dev/null  # warm the page cache
BYTES=$(find "$CORPUS" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
/usr/bin/time -f '%U %S %e' -o "$T/time" \
  "$BUILD/normcode" run --db "$T/t.db" --lexicons "$LEXICONS" --threads 1 --quiet "$CORPUS" >/dev/null 2>"$T/err" \
  || { cat "$T/err" >&2; echo "profile_libs: normcode run failed" >&2; exit 1; }
perf record -q -e cpu-clock -F 999 -o "$T/perf.data" \
  "$BUILD/normcode" run --db "$T/p.db" --lexicons "$LEXICONS" --threads 1 --quiet "$CORPUS" >/dev/null 2>"$T/err" \
  || { cat "$T/err" >&2; echo "profile_libs: normcode run under perf failed" >&2; exit 1; }
read -r USER SYS WALL <"$T/time"
perf report -i "$T/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null |
  awk -v cpu="$USER $SYS" -v bytes="$BYTES" -v wall="$WALL" '
    BEGIN { split(cpu, c, " "); total = c[1] + c[2]; mb = bytes / 1048576 }
    /^ *[0-9.]+%/ {
      share = $1; sub("%", "", share); dso = $2
      printf "%-28s %6.2f%% %7.2f CPU-s\n", dso, share, share / 100 * total
      if (dso ~ /gumbo|icu|re2|sqlite|kernel/) lib += share / 100 * total
    }
    END {
      printf "\ncorpus %.1f MB, run --threads 1: %.2f s wall, %.2f CPU-s (timed without perf)\n", mb, wall, total
      printf "library floor (gumbo + ICU + RE2 + SQLite + kernel): %.2f CPU-s = %.0f%%\n", lib, 100 * lib / total
      printf "bound on 2 cores were all else free: %.1f MB/s; today, perfectly parallel: %.1f MB/s\n",
             mb / (lib / 2), mb / (total / 2)
    }'
