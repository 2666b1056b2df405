// OutputFile: how every output command (`export --out`, `audit sample --out`, the
// pages of `report --out`) writes a file without writing through a planted link or
// replacing something that is not a regular file (issue 16.5).
//
//   "-", "/dev/stdout", "/dev/fd/1"   standard output, written directly
//   a character device or a FIFO      (also behind a symlink, e.g. /dev/stderr)
//                                     written directly, never replaced; a FIFO
//                                     without a reader is refused, not waited for
//   a symlink to anything else, a directory, a socket, a block device
//                                     refused
//   a regular file, or nothing        written to a temporary in the same folder,
//                                     created with O_CREAT|O_EXCL|O_NOFOLLOW under
//                                     an unpredictable name (".NAME.<16 random hex>.tmp"),
//                                     then renamed over the target by Commit(),
//                                     which checks again that the target is not a
//                                     symlink or special file
//
// Without Commit() the temporary is removed (a failed export leaves the old file).
#pragma once
#include <memory>
#include <ostream>
#include <string>

#include "core/status.h"

namespace normcode {

class OutputFile {
 public:
  static StatusOr<std::unique_ptr<OutputFile>> Open(const std::string& target);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  std::ostream& stream();
  // Flushes; for a temporary also fsyncs, closes and renames it over the target.
  Status Commit();
  // True when the output goes straight to a device, pipe or standard output.
  bool direct() const;

 private:
  OutputFile();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace normcode
