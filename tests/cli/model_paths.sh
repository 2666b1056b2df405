#!/usr/bin/env bash
# The learned scoring stage end to end, on real sentences (../shared/gold/train_sentences.jsonl):
#  - `train` twice on the same inputs writes byte-identical models;
#  - `tag`, `evaluate`, `train`'s own coder path and `run` give the same codes for the same
#    sentence (one coding path, one scorer, one threshold);
#  - a model change recodes every document on the next run and nothing else does;
#  - a corrupt model is refused (exit 3) and the database is left as it was;
#  - --no-model codes with the lexicon alone.
# Usage: bash model_paths.sh <path-to-normcode> <repo-root>
set -euo pipefail
NC=${1:?usage: $0 <normcode> <repo-root>}
REPO=${2:?usage: $0 <normcode> <repo-root>}
GOLD="$REPO/../shared/gold/train_sentences.jsonl"
[ -f "$GOLD" ] || { echo "SKIP: $GOLD missing"; exit 0; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# A scratch codebook without a model, then two models trained on it.
cp -r "$REPO/lexicons" "$TMP/lex"
rm -rf "$TMP/lex/model"
sed -i '/^model:/d' "$TMP/lex/codebook.yaml"
T="--gold $GOLD --lexicons $TMP/lex --folds 3 --min-positives 5 --ship-all"
"$NC" train $T --out "$TMP/m1" > "$TMP/train1.txt" || fail "train exited $?"
"$NC" train $T --out "$TMP/m2" > /dev/null || fail "second train exited $?"
cmp -s "$TMP/m1/en.model" "$TMP/m2/en.model" || fail "two trainings on the same inputs differ"
grep -q "grouped 3-fold cross-validation by record" "$TMP/train1.txt" || fail "train summary"
"$NC" train $T --seed 9 --C 3 --out "$TMP/m3" > /dev/null || fail "third train exited $?"
cmp -s "$TMP/m1/en.model" "$TMP/m3/en.model" && fail "another seed and C gave the same model"
cp "$TMP/m1/en.model" "$TMP/lex/model.en"
echo "model: model.en" >> "$TMP/lex/codebook.yaml"

# The same sentences through tag, evaluate and run.
python3 - "$GOLD" "$TMP" <<'PY'
import json, sys
gold, tmp = sys.argv[1], sys.argv[2]
rows = [json.loads(l) for l in open(gold, encoding='utf-8')]
# coded sentences first, then uncoded ones: 120 in all
pick = [r for r in rows if r['labels']][:60] + [r for r in rows if not r['labels']][:60]
with open(f'{tmp}/pick.jsonl', 'w', encoding='utf-8') as f:
    for r in pick:
        f.write(json.dumps({k: r[k] for k in ('id', 'doc', 'text', 'labels', 'previous')}, ensure_ascii=False) + '\n')
# One plain-text "transcript" per sentence for `run`: a single speaker turn holding the sentence,
# with the previous sentence before it so that the context matches.
import os
os.makedirs(f'{tmp}/docs', exist_ok=True)
PY
"$NC" tag --lexicons "$TMP/lex" < "$TMP/pick.jsonl" > "$TMP/tag.jsonl" || fail "tag exited $?"
"$NC" evaluate --lexicons "$TMP/lex" --gold "$TMP/pick.jsonl" --format json > "$TMP/eval.json" || fail "evaluate exited $?"
python3 - "$TMP" <<'PY' || fail "tag and evaluate disagree"
import json, sys
tmp = sys.argv[1]
gold = {json.loads(l)['id']: set(json.loads(l)['labels']) for l in open(f'{tmp}/pick.jsonl')}
tag = {str(json.loads(l)['id']): set(json.loads(l)['labels']) for l in open(f'{tmp}/tag.jsonl')}
ev = json.load(open(f'{tmp}/eval.json'))
assert ev['model_version'], 'evaluate did not use the model'
# evaluate's errors list FP/FN per (id, code): rebuild its predictions from gold and the errors.
pred = {i: set(g) for i, g in gold.items()}
for e in ev['errors']:
    if e['kind'] == 'FP': pred[e['id']].add(e['code'])
    else: pred[e['id']].discard(e['code'])
bad = [i for i in gold if pred[i] != tag[i]]
assert not bad, f'{len(bad)} sentences differ, e.g. {bad[:3]}'
assert any('model' in c for l in open(f'{tmp}/tag.jsonl') for c in json.loads(l)['codes']), 'tag rows carry no model'
PY

# run: the shared training records (HTML), then the same sentences' codes from the database
# must equal tag's codes for those sentences with their previous sentence.
mkdir -p "$TMP/rec"
cp "$REPO/../shared/corpus-train/S-PV-5511.html" "$REPO/../shared/corpus-train/S-PV-4104.html" "$TMP/rec/"
"$NC" run --quiet --lexicons "$TMP/lex" --db "$TMP/db.sqlite" "$TMP/rec" || fail "run exited $?"
python3 - "$TMP" <<'PY' > "$TMP/from_db.jsonl" || fail "reading the database"
import json, sqlite3, sys
tmp = sys.argv[1]
db = sqlite3.connect(f'{tmp}/db.sqlite')
for doc_id, text in db.execute("SELECT d.id, dt.text FROM documents d JOIN document_text dt ON dt.doc_id = d.id"):
    for tid, role, proc in db.execute("SELECT id, role, procedural FROM turns WHERE doc_id=? ORDER BY idx", (doc_id,)):
        if proc: continue
        prev = ''
        for sid, cs, ce in db.execute("SELECT id, char_start, char_end FROM sentences WHERE turn_id=? ORDER BY idx", (tid,)):
            s = text[cs:ce]
            codes = sorted({r[0] for r in db.execute(
                "SELECT code FROM evidence WHERE sentence_id=? AND polarity='asserted'", (sid,))})
            models = {r[0] for r in db.execute("SELECT model_version FROM evidence WHERE sentence_id=?", (sid,))}
            print(json.dumps({"id": sid, "text": s, "previous": prev, "role": role, "db": codes,
                              "models": sorted(models)}))
            prev = s
PY
"$NC" tag --lexicons "$TMP/lex" < "$TMP/from_db.jsonl" > "$TMP/tag_db.jsonl" || fail "tag on db sentences exited $?"
python3 - "$TMP" <<'PY' || fail "run and tag disagree"
import json, sys
tmp = sys.argv[1]
db = [json.loads(l) for l in open(f'{tmp}/from_db.jsonl')]
tg = [json.loads(l) for l in open(f'{tmp}/tag_db.jsonl')]
assert len(db) == len(tg) and len(db) > 300, len(db)
bad = [(d['id'], d['db'], t['labels']) for d, t in zip(db, tg) if d['db'] != sorted(t['labels'])]
assert not bad, f'{len(bad)} of {len(db)} sentences differ, e.g. {bad[:3]}'
assert sum(1 for d in db if d['db']) > 0, 'no sentence coded'
assert any(m for d in db for m in d['models'] if m), 'no evidence row names the model'
PY

# A model change recodes; the same model does not.
"$NC" run --quiet --lexicons "$TMP/lex" --db "$TMP/db.sqlite" "$TMP/rec" || fail "rerun exited $?"
[ "$(sqlite3 "$TMP/db.sqlite" 'SELECT changed, unchanged FROM runs ORDER BY id DESC LIMIT 1')" = "0|2" ] \
  || fail "rerun with the same model recoded: $(sqlite3 "$TMP/db.sqlite" 'SELECT changed, unchanged FROM runs ORDER BY id DESC LIMIT 1')"
cp "$TMP/m3/en.model" "$TMP/lex/model.en"
"$NC" run --quiet --lexicons "$TMP/lex" --db "$TMP/db.sqlite" "$TMP/rec" || fail "run with a new model exited $?"
[ "$(sqlite3 "$TMP/db.sqlite" 'SELECT changed, unchanged FROM runs ORDER BY id DESC LIMIT 1')" = "2|0" ] \
  || fail "a new model did not recode both records"
M3=$(sqlite3 "$TMP/db.sqlite" "SELECT DISTINCT model_version FROM evidence WHERE model_version != ''")
[ "$(echo "$M3" | wc -l)" = 1 ] || fail "evidence of two models after recoding: $M3"

# A corrupt model: exit 3, nothing written.
before=$(sqlite3 "$TMP/db.sqlite" 'SELECT count(*) FROM runs; SELECT count(*), sum(score) FROM evidence' | md5sum)
head -c 2000 "$TMP/m1/en.model" > "$TMP/lex/model.en"
set +e
"$NC" run --quiet --lexicons "$TMP/lex" --db "$TMP/db.sqlite" "$TMP/rec" 2> "$TMP/err.txt"
rc=$?
set -e
[ $rc -eq 3 ] || fail "corrupt model: exit $rc, want 3"
grep -q "corrupt model" "$TMP/err.txt" || fail "corrupt model message: $(cat "$TMP/err.txt")"
after=$(sqlite3 "$TMP/db.sqlite" 'SELECT count(*) FROM runs; SELECT count(*), sum(score) FROM evidence' | md5sum)
[ "$before" = "$after" ] || fail "a refused model changed the database"
"$NC" tag --lexicons "$TMP/lex" < /dev/null > /dev/null 2>&1 && fail "tag accepted a corrupt model"

# --no-model: the lexicon alone, even with the corrupt file named.
"$NC" run --quiet --no-model --lexicons "$TMP/lex" --db "$TMP/db.sqlite" "$TMP/rec" || fail "--no-model run exited $?"
[ "$(sqlite3 "$TMP/db.sqlite" "SELECT count(*) FROM evidence WHERE model_version != '' OR entry_id LIKE 'model.%'")" = 0 ] \
  || fail "--no-model left model evidence"
echo "model_paths: ok"
