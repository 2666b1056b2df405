#!/usr/bin/env python3
"""Deterministic benchmark corpus generator for normcode (python3 stdlib only).

    gen_corpus.py --out DIR [--size-mb 200] [--files 10000] [--seed 42]
                  [--sample ../shared/corpus-sample] [--cue-rate 0.03]

Writes a realistic mix of the inputs the pipeline reads, roughly by bytes:
  60% UN verbatim records as HTML, in exactly the markup of
      shared/corpus-sample/unsc/*.html (heading/code/date, council-agenda,
      council-attendees, italicline, subheading, spoken divs with h3.speaker
      span.name/span.nation/span.language, recvote, end-document)  -> DIR/unsc/
  15% verbatim records as plain text ("Mr. X (Country) (spoke in French):",
      "The President:" turns)                                      -> DIR/verbatim-txt/
  15% reports of the Secretary-General as text (S/YYYY/NNN, numbered
      paragraphs)                                                  -> DIR/reports/
  10% interview transcripts, Markdown with a metadata header and Q:/A: turns
                                                                   -> DIR/interviews/

Sentences are sampled from the real <p> texts of the sample records (read at
generation time, with their speakers' names and nations), mixed at a low rate
(--cue-rate, default 3% of sentences) with templated sentences carrying the
cues of the codebook (consent/sovereignty conditions, lack of resources, robust
mandate, refused to deploy, requests went unanswered, ...) and some negated or
reported variants of them, so the matching work is realistic.

Deterministic: the output depends only on the arguments and the sample files
(same seed, same bytes). The total size is within a few percent of --size-mb
and the number of files is exactly --files. A JSON summary goes to stdout.
"""
import argparse
import datetime
import html
import html.parser
import json
import os
import random
import re
import sys

KIND_SHARES = [("unsc_html", 0.60), ("verbatim_txt", 0.15), ("report_txt", 0.15), ("transcript_md", 0.10)]
KIND_DIRS = {"unsc_html": "unsc", "verbatim_txt": "verbatim-txt", "report_txt": "reports",
             "transcript_md": "interviews"}

# ----------------------------------------------------------------------------------------------
# Reading the sample records.


