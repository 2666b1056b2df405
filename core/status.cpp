#include "core/status.h"

namespace normcode {

const char* Status::CodeName(Code c) {
  switch (c) {
    case Code::kOk: return "OK";
    case Code::kNotFound: return "not found";
    case Code::kInvalidInput: return "invalid input";
    case Code::kUnsupported: return "unsupported format";
    case Code::kIOError: return "I/O error";
    case Code::kLimitExceeded: return "limit exceeded";
    case Code::kCorruption: return "corruption";
    case Code::kBusy: return "busy";
    case Code::kInternal: return "internal error";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string s = CodeName(code_);
  if (!msg_.empty()) s += ": " + msg_;
  return s;
}

}  // namespace normcode
