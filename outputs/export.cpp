// Exports (see export.h).
#include "outputs/export.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "outputs/document_text.h"

#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>

namespace normcode {

namespace {

const std::vector<std::string> kEvidenceColumns = {
    "evidence_id",     "run_id",          "doc_id",       "path",           "symbol",
    "date",            "year",            "body",         "doc_kind",       "title",
    "turn_idx",        "sentence_idx",    "speaker",      "speaker_affiliation", "speaker_iso3",
    "speaker_role",    "speaker_actor_id", "speaker_name", "target_actor_id", "target_name",
    "target_kind",     "target_iso3",     "target_type",  "code",           "polarity",
    "score",           "entry_id",        "lexicon_version", "codebook_version", "matched_text",
    "char_start",      "char_end",        "byte_start",   "byte_end",       "source_byte_start",
    "source_byte_end", "sentence_id",     "sentence_char_start", "sentence_char_end", "sentence_text"};

const char* kEvidenceSql =
    "SELECT v.evidence_id, v.run_id, v.doc_id, v.path, v.symbol, v.date, substr(v.date, 1, 4), v.body, v.kind, "
    "v.title, v.turn_idx, v.sentence_idx, v.speaker, v.speaker_affiliation, v.speaker_iso3, v.speaker_role, "
    "v.speaker_actor_id, v.speaker_name, v.target_actor_id, v.target_name, v.target_kind, NULLIF(v.target_iso3, ''), "
    "v.target_type, v.code, v.polarity, v.score, v.entry_id, v.lexicon_version, r.codebook_version, v.matched_text, "
    "v.char_start, v.char_end, v.byte_start, v.byte_end, v.source_byte_start, v.source_byte_end, v.sentence_id, "
    "v.sentence_char_start, v.sentence_char_end, NULL, s.byte_start, s.byte_end "
    "FROM evidence_view v JOIN sentences s ON s.id = v.sentence_id LEFT JOIN runs r ON r.id = v.run_id "
    "ORDER BY v.evidence_id";
// sentence_text is sliced from each document's text, read once per document
// (DocumentTextCache); the view's substr() re-read the whole text for every row
// (issue 16.6: minutes on one 200 MB record). The two extra columns are the
// sentence's byte span.
constexpr int kEvidenceExtraColumns = 2;

const std::vector<std::string> kActorColumns = {"actor_id",         "name",          "display_name", "kind",
                                                "iso3",             "role",          "n_turns",      "n_evidence_spoken",
                                                "n_evidence_about", "n_documents",   "first_date",   "last_date"};

const char* kActorSql =
    "SELECT a.id, a.name, a.display_name, a.kind, NULLIF(a.iso3, ''), NULLIF(a.role, ''), "
    "(SELECT count(*) FROM turns t JOIN documents d ON d.id = t.doc_id "
    "  WHERE t.speaker_actor_id = a.id AND d.status = 'ok'), "
    "(SELECT count(*) FROM evidence e JOIN documents d ON d.id = e.doc_id "
    "  WHERE e.speaker_actor_id = a.id AND d.status = 'ok'), "
    "(SELECT count(*) FROM evidence e JOIN documents d ON d.id = e.doc_id "
    "  WHERE e.target_actor_id = a.id AND d.status = 'ok'), "
    "(SELECT count(DISTINCT x.doc_id) FROM (SELECT doc_id FROM evidence WHERE speaker_actor_id = a.id "
    "  UNION SELECT doc_id FROM evidence WHERE target_actor_id = a.id "
    "  UNION SELECT doc_id FROM turns WHERE speaker_actor_id = a.id) x "
    "  JOIN documents d ON d.id = x.doc_id WHERE d.status = 'ok'), "
    "(SELECT min(d.date) FROM (SELECT doc_id FROM evidence WHERE speaker_actor_id = a.id "
    "  UNION SELECT doc_id FROM evidence WHERE target_actor_id = a.id "
    "  UNION SELECT doc_id FROM turns WHERE speaker_actor_id = a.id) x "
    "  JOIN documents d ON d.id = x.doc_id WHERE d.status = 'ok'), "
    "(SELECT max(d.date) FROM (SELECT doc_id FROM evidence WHERE speaker_actor_id = a.id "
    "  UNION SELECT doc_id FROM evidence WHERE target_actor_id = a.id "
    "  UNION SELECT doc_id FROM turns WHERE speaker_actor_id = a.id) x "
    "  JOIN documents d ON d.id = x.doc_id WHERE d.status = 'ok') "
    "FROM actors a ORDER BY a.id";

const std::vector<std::string> kDocumentColumns = {
    "doc_id",         "path",         "symbol",      "body",        "meeting",     "date",
    "year",           "kind",         "format",      "language",    "title",       "status",
    "failure_reason", "encoding",     "size",        "n_chars",     "content_hash", "codebook_version",
    "first_run_id",   "last_run_id",  "n_turns",     "n_sentences", "n_evidence"};

const char* kDocumentSql =
    "SELECT d.id, d.path, d.symbol, d.body, d.meeting, d.date, substr(d.date, 1, 4), d.kind, d.format, d.language, "
    "d.title, d.status, d.failure_reason, d.encoding, d.size, d.n_chars, d.content_hash, "
    "NULLIF(d.codebook_version, ''), d.first_run_id, d.last_run_id, "
    "(SELECT count(*) FROM turns t WHERE t.doc_id = d.id), "
    "(SELECT count(*) FROM sentences s WHERE s.doc_id = d.id), "
    "(SELECT count(*) FROM evidence e WHERE e.doc_id = d.id) "
    "FROM documents d ORDER BY d.id";

std::vector<std::string> MakeClassificationColumns() {
  std::vector<std::string> c = {"actor_type",
                                "actor_key",
                                "actor_name",
                                "iso3",
                                "un_group",
                                "mission",
                                "period",
                                "period_start",
                                "period_end",
                                "rules_version",
                                "words",
                                "turns",
                                "n_evidence",
                                "n_implementation",
                                "n_determined",
                                "n_reluctant",
                                "n_non_implementation",
                                "share_determined",
                                "share_reluctant",
                                "share_non_implementation",
                                "implementation_index",
                                "position",
                                "position_rule",
                                "confidence",
                                "n_validity",
                                "n_application",
                                "contestation_balance",
                                "balance_label",
                                "alignment",
                                "alignment_reason",
                                "home_iso3",
                                "home_position",
                                "home_confidence",
                                "home_n_implementation",
                                "counted_evidence_ids"};
  for (const auto& code : ClassificationCodes())
    for (const char* s : {"_asserted", "_negated", "_reported", "_rate_asserted", "_rate_negated", "_rate_reported"})
      c.push_back(ExportCodePrefix(code) + s);
  return c;
}

ExportValue Opt(const std::optional<double>& d) { return d ? ExportValue(*d) : ExportValue(); }
ExportValue Str(const std::string& s) { return s.empty() ? ExportValue() : ExportValue(s); }

ExportValue ColumnValue(const SQLite::Column& c) {
  if (c.isNull()) return {};
  if (c.isInteger()) return c.getInt64();
  if (c.isFloat()) return c.getDouble();
  return c.getString();
}

class RowWriter {
 public:
  RowWriter(std::ostream& out, bool csv, const std::vector<std::string>& columns)
      : out_(out), csv_(csv), columns_(columns) {
    if (csv_) WriteCsvRow(out_, columns_);
  }
  void Row(const std::vector<ExportValue>& values) {
    if (csv_) {
      // Text cells are neutralised against formula injection; numbers are written as they are.
      for (size_t i = 0; i < values.size(); ++i) {
        if (i) out_ << ',';
        const ExportValue& v = values[i];
        if (auto* s = std::get_if<std::string>(&v)) out_ << CsvTextField(*s);
        else out_ << CsvField(ExportValueText(v));
      }
      out_ << "\r\n";
      return;
    }
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (size_t i = 0; i < columns_.size(); ++i) {
      const ExportValue& v = values[i];
      if (std::holds_alternative<std::monostate>(v))
        j[columns_[i]] = nullptr;
      else if (auto* x = std::get_if<int64_t>(&v))
        j[columns_[i]] = *x;
      else if (auto* d = std::get_if<double>(&v))
        j[columns_[i]] = std::isfinite(*d) ? nlohmann::ordered_json(*d) : nlohmann::ordered_json(nullptr);
      else
        j[columns_[i]] = std::get<std::string>(v);
    }
    out_ << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
  }

