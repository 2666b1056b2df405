// Static HTML report: see report.h. Pure string building; every piece of data
// goes through HtmlEscape (E below); markup comes only from literals here.
#include "outputs/report.h"

#include "outputs/output_file.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>

#include "core/text.h"
#include "core/codes.h"
#include "outputs/kwic.h"

namespace normcode {

std::string HtmlEscape(std::string_view in) {
  std::string s = ReplaceInvalidUtf8(in);
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        if ((c < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || c == 0x7F)
          out += "\xEF\xBF\xBD";
        else
          out += ch;
    }
  }
  return out;
}

namespace {

std::string E(std::string_view s) { return HtmlEscape(s); }

// ---------------------------------------------------------------- data

struct Row {
  int64_t id = 0, doc_id = 0;
  std::string path, symbol, date, body;
  int64_t turn_idx = 0, sentence_idx = 0;
  std::string speaker, affiliation, iso3, role;
  std::string target_name, target_kind, target_iso3, target_type;
  std::string code, polarity, entry_id, matched;
  int64_t char_start = 0, char_end = 0, sent_start = 0, sent_byte_start = 0, sent_byte_end = 0;
  std::string sentence;
  double score = 0;
  bool asserted() const { return polarity == "asserted"; }
  std::string year() const {
    if (date.size() >= 4 && std::all_of(date.begin(), date.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }))
      return date.substr(0, 4);
    return "undated";
  }
};

std::string Col(SQLite::Statement& q, int i) {
  auto c = q.getColumn(i);
  return c.isNull() ? std::string() : c.getString();
}

struct Data {
  std::vector<Row> rows;  // evidence_view, by date
  std::map<int64_t, const Row*> by_id;
  int64_t documents = 0, sentences = 0, turns = 0;
  std::string first_date, last_date;
  std::vector<std::pair<std::string, int64_t>> by_body;
};

Status Load(const std::string& path, Data* d) {
  std::unique_ptr<SQLite::Database> db;
  Status st = OpenEvidenceDbReadOnly(path, &db);
  if (!st.ok()) return st;
  try {
    SQLite::Statement q(*db,
                        "SELECT evidence_id, ev.doc_id, path, symbol, date, body, turn_idx, sentence_idx, speaker, "
                        "speaker_affiliation, speaker_iso3, speaker_role, target_name, target_kind, target_iso3, "
                        "target_type, code, polarity, entry_id, matched_text, ev.char_start, ev.char_end, "
                        "sentence_char_start, s.byte_start, s.byte_end, score "
                        "FROM evidence_view ev JOIN sentences s ON s.id = ev.sentence_id "
                        "ORDER BY date IS NULL, date, symbol, ev.doc_id, ev.char_start, evidence_id");
    while (q.executeStep()) {
      Row r;
      r.id = q.getColumn(0).getInt64();
      r.doc_id = q.getColumn(1).getInt64();
      r.path = Col(q, 2);
      r.symbol = Col(q, 3);
      r.date = Col(q, 4);
      r.body = Col(q, 5);
      r.turn_idx = q.getColumn(6).isNull() ? 0 : q.getColumn(6).getInt64();
      r.sentence_idx = q.getColumn(7).isNull() ? 0 : q.getColumn(7).getInt64();
      r.speaker = Col(q, 8);
      r.affiliation = Col(q, 9);
      r.iso3 = Col(q, 10);
      r.role = Col(q, 11);
      r.target_name = Col(q, 12);
      r.target_kind = Col(q, 13);
      r.target_iso3 = Col(q, 14);
      r.target_type = Col(q, 15);
      r.code = Col(q, 16);
      r.polarity = Col(q, 17);
      r.entry_id = Col(q, 18);
      r.matched = Col(q, 19);
      r.char_start = q.getColumn(20).getInt64();
      r.char_end = q.getColumn(21).getInt64();
      r.sent_start = q.getColumn(22).getInt64();
      r.sent_byte_start = q.getColumn(23).getInt64();
      r.sent_byte_end = q.getColumn(24).getInt64();
      r.score = q.getColumn(25).isNull() ? 0 : q.getColumn(25).getDouble();
      d->rows.push_back(std::move(r));
    }
    // Sentences are cut from each document's text once, by byte offsets (the
    // view's substr() by code points would read and scan the whole text per row).
    std::map<int64_t, std::vector<Row*>> by_doc;
    for (auto& r : d->rows) by_doc[r.doc_id].push_back(&r);
    SQLite::Statement text(*db, "SELECT text FROM document_text WHERE doc_id = ?");
    for (auto& [doc, rows] : by_doc) {
      text.reset();
      text.bind(1, doc);
      if (!text.executeStep()) continue;
      const auto col = text.getColumn(0);
      std::string_view t(static_cast<const char*>(col.getBlob()), static_cast<size_t>(col.getBytes()));
      for (Row* r : rows) {
        uint64_t b = static_cast<uint64_t>(std::max<int64_t>(0, r->sent_byte_start));
        uint64_t e = static_cast<uint64_t>(std::max<int64_t>(0, r->sent_byte_end));
        if (b <= e && e <= t.size()) r->sentence.assign(t.substr(b, e - b));
      }
    }
    for (const auto& r : d->rows) d->by_id[r.id] = &r;
    d->documents = db->execAndGet("SELECT count(*) FROM documents WHERE status = 'ok'").getInt64();
    d->sentences =
        db->execAndGet("SELECT count(*) FROM sentences s JOIN documents d ON d.id = s.doc_id WHERE d.status = 'ok'")
            .getInt64();
    d->turns =
        db->execAndGet("SELECT count(*) FROM turns t JOIN documents d ON d.id = t.doc_id WHERE d.status = 'ok'")
            .getInt64();
    SQLite::Statement dates(*db, "SELECT min(date), max(date) FROM documents WHERE status = 'ok'");
    if (dates.executeStep()) {
      d->first_date = Col(dates, 0);
      d->last_date = Col(dates, 1);
    }
    SQLite::Statement bodies(*db,
                             "SELECT body, count(*) FROM documents WHERE status = 'ok' GROUP BY body "
                             "ORDER BY count(*) DESC, body");
    while (bodies.executeStep()) d->by_body.emplace_back(Col(bodies, 0), bodies.getColumn(1).getInt64());
  } catch (const SQLite::Exception& e) {
    return Status::IOError("database '" + PrintableName(path) + "': cannot read the evidence: " + e.what());
  }
  return Status::OK();
}

// ---------------------------------------------------------------- naming

uint32_t Fnv1a(std::string_view s) {
  uint32_t h = 2166136261u;
  for (unsigned char c : s) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

// ASCII letters/digits of s, lower case, runs of anything else as '-'; plus a
// hash of the whole string so that different names never share a slug.
std::string Slug(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) && c < 0x80) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
    if (out.size() >= 40) break;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  char h[12];
  std::snprintf(h, sizeof h, "%08x", Fnv1a(s));
  return (out.empty() ? std::string("x") : out) + "-" + h;
}

