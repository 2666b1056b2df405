// A one-line progress display on stderr: files done/total, MB, MB/s, ETA and
// failures. Shown only when enabled (the caller passes isatty(stderr) && !quiet);
// redrawn at most 4 times a second. Not thread-safe: the writer stage owns it.
#pragma once
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace normcode {

class Progress {
 public:
  Progress(std::FILE* out, bool enabled);
  ~Progress();
  void SetTotal(uint64_t files, uint64_t bytes);
  // Counts so far; redraws when at least 250 ms passed since the last redraw.
  void Update(uint64_t files_done, uint64_t bytes_done, uint64_t failures);
  // Erases the line (before another message is printed on the same stream).
  void Clear();
  // Erases the line for good.
  void Finish();
  bool enabled() const { return enabled_; }

  // The text of the line (without terminal control), for tests.
  static std::string Format(uint64_t files_done, uint64_t files_total, uint64_t bytes_done, uint64_t bytes_total,
                            uint64_t failures, double seconds);

 private:
  std::FILE* out_;
  bool enabled_;
  bool shown_ = false;
  uint64_t files_total_ = 0, bytes_total_ = 0;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace normcode
