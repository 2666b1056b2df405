#!/usr/bin/env bash
# normcode throughput bench: one run, one generated corpus, every stage.
#
#   bench/run_bench.sh [--size-mb 200] [--files 10000] [--seed 42] [--out bench/out]
#                      [--lexicons lexicons] [--build-dir build-bench] [--no-build] [--rg-timeout 600 (0: skip rg)]
#
# Stages (MB = MiB of raw input files):
#   a  cat of every file to /dev/null (warm page cache: read once before timing)
#   b  decode + parse (ReadDocument) and ICU sentence segmentation, 1 thread   (stage_bench)
#   c  matching (SentenceCoder::Code) on the pre-segmented sentences, 1 thread (stage_bench)
#   d  `normcode run` from an empty database, --threads 1 and --threads 2 (/usr/bin/time -v)
#   e  ripgrep `rg -c -f patterns.txt` with the lexicon patterns (export_patterns), and again
#      with ASCII word boundaries; each stopped after --rg-timeout seconds (then MB/s is a bound)
#   f  `normcode run` again on the --threads 2 database, nothing changed
# Prints a table and writes OUT/results.json. A stage that cannot run (normcode run
# missing, no lexicons, no rg) is reported as failed and the others still run.
set -uo pipefail

SIZE_MB=200
FILES=10000
SEED=42
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$REPO/bench/out"
LEXICONS="$REPO/lexicons"
BUILD="$REPO/build-bench"
DO_BUILD=1
RG_TIMEOUT=600
while [ $# -gt 0 ]; do
  case "$1" in
    --size-mb) SIZE_MB=$2; shift 2 ;;
    --files) FILES=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --lexicons) LEXICONS=$2; shift 2 ;;
    --build-dir) BUILD=$2; shift 2 ;;
    --no-build) DO_BUILD=0; shift ;;
    --rg-timeout) RG_TIMEOUT=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "run_bench: unknown argument $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
CORPUS="$OUT/corpus"
# Snapshot the lexicons: the shared tree may change under a long run, and every stage
# must use the same codebook.
if [ -d "$LEXICONS" ]; then
  rm -rf "$OUT/lexicons"
  cp -r "$LEXICONS" "$OUT/lexicons"
  LEXICONS="$OUT/lexicons"
fi
R="$OUT/raw"          # raw measurements, one file per stage, read back by the report step
rm -rf "$R"
mkdir -p "$R"
log() { echo "[bench] $*" >&2; }
note_fail() { echo "$2" >"$R/$1.failed"; log "stage $1 FAILED: $2"; }

# --- 0. machine ------------------------------------------------------------------------------
{
  echo "date=$(date -Iseconds)"
  echo "nproc=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "kernel=$(uname -r)"
  echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null)$(git -C "$REPO" diff --quiet HEAD 2>/dev/null || echo '+dirty')"
  echo "rg=$(rg --version 2>/dev/null | head -1)"
} >"$R/machine.env"

# --- 1. build (Release) ----------------------------------------------------------------------
NORMCODE="$BUILD/normcode"
STAGE="$BUILD/bench/stage_bench"
EXPORT="$BUILD/bench/export_patterns"
if [ "$DO_BUILD" = 1 ]; then
  log "building Release in $BUILD"
  cmake -S "$REPO" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DNORMCODE_BUILD_TESTS=OFF >"$R/build.log" 2>&1 \
    || { cat "$R/build.log" >&2; log "cmake configure failed"; exit 3; }
  for t in normcode stage_bench export_patterns; do   # one at a time: one broken target spares the others
    cmake --build "$BUILD" -j "$(nproc)" --target "$t" >>"$R/build.log" 2>&1 || log "target $t did not build (see $R/build.log)"
  done
fi

# --- 2. corpus (generated once per size/files/seed) --------------------------------------------
STAMP="size=$SIZE_MB files=$FILES seed=$SEED gen=$(sha256sum "$REPO/bench/gen_corpus.py" | cut -c1-16)"
if [ "$(cat "$CORPUS.stamp" 2>/dev/null)" != "$STAMP" ]; then
  log "generating corpus: $STAMP"
  rm -rf "$CORPUS" "$CORPUS.stamp"
  python3 "$REPO/bench/gen_corpus.py" --out "$CORPUS" --size-mb "$SIZE_MB" --files "$FILES" --seed "$SEED" \
    >"$OUT/corpus.json" || { log "corpus generation failed"; exit 3; }
  echo "$STAMP" >"$CORPUS.stamp"
else
  log "reusing corpus $CORPUS ($STAMP)"
fi
find "$CORPUS" -type f -printf '%s\n' | awk '{s+=$1; n++} END{print "bytes=" s; print "files=" n}' >"$R/corpus.env"

