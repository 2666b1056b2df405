// The UN verbatim-record HTML reader against every sample record, checked against an
// independent scan of the raw HTML (plain string search, no HTML parser), plus hostile
// inputs (truncation, empty, deep nesting, invalid UTF-8, windows-1252).
#include <gtest/gtest.h>
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/text.h"
#include "extractors/readers/reader.h"
#include "extractors/readers/readers_internal.h"
#include "extractors/text/encoding.h"

using namespace normcode;
namespace fs = std::filesystem;

namespace {

std::string Slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::vector<fs::path> Records() {
  std::vector<fs::path> out;
  for (const char* sub : {"corpus-sample/unsc", "corpus-sample/unsc-debates"}) {
    fs::path dir = fs::path(NORMCODE_SHARED_DIR) / sub;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".html") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Text between the first `open` at or after `from` and the next `close`, or "".
std::string Between(const std::string& s, const std::string& open, const std::string& close, size_t from,
                    size_t limit) {
  size_t a = s.find(open, from);
  if (a == std::string::npos || a >= limit) return {};
  a += open.size();
  size_t b = s.find(close, a);
  if (b == std::string::npos || b > limit) return {};
  return s.substr(a, b - a);
}

struct RawTurn {
  std::string name, nation, non_nation, language;
  std::vector<size_t> para_text_starts;  // raw byte where each non-empty p/blockquote's text begins
};

// Skips tags and whitespace from `i`; returns the first text byte.
size_t FirstTextByte(const std::string& s, size_t i, size_t end) {
  while (i < end) {
    if (s[i] == '<') {
      size_t gt = s.find('>', i);
      if (gt == std::string::npos) return end;
      i = gt + 1;
    } else if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
      ++i;
    } else {
      return i;
    }
  }
  return end;
}

// The independent scan: every <div class="spoken"> up to its </div> (spoken divs
// contain no nested divs in this format).
std::vector<RawTurn> ScanSpoken(const std::string& raw) {
  std::vector<RawTurn> out;
  const std::string marker = "<div class=\"spoken\"";
  for (size_t at = raw.find(marker); at != std::string::npos; at = raw.find(marker, at + 1)) {
    size_t end = raw.find("</div>", at);
    if (end == std::string::npos) end = raw.size();
    size_t h3end = raw.find("</h3>", at);
    RawTurn t;
    t.name = Between(raw, "<span class=\"name\">", "</span>", at, h3end);
    t.nation = Between(raw, "<span class=\"nation\">", "</span>", at, h3end);
    t.non_nation = Between(raw, "<span class=\"non-nation\">", "</span>", at, h3end);
    t.language = Between(raw, "<span class=\"language\">", "</span>", at, h3end);
    for (size_t p = h3end; p < end;) {
      size_t a = raw.find("<p", p), b = raw.find("<blockquote", p);
      size_t tag = std::min(a, b);
      if (tag == std::string::npos || tag >= end) break;
      size_t gt = raw.find('>', tag);
      size_t close = raw.find(tag == a ? "</p>" : "</blockquote>", gt);
      size_t first = FirstTextByte(raw, gt + 1, close);
      if (first < close) t.para_text_starts.push_back(first);
      p = close;
    }
    out.push_back(t);
  }
  return out;
}

bool IsNfc(const std::string& s) {
  UErrorCode ec = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(ec);
  bool r = n->isNormalizedUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), ec);
  return U_SUCCESS(ec) && r;
}

std::vector<const Turn*> SpeechTurns(const Document& d) {
  std::vector<const Turn*> v;
  for (const Turn& t : d.turns)
    if (!t.speaker.empty()) v.push_back(&t);
  return v;
}

std::string Slice(const Document& d, Span s) { return d.text.substr(s.begin, s.size()); }

Document MustRead(const std::string& raw, const std::string& name) {
  Document d;
  Status s = ReadDocument(raw, name, Limits{}, &d);
  EXPECT_TRUE(s.ok()) << name << ": " << s.ToString();
  return d;
}

