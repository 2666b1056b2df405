#!/usr/bin/env python3
"""reassign.py OLD NEW [BATCH...]: give OLD's uncoded batches (or the named ones) to NEW, who must
not already code them. The batch file moves from OLD's inbox to NEW's; assign.json is updated."""
import json, os, sys
B = '/work/campaign'
old, new = sys.argv[1], sys.argv[2]
only = set(sys.argv[3:])
st = json.load(open(f'{B}/assign.json'))
for b, info in sorted(st['batches'].items()):
    if only and b not in only: continue
    if old not in info['coders'] or new in info['coders']: continue
    if os.path.exists(f'{B}/coders/{old}/outbox/{b}.jsonl'): continue
    src = f'{B}/coders/{old}/inbox/{b}.jsonl'
    if not os.path.exists(src): continue
    os.makedirs(f'{B}/coders/{new}/inbox', exist_ok=True)
    os.rename(src, f'{B}/coders/{new}/inbox/.{b}.tmp')
    os.rename(f'{B}/coders/{new}/inbox/.{b}.tmp', f'{B}/coders/{new}/inbox/{b}.jsonl')
    info['coders'] = [new if c == old else c for c in info['coders']]
    print(f'{b}: {old} -> {new}')
json.dump(st, open(f'{B}/assign.json', 'w'), indent=1)