// Anchor-safe token: ASCII letters, digits, '_' and '-' kept, anything else hex.
std::string Token(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if ((std::isalnum(c) && c < 0x80) || c == '_' || c == '-') {
      out += static_cast<char>(c);
    } else {
      char h[4];
      std::snprintf(h, sizeof h, ".%02x", c);
      out += h;
    }
  }
  return out.empty() ? "none" : out;
}

std::string StateFile(const std::string& iso3) { return "state-" + Token(iso3) + ".html"; }
std::string CodeFile(const std::string& code) { return "code-" + Token(code) + ".html"; }
std::string GroupFile(const std::string& group) { return "group-" + Slug(group) + ".html"; }
std::string FcFile(const std::string& key) { return "fc-" + Slug(key) + ".html"; }
std::string PassageHref(const Row& r) { return CodeFile(r.code) + "#e" + std::to_string(r.id); }

const char* CodeColor(const std::string& code) {
  static const std::map<std::string, const char*> colors = {
      {"validity_contestation", "#5e3c99"},     {"application_contestation", "#4393c3"},
      {"hesitation_lack_of_initiative", "#fdb863"}, {"hesitation_delaying", "#e08214"},
      {"hesitation_flip_flopping", "#b35806"},  {"recalcitrance_ignoring", "#f4a6a6"},
      {"recalcitrance_rejecting", "#d6604d"},   {"recalcitrance_obstructing", "#8c2d04"},
      {"determined_implementation", "#1b7837"}, {"non_implementation", "#b2182b"}};
  auto it = colors.find(code);
  return it == colors.end() ? "#888888" : it->second;
}

const char* FamilyColor(const std::string& f) {
  if (f == "determined") return "#1b7837";
  if (f == "reluctant") return "#f1a340";
  if (f == "non_implementation") return "#b2182b";
  if (f == "validity") return "#5e3c99";
  if (f == "application") return "#4393c3";
  return "#999999";
}

std::string Fmt(double v, int prec = 2) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", prec, v);
  return b;
}
std::string Num(double v) {  // SVG coordinates
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

// ---------------------------------------------------------------- charts

// At most max_cp code points of s, the last one "…" when it was cut.
std::string Truncate(const std::string& s, size_t max_cp) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  if (starts.size() <= max_cp) return s;
  return s.substr(0, starts[max_cp - 1]) + "…";
}

struct Seg {
  std::string label;  // for the tooltip
  int64_t value = 0;
  std::string href;  // where its passages are ("" = none)
  std::string color;
};

double NiceStep(double max, int ticks) {
  if (max <= 0) return 1;
  double raw = max / ticks;
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * mag >= raw) return std::max(1.0, m * mag);
  return std::max(1.0, 10 * mag);
}

std::string SegRect(const Seg& s, double x, double y, double w, double h) {
  std::string rect = "<rect x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" width=\"" + Num(w) + "\" height=\"" +
                     Num(h) + "\" fill=\"" + E(s.color) + "\"><title>" + E(s.label) + ": " +
                     std::to_string(s.value) + "</title></rect>";
  if (s.href.empty() || s.value == 0) return rect;
  return "<a href=\"" + E(s.href) + "\">" + rect + "</a>";
}

// Vertical bars at each x label: stacked (segments on top of each other) or
// grouped (segments side by side). Y axis with ticks and a label.
std::string BarChart(const std::string& aria, const std::vector<std::string>& xlabels,
                     const std::vector<std::vector<Seg>>& bars, const std::string& ylabel, bool stacked) {
  const double left = 56, right = 12, top = 14, bottom = 48, plot_h = 200;
  size_t per = 1;
  if (!stacked)
    for (const auto& b : bars) per = std::max(per, b.size());
  size_t longest = 0;
  for (const auto& l : xlabels) longest = std::max(longest, l.size());
  double slot = stacked ? 36 : std::min(180.0, std::max({36.0, 18.0 * per + 12, 6.4 * longest + 12}));
  double width = left + right + slot * std::max<size_t>(xlabels.size(), 1);
  width = std::max(width, 320.0);
  double height = top + plot_h + bottom;
  int64_t max = 0;
  for (const auto& b : bars) {
    int64_t sum = 0;
    for (const auto& s : b) {
      sum = stacked ? sum + s.value : std::max(sum, s.value);
    }
    max = std::max(max, sum);
  }
  double step = NiceStep(static_cast<double>(max), 5);
  double ymax = std::max(step, std::ceil(static_cast<double>(max) / step) * step);
  auto Y = [&](double v) { return top + plot_h - plot_h * v / ymax; };

  std::string svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Num(width) +
                    "\" height=\"" + Num(height) + "\" viewBox=\"0 0 " + Num(width) + " " + Num(height) +
                    "\" role=\"img\" aria-label=\"" + E(aria) + "\">";
  for (double v = 0; v <= ymax + 1e-9; v += step) {
    svg += "<line x1=\"" + Num(left) + "\" x2=\"" + Num(width - right) + "\" y1=\"" + Num(Y(v)) + "\" y2=\"" +
           Num(Y(v)) + "\" class=\"grid\"/>";
    svg += "<text x=\"" + Num(left - 6) + "\" y=\"" + Num(Y(v) + 4) + "\" text-anchor=\"end\">" +
           std::to_string(static_cast<int64_t>(v)) + "</text>";
  }
  svg += "<line x1=\"" + Num(left) + "\" x2=\"" + Num(left) + "\" y1=\"" + Num(top) + "\" y2=\"" +
         Num(top + plot_h) + "\" class=\"axis\"/>";
  svg += "<line x1=\"" + Num(left) + "\" x2=\"" + Num(width - right) + "\" y1=\"" + Num(top + plot_h) +
         "\" y2=\"" + Num(top + plot_h) + "\" class=\"axis\"/>";
  svg += "<text x=\"14\" y=\"" + Num(top + plot_h / 2) + "\" text-anchor=\"middle\" transform=\"rotate(-90 14 " +
         Num(top + plot_h / 2) + ")\">" + E(ylabel) + "</text>";
  for (size_t i = 0; i < xlabels.size(); ++i) {
    double x0 = left + slot * i;
    if (stacked) {
      double base = 0;
      for (const auto& s : bars[i]) {
        if (s.value <= 0) continue;
        double y1 = Y(base + s.value), y0 = Y(base);
        svg += SegRect(s, x0 + 6, y1, slot - 12, y0 - y1);
        base += s.value;
      }
    } else {
      double bw = std::min(40.0, (slot - 12) / static_cast<double>(per));
      double x_start = x0 + (slot - bw * static_cast<double>(bars[i].size())) / 2;
      for (size_t k = 0; k < bars[i].size(); ++k) {
        const auto& s = bars[i][k];
        double y1 = Y(static_cast<double>(s.value));
        svg += SegRect(s, x_start + bw * k, y1, bw - 2, top + plot_h - y1);
        svg += "<text x=\"" + Num(x_start + bw * k + (bw - 2) / 2) + "\" y=\"" + Num(y1 - 3) +
               "\" text-anchor=\"middle\" class=\"val\">" + std::to_string(s.value) + "</text>";
      }
    }
    std::string lab = xlabels[i];
    if (!stacked) lab = Truncate(lab, 28);
    svg += "<text x=\"" + Num(x0 + slot / 2) + "\" y=\"" + Num(top + plot_h + 16) + "\" text-anchor=\"middle\"" +
           (stacked && lab.size() > 6 ? " transform=\"rotate(20 " + Num(x0 + slot / 2) + " " + Num(top + plot_h + 16) + ")\""
                           : std::string()) +
           ">" + E(lab) + "</text>";
  }
  svg += "</svg>";
  return svg;
}