const Turn* FindTurn(const Document& d, const std::string& speaker) {
  for (const Turn& t : d.turns)
    if (t.speaker == speaker) return &t;
  return nullptr;
}

// Structural invariants of any document the reader returns.
void CheckStructure(const Document& d, const std::string& name) {
  SCOPED_TRACE(name);
  EXPECT_TRUE(IsValidUtf8(d.text));
  EXPECT_TRUE(IsNfc(d.text));
  uint64_t prev_end = 0;
  for (size_t i = 0; i < d.turns.size(); ++i) {
    const Turn& t = d.turns[i];
    EXPECT_EQ(t.index, static_cast<int>(i + 1));
    EXPECT_LE(t.span.begin, t.span.end);
    EXPECT_LE(t.span.end, d.text.size());
    EXPECT_GE(t.span.begin, prev_end) << "turn " << t.index << " overlaps the previous one";
    prev_end = t.span.end;
    if (t.speaker.empty()) {
      EXPECT_TRUE(t.procedural);
      EXPECT_EQ(t.role, role::kProcedure);
    } else {
      EXPECT_NE(t.role, role::kUnknown) << t.speaker;
      EXPECT_NE(t.role, role::kProcedure) << t.speaker;
    }
    uint64_t pe = t.span.begin;
    for (const Span& p : t.paragraphs) {
      EXPECT_LT(p.begin, p.end);
      EXPECT_GE(p.begin, pe);
      EXPECT_LE(p.end, t.span.end);
      pe = p.end;
      std::string s = Slice(d, p);
      ASSERT_FALSE(s.empty());
      EXPECT_NE(s.front(), ' ');
      EXPECT_NE(s.back(), ' ');
      EXPECT_EQ(s.find('\n'), std::string::npos) << "paragraph spans a break: " << s.substr(0, 80);
    }
    if (!t.paragraphs.empty()) {
      EXPECT_EQ(t.span.begin, t.paragraphs.front().begin);
      EXPECT_EQ(t.span.end, t.paragraphs.back().end);
    }
  }
  for (size_t i = 1; i < d.anchors.size(); ++i) EXPECT_LT(d.anchors[i - 1].text_offset, d.anchors[i].text_offset);
}

std::vector<std::string> Split(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  size_t i = 0;
  while (true) {
    size_t j = s.find(sep, i);
    out.push_back(s.substr(i, j == std::string::npos ? std::string::npos : j - i));
    if (j == std::string::npos) break;
    i = j + sep.size();
  }
  return out;
}

}  // namespace

