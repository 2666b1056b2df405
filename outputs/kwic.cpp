// Concordance and search over the evidence database: see kwic.h.
#include "outputs/kwic.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>

#include "core/text.h"
#include "core/codes.h"
#include "outputs/document_text.h"
#include "outputs/schema.h"

namespace normcode {

namespace {



std::string Q(const std::string& s) {
  std::string out = "'";  // appended, not "'" + ...: GCC 12 gives a false -Wrestrict on that at -O2
  out += PrintableName(s);
  out += '\'';
  return out;
}

// Length of the valid UTF-8 sequence at s[i], or 0 when invalid.
size_t Utf8SeqLen(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t n = s.size() - i;
  auto cont = [&](size_t k) { return (b(k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return n >= 2 && cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3 || !cont(i + 1) || !cont(i + 2)) return 0;
    if (c == 0xE0 && b(i + 1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(i + 1) >= 0xA0) return 0;  // surrogates
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4 || !cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    if (c == 0xF0 && b(i + 1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(i + 1) >= 0x90) return 0;  // > U+10FFFF
    return 4;
  }
  return 0;
}

// Code points of valid UTF-8 (as stored) -> bytes, clamped to the string.
uint64_t CharToByte(std::string_view s, int64_t chars) {
  if (chars <= 0) return 0;
  uint64_t i = 0;
  int64_t n = 0;
  while (i < s.size() && n < chars) {
    size_t len = Utf8SeqLen(s, i);
    i += len ? len : 1;
    ++n;
  }
  return std::min<uint64_t>(i, s.size());
}

// Query-term positions without highlight(). highlight() reads each hit's text through the
// external-content view sentence_text, i.e. substr() of the whole document text per hit:
// a query with many hits in a long document was quadratic (a 3.4 MB document: 0.56 s for
// 100 hits, 22 s for 5,000). Instead the query returns, from the index alone, the token
// ranges of the phrase instances (nc_instances(), an FTS5 auxiliary function using
// xInst, as highlight() does), the text comes from the document text loaded once per
// document, and the table's tokenizer (unicode61 remove_diacritics 2, as in schema.cpp)
// maps token ranges to bytes. Overlapping instances merge into one span, as highlight()
// does; tests/report/kwic_test.cpp checks the spans against highlight().

// "first last first last ...": inclusive token ranges of the phrase instances in column 0.
void InstancesFunction(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int, sqlite3_value**) {
  int n = 0;
  if (int rc = api->xInstCount(fts, &n); rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  std::string out;
  for (int i = 0; i < n; ++i) {
    int phrase = 0, col = 0, off = 0;
    if (int rc = api->xInst(fts, i, &phrase, &col, &off); rc != SQLITE_OK) {
      sqlite3_result_error_code(ctx, rc);
      return;
    }
    if (col != 0) continue;
    int size = api->xPhraseSize(fts, phrase);
    out += std::to_string(off) + ' ' + std::to_string(off + std::max(size, 1) - 1) + ' ';
  }
  sqlite3_result_text(ctx, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

fts5_api* Fts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(st);
  sqlite3_finalize(st);
  return api;
}

// The index's tokenizer, to find the bytes of token i of a sentence.
class IndexTokenizer {
 public:
  explicit IndexTokenizer(fts5_api* api) {
    void* user = nullptr;
    if (!api || api->xFindTokenizer(api, "unicode61", &user, &module_) != SQLITE_OK) return;
    const char* args[] = {"remove_diacritics", "2"};
    if (module_.xCreate(user, args, 2, &tok_) != SQLITE_OK) tok_ = nullptr;
  }
  ~IndexTokenizer() {
    if (tok_) module_.xDelete(tok_);
  }
  IndexTokenizer(const IndexTokenizer&) = delete;
  IndexTokenizer& operator=(const IndexTokenizer&) = delete;
  bool ok() const { return tok_ != nullptr; }

  // Byte spans of the token ranges "first last ..." (merged where they overlap).
  std::vector<std::pair<uint64_t, uint64_t>> Spans(const std::string& text, const std::string& ranges) {
    std::vector<std::pair<int, int>> r;
    const char* p = ranges.c_str();
    char* end = nullptr;
    for (;;) {
      long a = std::strtol(p, &end, 10);
      if (end == p) break;
      p = end;
      long b = std::strtol(p, &end, 10);
      if (end == p) break;
      p = end;
      r.emplace_back(static_cast<int>(a), static_cast<int>(b));
    }
    std::vector<std::pair<uint64_t, uint64_t>> out;
    if (r.empty() || !tok_) return out;
    std::sort(r.begin(), r.end());
    std::vector<std::pair<int, int>> merged;
    for (auto [a, b] : r) {
      if (!merged.empty() && a <= merged.back().second) merged.back().second = std::max(merged.back().second, b);
      else merged.emplace_back(a, b);
    }
    bounds_.clear();
    module_.xTokenize(tok_, this, FTS5_TOKENIZE_DOCUMENT, text.data(), static_cast<int>(text.size()), &OnToken);
    for (auto [a, b] : merged) {
      if (a < 0 || b >= static_cast<int>(bounds_.size()) || a > b) continue;
      out.emplace_back(bounds_[a].first, bounds_[b].second);
    }
    return out;
  }

 private:
  static int OnToken(void* self, int flags, const char*, int, int start, int end) {
    if (flags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;  // same position as the previous token
    static_cast<IndexTokenizer*>(self)->bounds_.emplace_back(start, end);
    return SQLITE_OK;
  }
  fts5_tokenizer module_{};
  Fts5Tokenizer* tok_ = nullptr;
  std::vector<std::pair<uint64_t, uint64_t>> bounds_;  // per token position
};

std::string Col(SQLite::Statement& q, int i) {
  auto c = q.getColumn(i);
  return c.isNull() ? std::string() : c.getString();
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string EscapeLike(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string ReplaceInvalidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len = Utf8SeqLen(s, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string OneLine(std::string_view s) {
  std::string v = ReplaceInvalidUtf8(s);
  std::string out;
  out.reserve(v.size());
  bool space = false;
  for (size_t i = 0; i < v.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(v[i]);
    bool ws = c < 0x20 || c == 0x7F;
    // U+0085 NEL, U+2028/2029 line/paragraph separators.
    if (c == 0xC2 && i + 1 < v.size() && static_cast<unsigned char>(v[i + 1]) == 0x85) {
      ws = true;
      ++i;
    } else if (c == 0xE2 && i + 2 < v.size() && static_cast<unsigned char>(v[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(v[i + 2]) == 0xA8 || static_cast<unsigned char>(v[i + 2]) == 0xA9)) {
      ws = true;
      i += 2;
    }
    if (ws || c == ' ') {
      if (!space) out += ' ';
      space = true;
      continue;
    }
    space = false;
    out += v[i];
  }
  return out;
}

bool NormalizeDateBound(const std::string& in, bool upper, std::string* out) {
  static const char* kLastDay[] = {"31", "29", "31", "30", "31", "30", "31", "31", "30", "31", "30", "31"};
  std::string y, m, d;
  if (in.size() == 4 && AllDigits(in)) {
    y = in;
  } else if (in.size() == 7 && in[4] == '-' && AllDigits(in.substr(0, 4)) && AllDigits(in.substr(5, 2))) {
    y = in.substr(0, 4);
    m = in.substr(5, 2);
  } else if (in.size() == 10 && in[4] == '-' && in[7] == '-' && AllDigits(in.substr(0, 4)) &&
             AllDigits(in.substr(5, 2)) && AllDigits(in.substr(8, 2))) {
    y = in.substr(0, 4);
    m = in.substr(5, 2);
    d = in.substr(8, 2);
  } else {
    return false;
  }
  if (!m.empty()) {
    int mi = std::stoi(m);
    if (mi < 1 || mi > 12) return false;
    if (!d.empty()) {
      int di = std::stoi(d);
      if (di < 1 || di > std::stoi(kLastDay[mi - 1])) return false;
    }
  }
  // Dates compare as strings; the widened upper bound need not be a real day.
  if (m.empty()) m = upper ? "12" : "01";
  if (d.empty()) d = upper ? kLastDay[std::stoi(m) - 1] : "01";
  *out = y + "-" + m + "-" + d;
  return true;
}

Status OpenEvidenceDbReadOnly(const std::string& path, std::unique_ptr<SQLite::Database>* out) {
  if (path.empty()) return Status::InvalidInput("no database path given");
  struct stat sb;
  if (::stat(path.c_str(), &sb) != 0) {
    if (errno == ENOENT) return Status::NotFound("database " + Q(path) + " does not exist");
    return Status::IOError("database " + Q(path) + ": " + std::strerror(errno));
  }
  if (!S_ISREG(sb.st_mode)) return Status::InvalidInput("database " + Q(path) + " is not a regular file");
  try {
    auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READONLY, 10000);
    int version = db->execAndGet("PRAGMA user_version").getInt();
    int app_id = db->execAndGet("PRAGMA application_id").getInt();
    if (app_id != kNormcodeApplicationId || version == 0) {
      return Status::InvalidInput("database " + Q(path) + " is not a normcode database");
    }
    if (version > CurrentSchemaVersion()) {
      return Status::Unsupported("database " + Q(path) + ": database schema version " + std::to_string(version) +
                                 " is newer than this program (" + std::to_string(CurrentSchemaVersion()) +
                                 "); use a newer normcode");
    }
    if (version < CurrentSchemaVersion()) {
      return Status::InvalidInput("database " + Q(path) + " has schema version " + std::to_string(version) +
                                  ", older than this program's (" + std::to_string(CurrentSchemaVersion()) +
                                  "); open it once for writing (normcode run) to upgrade it");
    }
    *out = std::move(db);
    return Status::OK();
  } catch (const SQLite::Exception& e) {
    int code = e.getErrorCode() & 0xFF;
    std::string msg = "database " + Q(path) + ": cannot open: " + e.what();
    if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) return Status::Corruption(msg);
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) return Status::Busy(msg);
    return Status::IOError(msg);
  }
}

StatusOr<std::vector<SearchHit>> SearchSentences(const std::string& db_path, const std::string& fts_query,
                                                 const SearchFilter& filter) {
  for (const auto& c : filter.codes) {
    if (!IsKnownCode(c)) {
      std::string all;
      for (const char* k : kCodes) all += (all.empty() ? "" : ", ") + std::string(k);
      return Status::InvalidInput("unknown code " + Q(c) + " (codes: " + all + ")");
    }
  }
  std::string from, to;
  if (!filter.from.empty() && !NormalizeDateBound(filter.from, false, &from))
    return Status::InvalidInput("invalid --from date " + Q(filter.from) + " (use YYYY, YYYY-MM or YYYY-MM-DD)");
  if (!filter.to.empty() && !NormalizeDateBound(filter.to, true, &to))
    return Status::InvalidInput("invalid --to date " + Q(filter.to) + " (use YYYY, YYYY-MM or YYYY-MM-DD)");
  if (filter.limit < 0) return Status::InvalidInput("--limit must be 0 (no limit) or more");
  bool has_query = fts_query.find_first_not_of(" \t\r\n") != std::string::npos;

  std::unique_ptr<SQLite::Database> db;
  Status st = OpenEvidenceDbReadOnly(db_path, &db);
  if (!st.ok()) return st;

  std::string sql =
      "SELECT s.id, s.doc_id, s.idx, s.char_start, s.char_end, s.byte_start, s.byte_end, ";
  sql += has_query ? "nc_instances(sentence_fts), " : "NULL, ";
  sql +=
      "d.path, d.symbol, d.date, d.body, t.idx, t.speaker, t.affiliation, t.iso3 "
      "FROM ";
  sql += has_query ? "sentence_fts f JOIN sentences s ON s.id = f.rowid " : "sentences s ";
  sql +=
      "JOIN documents d ON d.id = s.doc_id "
      "LEFT JOIN turns t ON t.id = s.turn_id "
      "LEFT JOIN actors a ON a.id = t.speaker_actor_id "
      "WHERE d.status = 'ok'";
  if (has_query) sql += " AND sentence_fts MATCH :query";
  if (!filter.codes.empty()) {
    sql += " AND EXISTS (SELECT 1 FROM evidence e WHERE e.sentence_id = s.id AND e.code IN (";
    for (size_t i = 0; i < filter.codes.size(); ++i) sql += (i ? ", :code" : ":code") + std::to_string(i);
    sql += "))";
  } else if (!has_query) {
    // Without a query or a code, list coded sentences only (the whole corpus is not a useful answer).
    sql += " AND EXISTS (SELECT 1 FROM evidence e WHERE e.sentence_id = s.id)";
  }
  if (!filter.actor.empty()) {
    sql +=
        " AND (t.iso3 = upper(:actor) OR t.speaker = :actor COLLATE NOCASE OR t.affiliation = :actor COLLATE "
        "NOCASE OR a.name = :actor COLLATE NOCASE OR a.display_name = :actor COLLATE NOCASE OR a.name LIKE "
        ":actor_like ESCAPE '\\')";
  }
  if (!filter.body.empty()) sql += " AND d.body = :body COLLATE NOCASE";
  if (!from.empty()) sql += " AND d.date >= :from";
  if (!to.empty()) sql += " AND d.date <= :to";
  sql += " ORDER BY d.date IS NULL, d.date, d.symbol, d.id, s.char_start";
  if (filter.limit > 0) sql += " LIMIT :limit";

  std::vector<SearchHit> hits;
  std::vector<std::string> ranges;  // per hit: token ranges of the query terms
  std::vector<std::pair<int64_t, int64_t>> bytes;  // per hit: the sentence in document_text
  fts5_api* fts5 = Fts5Api(db->getHandle());
  if (has_query && (!fts5 || fts5->xCreateFunction(fts5, "nc_instances", nullptr, InstancesFunction, nullptr) !=
                                 SQLITE_OK))
    return Status::Internal("database " + Q(db_path) + ": cannot register the search function with FTS5");
  try {
    SQLite::Statement q(*db, sql);
    if (has_query) q.bind(":query", fts_query);
    for (size_t i = 0; i < filter.codes.size(); ++i) q.bind(":code" + std::to_string(i), filter.codes[i]);
    if (!filter.actor.empty()) {
      q.bind(":actor", filter.actor);
      q.bind(":actor_like", "% " + EscapeLike(filter.actor));
    }
    if (!filter.body.empty()) q.bind(":body", filter.body);
    if (!from.empty()) q.bind(":from", from);
    if (!to.empty()) q.bind(":to", to);
    if (filter.limit > 0) q.bind(":limit", static_cast<int64_t>(filter.limit));
    try {
      while (q.executeStep()) {
        SearchHit h;
        h.sentence_id = q.getColumn(0).getInt64();
        h.doc_id = q.getColumn(1).getInt64();
        h.sentence_idx = q.getColumn(2).getInt();
        h.char_start = q.getColumn(3).getInt64();
        h.char_end = q.getColumn(4).getInt64();
        bytes.emplace_back(q.getColumn(5).getInt64(), q.getColumn(6).getInt64());
        ranges.push_back(Col(q, 7));
        h.path = Col(q, 8);
        h.symbol = Col(q, 9);
        h.date = Col(q, 10);
        h.body = Col(q, 11);
        h.turn_idx = q.getColumn(12).isNull() ? 0 : q.getColumn(12).getInt();
        h.speaker = Col(q, 13);
        h.affiliation = Col(q, 14);
        h.iso3 = Col(q, 15);
        hits.push_back(std::move(h));
      }
    } catch (const SQLite::Exception& e) {
      // The only user-supplied SQL-level input is the MATCH expression: a plain
      // SQLITE_ERROR while stepping is FTS5 rejecting it ("fts5: syntax error
      // near ...", "no such column: x" for "x:term", "unknown special query").
      if (has_query && (e.getErrorCode() & 0xFF) == SQLITE_ERROR) {
        return Status::InvalidInput("invalid search query " + Q(fts_query) + ": " + e.what() +
                                    " (FTS5 syntax: words, \"a phrase\", prefix*, NEAR(a b, 5), AND, OR, NOT)");
      }
      throw;
    }

    // Sentence texts: each document's text is read once (hits come in document order).
    DocumentTextCache texts(*db);
    IndexTokenizer tokenizer(fts5);
    if (has_query && !tokenizer.ok())
      return Status::Internal("database " + Q(db_path) + ": cannot load the FTS5 tokenizer unicode61");
    for (size_t i = 0; i < hits.size(); ++i) {
      SearchHit& h = hits[i];
      if (auto t = texts.Slice(h.doc_id, bytes[i].first, bytes[i].second)) h.text = std::string(*t);
      if (has_query) h.keywords = tokenizer.Spans(h.text, ranges[i]);
    }

    SQLite::Statement ev(*db,
                         "SELECT id, code, polarity, entry_id, matched_text, char_start, char_end FROM evidence "
                         "WHERE sentence_id = ? ORDER BY char_start, code");
    for (auto& h : hits) {
      ev.reset();
      ev.bind(1, h.sentence_id);
      while (ev.executeStep()) {
        SearchEvidence e;
        e.id = ev.getColumn(0).getInt64();
        e.code = Col(ev, 1);
        e.polarity = Col(ev, 2);
        e.entry_id = Col(ev, 3);
        e.matched_text = Col(ev, 4);
        int64_t cs = ev.getColumn(5).getInt64() - h.char_start;
        int64_t ce = ev.getColumn(6).getInt64() - h.char_start;
        e.byte_begin = CharToByte(h.text, cs);
        e.byte_end = std::max(e.byte_begin, CharToByte(h.text, ce));
        h.evidence.push_back(std::move(e));
      }
    }
  } catch (const SQLite::Exception& e) {
    int code = e.getErrorCode() & 0xFF;
    std::string msg = "database " + Q(db_path) + ": search failed: " + e.what();
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) return Status::Corruption(msg);
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) return Status::Busy(msg);
    if (code == SQLITE_IOERR) return Status::IOError(msg);
    return Status::Internal(msg);
  }
  return hits;
}

namespace {

// Splits valid UTF-8 into code points (as byte strings).
std::vector<std::string_view> CodePoints(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    size_t len = Utf8SeqLen(s, i);
    if (!len) len = 1;
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

std::string Join(const std::vector<std::string_view>& cps, size_t b, size_t e) {
  std::string out;
  for (size_t i = b; i < e && i < cps.size(); ++i) out.append(cps[i]);
  return out;
}

}  // namespace

std::vector<std::string> FormatKwicLines(const SearchHit& hit, int width) {
  if (width < 1) width = 1;
  std::vector<std::pair<uint64_t, uint64_t>> spans = hit.keywords;
  if (spans.empty()) {
    if (!hit.evidence.empty())
      spans.emplace_back(hit.evidence.front().byte_begin, hit.evidence.front().byte_end);
    else
      spans.emplace_back(0, 0);
  }
  std::string who = hit.speaker.empty() ? std::string("-") : hit.speaker;
  if (!hit.affiliation.empty() && hit.affiliation != hit.speaker) who += " (" + hit.affiliation + ")";
  std::string tail = OneLine(hit.symbol.empty() ? std::string("-") : hit.symbol) + "  " +
                     OneLine(hit.date.empty() ? std::string("-") : hit.date) + "  " + OneLine(who);

  std::vector<std::string> lines;
  for (auto [b, e] : spans) {
    b = std::min<uint64_t>(b, hit.text.size());
    e = std::min<uint64_t>(std::max(e, b), hit.text.size());
    // " | " separates the columns: one space at the keyword's edges is dropped.
    std::string left_text = OneLine(std::string_view(hit.text).substr(0, b));
    std::string right_text = OneLine(std::string_view(hit.text).substr(e));
    if (!left_text.empty() && left_text.back() == ' ') left_text.pop_back();
    if (!right_text.empty() && right_text.front() == ' ') right_text.erase(0, 1);
    auto left = CodePoints(left_text);  // views into left_text / right_text
    auto right = CodePoints(right_text);
    std::string key = OneLine(std::string_view(hit.text).substr(b, e - b));
    size_t w = static_cast<size_t>(width);
    std::string l = left.size() > w ? "…" + Join(left, left.size() - w + 1, left.size()) : Join(left, 0, left.size());
    std::string r = right.size() > w ? Join(right, 0, w - 1) + "…" : Join(right, 0, right.size());
    size_t lcp = std::min(left.size(), w), rcp = std::min(right.size(), w);
    std::string line(w - lcp, ' ');
    line += l;
    line += " | ";
    line += key;
    line += " | ";
    line += r;
    line += std::string(w - rcp, ' ');
    line += "  ";
    line += tail;
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace normcode
