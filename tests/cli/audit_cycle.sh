#!/usr/bin/env bash
# `normcode audit`: sample (stratified, reproducible by seed), fill verdicts,
# score (precision with Wilson intervals, checked in Python), stored verdicts
# shown by `audit report`, a bad verdict named with its line.
# Usage: bash audit_cycle.sh <path-to-normcode> <repo-root>
source "$(dirname "$0")/lib/sample_db.sh" "$@"
"$NC" audit sample --db "$TMP/c.db" --per-code 4 --seed 11 --out "$TMP/a.csv" 2> /dev/null || fail "sample"
"$NC" audit sample --db "$TMP/c.db" --per-code 4 --seed 11 --out "$TMP/b.csv" 2> /dev/null || fail "sample 2"
cmp -s "$TMP/a.csv" "$TMP/b.csv" || fail "same seed gave a different sample"
python3 - "$TMP/a.csv" "$TMP/filled.csv" "$TMP/c.db" <<'PY' || fail "sample content"
import csv, sqlite3, sys
from collections import Counter
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
assert rows, "empty sample"
db = sqlite3.connect(sys.argv[3])
per = Counter(r["code"] for r in rows)
for code, n in per.items():
    total = db.execute("SELECT count(*) FROM evidence_view WHERE code = ? AND polarity = 'asserted'", (code,)).fetchone()[0]
    assert n == min(4, total), (code, n, total)
for r in rows:
    assert r["verdict"] == "" and r["polarity"] == "asserted"
    assert "[[" + r["matched_text"] + "]]" in r["sentence"]
# every second row correct
w = csv.DictWriter(open(sys.argv[2], "w", newline="", encoding="utf-8"), fieldnames=list(rows[0].keys()))
w.writeheader()
for i, r in enumerate(rows):
    r["verdict"] = "yes" if i % 2 == 0 else "no"
    w.writerow(r)
PY
"$NC" audit score "$TMP/filled.csv" --db "$TMP/c.db" > "$TMP/score.txt" || fail "score exited $?"
python3 - "$TMP/filled.csv" "$TMP/score.txt" <<'PY' || fail "score figures"
import csv, math, sys
from collections import defaultdict
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
out = open(sys.argv[2]).read().split("precision per entry")[0]
z = 1.959963984540054
agg = defaultdict(lambda: [0, 0])
for r in rows:
    agg[r["code"]][0] += 1
    agg[r["code"]][1] += r["verdict"] == "yes"
for code, (n, k) in agg.items():
    p = k / n; d = 1 + z*z/n; c = (p + z*z/(2*n)) / d; h = z/d*math.sqrt(p*(1-p)/n + z*z/(4*n*n))
    line = [l for l in out.splitlines() if l.startswith(code + " ")]
    assert line, (code, out)
    f = line[0].split()
    assert int(f[1]) == n and int(f[2]) == k, (f, n, k)
    assert "[%.3f, %.3f]" % (max(0, c-h), min(1, c+h)) in line[0], (line[0], c-h, c+h)
PY
"$NC" audit report --db "$TMP/c.db" > "$TMP/report.txt" || fail "report"
grep -q "validity_contestation" "$TMP/report.txt" || fail "report lacks stored verdicts: $(cat "$TMP/report.txt")"
printf 'evidence_id,verdict\n1,yes\n2,dunno\n' > "$TMP/bad.csv"
set +e
"$NC" audit score "$TMP/bad.csv" --db "$TMP/c.db" 2> "$TMP/err"; rc=$?
set -e
[ $rc -eq 3 ] || fail "bad verdict: exit $rc"
grep -q "line 3" "$TMP/err" || fail "bad verdict message lacks the line: $(cat "$TMP/err")"
echo "PASS audit_cycle"