TEST(UnHtml, EverySampleRecordMatchesAnIndependentScan) {
  auto files = Records();
  ASSERT_EQ(files.size(), 11u);
  for (const auto& f : files) {
    SCOPED_TRACE(f.filename().string());
    std::string raw = Slurp(f);
    EXPECT_EQ(DetectFormat(raw, f.filename().string()), Format::kUnHtml);
    Document d = MustRead(raw, f.filename().string());
    EXPECT_EQ(d.kind, kind::kVerbatim);
    EXPECT_EQ(d.format, "html");
    EXPECT_EQ(d.encoding, "UTF-8");
    EXPECT_EQ(d.meta.count("warning"), 0u);
    CheckStructure(d, f.filename().string());

    std::vector<RawTurn> expect = ScanSpoken(raw);
    std::vector<const Turn*> got = SpeechTurns(d);
    ASSERT_EQ(got.size(), expect.size());
    ASSERT_GT(expect.size(), 0u);
    for (size_t i = 0; i < expect.size(); ++i) {
      SCOPED_TRACE("speech turn " + std::to_string(i) + " " + expect[i].name);
      const Turn& t = *got[i];
      EXPECT_EQ(t.speaker, expect[i].name);
      EXPECT_EQ(t.language_note, expect[i].language);
      if (!expect[i].nation.empty()) {
        EXPECT_EQ(t.affiliation, expect[i].nation);
        EXPECT_EQ(t.role, role::kRepresentative);
      } else if (!expect[i].non_nation.empty()) {
        EXPECT_EQ(t.affiliation, expect[i].non_nation);
        EXPECT_TRUE(t.role == role::kBriefer || t.role == role::kOfficial) << t.role;
      } else if (!t.affiliation.empty()) {
        // Only resolved heads of state and Presidents speaking nationally gain one.
        EXPECT_TRUE(t.role == role::kRepresentative || (t.role == role::kPresident && !t.procedural)) << t.role;
      }
      // Paragraphs: same number as non-empty <p>/<blockquote>, each anchored to the
      // raw byte where its text starts, and the bytes agree there.
      ASSERT_EQ(t.paragraphs.size(), expect[i].para_text_starts.size());
      for (size_t k = 0; k < t.paragraphs.size(); ++k) {
        uint64_t src = SourceOffset(d.anchors, t.paragraphs[k].begin);
        EXPECT_EQ(src, expect[i].para_text_starts[k]) << "paragraph " << k;
        // The bytes agree up to the first markup inside the paragraph.
        size_t plain = std::min<size_t>(12, raw.find('<', src) - src);
        EXPECT_EQ(raw.substr(src, plain), Slice(d, t.paragraphs[k]).substr(0, plain)) << "paragraph " << k;
      }
    }
  }
}

TEST(UnHtml, ManifestNationsAndNonStateSpeakersAppear) {
  for (const char* sub : {"corpus-sample/unsc", "corpus-sample/unsc-debates"}) {
    fs::path dir = fs::path(NORMCODE_SHARED_DIR) / sub;
    std::string manifest = Slurp(dir / "manifest.tsv");
    std::istringstream lines(manifest);
    std::string line;
    std::getline(lines, line);  // header
    int rows = 0;
    while (std::getline(lines, line)) {
      if (line.empty()) continue;
      auto cols = Split(line, "\t");
      ASSERT_GE(cols.size(), 7u) << line;
      SCOPED_TRACE(cols[0]);
      ++rows;
      Document d = MustRead(Slurp(dir / cols[0]), cols[0]);
      EXPECT_EQ(d.date, cols[4]);
      std::set<std::string> nations;
      for (const Turn& t : d.turns)
        if (t.role == role::kRepresentative) nations.insert(t.affiliation);
      std::string spec = cols[6];
      std::string non_state;
      size_t bar = spec.find(" | non-state speakers: ");
      if (bar != std::string::npos) {
        non_state = spec.substr(bar + 23);
        spec = spec.substr(0, bar);
      }
      if (spec.rfind("none", 0) == 0) {
        EXPECT_TRUE(nations.empty());
      } else {
        size_t br = spec.find(" [");
        if (br != std::string::npos) spec = spec.substr(0, br);
        for (const std::string& n : Split(spec, "; ")) EXPECT_TRUE(nations.count(n)) << "missing nation " << n;
      }
      if (!non_state.empty()) {
        EXPECT_NE(FindTurn(d, non_state), nullptr) << non_state;
      }
    }
    EXPECT_GT(rows, 0);
  }
}

