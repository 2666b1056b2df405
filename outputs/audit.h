// Precision audit: draw a reproducible sample of evidence stratified by code
// for human verdicts, score the filled sheet (precision per code and per entry
// with 95% Wilson intervals) and keep the verdicts in the database
// (table audit_verdicts, schema migration 4: see docs/SCHEMA.md and docs/CLASSIFICATION.md).
#pragma once
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "core/status.h"
#include "extractors/learn/gold.h"

namespace normcode {

struct WilsonInterval {
  double lower = 0, upper = 0;
};
// Wilson score interval for k successes in n trials (z = 1.959963984540054 for 95%).
// n == 0 gives [0, 1].
WilsonInterval Wilson(int64_t k, int64_t n, double z = 1.959963984540054);

// The columns of an audit sheet, in order.
const std::vector<std::string>& AuditSheetColumns();

struct AuditSampleOptions {
  int64_t per_code = 50;
  uint64_t seed = 1;
  std::vector<std::string> polarities{"asserted"};  // empty = all
  std::vector<std::string> codes;                   // empty = every code present
};
// Writes the sample as CSV (RFC 4180) to out: up to per_code rows per code. The
// choice depends only on the seed and the evidence ids (not on row order or the
// platform): the rows of a code with the smallest SplitMix64(seed, id) keys.
// counts (optional) receives (code, rows) pairs.
Status AuditSample(const std::string& db_path, const AuditSampleOptions& o, std::ostream& out,
                   std::vector<std::pair<std::string, int64_t>>* counts = nullptr);

// 1 for correct, 0 for incorrect, -1 for empty (not audited), -2 not understood.
// Accepted: 1 y yes correct true tp c / 0 n no incorrect false fp i wrong (any case).
int ParseVerdict(std::string_view s);

struct PrecisionRow {
  std::string code, entry_id;  // entry_id "" in the per-code rows
  int64_t audited = 0, correct = 0;
  double precision = 0;
  WilsonInterval ci;
};

struct AuditScore {
  int64_t rows = 0, audited = 0, skipped = 0, missing_evidence = 0, stored = 0;
  std::vector<PrecisionRow> by_code, by_entry;  // from this sheet's verdicts
  std::vector<std::string> warnings;
};

// Reads a filled sheet (needs columns evidence_id and verdict; code and entry
// come from the database, or from the sheet's code/entry_id columns when the
// evidence no longer exists). With store = true, opens the database for writing
// (taking the writer lock) and upserts the verdicts into audit_verdicts.
Status ScoreAudit(const std::string& db_path, const std::string& sheet_path, bool store, AuditScore* out);

// Precision per code (entry_id "") and per entry from every stored verdict;
// empty when nothing was audited yet (also when the table does not exist).
StatusOr<std::vector<PrecisionRow>> AuditedPrecision(const std::string& db_path, bool per_entry = false);

// The verdicts of a filled audit sheet as training examples for `normcode train`:
// a row judged correct says its code holds for its sentence, a rejected row that
// it does not (the other codes stay unknown). Rows without a verdict are skipped.
// The sentence is the sheet's `sentence` column without the [[ ]] marks.
StatusOr<std::vector<CodeExample>> ReadAuditExamples(const std::string& sheet_path);

}  // namespace normcode
