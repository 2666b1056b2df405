// Status: the error path between modules (LevelDB style). No exception crosses a
// module boundary; every fallible public function returns Status or StatusOr<T>.
#pragma once
#include <optional>
#include <string>
#include <utility>

namespace normcode {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kNotFound,
    kInvalidInput,   // the input is malformed (bad bytes, truncated HTML, bad YAML...)
    kUnsupported,    // the format is recognised as something we do not read
    kIOError,        // the OS refused (unreadable file, disk full, ...)
    kLimitExceeded,  // a configured resource limit was hit (message names it)
    kCorruption,     // a database or archive is inconsistent
    kBusy,           // another process holds the resource (database lock)
    kInternal,
  };

  Status() = default;
  static Status OK() { return Status(); }
  static Status NotFound(std::string m) { return Status(Code::kNotFound, std::move(m)); }
  static Status InvalidInput(std::string m) { return Status(Code::kInvalidInput, std::move(m)); }
  static Status Unsupported(std::string m) { return Status(Code::kUnsupported, std::move(m)); }
  static Status IOError(std::string m) { return Status(Code::kIOError, std::move(m)); }
  static Status LimitExceeded(std::string m) { return Status(Code::kLimitExceeded, std::move(m)); }
  static Status Corruption(std::string m) { return Status(Code::kCorruption, std::move(m)); }
  static Status Busy(std::string m) { return Status(Code::kBusy, std::move(m)); }
  static Status Internal(std::string m) { return Status(Code::kInternal, std::move(m)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return msg_; }
  // "invalid input: <message>" etc.; "OK" when ok().
  std::string ToString() const;
  static const char* CodeName(Code c);

 private:
  Status(Code c, std::string m) : code_(c), msg_(std::move(m)) {}
  Code code_ = Code::kOk;
  std::string msg_;
};

// A value or the Status that explains why there is none.
template <class T>
class StatusOr {
 public:
  StatusOr(T v) : value_(std::move(v)) {}                 // NOLINT: implicit by design
  StatusOr(Status s) : status_(std::move(s)) {}           // NOLINT: must not be OK
  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }

 private:
  std::optional<T> value_;
  Status status_ = Status::Internal("StatusOr holds a value");
};

}  // namespace normcode
