#include "pipeline/progress.h"

#include <fmt/format.h>

namespace normcode {

Progress::Progress(std::FILE* out, bool enabled) : out_(out), enabled_(enabled) {
  start_ = std::chrono::steady_clock::now();
  last_ = start_ - std::chrono::seconds(1);
}

Progress::~Progress() { Finish(); }

void Progress::SetTotal(uint64_t files, uint64_t bytes) {
  files_total_ = files;
  bytes_total_ = bytes;
}

std::string Progress::Format(uint64_t files_done, uint64_t files_total, uint64_t bytes_done, uint64_t bytes_total,
                             uint64_t failures, double seconds) {
  double mb = static_cast<double>(bytes_done) / 1e6;
  double rate = seconds > 0 ? mb / seconds : 0.0;
  std::string eta = "--";
  if (rate > 0 && bytes_total > bytes_done) {
    double left = (static_cast<double>(bytes_total - bytes_done) / 1e6) / rate;
    int s = static_cast<int>(left + 0.5);
    eta = s >= 3600 ? fmt::format("{}h{:02}m", s / 3600, (s / 60) % 60) : fmt::format("{}m{:02}s", s / 60, s % 60);
  } else if (bytes_total <= bytes_done) {
    eta = "0m00s";
  }
  return fmt::format("{}/{} files  {:.1f}/{:.1f} MB  {:.1f} MB/s  ETA {}  {} failed", files_done, files_total, mb,
                     static_cast<double>(bytes_total) / 1e6, rate, eta, failures);
}

void Progress::Update(uint64_t files_done, uint64_t bytes_done, uint64_t failures) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(250)) return;
  last_ = now;
  double secs = std::chrono::duration<double>(now - start_).count();
  std::string line = Format(files_done, files_total_, bytes_done, bytes_total_, failures, secs);
  std::fprintf(out_, "\r\033[K%s", line.c_str());
  std::fflush(out_);
  shown_ = true;
}

void Progress::Clear() {
  if (!enabled_ || !shown_) return;
  std::fputs("\r\033[K", out_);
  std::fflush(out_);
  shown_ = false;
}

void Progress::Finish() { Clear(); }

}  // namespace normcode
