#!/usr/bin/env python3
"""Assemble the double-coded gold file from a coding campaign folder.

Layout of CAMPAIGN (see tools/coding/README.md): batches/batch_NNN.jsonl (the sampled sentences),
assign.json (which two coders coded each batch), coders/NAME/outbox/batch_NNN.jsonl (each coder's
codes), and for each batch the third, independent reading of the sentences the two disagreed on
(assign.json's "adjudication": which coder got adj_NNN.jsonl). A sentence's label set is the codes both coders gave; where they disagree, each code
is decided by the majority of the three readings. Sentences still waiting for their third reading
are left out (and counted).

Output, one JSON object per sentence: id, doc (record), turn, speaker, country, role, date, text,
previous, labels, coder_a, coder_b, coders (names), adjudication (third reading or null),
adjudicated (bool), selection, sampling_weight.

Usage: assemble.py CAMPAIGN > gold.jsonl"""
import argparse, glob, json, os, re, sys

def load_outbox(path):
    out = {}
    if os.path.exists(path):
        for l in open(path, encoding='utf-8'):
            if l.strip():
                d = json.loads(l); out[d['id']] = sorted(set(d.get('labels', [])))
    return out

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('campaign')
    a = ap.parse_args()
    st = json.load(open(os.path.join(a.campaign, 'assign.json')))
    # The third readings: the file adjudicate.py sent for each batch, from the coder it went to.
    adj = {}
    for b, info in st.get('adjudication', {}).items():
        adj.update(load_outbox(os.path.join(a.campaign, 'coders', info['coder'], 'outbox', info['file'] + '.jsonl')))
    n = pending = 0
    written = set()
    for b, info in sorted(st['batches'].items()):
        ca, cb = info['coders']
        x = load_outbox(os.path.join(a.campaign, 'coders', ca, 'outbox', b + '.jsonl'))
        y = load_outbox(os.path.join(a.campaign, 'coders', cb, 'outbox', b + '.jsonl'))
        if not x or not y:
            continue
        for l in open(os.path.join(a.campaign, 'batches', b + '.jsonl'), encoding='utf-8'):
            s = json.loads(l)
            i = s['id']
            if i in written:  # a batch that listed a sentence twice (a record under two paths)
                continue
            if i not in x or i not in y:
                pending += 1; continue
            la, lb = x[i], y[i]
            third = None
            if la == lb:
                labels = la
            elif i in adj:
                third = adj[i]
                codes = set(la) | set(lb) | set(third)
                labels = sorted(c for c in codes if (c in la) + (c in lb) + (c in third) >= 2)
            else:
                pending += 1; continue
            m = re.match(r'^(.*)-t(\d+)-s(\d+)$', i)
            rec = {"id": i, "doc": s['doc'], "turn": int(m.group(2)) if m else None, "speaker": s['speaker'],
                   "country": s['country'], "role": s.get('role', ''), "date": s['date'], "text": s['text'],
                   "previous": s['previous'], "labels": labels, "coder_a": la, "coder_b": lb,
                   "coders": [ca, cb], "adjudication": third, "adjudicated": third is not None,
                   "selection": s['selection'], "sampling_weight": s['sampling_weight']}
            print(json.dumps(rec, ensure_ascii=False)); n += 1
            written.add(i)
    print(f"assemble: {n} sentences written, {pending} waiting for a coding or a third reading", file=sys.stderr)

if __name__ == '__main__':
    main()