TEST(UnHtml, KnownFacts) {
  fs::path deb = fs::path(NORMCODE_SHARED_DIR) / "corpus-sample/unsc-debates";
  fs::path uns = fs::path(NORMCODE_SHARED_DIR) / "corpus-sample/unsc";

  Document d = MustRead(Slurp(deb / "S-PV-5577.html"), "S-PV-5577.html");
  EXPECT_EQ(d.symbol, "S/PV.5577");
  EXPECT_EQ(d.body, "Security Council");
  EXPECT_EQ(d.meeting, "5577");
  EXPECT_EQ(d.date, "2006-12-04");
  EXPECT_EQ(d.attendees.size(), 15u);
  const Turn* egeland = FindTurn(d, "Mr. Egeland");
  ASSERT_NE(egeland, nullptr);
  EXPECT_EQ(egeland->role, role::kBriefer);
  EXPECT_FALSE(egeland->procedural);

  Document r = MustRead(Slurp(deb / "S-PV-5577-Resu.1.html"), "S-PV-5577-Resu.1.html");
  EXPECT_EQ(r.symbol, "S/PV.5577 (Resumption 1)");
  EXPECT_EQ(r.meeting, "5577");
  // The President's national statement for Qatar is not procedural.
  bool qatar = false;
  for (const Turn& t : r.turns) {
    if (t.role != role::kPresident) continue;
    bool national = Slice(r, t.span).find("in my capacity as the representative of Qatar") != std::string::npos;
    EXPECT_EQ(t.procedural, !national) << Slice(r, t.span).substr(0, 80);
    if (national) {
      qatar = true;
      EXPECT_EQ(t.affiliation, "Qatar");
    }
  }
  EXPECT_TRUE(qatar);
  // "spoke in French" note before the second McNee turn.
  int mcnee = 0;
  for (const Turn& t : r.turns)
    if (t.speaker == "Mr. McNee") ++mcnee;
  EXPECT_EQ(mcnee, 2);

  Document w = MustRead(Slurp(deb / "S-PV-5043.html"), "S-PV-5043.html");
  const Turn* wang = FindTurn(w, "Mr. Wang Guangya");
  ASSERT_NE(wang, nullptr);
  EXPECT_EQ(wang->language_note, "Chinese");
  EXPECT_EQ(wang->affiliation, "China");
  EXPECT_EQ(wang->role, role::kRepresentative);
  const Turn* oba = FindTurn(w, "President Obasanjo");
  ASSERT_NE(oba, nullptr);
  EXPECT_EQ(oba->role, role::kRepresentative);
  EXPECT_EQ(oba->affiliation, "Nigeria");
  const Turn* sg = FindTurn(w, "The Secretary-General");
  ASSERT_NE(sg, nullptr);
  EXPECT_EQ(sg->role, role::kSecretaryGeneral);
  // Spain's President makes general comments "in my capacity as Minister ... of Spain";
  // the other President turns are procedural.
  int spain = 0;
  for (const Turn& t : w.turns) {
    if (t.role != role::kPresident) continue;
    bool national = Slice(w, t.span).find("in my capacity as Minister for Foreign Affairs and Cooperation of Spain") !=
                    std::string::npos;
    EXPECT_EQ(t.procedural, !national);
    if (national) {
      ++spain;
      EXPECT_EQ(t.affiliation, "Spain");
    }
  }
  EXPECT_EQ(spain, 1);

  Document a = MustRead(Slurp(uns / "A-61-PV.105.html"), "A-61-PV.105.html");
  EXPECT_EQ(a.symbol, "A/61/PV.105");
  EXPECT_EQ(a.body, "General Assembly");
  EXPECT_EQ(a.meeting, "105");
  EXPECT_NE(a.title.find("Comprehensive review of the whole question of peacekeeping operations"), std::string::npos)
      << a.title;
  EXPECT_NE(a.meta["agenda_items"].find("33-61"), std::string::npos);

  Document k = MustRead(Slurp(uns / "A-61-PV.106.html"), "A-61-PV.106.html");
  const Turn* kelley = FindTurn(k, "Ms. Kelley");
  ASSERT_NE(kelley, nullptr);
  EXPECT_EQ(kelley->role, role::kOfficial);
  EXPECT_EQ(k.attendees.size(), 1u);
  EXPECT_EQ(k.attendees[0].place, "president");

  Document h = MustRead(Slurp(uns / "S-PV-4961.html"), "S-PV-4961.html");
  EXPECT_EQ(h.symbol, "S/PV.4961");
  EXPECT_NE(h.title.find("The situation concerning Haiti"), std::string::npos);
  ASSERT_FALSE(h.attendees.empty());
  EXPECT_EQ(h.attendees[0].name, "Mr. Pleuger");
  EXPECT_EQ(h.attendees[0].affiliation, "Germany");
  EXPECT_EQ(h.attendees[0].place, "president");
  // Procedural items, in order, and the President's turns are procedural here.
  std::vector<std::string> procedural;
  for (const Turn& t : h.turns) {
    if (t.role == role::kPresident) {
      EXPECT_TRUE(t.procedural);
    }
    if (t.speaker.empty()) procedural.push_back(Slice(h, t.span));
  }
  auto has = [&](const std::string& needle) {
    return std::any_of(procedural.begin(), procedural.end(),
                       [&](const std::string& s) { return s.find(needle) != std::string::npos; });
  };
  EXPECT_TRUE(has("The meeting was called to order at 12.35 p.m."));
  EXPECT_TRUE(has("The agenda was adopted."));
  EXPECT_TRUE(has("favour=15 against=0 abstain=0 absent=0"));
  EXPECT_TRUE(has("The meeting rose at 12.40 p.m."));
  // Called-to-order comes before the vote, which comes before the meeting rose.
  auto pos = [&](const std::string& needle) { return h.text.find(needle); };
  EXPECT_LT(pos("The meeting was called to order"), pos("favour=15"));
  EXPECT_LT(pos("favour=15"), pos("The meeting rose"));
}

