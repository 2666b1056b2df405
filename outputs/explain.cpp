// `normcode explain` rendering (see explain.h).
#include "outputs/explain.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/text.h"

namespace normcode {

namespace {

using ojson = nlohmann::ordered_json;


std::string Fmt(double v, int prec = 2) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", prec, v);
  return buf;
}
std::string FmtOpt(const std::optional<double>& v, int prec = 2) { return v ? Fmt(*v, prec) : "n/a"; }

ojson JOpt(const std::optional<double>& v) { return v ? ojson(*v) : ojson(nullptr); }

const char* TypeTitle(const std::string& t) {
  if (t == "state") return "State";
  if (t == "force_commander") return "Force commander";
  if (t == "contingent") return "Contingent";
  if (t == "mission") return "Mission";
  return "Actor";
}

std::string SignedDir(int d) { return d > 0 ? "+1" : d < 0 ? "-1" : " 0"; }

std::string Source(const Passage& p) {
  std::string s = p.path;
  if (p.source_byte_start && p.source_byte_end)
    s += "  source bytes " + std::to_string(*p.source_byte_start) + "-" + std::to_string(*p.source_byte_end);
  s += "  text chars " + std::to_string(p.char_start) + "-" + std::to_string(p.char_end);
  return s;
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

const PrecisionRow* PrecisionFor(const std::vector<PrecisionRow>& v, const std::string& code) {
  for (const auto& r : v)
    if (r.code == code && r.entry_id.empty()) return &r;
  return nullptr;
}

ojson FiguresJson(const Figures& f) {
  ojson j;
  j["words"] = f.words;
  j["turns"] = f.turns;
  j["n_implementation"] = f.n;
  j["n_determined"] = f.determined;
  j["n_reluctant"] = f.reluctant;
  j["n_non_implementation"] = f.non_implementation;
  j["share_determined"] = JOpt(f.share_determined);
  j["share_reluctant"] = JOpt(f.share_reluctant);
  j["share_non_implementation"] = JOpt(f.share_non_implementation);
  j["implementation_index"] = JOpt(f.implementation_index);
  j["position"] = f.position;
  j["position_rule"] = f.rule;
  j["confidence"] = f.confidence;
  j["n_validity"] = f.validity;
  j["n_application"] = f.application;
  j["contestation_balance"] = JOpt(f.contestation_balance);
  j["balance_label"] = f.balance_label;
  ojson codes = ojson::object();
  for (const auto& code : ClassificationCodes()) {
    const CodeFigures& c = f.codes.at(code);
    codes[code] = {{"asserted", c.asserted},
                   {"negated", c.negated},
                   {"reported", c.reported},
                   {"hypothetical", c.hypothetical},
                   {"spoken_asserted", c.spoken_asserted},
                   {"spoken_negated", c.spoken_negated},
                   {"spoken_reported", c.spoken_reported},
                   {"rate_asserted", JOpt(c.rate_asserted)},
                   {"rate_negated", JOpt(c.rate_negated)},
                   {"rate_reported", JOpt(c.rate_reported)}};
  }
  j["codes"] = codes;
  return j;
}

ojson PassageJson(size_t rank, const Contribution& c, const Passage* p, const std::vector<PrecisionRow>& precision) {
  ojson j;
  j["rank"] = rank;
  j["evidence_id"] = c.evidence_id;
  j["code"] = c.code;
  j["polarity"] = c.polarity;
  j["relation"] = c.relation;
  j["family"] = c.family.empty() ? ojson(nullptr) : ojson(c.family);
  j["counted"] = c.counted;
  j["duplicate_of"] = c.duplicate_of ? ojson(c.duplicate_of) : ojson(nullptr);
  j["direction"] = c.direction;
  j["weight"] = c.weight;
  j["score"] = c.score;
  if (p) {
    PassageParts parts = SplitPassage(*p);
    j["symbol"] = p->symbol;
    j["date"] = p->date;
    j["speaker"] = p->speaker;
    j["speaker_affiliation"] = p->speaker_affiliation;
    j["speaker_role"] = p->speaker_role;
    j["target_name"] = p->target_name;
    j["target_kind"] = p->target_kind;
    j["sentence"] = p->sentence_text;
    j["before"] = parts.before;
    j["match"] = parts.match;
    j["after"] = parts.after;
    j["entry_id"] = p->entry_id;
    j["lexicon_version"] = p->lexicon_version;
    j["codebook_version"] = p->codebook_version;
    j["score"] = p->score;
    j["model_version"] = p->model_version;
    j["features"] = p->features;
    j["path"] = p->path;
    j["char_start"] = p->char_start;
    j["char_end"] = p->char_end;
    j["source_byte_start"] = p->source_byte_start ? ojson(*p->source_byte_start) : ojson(nullptr);
    j["source_byte_end"] = p->source_byte_end ? ojson(*p->source_byte_end) : ojson(nullptr);
  }
  if (const PrecisionRow* r = PrecisionFor(precision, c.code))
    j["audited_precision"] = {{"audited", r->audited}, {"precision", r->precision}, {"ci_lower", r->ci.lower},
                              {"ci_upper", r->ci.upper}};
  return j;
}

class TextOut {
 public:
  TextOut(std::ostream& out, bool color) : out_(out), color_(color) {}
  std::string Bold(const std::string& s) const { return color_ ? "\x1b[1m" + s + "\x1b[0m" : s; }
  std::string Dim(const std::string& s) const { return color_ ? "\x1b[2m" + s + "\x1b[0m" : s; }
  std::string Mark(const std::string& s) const { return color_ ? "\x1b[1;30;43m" + s + "\x1b[0m" : "[[" + s + "]]"; }
  std::string Dir(int d) const {
    std::string s = SignedDir(d);
    if (!color_) return s;
    return (d > 0 ? "\x1b[32m" : d < 0 ? "\x1b[31m" : "\x1b[2m") + s + "\x1b[0m";
  }
  std::ostream& o() { return out_; }

 private:
  std::ostream& out_;
  bool color_;
};

void TextFigures(TextOut& t, const Figures& f, const ClassificationRules& rules, const std::string& indent,
                 const std::string& only_code, const std::vector<PrecisionRow>& precision) {
  auto& o = t.o();
  o << indent << "position: " << t.Bold(f.position);
  if (f.position != "insufficient_evidence") o << " (confidence " << Fmt(f.confidence) << ")";
  o << "\n" << indent << "rule: " << DescribeRule(f, rules) << "\n";
  o << indent << "counted implementation passages n = " << f.n << ": determined " << f.determined << ", reluctant "
    << f.reluctant << ", non_implementation " << f.non_implementation;
  if (f.n) o << "; implementation index " << FmtOpt(f.implementation_index);
  o << "\n";
  o << indent << "contestation: validity " << f.validity << ", application " << f.application << ", balance "
    << FmtOpt(f.contestation_balance) << " (" << f.balance_label << ")\n";
  o << indent << "words spoken " << f.words << " in " << f.turns << " turns\n";
  o << indent << PrintableName("code                            asserted  negated reported  rate/10k words (a/n/r)") << "\n";
  for (const auto& code : ClassificationCodes()) {
    if (!only_code.empty() && code != only_code) continue;
    const CodeFigures& c = f.codes.at(code);
    if (only_code.empty() && c.asserted + c.negated + c.reported + c.hypothetical == 0) continue;
    char buf[256];
    std::snprintf(buf, sizeof buf, "%-31s %9lld %8lld %8lld  %s/%s/%s", code.c_str(),
                  static_cast<long long>(c.asserted), static_cast<long long>(c.negated),
                  static_cast<long long>(c.reported), FmtOpt(c.rate_asserted).c_str(),
                  FmtOpt(c.rate_negated).c_str(), FmtOpt(c.rate_reported).c_str());
    o << indent << buf;
    if (const PrecisionRow* r = PrecisionFor(precision, code))
      o << "  audited precision " << Fmt(r->precision) << " [" << Fmt(r->ci.lower) << ", " << Fmt(r->ci.upper)
        << "] n=" << r->audited;
    o << "\n";
  }
}

void TextPassages(TextOut& t, const std::vector<Contribution>& list, const std::map<int64_t, Passage>& passages,
                  const std::string& only_code, const std::string& indent) {
  auto& o = t.o();
  size_t rank = 0, shown = 0;
  for (const auto& c : list) {
    ++rank;
    if (!only_code.empty() && c.code != only_code) continue;
    ++shown;
    auto it = passages.find(c.evidence_id);
    o << indent << "[" << rank << "] " << t.Dir(c.direction) << " " << c.code << " " << c.polarity
      << (c.duplicate_of ? " duplicate of evidence " + std::to_string(c.duplicate_of) + " (not counted)"
          : c.counted  ? " counted"
                       : " not counted")
      << (c.family.empty() ? "" : " family=" + c.family)
      << " (" << c.relation << ")  evidence " << c.evidence_id;
    if (c.weight != 0) o << "  weight " << Fmt(c.weight, 3);
    o << "\n";
    if (it == passages.end()) {
      o << indent << "    (passage not found)\n";
      continue;
    }
    const Passage& p = it->second;
    PassageParts parts = SplitPassage(p);
    std::string who = p.speaker.empty() ? "(no speaker)" : p.speaker;
    if (!p.speaker_affiliation.empty()) who += " (" + p.speaker_affiliation + ")";
    o << indent << "    " << PrintableName(p.symbol.empty() ? "(no symbol)" : p.symbol) << "  "
      << PrintableName(p.date.empty() ? "(undated)" : p.date) << "  " << PrintableName(who);
    if (!p.target_name.empty()) o << "  about " << PrintableName(p.target_name) << " [" << p.target_kind << "]";
    o << "\n";
    o << indent << "    \"" << PrintableName(parts.before) << t.Mark(PrintableName(parts.match))
      << PrintableName(parts.after) << "\"\n";
    o << indent << "    " << t.Dim("entry " + PrintableName(p.entry_id) + "  lexicon " + PrintableName(p.lexicon_version) +
                                  "  codebook " + PrintableName(p.codebook_version))
      << "\n";
    if (!p.model_version.empty()) {
      char score[16];
      std::snprintf(score, sizeof score, "%.3f", p.score);
      o << indent << "    "
        << t.Dim("model " + PrintableName(p.model_version) + "  score " + score + "  because " +
                 PrintableName(p.features.empty() ? "(no positive feature)" : p.features))
        << "\n";
    }
    o << indent << "    " << t.Dim(PrintableName(Source(p))) << "\n";
  }
  if (shown == 0) o << indent << "(none)\n";
}

void RenderText(const std::vector<const ActorClassification*>& sel, const std::map<int64_t, Passage>& passages,
                const std::vector<PrecisionRow>& precision, const ClassificationRules& rules,
                const ExplainOptions& opt, std::ostream& out) {
  TextOut t(out, opt.color);
  for (size_t i = 0; i < sel.size(); ++i) {
    const ActorClassification& a = *sel[i];
    if (i) out << "\n";
    std::string head = std::string(TypeTitle(a.actor_type)) + " " + a.actor_name;
    out << t.Bold(PrintableName(head));
    std::string extra;
    if (!a.iso3.empty()) extra += a.iso3;
    if (!a.un_group.empty()) extra += (extra.empty() ? "" : ", ") + a.un_group;
    if (!a.mission.empty()) extra += (extra.empty() ? "" : "; ") + a.mission;
    if (!extra.empty()) out << " (" << PrintableName(extra) << ")";
    out << ", period " << t.Bold(PrintableName(a.period)) << "  [rules " << PrintableName(a.rules_version) << "]\n";
    TextFigures(t, a.figures, rules, "  ", opt.code, precision);
    if (a.alignment) {
      const Alignment& al = *a.alignment;
      out << "  alignment with home state " << PrintableName(al.home_name) << " (" << al.home_iso3
          << "): " << t.Bold(al.value) << " - " << PrintableName(al.reason) << "\n";
    }
    size_t listed = 0;
    for (const auto& c : a.evidence)
      if (opt.code.empty() || c.code == opt.code) ++listed;
    out << "  passages (" << listed << (opt.code.empty() ? "" : " of code " + opt.code) << " of " << a.evidence.size()
        << "), ranked by contribution:\n";
    TextPassages(t, a.evidence, passages, opt.code, "  ");
    if (a.alignment) {
      const Alignment& al = *a.alignment;
      out << "  home state " << PrintableName(al.home_name) << " in the same period:\n";
      TextFigures(t, al.home, rules, "    ", opt.code, precision);
      out << "    passages (" << al.home_evidence.size() << "):\n";
      TextPassages(t, al.home_evidence, passages, opt.code, "    ");
    }
  }
}

ojson ActorJson(const ActorClassification& a, const std::map<int64_t, Passage>& passages,
                const std::vector<PrecisionRow>& precision, const ClassificationRules& rules,
                const ExplainOptions& opt) {
  ojson j;
  j["actor_type"] = a.actor_type;
  j["actor_key"] = a.actor_key;
  j["actor_name"] = a.actor_name;
  j["iso3"] = a.iso3;
  j["un_group"] = a.un_group;
  j["mission"] = a.mission;
  j["period"] = a.period;
  j["period_start"] = a.period_start;
  j["period_end"] = a.period_end;
  j["rules_version"] = a.rules_version;
  j["rule_text"] = DescribeRule(a.figures, rules);
  j["figures"] = FiguresJson(a.figures);
  auto list = [&](const std::vector<Contribution>& v) {
    ojson arr = ojson::array();
    size_t rank = 0;
    for (const auto& c : v) {
      ++rank;
      if (!opt.code.empty() && c.code != opt.code) continue;
      auto it = passages.find(c.evidence_id);
      arr.push_back(PassageJson(rank, c, it == passages.end() ? nullptr : &it->second, precision));
    }
    return arr;
  };
  j["passages"] = list(a.evidence);
  if (a.alignment) {
    const Alignment& al = *a.alignment;
    j["alignment"] = {{"value", al.value},
                      {"reason", al.reason},
                      {"home_iso3", al.home_iso3},
                      {"home_name", al.home_name},
                      {"home_figures", FiguresJson(al.home)},
                      {"home_rule_text", DescribeRule(al.home, rules)},
                      {"home_passages", list(al.home_evidence)}};
  } else {
    j["alignment"] = nullptr;
  }
  return j;
}

void HtmlFigures(std::ostream& o, const Figures& f, const ClassificationRules& rules,
                 const std::vector<PrecisionRow>& precision) {
  o << "<p><b>Position: " << HtmlEscape(f.position) << "</b>";
  if (f.position != "insufficient_evidence") o << " (confidence " << Fmt(f.confidence) << ")";
  o << "<br>Rule: " << HtmlEscape(DescribeRule(f, rules)) << "<br>Counted implementation passages n = " << f.n
    << ": determined " << f.determined << ", reluctant " << f.reluctant << ", non_implementation "
    << f.non_implementation << "<br>Contestation: validity " << f.validity << ", application " << f.application
    << ", balance " << FmtOpt(f.contestation_balance) << " (" << HtmlEscape(f.balance_label) << ")<br>Words spoken "
    << f.words << " in " << f.turns << " turns</p>\n";
  o << "<table><tr><th>code</th><th>asserted</th><th>negated</th><th>reported</th><th>rate/10k asserted</th>"
       "<th>audited precision</th></tr>\n";
  for (const auto& code : ClassificationCodes()) {
    const CodeFigures& c = f.codes.at(code);
    if (c.asserted + c.negated + c.reported + c.hypothetical == 0) continue;
    o << "<tr><td>" << code << "</td><td>" << c.asserted << "</td><td>" << c.negated << "</td><td>" << c.reported
      << "</td><td>" << FmtOpt(c.rate_asserted) << "</td><td>";
    if (const PrecisionRow* r = PrecisionFor(precision, code))
      o << Fmt(r->precision) << " [" << Fmt(r->ci.lower) << ", " << Fmt(r->ci.upper) << "] n=" << r->audited;
    o << "</td></tr>\n";
  }
  o << "</table>\n";
}

void HtmlPassages(std::ostream& o, const std::vector<Contribution>& v, const std::map<int64_t, Passage>& passages,
                  const std::string& only_code) {
  o << "<ol class=\"passages\">\n";
  size_t rank = 0;
  for (const auto& c : v) {
    ++rank;
    if (!only_code.empty() && c.code != only_code) continue;
    o << "<li value=\"" << rank << "\" class=\"" << (c.direction > 0 ? "for" : c.direction < 0 ? "against" : "neutral")
      << "\"><span class=\"meta\">" << SignedDir(c.direction) << " " << HtmlEscape(c.code) << " "
      << HtmlEscape(c.polarity) << (c.counted ? " counted" : " not counted") << " (" << HtmlEscape(c.relation)
      << ") evidence " << c.evidence_id << "</span><br>";
    auto it = passages.find(c.evidence_id);
    if (it != passages.end()) {
      const Passage& p = it->second;
      PassageParts parts = SplitPassage(p);
      o << HtmlEscape(p.symbol) << " " << HtmlEscape(p.date) << " " << HtmlEscape(p.speaker);
      if (!p.speaker_affiliation.empty()) o << " (" << HtmlEscape(p.speaker_affiliation) << ")";
      o << "<blockquote>" << HtmlEscape(parts.before) << "<mark>" << HtmlEscape(parts.match) << "</mark>"
        << HtmlEscape(parts.after) << "</blockquote><span class=\"meta\">entry " << HtmlEscape(p.entry_id)
        << " &middot; codebook " << HtmlEscape(p.codebook_version) << " &middot; " << HtmlEscape(Source(p))
        << "</span>";
    }
    o << "</li>\n";
  }
  o << "</ol>\n";
}

void RenderHtml(const std::vector<const ActorClassification*>& sel, const std::map<int64_t, Passage>& passages,
                const std::vector<PrecisionRow>& precision, const ClassificationRules& rules,
                const ExplainOptions& opt, std::ostream& o) {
  o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>normcode explain</title>\n"
       "<style>body{font-family:sans-serif;max-width:60em;margin:auto}mark{background:#fd5}"
       ".meta{color:#666;font-size:90%}li.for{border-left:4px solid #3a3}li.against{border-left:4px solid #c33}"
       "li{padding-left:.5em;margin-bottom:.8em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
       "padding:2px 6px}</style></head><body>\n";
  for (const ActorClassification* a : sel) {
    o << "<section><h2>" << TypeTitle(a->actor_type) << " " << HtmlEscape(a->actor_name) << " &mdash; "
      << HtmlEscape(a->period) << "</h2>\n";
    HtmlFigures(o, a->figures, rules, precision);
    if (a->alignment)
      o << "<p>Alignment with " << HtmlEscape(a->alignment->home_name) << ": <b>" << HtmlEscape(a->alignment->value)
        << "</b> &mdash; " << HtmlEscape(a->alignment->reason) << "</p>\n";
    o << "<h3>Passages</h3>\n";
    HtmlPassages(o, a->evidence, passages, opt.code);
    if (a->alignment) {
      o << "<h3>Home state " << HtmlEscape(a->alignment->home_name) << " in the same period</h3>\n";
      HtmlFigures(o, a->alignment->home, rules, precision);
      HtmlPassages(o, a->alignment->home_evidence, passages, opt.code);
    }
    o << "</section>\n";
  }
  o << "<p class=\"meta\">Classification rules version " << HtmlEscape(rules.version) << "</p></body></html>\n";
}

}  // namespace

std::string DescribeRule(const Figures& f, const ClassificationRules& r) {
  auto share = [](const std::optional<double>& s) { return s ? Fmt(*s) : std::string("n/a"); };
  if (f.rule == "min_evidence")
    return "n = " + std::to_string(f.n) + " counted implementation passages < min_evidence " +
           std::to_string(r.min_evidence) + ": insufficient_evidence";
  if (f.rule == "non_implementation_share")
    return "non_implementation share " + share(f.share_non_implementation) + " (" +
           std::to_string(f.non_implementation) + "/" + std::to_string(f.n) + ") >= " +
           Fmt(r.non_implementation_min_share) + ": non_implementation";
  if (f.rule == "determined_share")
    return "non_implementation share " + share(f.share_non_implementation) + " < " +
           Fmt(r.non_implementation_min_share) + "; determined share " + share(f.share_determined) + " (" +
           std::to_string(f.determined) + "/" + std::to_string(f.n) + ") >= " + Fmt(r.determined_min_share) +
           ": determined";
  if (f.rule == "reluctant_share")
    return "non_implementation share " + share(f.share_non_implementation) + " < " +
           Fmt(r.non_implementation_min_share) + "; determined share " + share(f.share_determined) + " < " +
           Fmt(r.determined_min_share) + "; reluctant + non_implementation share (" +
           std::to_string(f.reluctant + f.non_implementation) + "/" + std::to_string(f.n) + ") >= " +
           Fmt(r.reluctant_min_share) + ": reluctant";
  if (f.rule == "mixed") return "no family reaches its share threshold (mixed evidence): insufficient_evidence";
  return f.rule;
}

std::vector<const ActorClassification*> SelectActor(const std::vector<ActorClassification>& all,
                                                    const ClassifyEntities& entities, const std::string& name,
                                                    const std::string& type, const std::string& period) {
  std::string n = AsciiLower(name);
  std::vector<const ActorClassification*> out;
  for (const auto& a : all) {
    if (!type.empty() && a.actor_type != type) continue;
    bool match = AsciiLower(a.actor_name) == n || AsciiLower(a.actor_key) == n || (!a.iso3.empty() && AsciiLower(a.iso3) == n &&
                                                                         a.actor_type != "force_commander");
    if (!match && a.actor_type == "force_commander")
      for (const auto& c : entities.commanders) {
        if (c.name != a.actor_name) continue;
        for (const auto& al : c.aliases)
          if (AsciiLower(al) == n) match = true;
      }
    if (!match) continue;
    if (!period.empty() && a.period != period && AsciiLower(a.period).rfind(AsciiLower(period), 0) != 0) continue;
    out.push_back(&a);
  }
  return out;
}

Status RenderExplain(const std::vector<const ActorClassification*>& selected,
                     const std::map<int64_t, Passage>& passages, const std::vector<PrecisionRow>& precision,
                     const ClassificationRules& rules, const ExplainOptions& options, std::ostream& out) {
  if (options.format == "json") {
    ojson j;
    j["rules_version"] = rules.version;
    j["code_filter"] = options.code.empty() ? ojson(nullptr) : ojson(options.code);
    ojson arr = ojson::array();
    for (const auto* a : selected) arr.push_back(ActorJson(*a, passages, precision, rules, options));
    j["actors"] = arr;
    out << j.dump(2, ' ', false, ojson::error_handler_t::replace) << "\n";
  } else if (options.format == "html") {
    RenderHtml(selected, passages, precision, rules, options, out);
  } else if (options.format == "text") {
    RenderText(selected, passages, precision, rules, options, out);
  } else {
    return Status::InvalidInput("unknown format '" + options.format + "'");
  }
  out.flush();
  if (!out) return Status::IOError("cannot write the explanation");
  return Status::OK();
}

}  // namespace normcode
