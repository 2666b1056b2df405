#!/usr/bin/env python3
"""Calibration feedback for a coder: Cohen's kappa of CODER_FILE against the adjudicated
development labels (pooled over sentence x code, and per code), then the disagreements with
the adjudicated label and its note. Usage: kappa_dev.py CODER_FILE.jsonl"""
import json, sys
CODES = ["validity_contestation","application_contestation","hesitation_lack_of_initiative",
 "hesitation_delaying","hesitation_flip_flopping","recalcitrance_ignoring","recalcitrance_rejecting",
 "recalcitrance_obstructing","determined_implementation","non_implementation"]
gold = {}
for l in open('/work/shared/gold/dev_sentences.jsonl', encoding='utf-8'):
    d = json.loads(l); gold[d['id']] = d
mine = {}
for n, l in enumerate(open(sys.argv[1], encoding='utf-8'), 1):
    if not l.strip(): continue
    try: d = json.loads(l)
    except Exception as e: sys.exit(f"{sys.argv[1]}:{n}: not JSON: {e}")
    bad = [c for c in d.get('labels', []) if c not in CODES]
    if bad: sys.exit(f"{sys.argv[1]}:{n}: unknown code(s) {bad}")
    mine[d['id']] = set(d.get('labels', []))
missing = [i for i in gold if i not in mine]
if missing: print(f"WARNING: {len(missing)} development sentences not coded, e.g. {missing[:3]}; counted as uncoded")
def kappa(pairs):
    n = len(pairs)
    if n == 0: return float('nan')
    po = sum(1 for a, b in pairs if a == b) / n
    pa = sum(a for a, _ in pairs) / n; pb = sum(b for _, b in pairs) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)
pooled = []
per = {}
for i, g in gold.items():
    gl = set(g['labels']); ml = mine.get(i, set())
    for c in CODES:
        p = (int(c in ml), int(c in gl)); pooled.append(p); per.setdefault(c, []).append(p)
print(f"pooled kappa {kappa(pooled):.3f} over {len(gold)} sentences x {len(CODES)} codes")
for c in CODES:
    if any(a or b for a, b in per[c]):
        tp = sum(1 for a, b in per[c] if a and b); fp = sum(1 for a, b in per[c] if a and not b); fn = sum(1 for a, b in per[c] if b and not a)
        print(f"  {c:32s} kappa {kappa(per[c]):.3f}  agree-pos {tp}  only-you {fp}  only-gold {fn}")
print("\nDisagreements (adjudicated labels and note):")
for i, g in gold.items():
    gl = set(g['labels']); ml = mine.get(i, set())
    if gl != ml:
        print(f"- {i}: you {sorted(ml)} | adjudicated {sorted(gl)}\n  text: {g['text']}\n  note: {g.get('note','')}")
