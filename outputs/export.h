// Tabular exports of an evidence database for R, pandas and Stata:
// `normcode export --what evidence|actors|documents|classifications --format csv|jsonl`.
// Column names are snake_case and stable (docs/CLASSIFICATION.md, "Exports").
// CSV follows RFC 4180 (comma, CRLF line ends, fields with comma, quote, CR or
// LF quoted, quotes doubled; NULL is an empty field). JSONL is one JSON object
// per line with the same keys in the same order (NULL is null).
#pragma once
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <variant>
#include <vector>

#include "core/status.h"
#include "outputs/classify.h"

namespace normcode {

// A cell: NULL, integer, real or text.
using ExportValue = std::variant<std::monostate, int64_t, double, std::string>;

// The fixed column list of a table ("evidence", "actors", "documents", "classifications").
const std::vector<std::string>& ExportColumns(const std::string& what);

// Short prefix of a code in classification column names, so that every column
// name fits Stata's 32 characters: "hesitation_lack_of_initiative" -> "hes_init".
std::string ExportCodePrefix(const std::string& code);

// Writes the table to out. `classify` is used for --what classifications only.
Status ExportTable(const std::string& db_path, const std::string& what, const std::string& format,
                   const ClassifyOptions& classify, std::ostream& out);

// The rows of the classifications table (one per actor-period), in ExportColumns order.
std::vector<std::vector<ExportValue>> ClassificationRows(const std::vector<ActorClassification>& v);

// --- CSV (RFC 4180) ---
// One field, quoted when it holds a comma, quote, CR or LF (or leading/trailing space).
std::string CsvField(std::string_view s);
// True when a spreadsheet would take the text as a formula: it starts with
// '=', '+', '-', '@', TAB or CR.
bool StartsLikeFormula(std::string_view s);
// A text field neutralised against CSV (formula) injection, the OWASP rule: when
// StartsLikeFormula, a single quote is prepended and the field is quoted
// ("=1+2" -> "'=1+2" in quotes); otherwise CsvField. Used for every text cell of
// `export --format csv` and the audit sheet (numbers are written as they are).
std::string CsvTextField(std::string_view s);
// Text of a value as written to CSV: "" for NULL, shortest round-trip form for reals.
std::string ExportValueText(const ExportValue& v);
// A row of text fields (each through CsvTextField), CRLF-terminated.
void WriteCsvRow(std::ostream& out, const std::vector<std::string>& fields);

struct CsvRecord {
  int64_t line = 0;  // physical line (1-based) where the record starts
  std::vector<std::string> fields;
};
// Parses a whole CSV document (CRLF or LF; a UTF-8 BOM is skipped). Errors
// (a quote inside an unquoted field, an unterminated quoted field, text after a
// closing quote) name the line.
StatusOr<std::vector<CsvRecord>> ParseCsv(std::string_view text);

}  // namespace normcode