// Horizontal 100% bars, one per row, segments proportional to their values;
// the row total and each segment's count are written beside/inside.
std::string ShareChart(const std::string& aria, const std::vector<std::pair<std::string, std::vector<Seg>>>& rows) {
  const double label_w = 300, bar_w = 360, row_h = 26, top = 8;
  double width = label_w + bar_w + 70, height = top * 2 + row_h * std::max<size_t>(rows.size(), 1);
  std::string svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Num(width) +
                    "\" height=\"" + Num(height) + "\" viewBox=\"0 0 " + Num(width) + " " + Num(height) +
                    "\" role=\"img\" aria-label=\"" + E(aria) + "\">";
  for (size_t i = 0; i < rows.size(); ++i) {
    double y = top + row_h * i;
    std::string label = rows[i].first;
    label = Truncate(label, 42);
    svg += "<text x=\"" + Num(label_w - 8) + "\" y=\"" + Num(y + 16) + "\" text-anchor=\"end\">" + E(label) +
           "</text>";
    int64_t total = 0;
    for (const auto& s : rows[i].second) total += std::max<int64_t>(0, s.value);
    svg += "<rect x=\"" + Num(label_w) + "\" y=\"" + Num(y + 3) + "\" width=\"" + Num(bar_w) + "\" height=\"" +
           Num(row_h - 8) + "\" class=\"empty\"/>";
    double x = label_w;
    for (const auto& s : rows[i].second) {
      if (s.value <= 0 || total == 0) continue;
      double w = bar_w * static_cast<double>(s.value) / static_cast<double>(total);
      svg += SegRect(s, x, y + 3, w, row_h - 8);
      if (w > 18)
        svg += "<text x=\"" + Num(x + w / 2) + "\" y=\"" + Num(y + 16) + "\" text-anchor=\"middle\" class=\"in\">" +
               std::to_string(s.value) + "</text>";
      x += w;
    }
    svg += "<text x=\"" + Num(label_w + bar_w + 6) + "\" y=\"" + Num(y + 16) + "\">n=" + std::to_string(total) +
           "</text>";
  }
  svg += "</svg>";
  return svg;
}

std::string Legend(const std::vector<std::tuple<std::string, std::string, std::string>>& items) {
  std::string out = "<ul class=\"legend\">";
  for (const auto& [label, color, href] : items) {
    out += "<li><span class=\"sw\" style=\"background:" + E(color) + "\"></span>";
    out += href.empty() ? E(label) : "<a href=\"" + E(href) + "\">" + E(label) + "</a>";
    out += "</li>";
  }
  return out + "</ul>";
}

// ---------------------------------------------------------------- passages

std::string Speaker(const Row& r) {
  std::string who = r.speaker.empty() ? std::string("(no speaker)") : r.speaker;
  if (!r.affiliation.empty() && r.affiliation != r.speaker) who += " (" + r.affiliation + ")";
  return who;
}

// One passage: where it is, who says it, the code, and the sentence with the match marked.
std::string PassageItem(const Row& r, bool with_id, const std::string& extra = "") {
  std::string s = ReplaceInvalidUtf8(r.sentence);
  size_t b = ByteOfCodePoint(s, r.char_start - r.sent_start);
  size_t e = std::max(b, ByteOfCodePoint(s, r.char_end - r.sent_start));
  std::string out = with_id ? "<li id=\"e" + std::to_string(r.id) + "\">" : std::string("<li>");
  out += "<div class=\"meta\">";
  out += "<b>" + E(r.symbol.empty() ? std::string("(no symbol)") : r.symbol) + "</b> · " +
         E(r.date.empty() ? std::string("undated") : r.date) + " · " + E(Speaker(r));
  out += " · <span class=\"code\" style=\"border-color:" + E(CodeColor(r.code)) + "\">" + E(r.code) + "</span>";
  if (!r.asserted()) out += " <span class=\"pol\">" + E(r.polarity) + "</span>";
  if (!r.target_name.empty()) out += " · about " + E(r.target_name) + " (" + E(r.target_kind) + ")";
  out += " · <a href=\"" + E(PassageHref(r)) + "\" title=\"permalink\">#" + std::to_string(r.id) + "</a>";
  out += extra;
  out += "</div><blockquote>" + E(s.substr(0, b)) + "<mark>" + E(s.substr(b, e - b)) + "</mark>" + E(s.substr(e)) +
         "</blockquote>";
  out += "<div class=\"prov\">rule " + E(r.entry_id) + " · turn " + std::to_string(r.turn_idx) + ", sentence " +
         std::to_string(r.sentence_idx) + " · characters " + std::to_string(r.char_start) + "–" +
         std::to_string(r.char_end) + " of " + E(r.path) + "</div>";
  return out + "</li>";
}

struct CodeCounts {
  std::map<std::string, int64_t> asserted, other;
  std::map<std::string, std::map<std::string, int64_t>> by_year;  // code -> year -> asserted
  std::set<std::string> years;
  int64_t total_asserted = 0;
};

CodeCounts Count(const std::vector<const Row*>& rows) {
  CodeCounts c;
  for (const Row* r : rows) {
    if (r->asserted()) {
      ++c.asserted[r->code];
      ++c.by_year[r->code][r->year()];
      c.years.insert(r->year());
      ++c.total_asserted;
    } else {
      ++c.other[r->code];
    }
  }
  return c;
}

// Codes in codebook order, then any other code found in the data.
std::vector<std::string> CodesOf(const CodeCounts& c) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const char* k : kCodes) {
    out.push_back(k);
    seen.insert(k);
  }
  for (const auto& m : {c.asserted, c.other})
    for (const auto& [k, n] : m)
      if (!seen.count(k)) {
        out.push_back(k);
        seen.insert(k);
      }
  return out;
}