 private:
  std::ostream& out_;
  bool csv_;
  const std::vector<std::string>& columns_;
};

}  // namespace

std::string ExportCodePrefix(const std::string& code) {
  static const std::map<std::string, std::string> m = {
      {"validity_contestation", "val"},         {"application_contestation", "app"},
      {"hesitation_lack_of_initiative", "hes_init"}, {"hesitation_delaying", "hes_delay"},
      {"hesitation_flip_flopping", "hes_flip"}, {"recalcitrance_ignoring", "rec_ignore"},
      {"recalcitrance_rejecting", "rec_reject"}, {"recalcitrance_obstructing", "rec_obstruct"},
      {"determined_implementation", "det"},     {"non_implementation", "non_impl"}};
  auto it = m.find(code);
  return it == m.end() ? code : it->second;
}

const std::vector<std::string>& ExportColumns(const std::string& what) {
  static const std::vector<std::string> classification = MakeClassificationColumns();
  static const std::vector<std::string> none;
  if (what == "evidence") return kEvidenceColumns;
  if (what == "actors") return kActorColumns;
  if (what == "documents") return kDocumentColumns;
  if (what == "classifications") return classification;
  return none;
}

std::string CsvField(std::string_view s) {
  bool quote = s.find_first_of(",\"\r\n") != std::string_view::npos ||
               (!s.empty() && (s.front() == ' ' || s.back() == ' '));
  if (!quote) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

bool StartsLikeFormula(std::string_view s) {
  return !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
}

std::string CsvTextField(std::string_view s) {
  if (!StartsLikeFormula(s)) return CsvField(s);
  // OWASP (CSV injection): prepend a single quote, escape quotes, surround with quotes.
  std::string out = "\"'";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string ExportValueText(const ExportValue& v) {
  if (std::holds_alternative<std::monostate>(v)) return "";
  if (auto* x = std::get_if<int64_t>(&v)) return std::to_string(*x);
  if (auto* d = std::get_if<double>(&v)) {
    if (!std::isfinite(*d)) return "";
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, *d);
    return std::string(buf, r.ptr);
  }
  return std::get<std::string>(v);
}

void WriteCsvRow(std::ostream& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out << ',';
    out << CsvTextField(fields[i]);
  }
  out << "\r\n";
}

StatusOr<std::vector<CsvRecord>> ParseCsv(std::string_view text) {
  std::vector<CsvRecord> out;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t i = 0;
  int64_t line = 1;
  while (i < text.size()) {
    CsvRecord rec;
    rec.line = line;
    std::string field;
    for (;;) {
      field.clear();
      if (i < text.size() && text[i] == '"') {
        int64_t open_line = line;
        ++i;
        for (;;) {
          if (i >= text.size())
            return Status::InvalidInput("line " + std::to_string(open_line) + ": quoted field is not closed");
          char c = text[i++];
          if (c == '"') {
            if (i < text.size() && text[i] == '"') {
              field += '"';
              ++i;
              continue;
            }
            break;
          }
          if (c == '\n') ++line;
          field += c;
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
          return Status::InvalidInput("line " + std::to_string(line) + ": text after a closing quote");
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"')
            return Status::InvalidInput("line " + std::to_string(line) + ": quote inside an unquoted field");
          field += text[i++];
        }
      }
      rec.fields.push_back(field);
      if (i < text.size() && text[i] == ',') {
        ++i;
        continue;
      }
      break;
    }
    if (i < text.size() && text[i] == '\r') ++i;
    if (i < text.size() && text[i] == '\n') {
      ++i;
      ++line;
    }
    out.push_back(std::move(rec));
  }
  return out;
}

std::vector<std::vector<ExportValue>> ClassificationRows(const std::vector<ActorClassification>& v) {
  std::vector<std::vector<ExportValue>> rows;
  for (const auto& a : v) {
    const Figures& f = a.figures;
    std::string ids;
    for (const auto& c : a.evidence)
      if (c.counted) ids += (ids.empty() ? "" : " ") + std::to_string(c.evidence_id);
    std::vector<ExportValue> r = {a.actor_type,
                                  a.actor_key,
                                  a.actor_name,
                                  Str(a.iso3),
                                  Str(a.un_group),
                                  Str(a.mission),
                                  a.period,
                                  Str(a.period_start),
                                  Str(a.period_end),
                                  Str(a.rules_version),
                                  f.words,
                                  f.turns,
                                  static_cast<int64_t>(a.evidence.size()),
                                  f.n,
                                  f.determined,
                                  f.reluctant,
                                  f.non_implementation,
                                  Opt(f.share_determined),
                                  Opt(f.share_reluctant),
                                  Opt(f.share_non_implementation),
                                  Opt(f.implementation_index),
                                  f.position,
                                  f.rule,
                                  f.confidence,
                                  f.validity,
                                  f.application,
                                  Opt(f.contestation_balance),
                                  f.balance_label};
    if (a.alignment) {
      r.push_back(a.alignment->value);
      r.push_back(Str(a.alignment->reason));
      r.push_back(Str(a.alignment->home_iso3));
      r.push_back(a.alignment->home.position);
      r.push_back(a.alignment->home.confidence);
      r.push_back(a.alignment->home.n);
    } else {
      for (int i = 0; i < 6; ++i) r.push_back(ExportValue());
    }
    r.push_back(Str(ids));
    for (const auto& code : ClassificationCodes()) {
      const CodeFigures& c = f.codes.at(code);
      r.push_back(c.asserted);
      r.push_back(c.negated);
      r.push_back(c.reported);
      r.push_back(Opt(c.rate_asserted));
      r.push_back(Opt(c.rate_negated));
      r.push_back(Opt(c.rate_reported));
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

Status ExportTable(const std::string& db_path, const std::string& what, const std::string& format,
                   const ClassifyOptions& classify, std::ostream& out) {
  const auto& columns = ExportColumns(what);
  if (columns.empty()) return Status::InvalidInput("unknown table '" + what + "'");
  if (format != "csv" && format != "jsonl") return Status::InvalidInput("unknown format '" + format + "'");
  bool csv = format == "csv";
  if (what == "classifications") {
    auto v = ClassifyActors(db_path, classify);
    if (!v.ok()) return v.status();
    RowWriter w(out, csv, columns);
    for (const auto& r : ClassificationRows(*v)) w.Row(r);
  } else {
    auto db = OpenAnalysisDb(db_path);
    if (!db.ok()) return db.status();
    try {
      const bool evidence = what == "evidence";
      const char* sql = evidence ? kEvidenceSql : what == "actors" ? kActorSql : kDocumentSql;
      SQLite::Statement q(**db, sql);
      const size_t extra = evidence ? kEvidenceExtraColumns : 0;
      if (static_cast<size_t>(q.getColumnCount()) != columns.size() + extra)
        return Status::Internal("export " + what + ": column count mismatch");
      DocumentTextCache texts(**db);
      RowWriter w(out, csv, columns);
      std::vector<ExportValue> row(columns.size());
      const int n = static_cast<int>(columns.size());
      while (q.executeStep()) {
        for (int i = 0; i < n; ++i) row[i] = ColumnValue(q.getColumn(i));
        if (evidence) {
          auto t = texts.Slice(q.getColumn(2).getInt64(), q.getColumn(n).getInt64(), q.getColumn(n + 1).getInt64());
          row[n - 1] = t ? ExportValue(std::string(*t)) : ExportValue();
        }
        w.Row(row);
      }
    } catch (const SQLite::Exception& e) {
      return Status::IOError("database " + db_path + ": " + e.what());
    }
  }
  out.flush();
  if (!out) return Status::IOError("cannot write the export (output stream failed)");
  return Status::OK();
}

}  // namespace normcode