TEST(UnHtml, TruncatedRecordsAreReadAsFarAsTheyGo) {
  for (const auto& f : Records()) {
    SCOPED_TRACE(f.filename().string());
    std::string raw = Slurp(f);
    Document full = MustRead(raw, f.filename().string());
    auto full_speech = SpeechTurns(full);
    // Cut at many places, including mid-tag; back off to a UTF-8 character boundary.
    for (size_t cut = 37; cut < raw.size(); cut += raw.size() / 23 + 1) {
      size_t c = cut;
      while (c > 0 && (static_cast<unsigned char>(raw[c]) & 0xC0) == 0x80) --c;
      std::string part = raw.substr(0, c);
      Document d;
      Status s = ReadDocument(part, f.filename().string(), Limits{}, &d);
      if (!s.ok()) {
        // Only a cut so early that neither the heading nor any speech was read.
        EXPECT_EQ(s.code(), Status::Code::kInvalidInput) << s.ToString();
        EXPECT_NE(s.message().find("truncated or empty record"), std::string::npos) << s.ToString();
        EXPECT_EQ(part.find("<div class=\"spoken\""), std::string::npos);
        continue;
      }
      EXPECT_EQ(d.meta["warning"], "truncated: no end-document marker");
      CheckStructure(d, "cut at " + std::to_string(c));
      auto sp = SpeechTurns(d);
      ASSERT_LE(sp.size(), full_speech.size());
      for (size_t i = 0; i < sp.size(); ++i) EXPECT_EQ(sp[i]->speaker, full_speech[i]->speaker);
    }
    // Half the file, cut inside a tag.
    size_t half = raw.find("<span class=\"name\">", raw.size() / 2);
    if (half != std::string::npos) {
      Document d;
      Status s = ReadDocument(raw.substr(0, half + 10), f.filename().string(), Limits{}, &d);
      ASSERT_TRUE(s.ok()) << s.ToString();
      EXPECT_EQ(d.meta["warning"], "truncated: no end-document marker");
      EXPECT_FALSE(d.turns.empty());
    }
  }
}

