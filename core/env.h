// Env: all file-system access goes through this interface so that tests can
// inject I/O faults (unreadable files, files vanishing mid-run, short reads).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/status.h"

namespace normcode {

struct FileInfo {
  uint64_t size = 0;
  int64_t mtime = 0;       // seconds since epoch
  uint64_t inode = 0;      // st_ino
  int64_t ctime_ns = 0;    // st_ctim in nanoseconds: changes with every write, unlike mtime it cannot be set back
  bool is_regular = false;
  bool is_directory = false;
  bool is_symlink = false;
};

class Env {
 public:
  virtual ~Env() = default;
  // The process-wide POSIX implementation.
  static Env* Default();

  // Reads at most max_bytes; a larger file gives LimitExceeded naming the limit.
  virtual Status ReadFile(const std::string& path, uint64_t max_bytes, std::string* out) = 0;
  // lstat(): symlinks are reported as such, never followed.
  virtual Status Stat(const std::string& path, FileInfo* info) = 0;
  // Calls fn for each entry name (not "." / "..") of a directory, unsorted.
  virtual Status ListDir(const std::string& path, const std::function<void(const std::string&)>& fn) = 0;
};

}  // namespace normcode
