#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, and small PDF/DOCX builders shared with the
hostile-input CLI tests (tests/cli/hostile_*.sh import this module).

Usage: make_seeds.py OUT_DIR REPO_ROOT SHARED_CORPUS_SAMPLE_DIR
Writes OUT_DIR/<target>/<seed> for every fuzz target."""
import glob
import io
import os
import sys
import zipfile


def make_pdf(pages, encrypt=False, image_only=False):
    """A minimal valid PDF: `pages` is a list of lists of text lines (Helvetica).
    encrypt adds an /Encrypt dictionary (poppler then refuses it without a password);
    image_only draws a filled rectangle and no text on each page."""
    objs = []  # bodies, object i+1
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(None)  # pages, filled below
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    kids = []
    for lines in pages:
        if image_only:
            content = b"q 0.5 g 50 50 400 600 re f Q\n"
        else:
            parts = [b"BT /F1 11 Tf 14 TL 50 780 Td"]
            for ln in lines:
                esc = ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                parts.append(b"(" + esc.encode("latin-1", "replace") + b") Tj T*")
            parts.append(b"ET")
            content = b"\n".join(parts) + b"\n"
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream")
        content_id = len(objs)
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_id)
        kids.append(len(objs))
    objs[1] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)
    if encrypt:
        objs.append(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"00" * 32 + b"> /U <" + b"11" * 32 + b"> /P -44 >>")
        enc_id = len(objs)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objs) + 1)
    if encrypt:
        trailer += b" /Encrypt %d 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]" % enc_id
    out.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def make_docx(paragraphs):
    """A minimal DOCX (zip with [Content_Types].xml and word/document.xml)."""
    def esc(s):
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    body = "".join('<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % esc(p) for p in paragraphs)
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           '<w:body>%s</w:body></w:document>' % body)
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("word/document.xml", doc)
    return b.getvalue()


VERBATIM_LINES = [
    "United Nations S/PV.9999", "Security Council", "9999th meeting", "Monday, 1 January 2007, 10 a.m.", "New York", "",
    "The President: I call on the representative of Brazil.", "",
    "Mr. Sardenberg (Brazil) (spoke in Spanish): The mandate is unrealistic and the Government",
    "refuses to implement resolution 1706 (2006).", "",
    "The President: I thank the representative of Brazil.",
]
TRANSCRIPT_LINES = [
    "Interview id: 9", "Date: 2017-01-01", "Interviewer: Ana Costa", "Interviewee: Force Commander", "",
    "Q: What did the mandate ask of you?",
    "A: We were asked to protect civilians without the means to protect them.",
]


def write(d, name, data):
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def main():
    out, root, shared = sys.argv[1], sys.argv[2], sys.argv[3]
    html = sorted(glob.glob(os.path.join(shared, "*", "*.html"))) + sorted(glob.glob(os.path.join(root, "corpus", "*.html")))
    texts = sorted(glob.glob(os.path.join(root, "corpus", "*.txt")))
    mds = sorted(glob.glob(os.path.join(root, "corpus", "*.md")))
    read = lambda p: open(p, "rb").read()
    verbatim = "\n".join(VERBATIM_LINES) + "\n"
    transcript = "\n".join(TRANSCRIPT_LINES) + "\n"
    for i, p in enumerate(html):
        write(out + "/un_html", "h%02d.html" % i, read(p))
        write(out + "/decode", "h%02d.html" % i, read(p)[:20000])
    write(out + "/un_html", "tiny.html", "<html><body><p>Mr. X (Brazil): We reject it.</p></body></html>")
    for i, p in enumerate(texts):
        write(out + "/verbatim_text", "t%02d.txt" % i, read(p))
        write(out + "/decode", "t%02d.txt" % i, read(p))
    write(out + "/verbatim_text", "synthetic.txt", verbatim)
    for i, p in enumerate(mds):
        write(out + "/transcript", "m%02d.md" % i, read(p))
    write(out + "/transcript", "synthetic.txt", transcript)
    write(out + "/decode", "utf16le_bom.txt", b"\xff\xfe" + verbatim.encode("utf-16-le"))
    write(out + "/decode", "utf16be_nobom.txt", verbatim.encode("utf-16-be"))
    write(out + "/decode", "cp1252.txt", "Mr. De La Sablière (France): déjà vu – “quoted”.\n".encode("cp1252"))
    write(out + "/decode", "utf8_bom.txt", b"\xef\xbb\xbf" + transcript.encode())
    pdfs = {
        "verbatim.pdf": make_pdf([VERBATIM_LINES[:6], VERBATIM_LINES[6:]]),
        "transcript.pdf": make_pdf([TRANSCRIPT_LINES]),
        "report.pdf": make_pdf([["S/2005/140", "Distr.: General", "4 March 2005", "",
                                 "Report of the Secretary-General on the Sudan", "1. The Government has not implemented the mandate."]]),
        "image_only.pdf": make_pdf([[], []], image_only=True),
        "encrypted.pdf": make_pdf([["secret"]], encrypt=True),
    }
    for n, d in pdfs.items():
        write(out + "/pdf", n, d)
    write(out + "/pdf", "truncated.pdf", pdfs["verbatim.pdf"][: len(pdfs["verbatim.pdf"]) // 2])
    write(out + "/decode", "verbatim.pdf", pdfs["verbatim.pdf"])
    docx = make_docx(VERBATIM_LINES)
    write(out + "/docx", "verbatim.docx", docx)
    write(out + "/docx", "transcript.docx", make_docx(TRANSCRIPT_LINES))
    write(out + "/decode", "verbatim.docx", docx)
    for i, p in enumerate(sorted(glob.glob(os.path.join(root, "tests/data/lexicon_min/*/*.yaml"))
                              + sorted(glob.glob(os.path.join(root, "lexicons/en/*.yaml")))[:4])):
        write(out + "/lexicon", "l%02d.yaml" % i, read(p))
    # tag lines: first byte selects language/role (fuzz_tag_line.cpp), the rest is the line.
    lines = [l.strip() for p in texts for l in open(p, encoding="utf-8", errors="replace") if len(l.strip()) > 40][:60]
    lines += VERBATIM_LINES + TRANSCRIPT_LINES
    lines += ["Le Gouvernement refuse d'appliquer la résolution 1706 (2006) et rejette le mandat.",
              "El Gobierno se niega a aplicar el mandato. La MINUSTAH no ha cumplido."]
    for i, l in enumerate(lines):
        write(out + "/tag_line", "s%03d" % i, bytes([i % 32]) + l.encode("utf-8"))


if __name__ == "__main__":
    main()
