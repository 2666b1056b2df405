#!/usr/bin/env python3
"""Code new records in /work/campaign/records into campaign.db (normcode run, incremental), sample
their sentences, cut batches of whole records (>= MIN sentences), give each batch to the two coders
with the least load (never the same pair twice in a row if avoidable), copy to their inboxes."""
import json, os, subprocess, sys, itertools, glob
B = '/work/campaign'
CODERS = sys.argv[1].split(',') if len(sys.argv) > 1 else ['amara', 'bruno', 'chen', 'dalia']
MIN = int(sys.argv[2]) if len(sys.argv) > 2 else 250
state_f = f'{B}/assign.json'
st = json.load(open(state_f)) if os.path.exists(state_f) else {"batched_records": [], "batches": {}}
subprocess.run(['/work/main/build/normcode', 'run', '--quiet', '--db', f'{B}/campaign2.db', f'{B}/records'], check=False)
out = subprocess.run(['python3', '/work/main/tools/coding/sample.py', f'{B}/campaign2.db'], capture_output=True, text=True, check=True).stdout
byrec = {}
for l in out.splitlines():
    d = json.loads(l); byrec.setdefault(d['doc'], []).append(d)
new = [r for r in sorted(byrec) if r not in st['batched_records']]
force = '--flush' in sys.argv
load = {c: 0 for c in CODERS}
for b in st['batches'].values():
    for c in b['coders']:
        if c in load: load[c] += b['n']
cur, recs = [], []
def emit():
    global cur, recs
    n = len(st['batches']) + 1
    name = f'batch_{n:03d}'
    pair = sorted(itertools.combinations(CODERS, 2), key=lambda p: (load[p[0]] + load[p[1]], p))[0]
    os.makedirs(f'{B}/batches', exist_ok=True)
    with open(f'{B}/batches/{name}.jsonl', 'w') as f:
        for d in cur: f.write(json.dumps(d, ensure_ascii=False) + '\n')
    for c in pair:
        os.makedirs(f'{B}/coders/{c}/inbox', exist_ok=True)
        with open(f'{B}/coders/{c}/inbox/.{name}.tmp', 'w') as f:
            for d in cur:
                f.write(json.dumps({k: d[k] for k in ['id', 'doc', 'date', 'speaker', 'country', 'previous', 'text']}, ensure_ascii=False) + '\n')
        os.rename(f'{B}/coders/{c}/inbox/.{name}.tmp', f'{B}/coders/{c}/inbox/{name}.jsonl')
        load[c] += len(cur)
    st['batches'][name] = {"records": recs, "n": len(cur), "coders": list(pair)}
    st['batched_records'].extend(recs)
    print(f"{name}: {len(cur)} sentences from {len(recs)} records -> {pair}")
    cur, recs = [], []
for r in new:
    cur += byrec[r]; recs.append(r)
    if len(cur) >= MIN: emit()
if cur and force: emit()
elif cur: print(f"holding {len(cur)} sentences of {recs} until the batch reaches {MIN}")
json.dump(st, open(state_f, 'w'), indent=1)