# Runs a command under /usr/bin/time -v; writes NAME.time (time's report) and NAME.rc.
timed() {
  local name=$1; shift
  /usr/bin/time -v -o "$R/$name.time" "$@" >"$R/$name.out" 2>"$R/$name.err"
  echo $? >"$R/$name.rc"
}
if [ ! -x /usr/bin/time ]; then
  log "/usr/bin/time is missing (Debian package 'time'); wall times and peak RSS need it"; exit 3
fi

# --- a. cat ----------------------------------------------------------------------------------
log "a: cat (warming the page cache first)"
find "$CORPUS" -type f -print0 | xargs -0 cat >/dev/null
timed cat bash -c 'find "$1" -type f -print0 | xargs -0 cat >/dev/null' _ "$CORPUS"

# --- b, c. stage_bench -----------------------------------------------------------------------
if [ -x "$STAGE" ]; then
  log "b+c: stage_bench (read+segment, then match; 1 thread)"
  timed stage "$STAGE" --lexicons "$LEXICONS" "$CORPUS"
  cp "$R/stage.out" "$R/stage.json"
  [ "$(cat "$R/stage.rc")" = 0 ] || note_fail stage "stage_bench exit $(cat "$R/stage.rc"): $(tail -3 "$R/stage.err")"
else
  note_fail stage "stage_bench not built (see $R/build.log)"
fi

# --- d, f. normcode run ----------------------------------------------------------------------
run_ok=0
if [ ! -x "$NORMCODE" ]; then
  note_fail run "normcode not built (see $R/build.log)"
elif ! "$NORMCODE" run --help >/dev/null 2>&1; then
  note_fail run "'normcode run' does not exist yet (normcode run --help failed)"
else
  run_ok=1
  RUN_OPTS=()
  # Pass --lexicons only when `run` knows the option (otherwise it uses its default lexicons).
  if "$NORMCODE" run --help 2>&1 | grep -- '--lexicons' >/dev/null; then RUN_OPTS=(--lexicons "$LEXICONS"); fi
fi
if [ "$run_ok" = 1 ]; then
  for th in 1 2; do
    db="$OUT/fresh-t$th.db"
    rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
    log "d: normcode run --threads $th from an empty database"
    timed "run_t$th" "$NORMCODE" run --db "$db" --threads "$th" "${RUN_OPTS[@]}" "$CORPUS"
    rc=$(cat "$R/run_t$th.rc")
    # 0 = all ok, 1 = some files failed (still a complete run); anything else is a failure.
    if [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
      note_fail "run_t$th" "exit $rc: $(tail -3 "$R/run_t$th.err")"
    fi
  done
  if [ -f "$OUT/fresh-t2.db" ] && [ ! -f "$R/run_t2.failed" ]; then
    log "f: rerun with nothing changed (--threads 2, same database)"
    timed rerun "$NORMCODE" run --db "$OUT/fresh-t2.db" --threads 2 "${RUN_OPTS[@]}" "$CORPUS"
    rc=$(cat "$R/rerun.rc")
    [ "$rc" = 0 ] || [ "$rc" = 1 ] || note_fail rerun "exit $rc: $(tail -3 "$R/rerun.err")"
  fi
fi

# --- e. ripgrep ------------------------------------------------------------------------------
if [ "$RG_TIMEOUT" = 0 ]; then
  note_fail rg "skipped (--rg-timeout 0)"
elif ! command -v rg >/dev/null; then
  note_fail rg "ripgrep (rg) not installed (Debian package ripgrep)"
elif [ ! -x "$EXPORT" ]; then
  note_fail rg "export_patterns not built"
elif ! "$EXPORT" "$LEXICONS" >"$R/patterns.all" 2>"$R/export.err"; then
  note_fail rg "no patterns exported from $LEXICONS: $(cat "$R/export.err")"
else
  # Keep the patterns ripgrep's engine accepts (rg exits 2 on a bad pattern).
  : >"$OUT/patterns.txt"
  rejected=0
  while IFS= read -r p; do
    rg -q -e "$p" /dev/null 2>/dev/null; rc=$?
    if [ "$rc" -le 1 ]; then printf '%s\n' "$p" >>"$OUT/patterns.txt"; else rejected=$((rejected + 1)); fi
  done <"$R/patterns.all"
  echo "patterns=$(wc -l <"$OUT/patterns.txt") rejected=$rejected" >"$R/rg.env"
  log "e: rg -c -f patterns.txt ($(wc -l <"$OUT/patterns.txt") patterns, $rejected rejected by rg)"
  # The same patterns with ASCII word boundaries: Unicode \b makes ripgrep's lazy DFA give
  # up on lines with non-ASCII bytes, so this shows how much of rg's time that costs.
  sed 's/\\b/(?-u:\\b)/g' "$OUT/patterns.txt" >"$OUT/patterns-ascii.txt"
  # Each pattern alone compiles, all of them together exceed rg's default 100 MB limit
  # on the compiled regex ("Compiled regex exceeds size limit"): raise both limits.
  RG_LIMITS=(--regex-size-limit 4G --dfa-size-limit 4G)
  timed rg timeout --signal=INT "$RG_TIMEOUT" rg "${RG_LIMITS[@]}" -c -f "$OUT/patterns.txt" "$CORPUS"
  timed rg_ascii timeout --signal=INT "$RG_TIMEOUT" rg "${RG_LIMITS[@]}" -c -f "$OUT/patterns-ascii.txt" "$CORPUS"
  echo "timeout=$RG_TIMEOUT" >>"$R/rg.env"
  # rg exits 0 (matches), 1 (none), 2 (error: the time then measures nothing).
  for n in rg rg_ascii; do
    if [ "$(cat "$R/$n.rc" 2>/dev/null)" = 2 ]; then note_fail "$n" "rg failed: $(head -c 300 "$R/$n.err")"; fi
  done
fi

# --- report ----------------------------------------------------------------------------------
python3 - "$R" "$OUT" <<'EOF'
import json, os, re, sys
R, OUT = sys.argv[1], sys.argv[2]

def env(name):
    d = {}
    try:
        for line in open(os.path.join(R, name), encoding="utf-8"):
            k, _, v = line.rstrip("\n").partition("=")
            d[k] = v
    except FileNotFoundError:
        pass
    return d

def timefile(name):
    """Parses /usr/bin/time -v: wall seconds, peak RSS (MiB), user+sys seconds."""
    p = os.path.join(R, name + ".time")
    if not os.path.exists(p):
        return None
    t = open(p, encoding="utf-8", errors="replace").read()
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", t)
    wall = (int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))) if m else None
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", t)
    u = re.search(r"User time \(seconds\): ([\d.]+)", t)
    s = re.search(r"System time \(seconds\): ([\d.]+)", t)
    rc = open(os.path.join(R, name + ".rc")).read().strip() if os.path.exists(os.path.join(R, name + ".rc")) else None
    return {"wall_s": wall, "peak_rss_mb": int(rss.group(1)) / 1024 if rss else None,
            "cpu_s": (float(u.group(1)) + float(s.group(1))) if u and s else None, "exit": rc}

