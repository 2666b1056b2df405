#!/usr/bin/env bash
# ThreadSanitizer run of the pipeline tests (issue 7 §4).
#
# 1. oneTBB built with -fsanitize=thread. Debian's libtbb.so.12 is not
#    instrumented, so TSan cannot see the happens-before edges its atomics make
#    at parallel_pipeline stage hand-offs and reports every hand-off as a race.
#    We build Debian's own source package of the *installed* libtbb-dev version
#    (same headers, same Debian patches) with oneTBB's TBB_SANITIZE=thread and
#    install only the tbb library into $B/tbb-tsan. Cached: skipped when the
#    prefix's stamp names the same version and compiler.
#    Source: $TSAN_TBB_SRC (a directory holding the .dsc, .orig.tar.xz and
#    .debian.tar.xz of that version) if given, else downloaded with apt-get
#    source into $B/tbb-dl using a private sources list and state directory (the
#    system's apt configuration is not touched; apt checks the files against
#    the signed Sources index).
# 2. normcode built in $B with -DNORMCODE_TSAN=ON and TBB_DIR pointing at that
#    prefix; ldd must show every test binary loading $B/tbb-tsan's libtbb.
# 3. tests/pipeline/* and the run CLI tests (run_cli.sh, run_signal.sh,
#    crash_kill9.sh) against the TSan-built binaries. Reports of every process
#    (the CLI tests start the binary many times) are collected with log_path.
#    Every report is printed. No suppressions.
# Exit 0 when all pass and TSan reported nothing; 1 on a failure or a report;
# 2 when the build (or the TBB check) fails.
# Usage: tools/tsan.sh   (env: TSAN_BUILD_DIR, TSAN_JOBS, TSAN_TBB_SRC)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${TSAN_BUILD_DIR:-$ROOT/build-tsan}
JOBS=${TSAN_JOBS:-2}
mkdir -p "$B" || exit 2
B=$(cd "$B" && pwd)

# ---- 1. TSan-instrumented oneTBB -------------------------------------------
TBB_PREFIX=$B/tbb-tsan
TBB_VERSION=$(dpkg-query -W -f='${Version}' libtbb-dev 2>/dev/null) || {
  echo "tsan.sh: libtbb-dev is not installed" >&2; exit 2; }
CXX_ID=$(${CXX:-c++} --version | head -1)
STAMP="onetbb $TBB_VERSION TBB_SANITIZE=thread ($CXX_ID)"
build_tbb() {
  local v=${TBB_VERSION#*:}                     # file names carry no epoch
  local dsc=onetbb_$v.dsc src_dir=${TSAN_TBB_SRC:-}
  if [ -z "$src_dir" ] || [ ! -f "$src_dir/$dsc" ]; then
    src_dir=$B/tbb-dl
    if [ ! -f "$src_dir/$dsc" ]; then
      echo "== downloading Debian source onetbb=$TBB_VERSION"
      mkdir -p "$src_dir/apt/lists/partial" "$src_dir/apt/cache/archives/partial"
      cat >"$src_dir/apt/debsrc.sources" <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
      local apto=(-o "Dir::Etc::SourceList=$src_dir/apt/debsrc.sources"
                  -o Dir::Etc::SourceParts=/dev/null
                  -o "Dir::State::Lists=$src_dir/apt/lists"
                  -o "Dir::Cache=$src_dir/apt/cache")
      apt-get "${apto[@]}" -q update >"$src_dir/apt.log" 2>&1 &&
        (cd "$src_dir" && apt-get "${apto[@]}" -q source --download-only "onetbb=$TBB_VERSION") >>"$src_dir/apt.log" 2>&1 || {
          echo "tsan.sh: downloading onetbb=$TBB_VERSION failed:" >&2; tail -5 "$src_dir/apt.log" >&2; return 1; }
    fi
  fi
  echo "== building TSan oneTBB $TBB_VERSION from $src_dir"
  local s=$B/tbb-src
  rm -rf "$s" "$B/tbb-build" "$TBB_PREFIX"
  if command -v dpkg-source >/dev/null; then
    dpkg-source -x "$src_dir/$dsc" "$s" >"$B/tbb-unpack.log" 2>&1 || {
      echo "tsan.sh: dpkg-source -x failed" >&2; tail -5 "$B/tbb-unpack.log" >&2; return 1; }
  else  # no dpkg-dev: the orig tarball plus debian/patches in series order
    mkdir -p "$s" &&
      tar -xJf "$src_dir/onetbb_${v%-*}.orig.tar.xz" -C "$s" --strip-components=1 &&
      tar -xJf "$src_dir/onetbb_$v.debian.tar.xz" -C "$s" || return 1
    local p
    while read -r p; do
      case $p in ''|'#'*) continue ;; esac
      patch -d "$s" -p1 -s <"$s/debian/patches/$p" || { echo "tsan.sh: patch $p failed" >&2; return 1; }
    done <"$s/debian/patches/series"
  fi
  # IPO is off under TBB_SANITIZE=thread anyway; tbbmalloc and tbbbind
  # (hwloc) are not used by normcode.
  cmake -S "$s" -B "$B/tbb-build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DTBB_SANITIZE=thread -DTBB_TEST=OFF -DTBB_EXAMPLES=OFF -DTBB_STRICT=OFF \
    -DTBBMALLOC_BUILD=OFF -DTBB_DISABLE_HWLOC_AUTOMATIC_SEARCH=ON \
    -DCMAKE_INSTALL_PREFIX="$TBB_PREFIX" -DCMAKE_INSTALL_LIBDIR=lib \
    >"$B/tbb-build.log" 2>&1 &&
    cmake --build "$B/tbb-build" -j"$JOBS" >>"$B/tbb-build.log" 2>&1 &&
    cmake --install "$B/tbb-build" >>"$B/tbb-build.log" 2>&1 || {
      echo "tsan.sh: building oneTBB failed, see $B/tbb-build.log" >&2; tail -20 "$B/tbb-build.log" >&2; return 1; }
  # grep reads all of nm's output: with -q it may exit first, nm then dies of SIGPIPE
  # and pipefail fails the check although the symbols are there.
  nm -D "$TBB_PREFIX/lib/libtbb.so.12" | grep __tsan_ >/dev/null || {
    echo "tsan.sh: $TBB_PREFIX/lib/libtbb.so.12 is not TSan-instrumented" >&2; return 1; }
  rm -rf "$s" "$B/tbb-build"
  echo "$STAMP" >"$TBB_PREFIX/normcode-stamp"
}
if [ "$(cat "$TBB_PREFIX/normcode-stamp" 2>/dev/null)" != "$STAMP" ]; then
  build_tbb || exit 2
