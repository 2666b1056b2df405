#!/usr/bin/env python3
"""Draw the coding sample from a normcode database (the campaign protocol of issue 12):
every sentence of a non-procedural turn that contains a topical anchor, plus a seeded random
10% of the rest; each with `selection` (topical/random) and `sampling_weight` (1 for topical,
1/rate for random) so that rates on the whole stream can be re-weighted.

Usage: sample.py DB [--rate 0.10] [--seed 12] [--exclude IDS_FILE] > sample.jsonl
The draw for a sentence depends only on the seed and its id (a hash), so adding records never
changes the draw of the others."""
import argparse, hashlib, json, re, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sentences import sentences

ANCHORS = re.compile(r"""\b(?:force[sd]?|forcible|mandate[sd]?|protect\w*|civilian\w*|consent\w*|sovereign\w*|
  chapter\s+vii|robust\w*|troops?|troop-contribut\w*|resources?|impartial\w*|offensive\w*|peacekeep\w*|
  peace-keep\w*|deploy\w*|interven\w*|enforce\w*|rules\s+of\s+engagement|contingent\w*|command\w*|
  blue\s+helmets?|all\s+necessary\s+(?:means|measures)|self-defen[cs]e|militia\w*|armed\s+groups?|
  disarm\w*|neutral\w*|non-interference|interference|internal\s+affairs|territorial\s+integrity|
  responsibility\s+to\s+protect|helicopters?|equipment|funding|patrol\w*|caveats?|coerci\w*|military|
  capacity|capabilities|enablers?|logistic\w*|host\s+(?:state|country|government)|spoilers?)\b""",
  re.I | re.X)

def draw(seed, sid):
    h = hashlib.sha256(f"{seed}:{sid}".encode()).digest()
    return int.from_bytes(h[:8], 'big') / 2**64

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('db'); ap.add_argument('--rate', type=float, default=0.10); ap.add_argument('--seed', default='12')
    a = ap.parse_args()
    for s in sentences(a.db):
        if len(s['text']) < 3:
            continue
        if ANCHORS.search(s['text']):
            s['selection'], s['sampling_weight'] = 'topical', 1.0
        elif draw(a.seed, s['id']) < a.rate:
            s['selection'], s['sampling_weight'] = 'random', round(1 / a.rate, 6)
        else:
            continue
        print(json.dumps(s, ensure_ascii=False))

if __name__ == '__main__':
    main()
