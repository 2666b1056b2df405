#!/usr/bin/env bash
# `normcode kwic` and `normcode search` on a database built from the real sample
# Security Council records: FTS5 words, phrases, NEAR, prefixes; aligned columns;
# filters; invalid FTS syntax exits 2 with a clear message; SQL-looking queries
# change nothing; JSON output.
# Usage: bash kwic_search.sh <path-to-normcode> <repo-root>
set -euo pipefail
NC=${1:?usage: $0 <normcode> <repo-root>}
REPO=${2:?usage: $0 <normcode> <repo-root>}
CORPUS="$REPO/../shared/corpus-sample/unsc-debates"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -d "$CORPUS" ] || fail "sample records not found at $CORPUS"
mkdir "$TMP/in"
cp "$CORPUS"/*.html "$TMP/in/"
DB="$TMP/c.db"
"$NC" run --db "$DB" --lexicons "$REPO/lexicons" "$TMP/in" > "$TMP/run.out" 2>&1 || fail "run exited $?: $(cat "$TMP/run.out")"

# 1. A word: every line has the keyword in the middle column, columns aligned.
"$NC" kwic --db "$DB" --width 30 consent > "$TMP/k1" 2> "$TMP/k1.err" || fail "kwic consent exited $?"
[ -s "$TMP/k1" ] || fail "kwic consent found nothing"
python3 - "$TMP/k1" 30 consent <<'PY' || fail "kwic layout"
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
width, word = int(sys.argv[2]), sys.argv[3]
for l in lines:
    left, key, rest = l.split(" | ", 2)
    assert len(left) == width, (len(left), l)          # code points, not bytes
    assert key.lower().startswith(word), l
    assert "S/PV." in rest, l
PY
grep -q "sentences\?, [0-9]* lines\?" "$TMP/k1.err" || fail "no summary on stderr"

# 2. A phrase is one keyword; NEAR and prefix queries work on the FTS5 index.
"$NC" kwic --db "$DB" '"responsibility to protect"' > "$TMP/k2" 2>/dev/null || fail "phrase query exited $?"
[ -s "$TMP/k2" ] || fail "phrase found nothing"
grep -v -i -q "| responsibility to protect |" "$TMP/k2" && fail "phrase not highlighted as one keyword: $(head -3 "$TMP/k2")"
"$NC" kwic --db "$DB" 'NEAR(sovereignty integrity, 5)' > "$TMP/k3" 2>/dev/null || fail "NEAR exited $?"
[ -s "$TMP/k3" ] || fail "NEAR found nothing"
"$NC" kwic --db "$DB" --limit 2 'peacekeep*' > "$TMP/k4" 2>/dev/null || fail "prefix exited $?"
grep -q -i "| peacekeep" "$TMP/k4" || fail "prefix query did not highlight a peacekeep* word"
n=$("$NC" kwic --db "$DB" --limit 2 'peacekeep*' 2>&1 >/dev/null | sed -n 's/^\([0-9]*\) sentence.*/\1/p')
[ "$n" = 2 ] || fail "--limit 2 gave $n sentences"

# 3. Invalid FTS5 syntax: exit 2, a clear message, no output, no crash.
for q in '"unterminated' 'NEAR(a b' 'nosuchcolumn:word' 'AND'; do
  set +e
  "$NC" kwic --db "$DB" "$q" > "$TMP/bad.out" 2> "$TMP/bad.err"
  rc=$?
  set -e
  [ "$rc" -eq 2 ] || fail "query '$q' exited $rc, expected 2"
  grep -q "invalid search query" "$TMP/bad.err" || fail "no clear message for '$q': $(cat "$TMP/bad.err")"
  [ ! -s "$TMP/bad.out" ] || fail "output for invalid query '$q'"
done

# 4. SQL in the query or the filters is data: nothing changes.
before=$("$NC" stats --db "$DB" --format json | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["evidence"], j["sentences"])')
set +e
"$NC" kwic --db "$DB" "x'); DROP TABLE evidence; --" > /dev/null 2>&1
"$NC" search --db "$DB" --actor "x' OR '1'='1" --body "'; DELETE FROM sentences; --" consent > "$TMP/inj" 2>/dev/null
set -e
[ ! -s "$TMP/inj" ] || fail "an injected filter matched rows"
after=$("$NC" stats --db "$DB" --format json | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["evidence"], j["sentences"])')
[ "$before" = "$after" ] || fail "database changed: $before -> $after"

# 5. search: whole sentences with codes, filters, JSON.
"$NC" search --db "$DB" --code validity_contestation --actor CHN --format json > "$TMP/s.json" 2>/dev/null || fail "search exited $?"
python3 - "$TMP/s.json" <<'PY' || fail "search json"
import json, sys
hits = json.load(open(sys.argv[1], encoding="utf-8"))
assert hits, "no hits"
for h in hits:
    assert h["iso3"] == "CHN", h
    assert any(e["code"] == "validity_contestation" for e in h["evidence"]), h
    for e in h["evidence"]:
        assert h["text"][e["start"]:e["end"]] == e["matched_text"], e   # code point offsets
PY
"$NC" search --db "$DB" --from 2006-12-04 --to 2006-12-04 --body 'security council' consent > "$TMP/s.txt" 2>/dev/null || fail "search text exited $?"
grep -q "^S/PV.5577" "$TMP/s.txt" || fail "date/body filter lost S/PV.5577"
grep -q "^S/PV.5043" "$TMP/s.txt" && fail "date filter let S/PV.5043 (2004) through"
set +e
"$NC" search --db "$DB" --from 2006-13 consent > /dev/null 2> "$TMP/e1"; rc1=$?
"$NC" search --db "$DB" --code nonsense > /dev/null 2> "$TMP/e2"; rc2=$?
"$NC" kwic --db "$TMP/missing.db" consent > /dev/null 2> "$TMP/e3"; rc3=$?
set -e
[ "$rc1" -eq 2 ] && grep -q "invalid --from date" "$TMP/e1" || fail "bad date: exit $rc1 $(cat "$TMP/e1")"
[ "$rc2" -eq 2 ] && grep -q "unknown code" "$TMP/e2" || fail "bad code: exit $rc2 $(cat "$TMP/e2")"
[ "$rc3" -eq 3 ] && grep -q "does not exist" "$TMP/e3" || fail "missing db: exit $rc3 $(cat "$TMP/e3")"
echo "kwic_search: ok"
