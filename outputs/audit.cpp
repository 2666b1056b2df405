// Precision audit (see audit.h).
#include "outputs/audit.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <map>
#include <optional>
#include <unordered_map>
#include <sstream>

#include "outputs/classify.h"
#include "outputs/document_text.h"
#include "outputs/export.h"
#include "outputs/store.h"
#include "core/codes.h"
#include "core/env.h"
#include "core/text.h"

namespace normcode {

WilsonInterval Wilson(int64_t k, int64_t n, double z) {
  if (n <= 0) return {0.0, 1.0};
  double nn = static_cast<double>(n), p = static_cast<double>(k) / nn, z2 = z * z;
  double denom = 1.0 + z2 / nn;
  double center = (p + z2 / (2 * nn)) / denom;
  double half = z / denom * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  return {std::max(0.0, center - half), std::min(1.0, center + half)};
}

const std::vector<std::string>& AuditSheetColumns() {
  static const std::vector<std::string> c = {"evidence_id", "code",         "entry_id", "polarity",
                                             "symbol",      "date",         "speaker",  "matched_text",
                                             "sentence",    "context",      "verdict",  "note"};
  return c;
}

namespace {

uint64_t SplitMix64(uint64_t x) {
  uint64_t z = x + 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}


std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

std::string NowIso() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::vector<PrecisionRow> Summarise(const std::map<std::pair<std::string, std::string>, std::pair<int64_t, int64_t>>& m) {
  std::vector<PrecisionRow> out;
  for (const auto& [key, v] : m) {
    PrecisionRow r;
    r.code = key.first;
    r.entry_id = key.second;
    r.audited = v.first;
    r.correct = v.second;
    r.precision = r.audited ? static_cast<double>(r.correct) / r.audited : 0.0;
    r.ci = Wilson(r.correct, r.audited);
    out.push_back(r);
  }
  return out;
}

}  // namespace

int ParseVerdict(std::string_view s) {
  std::string v = AsciiLower(Trim(s));
  if (v.empty()) return -1;
  for (const char* y : {"1", "y", "yes", "correct", "true", "tp", "c"})
    if (v == y) return 1;
  for (const char* n : {"0", "n", "no", "incorrect", "false", "fp", "i", "wrong"})
    if (v == n) return 0;
  return -2;
}

Status AuditSample(const std::string& db_path, const AuditSampleOptions& o, std::ostream& out,
                   std::vector<std::pair<std::string, int64_t>>* counts) {
  if (o.per_code < 1) return Status::InvalidInput("--per-code must be at least 1");
  auto db = OpenAnalysisDb(db_path);
  if (!db.ok()) return db.status();
  std::map<std::string, std::vector<std::pair<uint64_t, int64_t>>> by_code;  // code -> (key, id)
  std::map<int64_t, std::string> context;
  try {
    SQLite::Statement q(**db,
                        "SELECT e.id, e.code, e.polarity FROM evidence e JOIN documents d ON d.id = e.doc_id "
                        "WHERE d.status = 'ok'");
    while (q.executeStep()) {
      int64_t id = q.getColumn(0).getInt64();
      std::string code = q.getColumn(1).getString(), pol = q.getColumn(2).getString();
      if (!o.polarities.empty() && std::find(o.polarities.begin(), o.polarities.end(), pol) == o.polarities.end())
        continue;
      if (!o.codes.empty() && std::find(o.codes.begin(), o.codes.end(), code) == o.codes.end()) continue;
      by_code[code].push_back({SplitMix64(o.seed ^ SplitMix64(static_cast<uint64_t>(id))), id});
    }
  } catch (const SQLite::Exception& e) {
    return Status::IOError("database " + db_path + ": " + e.what());
  }
  // Codebook order first, then any other code alphabetically.
  std::vector<std::string> order;
  for (const auto& c : ClassificationCodes())
    if (by_code.count(c)) order.push_back(c);
  for (const auto& [c, v] : by_code)
    if (std::find(order.begin(), order.end(), c) == order.end()) order.push_back(c);
  std::vector<int64_t> ids;
  for (const auto& c : order) {
    auto& v = by_code[c];
    std::sort(v.begin(), v.end());
    int64_t take = std::min<int64_t>(o.per_code, static_cast<int64_t>(v.size()));
    for (int64_t i = 0; i < take; ++i) ids.push_back(v[i].second);
    if (counts) counts->push_back({c, take});
  }
  auto passages = LoadPassages(db_path, ids);
  if (!passages.ok()) return passages.status();
  try {
    // The sentences before and after each passage: their byte spans first, then the
    // texts sliced with each document's text read once (issue 16.6; a substr() per
    // row re-read a long record's whole text twice for every sampled passage).
    struct Ctx {
      std::optional<std::pair<int64_t, int64_t>> prev_span, next_span;
      std::string prev, next;
    };
    std::vector<Ctx> ctxs(passages->size());
    std::vector<size_t> order(passages->size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return (*passages)[a].doc_id < (*passages)[b].doc_id; });
    // Each document's sentence spans once, in text order (a lookup per passage that
    // scanned the document's sentences was quadratic in a long record).
    struct Sent {
      int64_t id, char_start, byte_start, byte_end;
    };
    SQLite::Statement sq(**db,
                         "SELECT id, char_start, byte_start, byte_end FROM sentences WHERE doc_id = ? "
                         "ORDER BY char_start, id");
    DocumentTextCache texts(**db);
    int64_t loaded = -1;
    std::vector<Sent> sents;
    std::unordered_map<int64_t, size_t> pos;
    for (size_t i : order) {
      const Passage& p = (*passages)[i];
      if (p.doc_id != loaded) {
        sents.clear();
        pos.clear();
        sq.reset();
        sq.bind(1, p.doc_id);
        while (sq.executeStep()) {
          pos[sq.getColumn(0).getInt64()] = sents.size();
          sents.push_back({sq.getColumn(0).getInt64(), sq.getColumn(1).getInt64(), sq.getColumn(2).getInt64(),
                           sq.getColumn(3).getInt64()});
        }
        loaded = p.doc_id;
      }
      auto it = pos.find(p.sentence_id);
      if (it == pos.end()) continue;
      const int64_t c = sents[it->second].char_start;
      // Previous: the sentence with the largest char_start below this one's; next: the smallest above.
      size_t k = it->second;
      while (k > 0 && sents[k - 1].char_start == c) --k;
      if (k > 0) ctxs[i].prev_span = {{sents[k - 1].byte_start, sents[k - 1].byte_end}};
      k = it->second;
      while (k + 1 < sents.size() && sents[k + 1].char_start == c) ++k;
      if (k + 1 < sents.size()) ctxs[i].next_span = {{sents[k + 1].byte_start, sents[k + 1].byte_end}};
      if (ctxs[i].prev_span)
        if (auto t = texts.Slice(p.doc_id, ctxs[i].prev_span->first, ctxs[i].prev_span->second)) ctxs[i].prev = *t;
      if (ctxs[i].next_span)
        if (auto t = texts.Slice(p.doc_id, ctxs[i].next_span->first, ctxs[i].next_span->second)) ctxs[i].next = *t;
    }
    WriteCsvRow(out, AuditSheetColumns());
    for (size_t i = 0; i < passages->size(); ++i) {
      const Passage& p = (*passages)[i];
      const std::string& prev = ctxs[i].prev;
      const std::string& next = ctxs[i].next;
      PassageParts parts = SplitPassage(p);
      std::string ctx = prev;
      if (!ctx.empty()) ctx += " ";
      ctx += p.sentence_text;
      if (!next.empty()) ctx += " " + next;
      std::string speaker = p.speaker;
      if (!p.speaker_affiliation.empty()) speaker += " (" + p.speaker_affiliation + ")";
      WriteCsvRow(out, {std::to_string(p.evidence_id), p.code, p.entry_id, p.polarity, p.symbol, p.date, speaker,
                        p.matched_text, parts.before + "[[" + parts.match + "]]" + parts.after, ctx, "", ""});
    }
  } catch (const SQLite::Exception& e) {
    return Status::IOError("database " + db_path + ": " + e.what());
  }
  out.flush();
  if (!out) return Status::IOError("cannot write the audit sheet");
  return Status::OK();
}

