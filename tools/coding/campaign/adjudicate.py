#!/usr/bin/env python3
"""adjudicate.py ADJ1[,ADJ2...]: for every double-coded batch not yet sent, the sentences whose two
codings differ go to a third coder (the first listed who coded neither side) as adj_NNN.jsonl,
without either coding: an independent third reading; assemble.py takes the majority per code."""
import json, os, sys
B = '/work/campaign'
adjs = sys.argv[1].split(',')
st = json.load(open(f'{B}/assign.json'))
st.setdefault('adjudication', {})
def load(c, b):
    p = f'{B}/coders/{c}/outbox/{b}.jsonl'
    return {json.loads(l)['id']: sorted(set(json.loads(l)['labels'])) for l in open(p) if l.strip()} if os.path.exists(p) else None
for b, info in sorted(st['batches'].items()):
    if b in st['adjudication']: continue
    x, y = (load(c, b) for c in info['coders'])
    if x is None or y is None: continue
    who = next((a for a in adjs if a not in info['coders']), None)
    if who is None: continue
    rows = [json.loads(l) for l in open(f'{B}/batches/{b}.jsonl')]
    dis = [r for r in rows if x.get(r['id']) != y.get(r['id'])]
    name = 'adj_' + b.split('_')[1]
    st['adjudication'][b] = {"coder": who, "file": name, "n": len(dis)}
    if dis:
        os.makedirs(f'{B}/coders/{who}/inbox', exist_ok=True)
        with open(f'{B}/coders/{who}/inbox/.{name}.tmp', 'w') as f:
            for r in dis:
                f.write(json.dumps({k: r[k] for k in ['id', 'doc', 'date', 'speaker', 'country', 'previous', 'text']}, ensure_ascii=False) + '\n')
        os.rename(f'{B}/coders/{who}/inbox/.{name}.tmp', f'{B}/coders/{who}/inbox/{name}.jsonl')
    print(f'{b}: {len(dis)} disagreements -> {who} ({name})')
json.dump(st, open(f'{B}/assign.json', 'w'), indent=1)
