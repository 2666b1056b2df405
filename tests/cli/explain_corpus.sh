#!/usr/bin/env bash
# `normcode classify` / `explain` on a database coded from the real sample records:
# JSON figures add up from the passages listed, text/HTML output, colour only when
# asked, unknown actor and bad options give usage errors.
# Usage: bash explain_corpus.sh <path-to-normcode> <repo-root>
source "$(dirname "$0")/lib/sample_db.sh" "$@"
"$NC" classify --db "$TMP/c.db" --lexicons "$LEX" --format json > "$TMP/cls.json" || fail "classify exited $?"
ACTOR=$(python3 - "$TMP/cls.json" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))
assert v, "no classification at all"
best = max(v, key=lambda a: a["n_implementation"])
print(best["actor_name"] + "\t" + best["period"])
PY
)
NAME=${ACTOR%%$'\t'*}
PERIOD=${ACTOR##*$'\t'}

"$NC" explain --db "$TMP/c.db" --lexicons "$LEX" --actor "$NAME" --period "$PERIOD" --format json > "$TMP/e.json" \
  || fail "explain json exited $?"
python3 - "$TMP/e.json" "$TMP/c.db" <<'PY' || fail "explain figures do not add up from its passages"
import json, sqlite3, sys
from collections import Counter
j = json.load(open(sys.argv[1]))
db = sqlite3.connect(sys.argv[2])
assert j["actors"], j
for a in j["actors"]:
    f = a["figures"]
    fam, codes, val, app = Counter(), Counter(), 0, 0
    for p in a["passages"]:
        # every passage is where it says it is
        row = db.execute("SELECT matched_text, substr(dt.text, e.char_start + 1, e.char_end - e.char_start) "
                         "FROM evidence e JOIN document_text dt ON dt.doc_id = e.doc_id WHERE e.id = ?",
                         (p["evidence_id"],)).fetchone()
        assert row and row[0] == row[1] == p["match"], (p, row)
        assert p["before"] + p["match"] + p["after"] == p["sentence"]
        for k in ("symbol", "date", "speaker", "entry_id", "codebook_version", "path", "char_start"):
            assert k in p, k
        if p["duplicate_of"] is not None:
            continue
        codes[(p["code"], p["polarity"])] += 1
        if p["counted"]:
            if p["family"] in ("determined", "reluctant", "non_implementation"):
                fam[p["family"]] += 1
            val += p["code"] == "validity_contestation"
            app += p["code"] == "application_contestation"
    assert f["n_determined"] == fam["determined"] and f["n_reluctant"] == fam["reluctant"] \
        and f["n_non_implementation"] == fam["non_implementation"], (f, fam)
    assert f["n_implementation"] == sum(fam.values())
    assert f["n_validity"] == val and f["n_application"] == app
    for code, c in f["codes"].items():
        for pol in ("asserted", "negated", "reported", "hypothetical"):
            assert c[pol] == codes[(code, pol)], (code, pol, c, codes)
    # passages counted toward the position come first
    ranks = [0 if (p["counted"] and p["family"] in ("determined", "reluctant", "non_implementation")) else 1
             for p in a["passages"]]
    assert ranks == sorted(ranks), ranks
PY

"$NC" explain --db "$TMP/c.db" --lexicons "$LEX" --actor "$NAME" --period "$PERIOD" > "$TMP/e.txt" || fail "text"
grep -q "position: " "$TMP/e.txt" || fail "text output has no position"
grep -q '\[\[' "$TMP/e.txt" || fail "text output does not mark the match"
if grep -q $'\x1b' "$TMP/e.txt"; then fail "colour codes written to a file"; fi
"$NC" explain --db "$TMP/c.db" --lexicons "$LEX" --actor "$NAME" --period "$PERIOD" --color always > "$TMP/c.txt"
grep -q $'\x1b\[' "$TMP/c.txt" || fail "--color always wrote no colour"
"$NC" explain --db "$TMP/c.db" --lexicons "$LEX" --actor "$NAME" --format html > "$TMP/e.html" || fail "html"
grep -q "<mark>" "$TMP/e.html" || fail "html has no <mark>"
python3 -c "import html.parser,sys; html.parser.HTMLParser().feed(open(sys.argv[1]).read())" "$TMP/e.html"

set +e
"$NC" explain --db "$TMP/c.db" --lexicons "$LEX" --actor "Nobody At All" > /dev/null 2> "$TMP/err"
rc=$?
set -e
[ $rc -eq 2 ] || fail "unknown actor: exit $rc, expected 2"
grep -q "no classification for actor" "$TMP/err" || fail "unknown actor message: $(cat "$TMP/err")"
set +e
"$NC" explain --db "$TMP/missing.db" --lexicons "$LEX" --actor x 2> "$TMP/err"; rc=$?
set -e
[ $rc -eq 3 ] || fail "missing database: exit $rc, expected 3"
grep -q "does not exist" "$TMP/err" || fail "missing database message: $(cat "$TMP/err")"
set +e
"$NC" explain --db "$TMP/c.db" --lexicons "$LEX" --actor x --code bravery 2> /dev/null; rc=$?
set -e
[ $rc -eq 2 ] || fail "unknown code: exit $rc, expected 2"
echo "PASS explain_corpus"
