#!/usr/bin/env python3
"""Inter-coder agreement of the campaign: pooled and per-code Cohen's kappa over every
double-coded batch, plus the disagreement list for adjudication."""
import json, glob, os, sys
B = '/work/campaign'
CODES = ["validity_contestation","application_contestation","hesitation_lack_of_initiative",
 "hesitation_delaying","hesitation_flip_flopping","recalcitrance_ignoring","recalcitrance_rejecting",
 "recalcitrance_obstructing","determined_implementation","non_implementation"]
st = json.load(open(f'{B}/assign.json'))
def load(c, b):
    p = f'{B}/coders/{c}/outbox/{b}.jsonl'
    if not os.path.exists(p): return None
    return {json.loads(l)['id']: json.loads(l) for l in open(p) if l.strip()}
def kappa(pairs):
    n = len(pairs)
    if not n: return float('nan')
    po = sum(a == b for a, b in pairs) / n
    pa = sum(a for a, _ in pairs) / n; pb = sum(b for _, b in pairs) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)
pooled, per, dis, done = [], {c: [] for c in CODES}, [], 0
for b, info in sorted(st['batches'].items()):
    x, y = (load(c, b) for c in info['coders'])
    if x is None or y is None: continue
    done += 1
    for l in open(f'{B}/batches/{b}.jsonl'):
        s = json.loads(l); i = s['id']
        if i not in x or i not in y: print(f"{b}: {i} missing in a coding", file=sys.stderr); continue
        la, lb = set(x[i]['labels']), set(y[i]['labels'])
        for c in CODES:
            p = (int(c in la), int(c in lb)); pooled.append(p); per[c].append(p)
        if la != lb: dis.append((b, i))
print(f"{done} batches double-coded, {len(pooled)//len(CODES)} sentences; pooled kappa {kappa(pooled):.3f}; {len(dis)} sentences disagree")
for c in CODES:
    a = sum(p[0] for p in per[c]); bb = sum(p[1] for p in per[c])
    if a or bb: print(f"  {c:32s} kappa {kappa(per[c]):.3f}  coder1 {a} coder2 {bb} both {sum(1 for p in per[c] if p==(1,1))}")