Status ScoreAudit(const std::string& db_path, const std::string& sheet_path, bool store, AuditScore* out) {
  *out = AuditScore();
  std::string text;
  {
    std::ifstream in(sheet_path, std::ios::binary);
    if (!in) return Status::NotFound("cannot read audit sheet " + sheet_path);
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  auto records = ParseCsv(text);
  if (!records.ok()) return Status::InvalidInput(sheet_path + ": " + records.status().message());
  if (records->empty()) return Status::InvalidInput(sheet_path + ": empty file (expected a header row)");
  const auto& header = records->front().fields;
  auto col = [&](const char* name) -> int {
    for (size_t i = 0; i < header.size(); ++i)
      if (AsciiLower(Trim(header[i])) == name) return static_cast<int>(i);
    return -1;
  };
  int c_id = col("evidence_id"), c_verdict = col("verdict"), c_code = col("code"), c_entry = col("entry_id"),
      c_note = col("note");
  if (c_id < 0 || c_verdict < 0)
    return Status::InvalidInput(sheet_path + ": the header must have columns evidence_id and verdict");

  auto db = OpenAnalysisDb(db_path);
  if (!db.ok()) return db.status();
  struct Verdict {
    int64_t id;
    int verdict;
    std::string code, entry, lexicon_version, matched_text, note;
  };
  std::vector<Verdict> verdicts;
  std::map<int64_t, int64_t> seen;  // id -> line
  try {
    SQLite::Statement q(**db, "SELECT code, entry_id, lexicon_version, matched_text FROM evidence WHERE id = ?");
    for (size_t r = 1; r < records->size(); ++r) {
      const CsvRecord& rec = (*records)[r];
      if (rec.fields.size() == 1 && Trim(rec.fields[0]).empty()) continue;  // blank line
      ++out->rows;
      std::string line = sheet_path + " line " + std::to_string(rec.line) + ": ";
      auto field = [&](int c) { return c >= 0 && c < static_cast<int>(rec.fields.size()) ? rec.fields[c] : std::string(); };
      std::string ids = Trim(field(c_id));
      int64_t id = 0;
      auto res = std::from_chars(ids.data(), ids.data() + ids.size(), id);
      if (ids.empty() || res.ec != std::errc() || res.ptr != ids.data() + ids.size() || id <= 0)
        return Status::InvalidInput(line + "evidence_id '" + ids + "' is not a positive integer");
      int v = ParseVerdict(field(c_verdict));
      if (v == -2)
        return Status::InvalidInput(line + "verdict '" + field(c_verdict) +
                                    "' not understood (use 1/0, yes/no, correct/incorrect)");
      if (auto [it, fresh] = seen.emplace(id, rec.line); !fresh)
        return Status::InvalidInput(line + "evidence " + std::to_string(id) + " appears twice (also line " +
                                    std::to_string(it->second) + ")");
      if (v == -1) {
        ++out->skipped;
        continue;
      }
      Verdict vd{id, v, "", "", "", "", Trim(field(c_note))};
      q.bind(1, id);
      if (q.executeStep()) {
        vd.code = q.getColumn(0).getString();
        vd.entry = q.getColumn(1).getString();
        vd.lexicon_version = q.getColumn(2).getString();
        vd.matched_text = q.getColumn(3).getString();
      } else {
        ++out->missing_evidence;
        vd.code = Trim(field(c_code));
        vd.entry = Trim(field(c_entry));
        out->warnings.push_back(line + "evidence " + std::to_string(id) +
                                " is no longer in the database (document recoded?); using the sheet's code");
        if (vd.code.empty())
          return Status::InvalidInput(line + "evidence " + std::to_string(id) +
                                      " is not in the database and the sheet gives no code");
      }
      q.reset();
      verdicts.push_back(std::move(vd));
    }
  } catch (const SQLite::Exception& e) {
    return Status::IOError("database " + db_path + ": " + e.what());
  }
  out->audited = static_cast<int64_t>(verdicts.size());
  std::map<std::pair<std::string, std::string>, std::pair<int64_t, int64_t>> codes, entries;
  for (const auto& v : verdicts) {
    auto& c = codes[{v.code, ""}];
    ++c.first;
    c.second += v.verdict;
    auto& e = entries[{v.code, v.entry}];
    ++e.first;
    e.second += v.verdict;
  }
  out->by_code = Summarise(codes);
  out->by_entry = Summarise(entries);
  if (!store || verdicts.empty()) return Status::OK();

  db->reset();  // close the read-only connection before writing
  auto writer = Store::Open(db_path);  // takes the writer lock (Busy while a run writes)
  if (!writer.ok()) return writer.status();
  try {
    SQLite::Database w(db_path, SQLite::OPEN_READWRITE);
    w.setBusyTimeout(10000);
    w.exec("PRAGMA foreign_keys = ON");
    SQLite::Transaction tx(w);
    SQLite::Statement ins(w,
                          "INSERT INTO audit_verdicts(evidence_id, code, entry_id, lexicon_version, matched_text, "
                          "verdict, note, audit_file, audited_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                          "ON CONFLICT(evidence_id) DO UPDATE SET code = excluded.code, entry_id = excluded.entry_id, "
                          "lexicon_version = excluded.lexicon_version, matched_text = excluded.matched_text, "
                          "verdict = excluded.verdict, note = excluded.note, audit_file = excluded.audit_file, "
                          "audited_at = excluded.audited_at");
    std::string now = NowIso();
    for (const auto& v : verdicts) {
      ins.bind(1, v.id);
      ins.bind(2, v.code);
      ins.bind(3, v.entry);
      ins.bind(4, v.lexicon_version);
      if (v.matched_text.empty())
        ins.bind(5);
      else
        ins.bind(5, v.matched_text);
      ins.bind(6, v.verdict);
      if (v.note.empty())
        ins.bind(7);
      else
        ins.bind(7, v.note);
      ins.bind(8, sheet_path);
      ins.bind(9, now);
      ins.exec();
      ins.reset();
      ++out->stored;
    }
    tx.commit();
  } catch (const SQLite::Exception& e) {
    return Status::IOError("database " + db_path + ": cannot store the verdicts: " + e.what());
  }
  return Status::OK();
}

StatusOr<std::vector<PrecisionRow>> AuditedPrecision(const std::string& db_path, bool per_entry) {
  auto db = OpenAnalysisDb(db_path);
  if (!db.ok()) return db.status();
  std::map<std::pair<std::string, std::string>, std::pair<int64_t, int64_t>> m;
  try {
    if (!(*db)->tableExists("audit_verdicts")) return std::vector<PrecisionRow>{};
    SQLite::Statement q(**db, per_entry ? "SELECT code, entry_id, count(*), sum(verdict) FROM audit_verdicts "
                                          "GROUP BY code, entry_id"
                                        : "SELECT code, '', count(*), sum(verdict) FROM audit_verdicts GROUP BY code");
    while (q.executeStep())
      m[{q.getColumn(0).getString(), q.getColumn(1).getString()}] = {q.getColumn(2).getInt64(),
                                                                     q.getColumn(3).getInt64()};
  } catch (const SQLite::Exception& e) {
    return Status::IOError("database " + db_path + ": " + e.what());
  }
  return Summarise(m);
}

StatusOr<std::vector<CodeExample>> ReadAuditExamples(const std::string& sheet_path) {
  std::string text;
  Status st = Env::Default()->ReadFile(sheet_path, 256ull << 20, &text);
  if (!st.ok()) return st;
  auto records = ParseCsv(text);
  if (!records.ok()) return Status::InvalidInput(sheet_path + ": " + records.status().message());
  if (records->empty()) return Status::InvalidInput(sheet_path + ": empty audit sheet");
  const auto& header = (*records)[0].fields;
  auto col = [&](const char* name) {
    for (size_t i = 0; i < header.size(); ++i)
      if (AsciiLower(Trim(header[i])) == name) return static_cast<int>(i);
    return -1;
  };
  int c_code = col("code"), c_sentence = col("sentence"), c_verdict = col("verdict");
  if (c_code < 0 || c_sentence < 0 || c_verdict < 0)
    return Status::InvalidInput(sheet_path + ": the header must have columns code, sentence and verdict");
  std::vector<CodeExample> out;
  for (size_t r = 1; r < records->size(); ++r) {
    const CsvRecord& rec = (*records)[r];
    auto field = [&](int c) { return c < static_cast<int>(rec.fields.size()) ? rec.fields[c] : std::string(); };
    if (rec.fields.size() == 1 && Trim(rec.fields[0]).empty()) continue;
    std::string where = sheet_path + ":" + std::to_string(rec.line);
    int v = ParseVerdict(field(c_verdict));
    if (v == -1) continue;
    if (v == -2) return Status::InvalidInput(where + ": verdict '" + field(c_verdict) + "' not understood");
    CodeExample e;
    e.code = Trim(field(c_code));
    if (!IsKnownCode(e.code)) return Status::InvalidInput(where + ": unknown code '" + e.code + "'");
    e.text = field(c_sentence);
    for (const char* mark : {"[[", "]]"})
      if (size_t k = e.text.find(mark); k != std::string::npos) e.text.erase(k, 2);
    e.positive = v == 1;
    e.source = where;
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace normcode