std::string Anchor(const std::string& prefix, const std::string& code, const std::string& part = "") {
  return prefix + "-" + Token(code) + (part.empty() ? "" : "-" + Token(part));
}

// Sections of passages per code: asserted by year (#P-code-year), the others
// (#P-code-other); #P-code is the whole code.
std::string PassageSections(const std::vector<const Row*>& rows, const std::string& prefix, bool with_ids) {
  std::map<std::string, std::map<std::string, std::vector<const Row*>>> asserted;
  std::map<std::string, std::vector<const Row*>> other;
  for (const Row* r : rows) {
    if (r->asserted())
      asserted[r->code][r->year()].push_back(r);
    else
      other[r->code].push_back(r);
  }
  CodeCounts cc = Count(rows);
  std::string out;
  for (const auto& code : CodesOf(cc)) {
    int64_t na = cc.asserted.count(code) ? cc.asserted.at(code) : 0;
    int64_t no = cc.other.count(code) ? cc.other.at(code) : 0;
    if (na + no == 0) continue;
    out += "<section class=\"code-sec\" id=\"" + Anchor(prefix, code) + "\"><h3><span class=\"sw\" style=\"background:" +
           E(CodeColor(code)) + "\"></span>" + E(code) + " <small>" + std::to_string(na) + " asserted, " +
           std::to_string(no) + " not asserted</small></h3>";
    for (const auto& [year, list] : asserted[code]) {
      out += "<h4 id=\"" + Anchor(prefix, code, year) + "\">" + E(year) + " <small>(" +
             std::to_string(list.size()) + ")</small></h4><ol class=\"passages\">";
      for (const Row* r : list) out += PassageItem(*r, with_ids);
      out += "</ol>";
    }
    if (no) {
      out += "<h4 id=\"" + Anchor(prefix, code, "other") + "\">not asserted (negated, reported, hypothetical) <small>(" +
             std::to_string(no) + ")</small></h4><ol class=\"passages\">";
      for (const Row* r : other[code]) out += PassageItem(*r, with_ids);
      out += "</ol>";
    }
    out += "</section>";
  }
  if (out.empty()) out = "<p class=\"none\">No passages.</p>";
  return out;
}

std::string CellLink(int64_t n, const std::string& href) {
  if (n == 0) return "<td class=\"n zero\">0</td>";
  return "<td class=\"n\"><a href=\"" + E(href) + "\">" + std::to_string(n) + "</a></td>";
}

// Codes over time (asserted), stacked per year; segments link to prefix anchors
// on `page` ("" = this page).
std::string CodesOverTime(const CodeCounts& cc, const std::string& aria,
                          const std::function<std::string(const std::string&, const std::string&)>& href) {
  if (cc.years.empty()) return "<p class=\"none\">No asserted evidence to chart.</p>";
  std::vector<std::string> years(cc.years.begin(), cc.years.end());
  std::vector<std::vector<Seg>> bars;
  std::vector<std::tuple<std::string, std::string, std::string>> legend;
  for (const auto& y : years) {
    std::vector<Seg> segs;
    for (const auto& code : CodesOf(cc)) {
      auto it = cc.by_year.find(code);
      int64_t n = 0;
      if (it != cc.by_year.end() && it->second.count(y)) n = it->second.at(y);
      if (n) segs.push_back({code + " " + y, n, href(code, y), CodeColor(code)});
    }
    bars.push_back(std::move(segs));
  }
  for (const auto& code : CodesOf(cc))
    if (cc.asserted.count(code)) legend.emplace_back(code, CodeColor(code), href(code, ""));
  return "<figure>" + BarChart(aria, years, bars, "passages (asserted)", true) + Legend(legend) +
         "<figcaption>" + E(aria) + ". Each bar segment links to its passages.</figcaption></figure>";
}

// ---------------------------------------------------------------- page frame