fi

# ---- 2. normcode with -fsanitize=thread against that oneTBB ----------------
TBB_CMAKE_DIR=$TBB_PREFIX/lib/cmake/TBB
if [ "$(awk -F= '$1 ~ /^TBB_DIR:/ {print $2}' "$B/CMakeCache.txt" 2>/dev/null)" != "$TBB_CMAKE_DIR" ]; then
  cmake -S "$ROOT" -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNORMCODE_TSAN=ON \
    -DNORMCODE_BUILD_BENCH=OFF -DCMAKE_PREFIX_PATH="$TBB_PREFIX" \
    -DTBB_DIR="$TBB_CMAKE_DIR" >/dev/null || exit 2
fi
TESTS=(run_test sources_test process_test)
echo "== building normcode with -fsanitize=thread ($SECONDS s)"
cmake --build "$B" -j"$JOBS" --target normcode "${TESTS[@]}" || exit 2
# The executables find libtbb.so.12 through their build RUNPATH; a system copy
# loaded instead would bring the false reports back.
for x in "$B/normcode" "${TESTS[@]/#/$B/tests/}"; do
  got=$(ldd "$x" | awk '$1 == "libtbb.so.12" {print $3}')
  if [ "$got" != "$TBB_PREFIX/lib/libtbb.so.12" ]; then
    echo "tsan.sh: $x loads libtbb.so.12 from '${got:-nowhere}', not $TBB_PREFIX/lib" >&2
    exit 2
  fi
done
echo "== libtbb: $TBB_PREFIX/lib/libtbb.so.12 (onetbb $TBB_VERSION, TSan)"

# ---- 3. tests ---------------------------------------------------------------
LOG=$B/tsan-logs
rm -rf "$LOG"; mkdir -p "$LOG"
# log_path gives one file per process, so reports from child processes (the CLI
# tests run the binary many times) are all collected.
# No suppression file. (An ICU-internal false positive, the NFC normaliser created
# lazily inside uninstrumented libicuuc, went away when the project took the
# normaliser through a function-local static, NfcInstance(): docs/RELIABILITY.md §4.)
# history_size=7 keeps the other thread's stack restorable in a report.
export TSAN_OPTIONS="halt_on_error=0 second_deadlock_stack=1 history_size=7 log_path=$LOG/tsan"
rc=0
for t in "${TESTS[@]}"; do
  echo "== $t ($SECONDS s)"
  "$B/tests/$t" --gtest_brief=1 >"$LOG/$t.out" 2>&1 || { echo "$t: FAILED"; tail -20 "$LOG/$t.out"; rc=1; }
done
for s in run_cli run_signal crash_kill9; do
  [ -f "$ROOT/tests/cli/$s.sh" ] || continue
  echo "== cli $s ($SECONDS s)"
  bash "$ROOT/tests/cli/$s.sh" "$B/normcode" "$ROOT" >"$LOG/$s.out" 2>&1 || { echo "$s: FAILED"; tail -20 "$LOG/$s.out"; rc=1; }
done
reports=$(cat "$LOG"/tsan.* 2>/dev/null | grep -c "WARNING: ThreadSanitizer")
if [ "${reports:-0}" -gt 0 ]; then
  echo "tsan.sh: $reports ThreadSanitizer report(s):"
  for f in "$LOG"/tsan.*; do
    grep -A30 "WARNING: ThreadSanitizer" "$f" | grep -E "WARNING|^    #[0-9]+ " | head -40
  done
  rc=1
else
  echo "tsan.sh: no ThreadSanitizer reports"
fi
echo "tsan.sh: done in $SECONDS s"
exit $rc
