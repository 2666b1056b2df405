#!/usr/bin/env bash
# `normcode tag`: JSON and plain lines, code point offsets, polarity, targets,
# invalid lines reported in place, the stream continues, exit codes.
# Usage: bash tag_stream.sh <path-to-normcode> <repo-root>
set -euo pipefail
NC=${1:?usage: $0 <normcode> <repo-root>}
REPO=${2:?usage: $0 <normcode> <repo-root>}
LEX="$REPO/tests/data/lexicon_min"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. Valid input: plain text (id = line number), JSON with metadata, a non-ASCII prefix
#    so byte and code point offsets differ, reported speech, French.
{
  echo 'The battalion commander refused to move his troops beyond the perimeter.'
  echo '{"id":"j1","text":"Ça, c’est clair: the Brazilian contingent refused to deploy.","speaker":"Mr. X","role":"briefer","country":"Brazil"}'
  echo '{"id":7,"text":"Some have argued that the battalion refused to move.","speaker":"Ms. Y"}'
  echo '{"id":"f1","text":"Le contingent a refusé d’intervenir malgré les demandes.","language":"fr"}'
  echo 'Nothing to code here.'
} > "$TMP/in.txt"
"$NC" tag --lexicons "$LEX" < "$TMP/in.txt" > "$TMP/out.jsonl" || fail "tag exited $? on valid input"
[ "$(wc -l < "$TMP/out.jsonl")" -eq 5 ] || fail "expected 5 output lines, got $(wc -l < "$TMP/out.jsonl")"
python3 - "$TMP/out.jsonl" "$TMP/in.txt" <<'PY' || fail "output check"
import json, sys
out = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
src = open(sys.argv[2], encoding="utf-8").read().splitlines()
texts = [src[0], json.loads(src[1])["text"], json.loads(src[2])["text"], json.loads(src[3])["text"], src[4]]
assert [o["id"] for o in out] == [1, "j1", 7, "f1", 5], [o["id"] for o in out]
for o, t in zip(out, texts):
    for c in o["codes"]:
        # start/end are code point offsets: slicing the Python str gives the match
        assert t[c["start"]:c["end"]] == c["match"], (t, c)
        for k in ("code", "entry", "polarity", "target", "target_type", "target_iso3"):
            assert k in c, (k, c)
assert out[0]["labels"] == ["recalcitrance_rejecting"], out[0]
assert out[0]["codes"][0]["entry"] == "en.rec.refused_to_move"
j1 = out[1]["codes"][0]
assert j1["start"] == 42 and j1["match"] == "refused", j1
assert len(texts[1][:42].encode("utf-8")) == 45  # byte offset differs
assert j1["target_type"] == "contingent" and j1["target_iso3"] == "BRA", j1
assert out[1]["labels"] == ["recalcitrance_rejecting"]
# reported speech: no label, and (without --all) no evidence listed
assert out[2]["labels"] == [] and out[2]["codes"] == [], out[2]
assert out[3]["labels"] == ["recalcitrance_rejecting"], out[3]
assert out[3]["codes"][0]["entry"] == "fr.rec.refus_intervenir"
assert out[4]["codes"] == [] and out[4]["labels"] == []
PY

# 2. --all lists the non-asserted evidence with its polarity.
"$NC" tag --all --lexicons "$LEX" < "$TMP/in.txt" > "$TMP/all.jsonl" || fail "tag --all exited $?"
python3 - "$TMP/all.jsonl" <<'PY' || fail "--all check"
import json, sys
out = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
c = out[2]["codes"]
assert len(c) == 1 and c[0]["polarity"] == "reported" and c[0]["match"] == "refused", c
assert out[2]["labels"] == []
PY

# 3. Invalid lines: error objects in place, the stream continues, exit 1.
{
  echo '{"id":"a","text":"The contingent refused to move."}'
  echo '{"id":"b"}'
  echo '{not json'
  printf 'caf\xe9 refused to move\n'
  echo '{"id":{"x":1},"text":"t"}'
  echo '{"id":"c","text":"The unit refused to leave.","speaker":5}'
  echo '[1,2]'
  printf 'Final line. The unit refused to move'
} > "$TMP/bad.txt"
set +e
"$NC" tag --lexicons "$LEX" < "$TMP/bad.txt" > "$TMP/bad.jsonl" 2> "$TMP/bad.err"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "expected exit 1 with invalid lines, got $rc"
grep -q "5 of 8 line(s) invalid" "$TMP/bad.err" || fail "stderr summary: $(cat "$TMP/bad.err")"
python3 - "$TMP/bad.jsonl" <<'PY' || fail "invalid line check"
import json, sys
out = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(out) == 8, len(out)
assert out[0]["labels"] == ["recalcitrance_rejecting"]
assert out[1] == {"id": "b", "error": "line 2: no \"text\" string"}, out[1]
assert out[2] == {"id": 3, "error": "line 3: invalid JSON"}, out[2]
assert out[3] == {"id": 4, "error": "line 4: invalid UTF-8"}, out[3]
assert out[4]["error"].startswith("line 5: field \"id\""), out[4]
assert out[5]["error"] == "line 6: field \"speaker\" must be a string", out[5]
assert out[6] == {"id": 7, "codes": [], "labels": []}, out[6]  # not starting with { : plain text
assert out[7]["id"] == 8 and out[7]["labels"] == ["recalcitrance_rejecting"], out[7]
PY

# 4. An over-long line is skipped without being held, the next one is coded.
python3 -c "import sys; sys.stdout.write('x' * 300000 + '\nThe unit refused to move.\n')" > "$TMP/long.txt"
set +e
"$NC" tag --lexicons "$LEX" --max-line-bytes 100000 < "$TMP/long.txt" > "$TMP/long.jsonl" 2>/dev/null
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "over-long line: expected exit 1, got $rc"
python3 - "$TMP/long.jsonl" <<'PY' || fail "long line check"
import json, sys
out = [json.loads(l) for l in open(sys.argv[1])]
assert out[0] == {"id": 1, "error": "line 1: limit max_line_bytes=100000 exceeded"}, out[0]
assert out[1]["labels"] == ["recalcitrance_rejecting"], out[1]
PY

# 5. Empty input: no output, exit 0.
"$NC" tag --lexicons "$LEX" < /dev/null > "$TMP/empty.jsonl" || fail "empty input exit $?"
[ ! -s "$TMP/empty.jsonl" ] || fail "empty input produced output"
echo "PASS tag_stream"
