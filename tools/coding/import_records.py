#!/usr/bin/env python3
"""Copy fetched records into tests/data/coded/records/ and write tests/data/coded/manifest.tsv.

Each fetch manifest row (file, repo_path, commit, total_chars, meeting_date, topic, sha256) is
checked against the fetched file: its length in characters must equal total_chars (the source's
length as the repository reader reports it) and its sha256 must match. Reserved records
(issue 12) are refused outright.
Usage: import_records.py FETCH_DIR RECORDS_DIR REPO_ROOT"""
import glob, hashlib, os, shutil, sys

RESERVED = {'S-PV-5040', 'S-PV-5048', 'S-PV-5090', 'S-PV-5096', 'S-PV-5191', 'S-PV-5430', 'S-PV-5482',
            'S-PV-5519', 'S-PV-5631', 'S-PV-5674', 'S-PV-5727', 'S-PV-5748', 'S-PV-5758'}
RESERVED_PREFIX = ('S-PV-5319', 'S-PV-5898')

def main():
    fetch, records, repo = sys.argv[1:4]
    out_dir = os.path.join(repo, 'tests', 'data', 'coded', 'records')
    os.makedirs(out_dir, exist_ok=True)
    rows, seen = [], set()
    for m in sorted(glob.glob(os.path.join(fetch, 'manifest_*.tsv'))):
        for n, line in enumerate(open(m, encoding='utf-8'), 1):
            if not line.strip():
                continue
            f = line.rstrip('\n').split('\t')
            if len(f) != 7:
                sys.exit(f'{m}:{n}: expected 7 columns, got {len(f)}')
            name, repo_path, commit, chars, date, topic, sha = f
            stem = name[:-5] if name.endswith('.html') else name
            if stem in RESERVED or stem.startswith(RESERVED_PREFIX):
                sys.exit(f'{m}:{n}: {name} is reserved for independent evaluation')
            if name in seen:
                continue
            seen.add(name)
            data = open(os.path.join(records, name), 'rb').read()
            if len(data.decode('utf-8')) != int(chars):
                sys.exit(f'{m}:{n}: {name} has {len(data.decode("utf-8"))} characters, the source {chars}')
            if hashlib.sha256(data).hexdigest() != sha:
                sys.exit(f'{m}:{n}: {name} sha256 differs from the manifest')
            shutil.copyfile(os.path.join(records, name), os.path.join(out_dir, name))
            rows.append((name, repo_path, commit, str(len(data)), chars, sha, date, topic))
    rows.sort()
    with open(os.path.join(repo, 'tests', 'data', 'coded', 'manifest.tsv'), 'w', encoding='utf-8') as out:
        out.write('file\trepo_path\tcommit\tbytes\ttotal_chars\tsha256\tmeeting_date\ttopic\n')
        for r in rows:
            out.write('\t'.join(r) + '\n')
    print(f'{len(rows)} records imported into {out_dir}')

if __name__ == '__main__':
    main()