const char* kCss = R"CSS(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;background:#fff}
nav{background:#1d3557;color:#fff;padding:8px 20px}nav a{color:#fff;margin-right:16px}
main{padding:12px 24px;max-width:1150px}h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ddd;margin-top:28px}
h3{font-size:15px}h4{font-size:13px;margin:10px 0 4px}small{color:#666;font-weight:normal}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ddd;padding:3px 8px;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}td.zero{color:#aaa}th{background:#f3f5f8}
.chart text{font-size:11px;fill:#333}.chart .val{font-size:10px}.chart .in{font-size:10px;fill:#fff}
.chart .grid{stroke:#eee}.chart .axis{stroke:#555}.chart .empty{fill:#f4f4f4}.chart a:hover rect{opacity:.75}
figure{margin:10px 0 18px}figcaption{color:#555;font-size:12px}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px}
.sw{display:inline-block;width:10px;height:10px;margin-right:5px;vertical-align:middle;border-radius:2px}
ol.passages{padding-left:22px}ol.passages li{margin:6px 0 12px}
.meta{font-size:12px;color:#444}.prov{font-size:11px;color:#888}
blockquote{margin:3px 0;padding:4px 10px;border-left:3px solid #ccd;background:#fafbfc;white-space:pre-wrap;overflow-wrap:anywhere}
mark{background:#ffe08a}.code{border-left:4px solid;padding-left:4px}.pol{background:#eee;padding:0 4px;border-radius:3px}
.none{color:#777;font-style:italic}.pos{font-weight:bold}.note{color:#555;font-size:12px}
.tag{font-size:11px;background:#eef;padding:0 4px;border-radius:3px;margin-left:4px}
footer{color:#888;font-size:11px;padding:16px 24px}
)CSS";

std::string Page(const ReportOptions& o, const std::string& title, const std::string& body) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  // No scripts, no network: the report is static and must stay inert whatever the documents contain.
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "img-src data:\">";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  out += "<title>" + E(title) + " — " + E(o.title) + "</title><style>" + kCss + "</style></head><body>";
  out += "<nav><a href=\"index.html\">Overview</a><a href=\"index.html#states\">States</a>"
         "<a href=\"index.html#commanders\">Force commanders</a><a href=\"index.html#codes\">Codes</a></nav><main>";
  out += body;
  out += "</main><footer>Generated by " + E(o.generated_by.empty() ? std::string("normcode") : o.generated_by) +
         " from " + E(o.db_path) + ". Figures count asserted evidence unless stated; every figure links to its "
         "passages.</footer></body></html>\n";
  return out;
}

// ---------------------------------------------------------------- classification

const std::vector<std::string> kFamilies = {"determined", "reluctant", "non_implementation", "validity",
                                            "application", "other"};

// Which sections of an actor-period's passage list a contribution belongs in:
// its implementation family, and the contestation figure its code counts in
// (a state's validity contestation can be in "reluctant" and in "validity").
bool InSection(const Contribution& c, const std::string& section) {
  bool contest = c.code == "validity_contestation" || c.code == "application_contestation";
  if (section == "validity") return c.code == "validity_contestation";
  if (section == "application") return c.code == "application_contestation";
  if (section == "other") return !contest && c.family != "determined" && c.family != "reluctant" &&
                                 c.family != "non_implementation";
  return c.family == section;
}

int64_t FamilyCount(const Figures& f, const std::string& fam) {
  if (fam == "determined") return f.determined;
  if (fam == "reluctant") return f.reluctant;
  if (fam == "non_implementation") return f.non_implementation;
  if (fam == "validity") return f.validity;
  if (fam == "application") return f.application;
  return 0;
}

std::string Opt(const std::optional<double>& v, int prec = 2) { return v ? Fmt(*v, prec) : std::string("–"); }

std::string ContributionItem(const Data& d, const Contribution& c) {
  std::string extra = " <span class=\"tag\">" + E(c.relation) + "</span>";
  extra += c.counted ? " <span class=\"tag\">counted</span>" : " <span class=\"tag\">not counted</span>";
  if (c.direction > 0) extra += " <span class=\"tag\">supports the position</span>";
  if (c.direction < 0) extra += " <span class=\"tag\">against the position</span>";
  auto it = d.by_id.find(c.evidence_id);
  if (it == d.by_id.end())
    return "<li>evidence " + std::to_string(c.evidence_id) + " (" + E(c.code) + ", " + E(c.polarity) +
           ") is not in the database's visible evidence" + extra + "</li>";
  return PassageItem(*it->second, false, extra);
}

// Contributions of one actor-period, by family, under anchors #P-period and #P-period-family.
std::string ContributionSections(const Data& d, const std::vector<Contribution>& ev, const std::string& prefix,
                                 const std::string& period, const std::string& heading) {
  std::string id = prefix + "-" + Token(period);
  std::string out = "<section id=\"" + id + "\"><h3>" + heading + "</h3>";
  for (const auto& fam : kFamilies) {
    std::vector<const Contribution*> list;
    for (const auto& c : ev)
      if (InSection(c, fam)) list.push_back(&c);
    int64_t counted = 0;
    for (const auto* c : list) counted += c->counted ? 1 : 0;
    out += "<h4 id=\"" + id + "-" + fam + "\">" + E(fam) + " <small>(" + std::to_string(counted) + " counted, " +
           std::to_string(list.size()) + " in all)</small></h4>";
    if (list.empty()) continue;
    out += "<ol class=\"passages\">";
    for (const auto* c : list) out += ContributionItem(d, *c);
    out += "</ol>";
  }
  return out + "</section>";
}

std::string FigureCells(const Figures& f, const std::string& base) {
  std::string out;
  for (const auto& fam : {"determined", "reluctant", "non_implementation", "validity", "application"})
    out += CellLink(FamilyCount(f, fam), "#" + base + "-" + fam);
  return out;
}

const char* kFigureHead =
    "<th>determined</th><th>reluctant</th><th>non-impl.</th><th>validity</th><th>application</th>";

std::string PrecisionNote(const ReportOptions& o) {
  if (o.precision.empty())
    return "<p class=\"note\">Audited precision: nothing audited yet (<code>normcode audit</code>).</p>";
  std::string out = "<table><tr><th>code</th><th>audited</th><th>correct</th><th>precision</th><th>95% CI</th></tr>";
  for (const auto& p : o.precision)
    out += "<tr><td><a href=\"" + E(CodeFile(p.code)) + "\">" + E(p.code) + "</a></td><td class=\"n\">" +
           std::to_string(p.audited) + "</td><td class=\"n\">" + std::to_string(p.correct) + "</td><td class=\"n\">" +
           Fmt(p.precision) + "</td><td>" + Fmt(p.lower) + "–" + Fmt(p.upper) + "</td></tr>";
  return out + "</table>";
}

std::vector<Seg> FamilySegs(const Figures& f, const std::string& href_base) {
  std::vector<Seg> segs;
  for (const auto& fam : {"determined", "reluctant", "non_implementation"})
    segs.push_back({fam, FamilyCount(f, fam), href_base + "-" + fam, FamilyColor(fam)});
  return segs;
}

std::string FamilyLegend() {
  std::vector<std::tuple<std::string, std::string, std::string>> l;
  for (const auto& fam : {"determined", "reluctant", "non_implementation"}) l.emplace_back(fam, FamilyColor(fam), "");
  return Legend(l);
}

// ---------------------------------------------------------------- writer

class Writer {
 public:
  Writer(const ReportOptions& o, ReportSummary* s) : o_(o), s_(s) {}

  Status Run() {
    Status st = Load(o_.db_path, &d_);
    if (!st.ok()) return st;
    for (const auto& c : o_.countries) countries_[c.iso3] = &c;
    for (const auto& r : d_.rows) {
      by_code_[r.code].push_back(&r);
      if (!r.iso3.empty()) {
        said_[r.iso3].push_back(&r);
        group_rows_[Group(r.iso3)].push_back(&r);
      }
      if (!r.target_iso3.empty()) about_[r.target_iso3].push_back(&r);
    }
    for (const auto& a : o_.by_year)
      if (a.actor_type == "state" && !a.iso3.empty()) state_class_[a.iso3].push_back(&a);
    for (const auto& a : o_.by_term)
      if (a.actor_type == "force_commander") fc_class_[a.actor_key].push_back(&a);
    std::set<std::string> states;
    for (const auto& [k, v] : said_) states.insert(k);
    for (const auto& [k, v] : about_) states.insert(k);
    for (const auto& [k, v] : state_class_) states.insert(k);
    states_.assign(states.begin(), states.end());

    try {
      std::filesystem::create_directories(o_.out_dir);
    } catch (const std::exception& e) {
      return Status::IOError("cannot create report directory '" + PrintableName(o_.out_dir) + "': " + e.what());
    }
    if (st = Emit("index.html", Overview()); !st.ok()) return st;
    for (const auto& code : CodesOf(Count(AllRows())))
      if (st = Emit(CodeFile(code), CodePage(code)); !st.ok()) return st;
    for (const auto& [g, rows] : group_rows_)
      if (st = Emit(GroupFile(g), GroupPage(g, rows)); !st.ok()) return st;
    for (const auto& iso : states_)
      if (st = Emit(StateFile(iso), StatePage(iso)); !st.ok()) return st;
    for (const auto& [key, list] : fc_class_)
      if (st = Emit(FcFile(key), FcPage(key, list)); !st.ok()) return st;
    s_->evidence = static_cast<int64_t>(d_.rows.size());
    s_->documents = d_.documents;
    return Status::OK();
  }

 private:
  std::vector<const Row*> AllRows() const {
    std::vector<const Row*> v;
    for (const auto& r : d_.rows) v.push_back(&r);
    return v;
  }
  std::string Group(const std::string& iso3) const {
    auto it = countries_.find(iso3);
    return it == countries_.end() || it->second->un_group.empty() ? std::string("no regional group known")
                                                                  : it->second->un_group;
  }
  std::string Name(const std::string& iso3) const {
    auto it = countries_.find(iso3);
    return it == countries_.end() ? iso3 : it->second->name;
  }
  const std::vector<const Row*>& Rows(const std::map<std::string, std::vector<const Row*>>& m,
                                      const std::string& k) const {
    static const std::vector<const Row*> empty;
    auto it = m.find(k);
    return it == m.end() ? empty : it->second;
  }

  Status Emit(const std::string& name, const std::string& html) {
    // Never through a link planted in the folder (outputs/output_file.h): a page is
    // written to a new temporary and renamed over a regular file or nothing.
    std::filesystem::path p = std::filesystem::path(o_.out_dir) / name;
    auto f = OutputFile::Open(p.string());
    if (!f.ok()) return Status::IOError("cannot write report file: " + f.status().message());
    (*f)->stream().write(html.data(), static_cast<std::streamsize>(html.size()));
    if (Status st = (*f)->Commit(); !st.ok())
      return Status::IOError("cannot write report file '" + PrintableName(p.string()) + "': " + st.message());
    s_->files.push_back(name);
    return Status::OK();
  }

  // ---- index.html
  std::string Overview() {
    std::string b = "<h1>" + E(o_.title) + "</h1>";
    b += "<p>" + std::to_string(d_.documents) + " documents (" + E(d_.first_date.empty() ? "?" : d_.first_date) +
         " to " + E(d_.last_date.empty() ? "?" : d_.last_date) + "), " + std::to_string(d_.turns) +
         " speaker turns, " + std::to_string(d_.sentences) + " sentences, " + std::to_string(d_.rows.size()) +
         " pieces of evidence.</p>";
    if (!d_.by_body.empty()) {
      b += "<table><tr><th>body</th><th>documents</th></tr>";
      for (const auto& [body, n] : d_.by_body)
        b += "<tr><td>" + E(body.empty() ? "(none)" : body) + "</td><td class=\"n\">" + std::to_string(n) +
             "</td></tr>";
      b += "</table>";
    }

    CodeCounts all = Count(AllRows());
    b += "<h2 id=\"codes\">Evidence by code</h2><table><tr><th>code</th><th>asserted</th><th>not asserted</th>"
         "<th>audited precision</th></tr>";
    std::map<std::string, const ReportPrecision*> prec;
    for (const auto& p : o_.precision) prec[p.code] = &p;
    for (const auto& code : CodesOf(all)) {
      int64_t na = all.asserted.count(code) ? all.asserted.at(code) : 0;
      int64_t no = all.other.count(code) ? all.other.at(code) : 0;
      b += "<tr><td><span class=\"sw\" style=\"background:" + E(CodeColor(code)) + "\"></span>" +
           (na + no ? "<a href=\"" + E(CodeFile(code)) + "\">" + E(code) + "</a>" : E(code)) + "</td>" +
           CellLink(na, CodeFile(code) + "#" + Anchor("s", code)) +
           CellLink(no, CodeFile(code) + "#" + Anchor("s", code, "other"));
      auto it = prec.find(code);
      b += it == prec.end() ? std::string("<td class=\"zero\">not audited</td>")
                            : "<td>" + Fmt(it->second->precision) + " (" + Fmt(it->second->lower) + "–" +
                                  Fmt(it->second->upper) + ", n=" + std::to_string(it->second->audited) + ")</td>";
      b += "</tr>";
    }
    b += "</table>";
    b += "<h3>Codes over time (all speakers)</h3>";
    b += CodesOverTime(all, "Evidence per year and code, all speakers", [](const std::string& c, const std::string& y) {
      return CodeFile(c) + "#" + Anchor("s", c, y);
    });

    // Validity vs application by UN regional group.
    b += "<h2 id=\"groups\">Validity vs application contestation by UN regional group</h2>";
    std::vector<std::string> groups;
    std::vector<std::vector<Seg>> bars;
    for (const auto& [g, rows] : group_rows_) {
      CodeCounts c = Count(rows);
      int64_t v = c.asserted.count("validity_contestation") ? c.asserted.at("validity_contestation") : 0;
      int64_t a = c.asserted.count("application_contestation") ? c.asserted.at("application_contestation") : 0;
      groups.push_back(g);
      bars.push_back({{"validity_contestation", v, GroupFile(g) + "#" + Anchor("s", "validity_contestation"),
                       CodeColor("validity_contestation")},
                      {"application_contestation", a, GroupFile(g) + "#" + Anchor("s", "application_contestation"),
                       CodeColor("application_contestation")}});
    }
    if (groups.empty()) {
      b += "<p class=\"none\">No evidence said by speakers for states.</p>";
    } else {
      b += "<figure>" + BarChart("Validity and application contestation by UN regional group", groups, bars,
                                 "passages (asserted)", false);
      b += Legend({{"validity_contestation", CodeColor("validity_contestation"), ""},
                   {"application_contestation", CodeColor("application_contestation"), ""}});
      b += "<figcaption>Asserted contestation said by speakers for the states of each group; bars link to the "
           "group's passages.</figcaption></figure>";
      b += "<table><tr><th>UN regional group</th><th>states</th><th>validity</th><th>application</th></tr>";
      for (size_t i = 0; i < groups.size(); ++i) {
        std::set<std::string> st;
        for (const Row* r : group_rows_[groups[i]]) st.insert(r->iso3);
        b += "<tr><td><a href=\"" + E(GroupFile(groups[i])) + "\">" + E(groups[i]) + "</a></td><td class=\"n\">" +
             std::to_string(st.size()) + "</td>" + CellLink(bars[i][0].value, bars[i][0].href) +
             CellLink(bars[i][1].value, bars[i][1].href) + "</tr>";
      }
      b += "</table>";
    }

    // Force commanders beside their states.
    b += "<h2 id=\"commanders\">Force commanders' positions beside their home states'</h2>";
    if (o_.by_term.empty()) {
      b += "<p class=\"none\">Classification not available" +
           (o_.classification_note.empty() ? std::string(".") : ": " + E(o_.classification_note)) + "</p>";
    } else if (fc_class_.empty()) {
      b += "<p class=\"none\">No evidence about a known force commander.</p>";
    } else {
      std::vector<std::pair<std::string, std::vector<Seg>>> rows;
      std::string table =
          "<table><tr><th>force commander</th><th>period</th><th>position</th><th>home state</th>"
          "<th>home position</th><th>alignment</th></tr>";
      for (const auto& [key, list] : fc_class_) {
        for (const ActorClassification* a : list) {
          std::string page = FcFile(key);
          std::string base = "k-" + Token(a->period);
          std::string home = "–", home_pos = "–", align = "unknown";
          if (a->alignment) {
            home = a->alignment->home_name.empty() ? a->alignment->home_iso3 : a->alignment->home_name;
            home_pos = a->alignment->home.position;
            align = a->alignment->value;
          }
          // The chart shows actor-periods with implementation evidence on either side; the table all.
          if (a->figures.n > 0 || (a->alignment && a->alignment->home.n > 0)) {
            rows.push_back({a->actor_name + " (" + a->period + ")", FamilySegs(a->figures, page + "#" + base)});
            if (a->alignment)
              rows.push_back({home + " (same period)", FamilySegs(a->alignment->home, page + "#h-" + Token(a->period))});
          }
          table += "<tr><td><a href=\"" + E(page) + "\">" + E(a->actor_name) + "</a></td><td>" + E(a->period) +
                   "</td><td><a href=\"" + E(page + "#" + base) + "\">" + E(a->figures.position) + "</a></td><td>" +
                   E(home) + "</td><td>" +
                   (a->alignment ? "<a href=\"" + E(page + "#h-" + Token(a->period)) + "\">" + E(home_pos) + "</a>"
                                 : E(home_pos)) +
                   "</td><td>" + E(align) + "</td></tr>";
        }
      }
      if (rows.empty())
        b += "<p class=\"none\">No counted implementation evidence for force commanders or their home states.</p>";
      else
        b += "<figure>" + ShareChart("Implementation evidence of force commanders and of their home states", rows) +
           FamilyLegend() +
           "<figcaption>Counted implementation passages per family, the force commander's line above his home "
           "state's in the same period; segments link to the passages.</figcaption></figure>";
      b += table + "</table>";
    }

    b += "<h2 id=\"states\">States</h2>";
    if (states_.empty()) {
      b += "<p class=\"none\">No evidence said by or about a state.</p>";
    } else {
      b += "<table><tr><th>state</th><th>ISO3</th><th>UN regional group</th><th>said (asserted)</th>"
           "<th>validity</th><th>application</th><th>about (asserted)</th></tr>";
      for (const auto& iso : states_) {
        CodeCounts s = Count(Rows(said_, iso)), a = Count(Rows(about_, iso));
        std::string page = StateFile(iso);
        int64_t v = s.asserted.count("validity_contestation") ? s.asserted.at("validity_contestation") : 0;
        int64_t ap = s.asserted.count("application_contestation") ? s.asserted.at("application_contestation") : 0;
        b += "<tr><td><a href=\"" + E(page) + "\">" + E(Name(iso)) + "</a></td><td>" + E(iso) + "</td><td>" +
             E(Group(iso)) + "</td>" + CellLink(s.total_asserted, page + "#said") +
             CellLink(v, page + "#" + Anchor("s", "validity_contestation")) +
             CellLink(ap, page + "#" + Anchor("s", "application_contestation")) +
             CellLink(a.total_asserted, page + "#about") + "</tr>";
      }
      b += "</table>";
    }
    b += "<h2>Audited precision</h2>" + PrecisionNote(o_);
    return Page(o_, "Overview", b);
  }

  // ---- code-<code>.html: the permalink home of every passage
  std::string CodePage(const std::string& code) {
    const auto& rows = Rows(by_code_, code);
    CodeCounts c = Count(rows);
    std::string b = "<h1><span class=\"sw\" style=\"background:" + E(CodeColor(code)) + "\"></span>" + E(code) +
                    "</h1><p>" + std::to_string(rows.size()) + " passages (" + std::to_string(c.total_asserted) +
                    " asserted).</p>";
    b += CodesOverTime(c, "Passages of " + code + " per year", [](const std::string& cd, const std::string& y) {
      return "#" + Anchor("s", cd, y);
    });
    b += PassageSections(rows, "s", /*with_ids=*/true);
    return Page(o_, code, b);
  }

  // ---- group-<slug>.html
  std::string GroupPage(const std::string& group, const std::vector<const Row*>& rows) {
    std::string b = "<h1>" + E(group) + "</h1><p>Passages said by speakers for the states of this group.</p>";
    std::map<std::string, std::vector<const Row*>> per_state;
    for (const Row* r : rows) per_state[r->iso3].push_back(r);
    b += "<table><tr><th>state</th><th>validity</th><th>application</th><th>all asserted</th></tr>";
    for (const auto& [iso, list] : per_state) {
      CodeCounts c = Count(list);
      std::string page = StateFile(iso);
      int64_t v = c.asserted.count("validity_contestation") ? c.asserted.at("validity_contestation") : 0;
      int64_t a = c.asserted.count("application_contestation") ? c.asserted.at("application_contestation") : 0;
      b += "<tr><td><a href=\"" + E(page) + "\">" + E(Name(iso)) + "</a></td>" +
           CellLink(v, page + "#" + Anchor("s", "validity_contestation")) +
           CellLink(a, page + "#" + Anchor("s", "application_contestation")) + CellLink(c.total_asserted, page + "#said") +
           "</tr>";
    }
    b += "</table><h2>Passages</h2>" + PassageSections(rows, "s", false);
    return Page(o_, group, b);
  }

  // ---- state-<ISO3>.html
  std::string StatePage(const std::string& iso) {
    const auto& said = Rows(said_, iso);
    const auto& about = Rows(about_, iso);
    CodeCounts s = Count(said), a = Count(about);
    std::string b = "<h1>" + E(Name(iso)) + " <small>" + E(iso) + " · <a href=\"" + E(GroupFile(Group(iso))) + "\">" +
                    E(Group(iso)) + "</a></small></h1>";
    b += "<h2>Figures</h2><p class=\"note\">Said: evidence in turns of speakers for " + E(Name(iso)) +
         ". About: evidence whose target is " + E(Name(iso)) +
         " (the state, its contingents, or its speakers' first-person statements). These are the actor_summary "
         "figures summed over the state's actors.</p>";
    b += "<table><tr><th>code</th><th>said, asserted</th><th>said, not asserted</th><th>about, asserted</th>"
         "<th>about, not asserted</th></tr>";
    auto get = [](const std::map<std::string, int64_t>& m, const std::string& k) {
      auto it = m.find(k);
      return it == m.end() ? int64_t{0} : it->second;
    };
    for (const auto& code : CodesOf(s)) {
      b += "<tr><td><span class=\"sw\" style=\"background:" + E(CodeColor(code)) + "\"></span>" + E(code) + "</td>" +
           CellLink(get(s.asserted, code), "#" + Anchor("s", code)) +
           CellLink(get(s.other, code), "#" + Anchor("s", code, "other")) +
           CellLink(get(a.asserted, code), "#" + Anchor("a", code)) +
           CellLink(get(a.other, code), "#" + Anchor("a", code, "other")) + "</tr>";
    }
    b += "</table>";
    b += "<h3>Codes over time (said by " + E(Name(iso)) + ")</h3>";
    b += CodesOverTime(s, "Evidence said by " + Name(iso) + " per year and code",
                       [](const std::string& c, const std::string& y) { return "#" + Anchor("s", c, y); });

    b += "<h2 id=\"classification\">Classification</h2>";
    auto it = state_class_.find(iso);
    if (o_.by_year.empty()) {
      b += "<p class=\"none\">Classification not available" +
           (o_.classification_note.empty() ? std::string(".") : ": " + E(o_.classification_note)) + "</p>";
    } else if (it == state_class_.end()) {
      b += "<p class=\"none\">No classification for this state.</p>";
    } else {
      b += "<table><tr><th>period</th><th>position</th><th>rule</th><th>confidence</th><th>n</th>" +
           std::string(kFigureHead) + "<th>balance</th><th>words spoken</th></tr>";
      for (const ActorClassification* c : it->second) {
        std::string base = "k-" + Token(c->period);
        b += "<tr><td>" + E(c->period) + "</td><td class=\"pos\"><a href=\"#" + base + "\">" +
             E(c->figures.position) + "</a></td><td>" + E(c->figures.rule) + "</td><td class=\"n\">" +
             Fmt(c->figures.confidence) + "</td>" + CellLink(c->figures.n, "#" + base) +
             FigureCells(c->figures, base) + "<td>" + E(c->figures.balance_label) + " (" +
             Opt(c->figures.contestation_balance) + ")</td><td class=\"n\">" + std::to_string(c->figures.words) +
             "</td></tr>";
      }
      b += "</table>";
      for (const ActorClassification* c : it->second)
        b += ContributionSections(d_, c->evidence, "k", c->period,
                                  E(c->period) + ": " + E(c->figures.position) + " <small>(rules " +
                                      E(c->rules_version) + ")</small>");
    }
    b += "<h2 id=\"said\">Passages said by " + E(Name(iso)) + "</h2>" + PassageSections(said, "s", false);
    b += "<h2 id=\"about\">Passages about " + E(Name(iso)) + "</h2>" + PassageSections(about, "a", false);
    return Page(o_, Name(iso), b);
  }

  // ---- fc-<slug>.html
  std::string FcPage(const std::string& key, const std::vector<const ActorClassification*>& list) {
    const ActorClassification* first = list.front();
    std::string b = "<h1>" + E(first->actor_name) + " <small>force commander";
    if (!first->mission.empty()) {
      std::string missions = first->mission;
      for (size_t p = missions.find('|'); p != std::string::npos; p = missions.find('|', p)) missions.replace(p, 1, ", ");
      b += " · " + E(missions);
    }
    if (!first->iso3.empty())
      b += " · <a href=\"" + E(StateFile(first->iso3)) + "\">" + E(Name(first->iso3)) + "</a>";
    b += "</small></h1>";
    std::vector<std::pair<std::string, std::vector<Seg>>> rows;
    for (const ActorClassification* a : list) {
      std::string base = "k-" + Token(a->period);
      rows.push_back({a->actor_name + " (" + a->period + ")", FamilySegs(a->figures, "#" + base)});
      if (a->alignment)
        rows.push_back({(a->alignment->home_name.empty() ? a->alignment->home_iso3 : a->alignment->home_name) +
                            " (same period)",
                        FamilySegs(a->alignment->home, "#h-" + Token(a->period))});
    }
    b += "<figure>" + ShareChart("Position of " + first->actor_name + " beside the home state", rows) +
         FamilyLegend() + "<figcaption>Counted implementation passages per family; segments link to the "
         "passages.</figcaption></figure>";
    b += "<table><tr><th>period</th><th>who</th><th>position</th><th>confidence</th><th>n</th>" +
         std::string(kFigureHead) + "<th>alignment</th></tr>";
    for (const ActorClassification* a : list) {
      std::string kb = "k-" + Token(a->period), hb = "h-" + Token(a->period);
      std::string align = a->alignment ? a->alignment->value + ": " + a->alignment->reason : std::string("–");
      b += "<tr><td>" + E(a->period) + "</td><td>" + E(a->actor_name) + "</td><td class=\"pos\"><a href=\"#" + kb +
           "\">" + E(a->figures.position) + "</a></td><td class=\"n\">" + Fmt(a->figures.confidence) + "</td>" +
           CellLink(a->figures.n, "#" + kb) + FigureCells(a->figures, kb) + "<td rowspan=\"2\">" + E(align) +
           "</td></tr>";
      if (a->alignment) {
        const auto& h = a->alignment->home;
        b += "<tr><td>" + E(a->period) + "</td><td>" +
             (a->alignment->home_iso3.empty()
                  ? E(a->alignment->home_name)
                  : "<a href=\"" + E(StateFile(a->alignment->home_iso3)) + "\">" +
                        E(a->alignment->home_name.empty() ? a->alignment->home_iso3 : a->alignment->home_name) +
                        "</a>") +
             "</td><td class=\"pos\"><a href=\"#" + hb + "\">" + E(h.position) + "</a></td><td class=\"n\">" +
             Fmt(h.confidence) + "</td>" + CellLink(h.n, "#" + hb) + FigureCells(h, hb) + "</tr>";
      } else {
        b += "<tr><td colspan=\"10\" class=\"none\">no home state figures</td></tr>";
      }
    }
    b += "</table>";
    for (const ActorClassification* a : list) {
      b += ContributionSections(d_, a->evidence, "k", a->period,
                                E(a->actor_name) + ", " + E(a->period) + ": " + E(a->figures.position));
      if (a->alignment)
        b += ContributionSections(d_, a->alignment->home_evidence, "h", a->period,
                                  E(a->alignment->home_name) + " in the same period (" + E(a->period) +
                                      "): " + E(a->alignment->home.position));
    }
    b += "<h2>Audited precision</h2>" + PrecisionNote(o_);
    (void)key;
    return Page(o_, first->actor_name, b);
  }

  const ReportOptions& o_;
  ReportSummary* s_;
  Data d_;
  std::map<std::string, const ReportCountry*> countries_;
  std::map<std::string, std::vector<const Row*>> by_code_, said_, about_, group_rows_;
  std::map<std::string, std::vector<const ActorClassification*>> state_class_, fc_class_;
  std::vector<std::string> states_;
};

}  // namespace

Status WriteReport(const ReportOptions& options, ReportSummary* summary) {
  ReportSummary local;
  Writer w(options, summary ? summary : &local);
  try {
    return w.Run();
  } catch (const std::exception& e) {
    return Status::Internal(std::string("report: ") + e.what());
  }
}

}  // namespace normcode