class _SampleParser(html.parser.HTMLParser):
    """Collects spoken turns (speaker name/nation/language + paragraph texts) and attendees."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.turns = []          # [(name, nation, language, [paragraph texts])]
        self.attendees = []      # [(name, nation)]
        self.agendas = []        # council-agenda texts
        self._div = None         # class of the enclosing div
        self._span = None        # class of the open span
        self._in_p = False
        self._buf = []
        self._speaker = {}
        self._paras = []
        self._att = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div":
            self._div = a.get("class")
            if self._div == "spoken":
                self._speaker, self._paras = {}, []
        elif tag == "span":
            self._span = a.get("class")
            self._buf = []
        elif tag in ("p", "blockquote"):
            self._in_p = True
            self._buf = []
            self._att = {}

    def handle_endtag(self, tag):
        if tag == "span" and self._span:
            text = "".join(self._buf).strip()
            if self._div == "spoken" and not self._in_p:
                self._speaker[self._span] = text
            elif self._div in ("council-attendees", "assembly-chairs"):
                self._att[self._span] = text
            self._span = None
        elif tag in ("p", "blockquote") and self._in_p:
            self._in_p = False
            text = re.sub(r"\s+", " ", "".join(self._buf)).strip()
            if self._div == "spoken" and text:
                self._paras.append(text)
            elif self._div in ("council-attendees", "assembly-chairs") and self._att.get("name"):
                self.attendees.append((self._att.get("name"), self._att.get("nation", "")))
            elif self._div == "council-agenda" and text:
                self.agendas.append(text)
        elif tag == "div":
            if self._div == "spoken" and self._paras:
                self.turns.append((self._speaker.get("name", ""), self._speaker.get("nation", ""),
                                   self._speaker.get("language", ""), self._paras))
            self._div = None

    def handle_data(self, data):
        self._buf.append(data)


_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Sir|No|Nos|para|paras|Art|Gen|Lt|Col|Maj|Brig|Amb|St|vol|p|pp|"
                     r"e\.g|i\.e|etc|Add|Corr|Rev|Jr|[A-Z])\.)$")


def split_sentences(text):
    """Simple sentence split on [.?!] + space + capital/quote, not after common abbreviations."""
    out, start = [], 0
    for m in re.finditer(r"[.?!][\"”')]*\s+(?=[A-Z\"“(])", text):
        head = text[start:m.start() + 1]
        if _ABBREV.search(head):
            continue
        s = text[start:m.end()].strip()
        if s:
            out.append(s)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


class Sample:
    def __init__(self, sample_dir):
        files = []
        for sub in sorted(os.listdir(sample_dir)):
            d = os.path.join(sample_dir, sub)
            if os.path.isdir(d):
                files += [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith(".html")]
        if not files:
            sys.exit(f"gen_corpus: no *.html under {sample_dir}/*/")
        self.statement = []     # sentences of non-President speakers
        self.procedural = []    # sentences of the President
        self.speakers = []      # (name, nation) of state representatives, in first-seen order
        self.officials = []     # names of speakers without nation (non-President)
        self.languages = []
        self.agendas = []
        self.nation_language = {}  # "France" -> "French", as seen in h3 language spans
        seen_sp = {}
        for path in files:
            p = _SampleParser()
            with open(path, encoding="utf-8") as f:
                p.feed(f.read())
            p.close()
            self.agendas += [a for a in p.agendas if len(a) < 400]
            for name, nation in p.attendees:
                if name and nation and (name, nation) not in seen_sp:
                    seen_sp[(name, nation)] = True
                    self.speakers.append((name, nation))
            for name, nation, lang, paras in p.turns:
                president = name in ("The President", "Mr. President")
                if lang and lang not in self.languages:
                    self.languages.append(lang)
                if lang and nation and nation not in self.nation_language:
                    self.nation_language[nation] = lang
                if nation and not president and (name, nation) not in seen_sp:
                    seen_sp[(name, nation)] = True
                    self.speakers.append((name, nation))
                if not nation and not president and name and name not in self.officials:
                    self.officials.append(name)
                for para in paras:
                    for s in split_sentences(para):
                        if 20 <= len(s) <= 600:
                            (self.procedural if president else self.statement).append(s)
        if not self.statement or not self.speakers:
            sys.exit("gen_corpus: sample records have no statements")
        if not self.agendas:
            self.agendas = ["The situation in Africa"]


# ----------------------------------------------------------------------------------------------
# Codebook cue templates (invented sentences in the spirit of shared/CODEBOOK.md).

MISSIONS = ["MINUSTAH", "MONUC", "MONUSCO", "UNAMID", "MINUSMA", "UNMISS", "MINUSCA", "UNIFIL", "UNMIS",
            "UNOCI", "UNMIL", "ONUB"]
REGIONS = ["Ituri", "North Kivu", "Darfur", "the Kidal region", "Jonglei", "the Ouaka prefecture",
           "Cité Soleil", "South Kivu", "Gao", "Malakal"]
HOSTS = ["Haiti", "the Sudan", "the Democratic Republic of the Congo", "Mali", "South Sudan",
         "the Central African Republic", "Lebanon", "Liberia", "Côte d'Ivoire", "Burundi"]
NATIONALITIES = ["Indian", "Pakistani", "Bangladeshi", "Brazilian", "Uruguayan", "Nepalese", "Nigerian",
                 "Rwandan", "Ethiopian", "Chinese", "Jordanian", "Egyptian", "Senegalese", "Ghanaian"]

CUES = {
    "verbatim": [
        "Any deployment of the force must have the consent of the Government of {country}.",
        "My delegation cannot accept that peace operations become instruments of enforcement against parties.",
        "The responsibility to protect must not become a pretext for intervention in the internal affairs of sovereign States.",
        "Turning blue helmets into combatants would abandon the very principles that made peacekeeping acceptable to host States.",
        "We abstained because the resolution disregards the sovereignty of {country} and the principle of host-State consent.",
        "Peacekeepers are not soldiers of a party, and peace enforcement is alien to peacekeeping.",
        "The mission lacks the troops, the helicopters and the funding it needs to protect civilians in {region}.",
        "The mandate of {mission} is unrealistic for a force of this size.",
        "Without the means to do so, the mission cannot protect civilians across an area the size of {country}.",
        "The Council has been selective and inconsistent in its action to protect civilians.",
        "Each contingent reads the rules of engagement through its own capital's instructions, and national caveats limit what {mission} can do.",
        "We support a robust mandate for {mission}, authorized to use all necessary means to protect civilians.",
        "The Council has authorized the mission to use force to defend its mandate against spoilers.",
        "{mission} must take firm action against armed groups that attack civilians.",
        "Nobody here suggests that the mandate of {mission} is unrealistic.",
        "Some have argued that the mission lacks resources, but we do not share that view.",
    ],
    "report": [
        "Repeated requests from the mission for a quick-reaction force went unanswered.",
        "The {nat} battalion refused to deploy beyond the perimeter of its base in {region}.",
        "The contingent prevented the joint operation by withholding its vehicles.",
        "The company stayed in its base while the village was attacked.",
        "The operation was ordered, called off, then ordered again a week later.",
        "The contingent only patrols when headquarters insists.",
        "The {nat} contingent said it would act once its capital confirmed the new rules of engagement.",
        "Requests from the Force Commander for additional patrols in {region} were not answered by the contingent.",
        "{mission} launched a pre-emptive operation to disarm the militia before it reached the camp.",
        "The mission lacks the enablers and the resources to implement its mandate in {region}.",
        "The host Government has withdrawn its consent to the deployment of the force in {region}.",
        "Peacekeepers used force to protect civilians in {region} under the robust mandate of {mission}.",
    ],
    "interview": [
        "We waited for the capital to confirm the rules of engagement before we moved.",
        "My troops are ready to use lethal force to protect civilians.",
        "We launched a pre-emptive operation to disarm the militia before it reached the camp.",
        "Headquarters asked us three times for a patrol and we did not answer.",
        "The battalion commander refused to move his troops beyond the perimeter.",
        "The mandate asks the battalion to protect civilians across an area the size of France with two helicopters.",
        "We never had the means to do what the mandate asked of us.",
        "Our contingent only went out when the Force Commander insisted.",
        "Peace enforcement is not what our Government sent us to do.",
        "The {nat} company stayed in its base while the village was attacked.",
    ],
}


class Writer:
    def __init__(self, rng, sample, cue_rate):
        self.rng = rng
        self.s = sample
        self.cue_rate = cue_rate
        self.countries = []
        self.by_nation = []  # one (name, nation) per nation, for lists of Council members
        for name, nation in sample.speakers:
            if nation not in self.countries:
                self.countries.append(nation)
                self.by_nation.append((name, nation))

    def members(self, n=15):
        return self.rng.sample(self.by_nation, min(n, len(self.by_nation)))

    def cue(self, family):
        r = self.rng
        t = r.choice(CUES[family])
        return t.format(country=r.choice(self.countries), region=r.choice(REGIONS), mission=r.choice(MISSIONS),
                        nat=r.choice(NATIONALITIES))

    def sentence(self, family, pool=None):
        if self.rng.random() < self.cue_rate:
            return self.cue(family)
        return self.rng.choice(pool if pool is not None else self.s.statement)

    def paragraph(self, family, lo=1, hi=6, pool=None):
        n = self.rng.randint(lo, hi)
        return " ".join(self.sentence(family, pool) for _ in range(n))


def ubytes(s):
    return len(s.encode("utf-8"))


def random_date(rng, lo_year=2000, hi_year=2020):
    start = datetime.date(lo_year, 1, 1).toordinal()
    end = datetime.date(hi_year, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(start, end))


def fill(target, fixed, make_para, rng):
    """Returns paragraphs whose UTF-8 size plus `fixed` is within half a paragraph of target."""
    paras, size = [], fixed
    while True:
        p = make_para()
        b = ubytes(p) + 1
        if size + b > target and (target - size) < b / 2:
            break
        paras.append(p)
        size += b
        if size >= target:
            break
    return paras


# ----------------------------------------------------------------------------------------------
# The four kinds.

HTML_HEAD = ('<html>\n<head>\n<link href="unview.css" type="text/css" rel="stylesheet" media="all">\n'
             '</head>\n<body>\n\n')
HTML_TAIL = '<div class="end-document" id="pg999-bk99">\n</div>\n\n</body>\n</html>\n'
ESC = lambda s: html.escape(s, quote=False)  # noqa: E731  (the sample holds no entity at all)


def clock(rng, lo_h, hi_h):
    h = rng.randint(lo_h, hi_h)
    m = rng.choice([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55])
    return h, m


def ampm(h, m):
    return f"{h if h <= 12 else h - 12}.{m:02d} {'a.m.' if h < 12 else 'p.m.'}"


def turns_plan(w, target, fixed, family, speakers, officials):
    """Yields (name, nation, language, paragraphs) turns until the byte target is reached."""
    rng = w.rng
    turns, size = [], fixed
    while size < target:
        if rng.random() < 0.12 and officials:
            name, nation = rng.choice(officials), ""
        else:
            name, nation = rng.choice(speakers)
        lang = w.s.nation_language.get(nation, "") if rng.random() < 0.8 else ""
        paras, tsize = [], 200
        for _ in range(rng.randint(2, 9)):
            p = w.paragraph(family)
            paras.append(p)
            tsize += ubytes(p) + 40
            if size + tsize >= target:
                break
        turns.append((name, nation, lang, paras))
        size += tsize
    return turns


GA_COUNTERS = {}


def gen_unsc_html(w, target, meeting, date):
    rng = w.rng
    ga = rng.random() < 0.15
    if ga:
        session = 55 + (date.year - 2000)
        GA_COUNTERS[session] = GA_COUNTERS.get(session, 0) + 1
        code = f"A-{session}-PV.{GA_COUNTERS[session]}"
    else:
        code = f"S-PV-{meeting}"
    h, m = clock(rng, 9, 16)
    h2, m2 = clock(rng, h + 1, min(h + 3, 19))
    out = [HTML_HEAD, '<div class="heading" id="pg000-bk00">\n'
           f'\t<span class="code">{code}</span> <span class="date">{date.isoformat()}</span> '
           f'<span class="time">{h:02d}:{m:02d}</span><span class="rosetime">{h2:02d}:{m2:02d}</span>\n</div>\n\n']
    agenda = rng.choice(w.s.agendas)
    res = f"S-RES-{1300 + meeting % 1200}({date.year})"
    members = w.members()
    if ga:
        p = members[0]
        out.append('<div class="assembly-chairs" id="pg000-bk03">\n'
                   f'\t<p id="pg000-bk03-pa01"><span class="name">{ESC(p[0])}</span> <span class="nation">'
                   f'{ESC(p[1])}</span> <span class="place">president</span></p>\n</div>\n\n')
    else:
        out.append('<div class="council-agenda" id="pg000-bk01">\n'
                   f'\t<p class="boldline-p" id="pg000-bk01-pa01">{ESC(agenda)} (<a href="../pdf/{res}.pdf" '
                   f'class="pdf">{res.replace("-", "/", 2)}</a>)</p>\n</div>\n\n')
        out.append('<div class="council-attendees" id="pg000-bk02">\n')
        for i, (name, nation) in enumerate(members, 1):
            place = "president" if i == 1 else "member"
            out.append(f'\t<p id="pg000-bk02-pa{i:02d}"><span class="name">{ESC(name)}</span> <span class="nation">'
                       f'{ESC(nation)}</span> <span class="place">{place}</span></p>\n')
        out.append('</div>\n')
    page, bk = 2, 0

    def block(cls, paras, extra=""):
        nonlocal bk, page
        bk += 1
        if bk > 12:
            page, bk = page + 1, 1
        bid = f"pg{page:03d}-bk{bk:02d}"
        s = [f'<div class="{cls}" id="{bid}"{extra}>\n']
        for j, p in enumerate(paras, 1):
            s.append(f'\t<p id="{bid}-pa{j:02d}">{p}</p>\n')
        s.append('</div>\n\n')
        out.append("".join(s))

    def spoken(name, nation, lang, paras):
        nonlocal bk, page
        bk += 1
        if bk > 12:
            page, bk = page + 1, 1
        bid = f"pg{page:03d}-bk{bk:02d}"
        spans = f'<span class="name">{ESC(name)}</span> '
        if nation:
            spans += f'<span class="nation">{ESC(nation)}</span> '
        if lang:
            spans += f'<span class="language">{ESC(lang)}</span> '
        s = [f'<div class="spoken" id="{bid}">\n<h3 class="speaker"> {spans}</h3>\n']
        for j, p in enumerate(paras, 1):
            s.append(f'\t<p id="{bid}-pa{j:02d}">{ESC(p)}</p>\n')
        s.append('</div>\n\n')
        out.append("".join(s))

    block("italicline", [f"The meeting was called to order at {ampm(h, m)}"])
    block("subheading", ["Adoption of the agenda"])
    block("italicline", ["The agenda was adopted."])
    block("subheading", [ESC(agenda)])
    pres_lang = rng.choice(w.s.languages) if w.s.languages and rng.random() < 0.4 else ""
    spoken("The President", "", pres_lang, [w.paragraph("verbatim", 1, 3, w.s.procedural or None)
                                             for _ in range(rng.randint(1, 3))])
    if rng.random() < 0.5:
        bk += 1
        bid = f"pg{page:03d}-bk{bk:02d}"
        favour = sorted(n for _, n in members)
        votes = ", ".join(f'<span class="favour">{ESC(n)}</span>' for n in favour)
        out.append(f'<div class="recvote" id="{bid}">\n\t<p class="motiontext" id="{bid}-pa01"></p>\n'
                   f'\t<p class="votecount" id="{bid}-pa02">favour={len(favour)} against=0 abstain=0 absent=0</p>\n'
                   f'\t<p class="votelist" id="{bid}-pa03">{votes}</p>\n</div>\n\n')
        spoken("The President", "", pres_lang,
               [f'There were {len(favour)} votes in favour. The draft resolution has been adopted unanimously as '
                f'<a href="../pdf/{res}.pdf" class="pdf">resolution {1300 + meeting % 1200} ({date.year})</a>.'])
    fixed = sum(ubytes(x) for x in out) + 900
    for name, nation, lang, paras in turns_plan(w, target, fixed, "verbatim", w.s.speakers,
                                                w.s.officials):
        spoken(name, nation, lang, paras)
    spoken("The President", "", pres_lang, ["There are no further speakers on my list. The Council will remain "
                                            "seized of the matter."])
    block("italicline", [f"The meeting rose at {ampm(h2, m2)}"])
    out.append(HTML_TAIL)
    return f"{code}.html", "".join(out)


ORDINAL_YEAR = ["Fifty", "Fifty-first", "Fifty-second", "Fifty-third", "Fifty-fourth", "Fifty-fifth",
                "Fifty-sixth", "Fifty-seventh", "Fifty-eighth", "Fifty-ninth", "Sixtieth", "Sixty-first",
                "Sixty-second", "Sixty-third", "Sixty-fourth", "Sixty-fifth", "Sixty-sixth", "Sixty-seventh",
                "Sixty-eighth", "Sixty-ninth", "Seventieth", "Seventy-first", "Seventy-second",
                "Seventy-third", "Seventy-fourth", "Seventy-fifth"]


def long_date(d):
    return f"{d.strftime('%A')}, {d.day} {d.strftime('%B')} {d.year}"


def gen_verbatim_txt(w, target, meeting, date):
    rng = w.rng
    h, m = clock(rng, 9, 16)
    members = w.members()
    agenda = rng.choice(w.s.agendas)
    head = [f"United Nations{' ' * 40}S/PV.{meeting}", "Security Council",
            f"{ORDINAL_YEAR[min(date.year - 1995, len(ORDINAL_YEAR) - 1)]} year", f"{meeting}th meeting",
            f"{long_date(date)}, {ampm(h, m)}", "New York", "",
            f"President:  {members[0][0]} {'.' * 20} ({members[0][1]})",
            "Members:"]
    head += [f"  {n} {'.' * 20} {a}" for a, n in sorted(members[1:], key=lambda x: x[1])]
    head += ["", "Agenda", "", agenda, "", f"The meeting was called to order at {ampm(h, m)}", "",
             "Adoption of the agenda", "", "The agenda was adopted.", ""]
    out = ["\n".join(head) + "\n"]
    proc = w.s.procedural or None
    out.append(f"The President: {w.paragraph('verbatim', 1, 3, proc)}\n\n")
    size = sum(ubytes(x) for x in out) + 200
    for name, nation, lang, paras in turns_plan(w, target, size, "verbatim", w.s.speakers, w.s.officials):
        label = name + (f" ({nation})" if nation else "") + (f" (spoke in {lang})" if lang else "")
        out.append(f"{label}: " + "\n\n".join(paras) + "\n\n")
    out.append("The President: There are no further speakers on my list.\n\n"
               f"The meeting rose at {ampm(min(h + 2, 19), m)}\n")
    return f"S-PV-{meeting}.txt", "".join(out)


REPORT_SECTIONS = ["Introduction", "Political developments", "Security situation", "Protection of civilians",
                   "Humanitarian situation", "Mission deployment and operations", "Human rights",
                   "Financial aspects", "Observations"]


def gen_report_txt(w, target, year, num, date):
    rng = w.rng
    mission = rng.choice(MISSIONS)
    country = rng.choice(HOSTS)
    title = f"Report of the Secretary-General on {country}"
    head = (f"United Nations{' ' * 40}S/{year}/{num}\nSecurity Council{' ' * 30}Distr.: General\n"
            f"{' ' * 46}{date.day} {date.strftime('%B')} {year}\n{' ' * 46}Original: English\n\n{title}\n\n")
    out = [head]
    paras = fill(target, ubytes(head) + 400, lambda: w.paragraph("report", 2, 7), rng)
    nsec = max(1, min(len(REPORT_SECTIONS), len(paras) // 6))
    per = max(1, len(paras) // nsec)
    n = 0
    for si in range(nsec):
        out.append(f"{['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX'][si]}. {REPORT_SECTIONS[si]}\n\n")
        chunk = paras[si * per:(si + 1) * per] if si < nsec - 1 else paras[si * per:]
        for p in chunk:
            n += 1
            out.append(f"{n}. {p}\n\n")
    out.append(f"{n + 1}. I thank my Special Representative and the personnel of {mission} for their "
               "dedication.\n")
    return f"S-{year}-{num}.txt", "".join(out)


ROLES = ["senior officer", "contingent commander", "staff officer, mission headquarters", "former Force Commander",
         "battalion commander", "civilian official, DPKO", "military observer"]


def gen_transcript_md(w, target, idx, date):
    rng = w.rng
    nat = rng.choice(NATIONALITIES)
    mission = rng.choice(MISSIONS)
    role = rng.choice(ROLES)
    head = (f"# Interview {idx}: {role}, {mission}, {date.year}\n\n"
            f"- Interviewee: {nat} {role}\n- Mission: {mission}\n- Date: {date.isoformat()}\n"
            f"- Location: {rng.choice(REGIONS)}\n- Interviewer: Researcher {chr(65 + idx % 26)}\n"
            f"- Language: English\n- Anonymised: yes\n\n---\n\n")
    out = [head]
    qa = fill(target, ubytes(head), lambda: ("Q: " + w.paragraph("interview", 1, 2) + "\n\nA: "
                                                     + w.paragraph("interview", 2, 8)), rng)
    out += [p + "\n\n" for p in qa]
    return f"interview-{idx:05d}.md", "".join(out)


# ----------------------------------------------------------------------------------------------


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--size-mb", type=float, default=200.0)
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--cue-rate", type=float, default=0.03)
    ap.add_argument("--force", action="store_true", help="empty the generated subdirectories of --out first")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--sample", default=os.path.normpath(os.path.join(here, "..", "..", "shared", "corpus-sample")))
    a = ap.parse_args(argv)
    if a.files < 4 or a.size_mb <= 0:
        ap.error("need --files >= 4 and --size-mb > 0")
    total = int(a.size_mb * 1024 * 1024)
    if total / a.files < 4096:
        ap.error(f"{a.size_mb} MB over {a.files} files is under 4 KiB a file: too small for the fixed markup")

    sample = Sample(a.sample)
    rng = random.Random(a.seed)
    w = Writer(rng, sample, a.cue_rate)

    # Kinds: file counts proportional to byte shares (largest remainder), then shuffled.
    raw = [(k, s * a.files) for k, s in KIND_SHARES]
    counts = {k: int(v) for k, v in raw}
    for k, _ in sorted(raw, key=lambda kv: -(kv[1] - int(kv[1])))[:a.files - sum(counts.values())]:
        counts[k] += 1
    kinds = [k for k, _ in KIND_SHARES for _ in range(counts[k])]
    rng.shuffle(kinds)
    # Per-file byte targets: lognormal spread, each kind summing to its share of the total.
    weights = [rng.lognormvariate(0.0, 0.6) for _ in kinds]
    wsum = {k: 0.0 for k, _ in KIND_SHARES}
    for k, x in zip(kinds, weights):
        wsum[k] += x
    share = dict(KIND_SHARES)
    targets = [total * share[k] * x / wsum[k] for k, x in zip(kinds, weights)]

    for d in KIND_DIRS.values():
        sub = os.path.join(a.out, d)
        if os.path.isdir(sub) and os.listdir(sub):
            if not a.force:
                ap.error(f"{sub} is not empty (use --force to replace the generated files)")
            for f in os.listdir(sub):
                os.remove(os.path.join(sub, f))
        os.makedirs(sub, exist_ok=True)
    meeting = 3000
    report_nums = {}
    interview = 0
    planned = written = 0
    stats = {k: {"files": 0, "bytes": 0} for k, _ in KIND_SHARES}
    for i, (k, t) in enumerate(zip(kinds, targets)):
        planned += t
        goal = max(2048, planned - written)  # carries the error of earlier files forward
        date = random_date(rng)
        if k == "unsc_html":
            meeting += 1
            name, text = gen_unsc_html(w, goal, meeting, date)
        elif k == "verbatim_txt":
            meeting += 1
            name, text = gen_verbatim_txt(w, goal, meeting, date)
        elif k == "report_txt":
            report_nums[date.year] = report_nums.get(date.year, 0) + 1
            name, text = gen_report_txt(w, goal, date.year, 100 + report_nums[date.year], date)
        else:
            interview += 1
            name, text = gen_transcript_md(w, goal, interview, date)
        data = text.encode("utf-8")
        path = os.path.join(a.out, KIND_DIRS[k], name)
        with open(path, "wb") as f:
            f.write(data)
        written += len(data)
        stats[k]["files"] += 1
        stats[k]["bytes"] += len(data)
    summary = {"out": a.out, "seed": a.seed, "files": a.files, "bytes": written, "requested_bytes": total,
               "size_error": round(written / total - 1.0, 4), "kinds": stats,
               "sample_sentences": len(sample.statement), "sample_speakers": len(sample.speakers)}
    json.dump(summary, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
