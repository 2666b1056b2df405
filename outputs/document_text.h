// Reads spans of document_text for code that walks many spans (sentences, turns) of a
// few documents in document order: each document's text is read once, where a SQL
// substr() per span re-read (and re-walked) the whole document text every time.
#pragma once
#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace normcode {

class DocumentTextCache {
 public:
  explicit DocumentTextCache(SQLite::Database& db) : q_(db, "SELECT text FROM document_text WHERE doc_id = ?") {}
  // text[byte_begin, byte_end) of document doc_id; nullopt when the document has no
  // text or the span is not inside it. The view is valid until the next call with
  // another document. Throws SQLite::Exception like any statement.
  std::optional<std::string_view> Slice(int64_t doc_id, int64_t byte_begin, int64_t byte_end) {
    if (doc_id != loaded_) {
      q_.reset();
      q_.bind(1, doc_id);
      have_ = q_.executeStep();
      text_ = have_ ? q_.getColumn(0).getString() : std::string();
      loaded_ = doc_id;
    }
    if (!have_ || byte_begin < 0 || byte_begin > byte_end || static_cast<uint64_t>(byte_end) > text_.size())
      return std::nullopt;
    return std::string_view(text_).substr(static_cast<size_t>(byte_begin), static_cast<size_t>(byte_end - byte_begin));
  }

 private:
  SQLite::Statement q_;
  int64_t loaded_ = -1;
  bool have_ = false;
  std::string text_;
};

}  // namespace normcode
