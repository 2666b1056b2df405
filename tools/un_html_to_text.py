#!/usr/bin/env python3
"""Render a UN verbatim record in the corpus-sample HTML format as UN plain text.

Usage: tools/un_html_to_text.py IN.html > OUT.txt

The output follows the layout of the plain-text verbatim records of the UN
document system: a header (symbol, body, meeting, date, President/Members with
leader dots, Agenda), then one paragraph per line separated by blank lines,
speaker labels "Mr. X (Country) (spoke in French): " opening a turn, "The
President: " for the President, procedural lines (italic lines, subheadings,
vote blocks) on their own. Every word of the body comes from the HTML, in
order; only the header lines "United Nations", the weekday, the ordinal
meeting line and "New York" are layout the HTML does not spell out (they are
derived from its code, date and time fields). Standard library only.
"""
import datetime
import html.parser
import sys


class Block:
    def __init__(self, cls):
        self.cls = cls
        self.paras = []     # list of (kind, text); kind: "p", "blockquote"
        self.speaker = {}   # name / nation / language for spoken blocks
        self.votes = {"favour": [], "against": [], "abstain": []}
        self.fields = {}    # heading: code/date/time


class Parser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.block = None
        self.div_depth = 0
        self.text = None        # collecting text of a p/blockquote
        self.kind = None
        self.span = None        # class of the span being read
        self.span_text = ""
        self.in_h3 = False
        self.attendees = []     # (name, nation, place)
        self.cur_att = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div":
            self.div_depth += 1
            if self.div_depth == 1:
                self.block = Block(a.get("class", ""))
                self.blocks.append(self.block)
        elif tag in ("p", "blockquote") and self.block is not None:
            self.text, self.kind = "", tag
            if self.block.cls == "council-attendees":
                self.cur_att = {}
        elif tag == "h3":
            self.in_h3 = True
        elif tag == "span":
            self.span, self.span_text = a.get("class", ""), ""

    def handle_endtag(self, tag):
        if tag == "div":
            self.div_depth -= 1
            if self.div_depth == 0:
                self.block = None
        elif tag in ("p", "blockquote") and self.text is not None:
            t = " ".join(self.text.split())
            if self.block.cls == "council-attendees" and self.cur_att is not None:
                self.attendees.append(self.cur_att)
                self.cur_att = None
            elif t:
                self.block.paras.append((self.kind, t))
            self.text = None
        elif tag == "h3":
            self.in_h3 = False
        elif tag == "span" and self.span is not None:
            t = " ".join(self.span_text.split())
            b = self.block
            if b is not None:
                if self.in_h3:
                    b.speaker[self.span] = t
                elif b.cls == "heading":
                    b.fields[self.span] = t
                elif b.cls == "council-attendees" and self.cur_att is not None:
                    self.cur_att[self.span] = t
                elif self.span in b.votes:
                    b.votes[self.span].append(t)
            self.span = None

    def handle_data(self, data):
        if self.span is not None:
            self.span_text += data
        if self.text is not None:
            self.text += data


def ordinal(n):
    if 10 <= n % 100 <= 20:
        suf = "th"
    else:
        suf = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suf}"


def clock(hhmm):
    h, m = (int(x) for x in hhmm.split(":"))
    return f"{(h - 1) % 12 + 1}.{m:02d} {'a.m.' if h < 12 else 'p.m.'}"


def leader(left, right, width=60):
    dots = " ." * max(3, (width - len(left) - len(right)) // 2)
    return f"{left}{dots} {right}"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        p = Parser()
        p.feed(f.read())
    out = []
    head = next(b for b in p.blocks if b.cls == "heading")
    code = head.fields.get("code", "")            # "S-PV-5284"
    symbol = code.replace("-", "/", 1).replace("-", ".", 1)  # "S/PV.5284"
    meeting = int(symbol.split(".")[-1])
    date = datetime.date.fromisoformat(head.fields["date"])
    out.append(f"United Nations{' ' * 40}{symbol}")
    out.append("Security Council" if symbol.startswith("S/") else "General Assembly")
    out.append(f"{ordinal(meeting)} meeting")
    when = f"{date.strftime('%A')}, {date.day} {date.strftime('%B %Y')}"
    if head.fields.get("time"):
        when += ", " + clock(head.fields["time"])
    out.append(when)
    out.append("New York")
    out.append("")
    pres = [a for a in p.attendees if a.get("place") == "president"]
    members = [a for a in p.attendees if a.get("place") != "president"]
    for a in pres:
        out.append("President: " + leader(a.get("name", ""), f"({a.get('nation', '')})"))
    for i, a in enumerate(members):
        out.append(("Members: " if i == 0 else "         ") + leader(a.get("nation", ""), a.get("name", "")))
    out.append("")
    agenda = next((b for b in p.blocks if b.cls == "council-agenda"), None)
    if agenda:
        out.append("Agenda")
        out.append("")
        for _, t in agenda.paras:
            out.append(t)
            out.append("")
    for b in p.blocks:
        if b.cls in ("italicline", "subheading"):
            for _, t in b.paras:
                out.append(t)
                out.append("")
        elif b.cls == "spoken":
            s = b.speaker
            label = s.get("name", "")
            if s.get("nation"):
                label += f" ({s['nation']})"
            if s.get("language"):
                label += f" (spoke in {s['language']})"
            for i, (_, t) in enumerate(b.paras):
                out.append(f"{label}: {t}" if i == 0 else t)
                out.append("")
        elif b.cls == "recvote":
            out.append("A vote was taken by show of hands.")
            out.append("")
            for key, title in (("favour", "In favour"), ("against", "Against"), ("abstain", "Abstaining")):
                if b.votes[key]:
                    out.append(f"{title}:")
                    out.append(", ".join(b.votes[key]))
                    out.append("")
    while out and out[-1] == "":
        out.pop()
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
