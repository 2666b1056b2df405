#!/usr/bin/env python3
"""Figures of a coding campaign as Markdown: records, sentences by selection, label counts,
Cohen's kappa between the two independent codings (pooled over sentence x code, and per code),
adjudication, and each coder's calibration on the development set.
Usage: report.py GOLD.jsonl CAMPAIGN_DIR"""
import json, os, re, sys, glob, collections

CODES = ["validity_contestation","application_contestation","hesitation_lack_of_initiative",
 "hesitation_delaying","hesitation_flip_flopping","recalcitrance_ignoring","recalcitrance_rejecting",
 "recalcitrance_obstructing","determined_implementation","non_implementation"]

def kappa(pairs):
    n = len(pairs)
    if not n: return float('nan')
    po = sum(a == b for a, b in pairs) / n
    pa = sum(a for a, _ in pairs) / n; pb = sum(b for _, b in pairs) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)

gold_path, camp = sys.argv[1], sys.argv[2]
rows = [json.loads(l) for l in open(gold_path, encoding='utf-8')]
recs = sorted({r['doc'] for r in rows})
sel = collections.Counter(r['selection'] for r in rows)
lab = collections.Counter(c for r in rows for c in r['labels'])
adj = sum(r['adjudicated'] for r in rows)
# Agreement over every sentence both coders coded, including those still waiting for a third
# reading (leaving them out would overstate agreement).
def outbox(c, b):
    p = os.path.join(camp, 'coders', c, 'outbox', b + '.jsonl')
    return {json.loads(l)['id']: set(json.loads(l)['labels']) for l in open(p) if l.strip()} if os.path.exists(p) else None
st = json.load(open(os.path.join(camp, 'assign.json')))
pooled, per, n_double, n_dis = [], {c: [] for c in CODES}, 0, 0
for bname, info in sorted(st['batches'].items()):
    x, y = (outbox(c, bname) for c in info['coders'])
    if x is None or y is None: continue
    for i in x:
        if i not in y: continue
        n_double += 1; n_dis += x[i] != y[i]
        for c in CODES:
            p = (int(c in x[i]), int(c in y[i])); pooled.append(p); per[c].append(p)
print(f"- records: {len(recs)}; sentences: {len(rows)} ({sel['topical']} topical, {sel['random']} random 10% of the rest, weight 10)")
print(f"- double coded: {n_double} sentences by {len({c for r in rows for c in r['coders']})} coders in pairs; "
      f"pooled Cohen's kappa **{kappa(pooled):.3f}** over sentence x code; {n_dis} sentences disagreed, "
      f"{adj} of them settled by a third independent reading (majority per code), "
      f"{n_double - len(rows)} still waiting for it and left out of the gold file")
print("\n| code | first coding | second coding | both | kappa | gold labels |\n|---|---|---|---|---|---|")
for c in CODES:
    a = sum(p[0] for p in per[c]); b = sum(p[1] for p in per[c]); both = sum(1 for p in per[c] if p == (1, 1))
    k = f"{kappa(per[c]):.3f}" if (a or b) else "–"
    print(f"| {c} | {a} | {b} | {both} | {k} | {lab[c]} |")
w = sum(r['sampling_weight'] for r in rows)
wpos = sum(r['sampling_weight'] for r in rows if r['labels'])
print(f"\nSentences with any code: {sum(1 for r in rows if r['labels'])} of {len(rows)} in the sample; "
      f"re-weighted to the whole stream of these records: {100 * wpos / w:.1f}% of sentences.")
print("\nCalibration on the development set (each coder's first, blind pass against the adjudicated labels; "
      "the second pass followed the feedback on the same sentences and is not independent):\n")
print("| coder | first pass pooled kappa | after feedback |\n|---|---|---|")
for d in sorted(glob.glob(os.path.join(camp, 'coders', '*', 'calibration.txt'))):
    name = os.path.basename(os.path.dirname(d))
    ks = re.findall(r'pooled kappa ([0-9.]+)', open(d).read())
    if ks:
        print(f"| {name} | {ks[0]} | {ks[1] if len(ks) > 1 else '–'} |")