TEST(UnHtml, EmptyAndMarkupOnlyInputsAreRejected) {
  Document d;
  Status s = ReadDocument("", "x.html", Limits{}, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_NE(s.message().find("empty file"), std::string::npos);

  DecodedText in;
  ASSERT_TRUE(DecodeText("<html><body><div class=\"council-agenda\"></div></body></html>", &in).ok());
  s = ReadUnHtml(in, Limits{}, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_NE(s.message().find("truncated or empty record"), std::string::npos);
}

TEST(UnHtml, DeepNestingIsRejectedWithoutOverflow) {
  std::string head = "<html><body><div class=\"heading\"><span class=\"code\">S-PV-1</span></div>"
                     "<div class=\"spoken\"><h3 class=\"speaker\"><span class=\"name\">Mr. X</span></h3>";
  for (const char* tag : {"div", "b", "span"}) {
    std::string html = head;
    for (int i = 0; i < 100000; ++i) html += std::string("<") + tag + ">";
    html += "<p>deep</p></div></body></html>";
    Document d;
    Status s = ReadDocument(html, "deep.html", Limits{}, &d);
    EXPECT_EQ(s.code(), Status::Code::kLimitExceeded) << tag << ": " << s.ToString();
    EXPECT_NE(s.message().find("max_html_depth"), std::string::npos) << s.ToString();
    // The generic HTML reader applies the same guard.
    DecodedText in;
    ASSERT_TRUE(DecodeText(html, &in).ok());
    EXPECT_EQ(ReadGenericHtml(in, Limits{}, &d).code(), Status::Code::kLimitExceeded);
  }
  // Within the limit the text is read.
  std::string html = head;
  for (int i = 0; i < 500; ++i) html += "<div>";
  html += "<p>deep text</p>";
  for (int i = 0; i < 500; ++i) html += "</div>";
  html += "</div><div class=\"end-document\"></div></body></html>";
  Document d;
  Status s = ReadDocument(html, "deep.html", Limits{}, &d);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(d.turns.size(), 1u);
  EXPECT_EQ(Slice(d, d.turns[0].span), "deep text");
  EXPECT_EQ(SourceOffset(d.anchors, d.turns[0].span.begin), html.find("deep text"));
}

TEST(UnHtml, InvalidUtf8IsRejectedWithItsOffset) {
  std::string raw = Slurp(fs::path(NORMCODE_SHARED_DIR) / "corpus-sample/unsc-debates/S-PV-5043.html");
  size_t at = raw.find("Wang Guangya");
  raw[at + 2] = '\xFF';
  Document d;
  Status s = ReadDocument(raw, "S-PV-5043.html", Limits{}, &d);
  EXPECT_EQ(s.code(), Status::Code::kInvalidInput);
  EXPECT_NE(s.message().find(std::to_string(at + 2)), std::string::npos) << s.ToString();
}

TEST(UnHtml, Windows1252RecordGivesTheSameTextWithAnchorsIntoTheOriginalBytes) {
  std::string utf8 = Slurp(fs::path(NORMCODE_SHARED_DIR) / "corpus-sample/unsc-debates/S-PV-5577-Resu.1.html");
  // Transcode with ICU (every character of this record exists in windows-1252).
  std::string cp(utf8.size() * 2, '\0');
  UErrorCode ec = U_ZERO_ERROR;
  int32_t n = ucnv_convert("windows-1252", "UTF-8", cp.data(), static_cast<int32_t>(cp.size()), utf8.data(),
                           static_cast<int32_t>(utf8.size()), &ec);
  ASSERT_TRUE(U_SUCCESS(ec)) << u_errorName(ec);
  cp.resize(static_cast<size_t>(n));
  ASSERT_NE(cp.size(), utf8.size());  // the record has non-ASCII characters (Løj, ...)
  ASSERT_FALSE(IsValidUtf8(cp));

  Document a = MustRead(utf8, "r.html");
  Document b = MustRead(cp, "r.html");
  // No byte in 0x80-0x9F here, so both labels decode identically; ICU's confidence for
  // ISO-8859-1 on this record is below the "clearly" threshold.
  EXPECT_TRUE(b.encoding == "windows-1252" || b.encoding == "ISO-8859-1") << b.encoding;
  EXPECT_EQ(a.text, b.text);
  ASSERT_EQ(a.turns.size(), b.turns.size());
  std::vector<RawTurn> expect = ScanSpoken(cp);
  auto sp = SpeechTurns(b);
  ASSERT_EQ(sp.size(), expect.size());
  for (size_t i = 0; i < sp.size(); ++i) {
    ASSERT_EQ(sp[i]->paragraphs.size(), expect[i].para_text_starts.size());
    for (size_t k = 0; k < sp[i]->paragraphs.size(); ++k)
      EXPECT_EQ(SourceOffset(b.anchors, sp[i]->paragraphs[k].begin), expect[i].para_text_starts[k]);
  }
  // A character after non-ASCII text in the same paragraph maps exactly too.
  size_t v = b.text.find("Vélez");
  ASSERT_NE(v, std::string::npos);
  size_t raw_v = cp.find("V\xE9lez");
  ASSERT_NE(raw_v, std::string::npos);
  EXPECT_EQ(SourceOffset(b.anchors, v), raw_v);
  EXPECT_EQ(SourceOffset(b.anchors, v + 1), raw_v + 1);                 // é
  EXPECT_EQ(SourceOffset(b.anchors, v + 3), raw_v + 2);                 // l, after the 2-byte é
  EXPECT_EQ(SourceOffset(b.anchors, v + std::string("Vélez").size()), raw_v + 5);
}

TEST(UnHtml, EntitiesAndDecomposedCharactersAreNormalisedWithAnchors) {
  std::string html =
      "<html><body><div class=\"heading\"><span class=\"code\">S-PV-9</span> <span class=\"date\">2010-01-02</span>"
      "</div><div class=\"spoken\"><h3 class=\"speaker\"> <span class=\"name\">Mr. Gue&#769;henno</span> </h3>"
      "<p>Peace &amp; security: Ge\xCC\x81rard said &quot;robust&quot;.</p></div>"
      "<div class=\"end-document\"></div></body></html>";
  Document d = MustRead(html, "e.html");
  CheckStructure(d, "entities");
  ASSERT_EQ(d.turns.size(), 1u);
  EXPECT_EQ(d.turns[0].speaker, "Mr. Gu\xC3\xA9henno");
  EXPECT_EQ(Slice(d, d.turns[0].span), "Peace & security: G\xC3\xA9rard said \"robust\".");
  size_t robust = d.text.find("robust");
  EXPECT_EQ(SourceOffset(d.anchors, robust), html.find("robust"));
  size_t sec = d.text.find("security");
  EXPECT_EQ(SourceOffset(d.anchors, sec), html.find("security"));
  EXPECT_EQ(d.date, "2010-01-02");
}

TEST(UnHtml, LargeRecordIsReadInLinearTime) {
  std::string raw = Slurp(fs::path(NORMCODE_SHARED_DIR) / "corpus-sample/unsc-debates/S-PV-5577.html");
  size_t first = raw.find("<div class=\"spoken\"");
  size_t end = raw.find("<div class=\"end-document\"");
  ASSERT_LT(first, end);
  std::string body = raw.substr(first, end - first);
  size_t per = ScanSpoken(raw).size();
  std::string big = raw.substr(0, first);
  int copies = 0;
  while (big.size() < (12u << 20)) {
    big += body;
    ++copies;
  }
  big += raw.substr(end);
  auto t0 = std::chrono::steady_clock::now();
  Document d = MustRead(big, "big.html");
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(SpeechTurns(d).size(), per * static_cast<size_t>(copies));
  EXPECT_LT(secs, 120.0);  // sanitizer build; quadratic behaviour would take far longer
  // The last paragraph still maps back exactly.
  const Turn& last = *SpeechTurns(d).back();
  uint64_t src = SourceOffset(d.anchors, last.paragraphs.back().begin);
  EXPECT_EQ(big.substr(src, 10), d.text.substr(last.paragraphs.back().begin, 10));
}
