#include "core/env.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/text.h"

namespace normcode {
namespace {

std::string Err(const std::string& path, const char* what) {
  return PrintableName(path) + ": " + what + ": " + std::strerror(errno);
}

class PosixEnv final : public Env {
 public:
  Status ReadFile(const std::string& path, uint64_t max_bytes, std::string* out) override {
    out->clear();
    // O_NONBLOCK: a FIFO (or device) swapped in after enumeration must not block
    // open() until a writer comes; the type is checked on the descriptor below.
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) return Status::IOError(Err(path, "cannot open"));
    struct stat st;
    if (::fstat(fd, &st) != 0) {
      Status s = Status::IOError(Err(path, "cannot stat"));
      ::close(fd);
      return s;
    }
    if (!S_ISREG(st.st_mode)) {
      ::close(fd);
      return Status::Unsupported(PrintableName(path) + ": not a regular file");
    }
    // A regular file: back to blocking reads (O_NONBLOCK means nothing for it on
    // local file systems, but some network file systems honour it).
    int fl = ::fcntl(fd, F_GETFL);
    if (fl >= 0) ::fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    if (static_cast<uint64_t>(st.st_size) > max_bytes) {
      ::close(fd);
      return Status::LimitExceeded(PrintableName(path) + ": file is " + std::to_string(st.st_size) +
                                   " bytes, over the limit max_document_bytes=" + std::to_string(max_bytes));
    }
    out->resize(static_cast<size_t>(st.st_size));
    size_t got = 0;
    while (got < out->size()) {
      ssize_t n = ::read(fd, out->data() + got, out->size() - got);
      if (n < 0) {
        if (errno == EINTR) continue;
        Status s = Status::IOError(Err(path, "read failed"));
        ::close(fd);
        return s;
      }
      if (n == 0) break;  // file shrank while reading
      got += static_cast<size_t>(n);
    }
    out->resize(got);
    ::close(fd);
    return Status::OK();
  }

  Status Stat(const std::string& path, FileInfo* info) override {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) {
      if (errno == ENOENT) return Status::NotFound(Err(path, "cannot stat"));
      return Status::IOError(Err(path, "cannot stat"));
    }
    info->size = static_cast<uint64_t>(st.st_size);
    info->mtime = static_cast<int64_t>(st.st_mtime);
    info->inode = static_cast<uint64_t>(st.st_ino);
    info->ctime_ns = static_cast<int64_t>(st.st_ctim.tv_sec) * 1000000000 + static_cast<int64_t>(st.st_ctim.tv_nsec);
    info->is_regular = S_ISREG(st.st_mode);
    info->is_directory = S_ISDIR(st.st_mode);
    info->is_symlink = S_ISLNK(st.st_mode);
    return Status::OK();
  }

  Status ListDir(const std::string& path, const std::function<void(const std::string&)>& fn) override {
    DIR* d = ::opendir(path.c_str());
    if (!d) return Status::IOError(Err(path, "cannot open directory"));
    while (struct dirent* e = ::readdir(d)) {
      if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
      fn(e->d_name);
    }
    ::closedir(d);
    return Status::OK();
  }
};

}  // namespace

Env* Env::Default() {
  static PosixEnv env;
  return &env;
}

}  // namespace normcode
