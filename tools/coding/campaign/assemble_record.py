#!/usr/bin/env python3
"""assemble.py FILE TOTAL_CHARS: decode fetch/parts/FILE/part_*.json (JSON-escaped chunk text)
into records/FILE, checking every chunk's length (16000 chars, the last the remainder) and the
total. Prints size and sha256, or names the bad parts and exits 1."""
import glob, hashlib, json, os, sys
name, total = sys.argv[1], int(sys.argv[2])
base = '/work/campaign'
parts = sorted(glob.glob(f'{base}/fetch/parts/{name}/part_*.json'))
expect_n = (total + 15999) // 16000
if len(parts) != expect_n:
    sys.exit(f"{name}: {len(parts)} parts, expected {expect_n} for {total} chars")
out, bad = [], []
for k, p in enumerate(parts):
    raw = open(p, encoding='utf-8').read()
    if raw.endswith('\n') and not raw.endswith('\\n'):
        raw = raw[:-1]  # a trailing newline added by the editor is not part of the escape text
    try:
        s = json.loads('"' + raw + '"')
    except Exception as e:
        bad.append(f"{os.path.basename(p)}: does not decode as a JSON string body ({e})"); continue
    want = 16000 if k < expect_n - 1 else total - 16000 * (expect_n - 1)
    if len(s) != want:
        bad.append(f"{os.path.basename(p)}: decodes to {len(s)} chars, expected {want}")
    out.append(s)
if bad:
    print("\n".join(bad)); sys.exit(1)
text = ''.join(out)
data = text.encode('utf-8')
dst = f'{base}/records/{name}'
open(dst, 'wb').write(data)
print(f"{name}: {len(text)} chars, {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}")