def failed(name):
    p = os.path.join(R, name + ".failed")
    return open(p).read().strip() if os.path.exists(p) else None

machine = env("machine.env")
corpus = env("corpus.env")
mb = int(corpus.get("bytes", 0)) / 1048576
res = {"machine": machine, "corpus": {"bytes": int(corpus.get("bytes", 0)), "files": int(corpus.get("files", 0)),
                                      "mb": round(mb, 2)},
       "stages": {}, "targets": {}}
try:
    res["corpus"]["generator"] = json.load(open(os.path.join(OUT, "corpus.json")))
except Exception:
    pass

def stage(key, label, seconds, extra=None, fail=None, cpu=None):
    st = {"label": label, "seconds": seconds, "mbps": (mb / seconds) if seconds else None}
    if cpu is not None:
        st["cpu_s"] = cpu
    if extra:
        st.update(extra)
    if fail:
        st["failed"] = fail
    res["stages"][key] = st

c = timefile("cat")
stage("a_cat", "a  cat files > /dev/null (warm cache)", c and c["wall_s"], c)

sb = None
if os.path.exists(os.path.join(R, "stage.json")):
    try:
        sb = json.load(open(os.path.join(R, "stage.json")))
    except Exception:
        sb = None
sf = failed("stage")
if sb:
    res["stage_bench"] = sb
    stage("b_read", "b1 read: decode + parse (1 thread)", sb.get("read_s"), cpu=sb.get("read_cpu_s"))
    stage("b_segment", "b2 ICU sentence segmentation (1 thread)", sb.get("segment_s"), cpu=sb.get("segment_cpu_s"))
    stage("b_read_segment", "b  decode + parse + segmentation", sb.get("read_segment_s"), fail=sf,
          cpu=sb.get("read_segment_cpu_s"))
    stage("c_match", "c  matching alone (1 thread)", sb.get("match_s"),
          fail=None if sb.get("match_s") is not None else sb.get("codebook_error", "not run"),
          cpu=sb.get("match_cpu_s"))
else:
    stage("b_read_segment", "b  decode + parse + segmentation", None, fail=sf or "no output")
    stage("c_match", "c  matching alone (1 thread)", None, fail=sf or "no output")

runs = {}
for th in (1, 2):
    t = timefile(f"run_t{th}")
    f = failed("run") or failed(f"run_t{th}")
    runs[th] = t if (t and not f) else None
    stage(f"d_run_t{th}", f"d  normcode run --threads {th}, empty db", t and t["wall_s"], t, f)
rgenv = env("rg.env")
for key, name, label in (("e_rg", "rg", "e  rg -c -f patterns (all cores)"),
                         ("e_rg_ascii", "rg_ascii", "e' rg, same, ASCII \\b (all cores)")):
    g = timefile(name)
    if g is None and key == "e_rg_ascii" and not failed("rg"):
        continue
    extra = dict(g or {}, **rgenv)
    if g and g.get("exit") == "124":  # stopped by timeout: the time is a lower bound
        extra["timed_out"] = True
        label += " [timeout]"
    stage(key, label, g and g["wall_s"], extra, failed(name))
rr = timefile("rerun")
f = failed("run") or failed("run_t2") or failed("rerun")
stage("f_rerun", "f  rerun, nothing changed (--threads 2)", rr and rr["wall_s"], rr, f)

whole = runs[1]["wall_s"] if runs.get(1) else None
for st in res["stages"].values():
    st["share_of_run_t1"] = (st["seconds"] / whole) if (whole and st.get("seconds")) else None
if runs.get(1) and runs.get(2) and runs[2]["wall_s"]:
    res["speedup_1_to_2"] = runs[1]["wall_s"] / runs[2]["wall_s"]
peak = max([r["peak_rss_mb"] for r in runs.values() if r and r.get("peak_rss_mb")] +
           ([rr["peak_rss_mb"]] if rr and not f and rr.get("peak_rss_mb") else []), default=None)
res["peak_rss_mb"] = peak

def target(name, value, ok):
    res["targets"][name] = {"value": value, "pass": (None if value is None else bool(ok))}

t2 = res["stages"]["d_run_t2"]
target("pipeline_mbps_2threads>=25", t2.get("mbps") if not t2.get("failed") else None, (t2.get("mbps") or 0) >= 25)
sp = res.get("speedup_1_to_2")
target("speedup_1_to_2>=1.7", sp, (sp or 0) >= 1.7)
rs = res["stages"]["f_rerun"]
rv = rs.get("seconds") if not rs.get("failed") else None
target("rerun_s<2 (files=%s)" % corpus.get("files"), rv, rv is not None and rv < 2)
target("peak_rss_mb<500", peak, peak is not None and peak < 500)

json.dump(res, open(os.path.join(OUT, "results.json"), "w"), indent=1)

fmt = lambda v, f: "-" if v is None else f % v
print(f"\nnormcode bench  {machine.get('date')}  nproc={machine.get('nproc')}  cpu={machine.get('cpu')}  "
      f"commit={machine.get('commit')}")
print(f"corpus: {res['corpus']['files']} files, {mb:.1f} MB (MiB)" +
      (f", codebook {sb.get('codebook_version')} ({sb.get('codebook_entries')} entries)" if sb and
       sb.get("codebook_version") else ""))
if sb:
    print(f"stage_bench: {sb.get('read_ok')} documents read ({sb.get('read_failed')} failed), {sb.get('turns')} turns, "
          f"{sb.get('sentences')} sentences, {sb.get('evidence')} evidence")
print(f"\n{'stage':46} {'seconds':>9} {'MB/s':>9} {'share':>7}  {'peak RSS':>9} {'CPU s':>8} {'MB/CPU-s':>9}")
for key, st in res["stages"].items():
    if st.get("failed"):
        print(f"{st['label']:46} {'FAILED':>9}  {st['failed'][:90]}")
        continue
    share = st.get("share_of_run_t1")
    print(f"{st['label']:46} {fmt(st.get('seconds'), '%9.2f')} {fmt(st.get('mbps'), '%9.1f')} "
          f"{fmt(share and share * 100, '%6.1f%%')}  {fmt(st.get('peak_rss_mb'), '%6.0f MB')} "
          f"{fmt(st.get('cpu_s'), '%8.2f')} {fmt(mb / st['cpu_s'] if st.get('cpu_s') else None, '%9.1f')}")
print(f"(load average at start: {machine.get('loadavg_start')}; wall times on a busy machine include waiting for a\n"
      " core, CPU s do not: MB/CPU-s is the throughput per core actually used)")
print("(share = stage seconds / `normcode run --threads 1` seconds; b and c are single-threaded;\n"
      " [timeout]: stopped after --rg-timeout, so its MB/s is an upper bound)")
print(f"\n1 -> 2 thread speed-up: {fmt(res.get('speedup_1_to_2'), '%.2fx')}")
print(f"peak RSS (normcode run): {fmt(peak, '%.0f MB')}")
print(f"rerun with nothing changed: {fmt(rv, '%.2f s')}")
print("\ntargets:")
for k, v in res["targets"].items():
    state = "n/a" if v["pass"] is None else ("PASS" if v["pass"] else "MISS")
    print(f"  {state:5} {k:34} {fmt(v['value'], '%.2f')}")
print(f"\nresults: {os.path.join(OUT, 'results.json')}")
EOF
