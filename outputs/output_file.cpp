#include "outputs/output_file.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <streambuf>
#include <vector>

#include "core/text.h"

namespace normcode {
namespace {

// A buffered std::streambuf writing to a file descriptor.
class FdBuf final : public std::streambuf {
 public:
  explicit FdBuf(int fd) : fd_(fd), buf_(1 << 16) { setp(buf_.data(), buf_.data() + buf_.size()); }
  int error() const { return err_; }

 protected:
  int_type overflow(int_type c) override {
    if (!Drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return Drain() ? 0 : -1; }

 private:
  bool Drain() {
    const char* p = pbase();
    size_t n = static_cast<size_t>(pptr() - pbase());
    while (n > 0) {
      ssize_t w = ::write(fd_, p, n);
      if (w < 0) {
        if (errno == EINTR) continue;
        err_ = errno;
        setp(buf_.data(), buf_.data() + buf_.size());
        return false;
      }
      p += w;
      n -= static_cast<size_t>(w);
    }
    setp(buf_.data(), buf_.data() + buf_.size());
    return true;
  }
  int fd_;
  std::vector<char> buf_;
  int err_ = 0;
};

std::string Errno(int e) { return std::strerror(e); }

std::string RandomHex() {
  unsigned char b[8];
  size_t got = 0;
  while (got < sizeof b) {
    ssize_t n = ::getrandom(b + got, sizeof b - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    got += static_cast<size_t>(n);
  }
  static const char* kHex = "0123456789abcdef";
  std::string s;
  for (unsigned char c : b) {
    s += kHex[c >> 4];
    s += kHex[c & 15];
  }
  return s;
}

// Refuses a target that a rename must not replace: a symlink or anything but a regular file.
Status CheckReplaceable(const std::string& target) {
  struct stat st;
  if (::lstat(target.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::OK();
    return Status::IOError("cannot write " + PrintableName(target) + ": " + Errno(errno));
  }
  if (S_ISLNK(st.st_mode))
    return Status::InvalidInput("refusing to write " + PrintableName(target) +
                                ": it is a symbolic link (links are never written through or replaced)");
  if (!S_ISREG(st.st_mode))
    return Status::InvalidInput("refusing to write " + PrintableName(target) +
                                ": it exists and is not a regular file");
  return Status::OK();
}

}  // namespace

struct OutputFile::Impl {
  std::string target, tmp;
  int fd = -1;
  bool own_fd = true;  // false for standard output
  bool direct = false;
  bool committed = false;
  std::unique_ptr<FdBuf> buf;
  std::unique_ptr<std::ostream> os;
};

OutputFile::OutputFile() : impl_(std::make_unique<Impl>()) {}

OutputFile::~OutputFile() {
  if (!impl_) return;
  if (impl_->os) impl_->os->flush();
  if (impl_->fd >= 0 && impl_->own_fd) ::close(impl_->fd);
  if (!impl_->committed && !impl_->tmp.empty()) ::unlink(impl_->tmp.c_str());
}

std::ostream& OutputFile::stream() { return *impl_->os; }
bool OutputFile::direct() const { return impl_->direct; }

StatusOr<std::unique_ptr<OutputFile>> OutputFile::Open(const std::string& target) {
  std::unique_ptr<OutputFile> f(new OutputFile());
  Impl& m = *f->impl_;
  m.target = target;
  if (target.empty()) return Status::InvalidInput("no output file given");
  if (target == "-" || target == "/dev/stdout" || target == "/dev/fd/1" || target == "/proc/self/fd/1") {
    m.fd = STDOUT_FILENO;
    m.own_fd = false;
    m.direct = true;
  } else {
    struct stat lst, st;
    bool exists = ::lstat(target.c_str(), &lst) == 0;
    if (!exists && errno != ENOENT) return Status::IOError("cannot write " + PrintableName(target) + ": " + Errno(errno));
    bool follows = exists && ::stat(target.c_str(), &st) == 0;
    if (follows && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
      // A terminal, /dev/null, a pipe: written in place, never replaced by a file.
      int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
      if (fd < 0) {
        if (errno == ENXIO) return Status::IOError("cannot write " + PrintableName(target) + ": a FIFO without a reader");
        return Status::IOError("cannot write " + PrintableName(target) + ": " + Errno(errno));
      }
      int fl = ::fcntl(fd, F_GETFL);
      if (fl >= 0) ::fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
      m.fd = fd;
      m.direct = true;
    } else {
      if (Status s = CheckReplaceable(target); !s.ok()) return s;
      std::string dir = ".", base = target;
      if (size_t slash = target.rfind('/'); slash != std::string::npos) {
        dir = slash == 0 ? "/" : target.substr(0, slash);
        base = target.substr(slash + 1);
      }
      if (base.empty() || base == "." || base == "..")
        return Status::InvalidInput("refusing to write " + PrintableName(target) + ": not a file name");
      for (int attempt = 0; attempt < 16 && m.fd < 0; ++attempt) {
        std::string tmp = (dir == "/" ? std::string("/") : dir + "/") + "." + base + "." + RandomHex() + ".tmp";
        int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd >= 0) {
          m.fd = fd;
          m.tmp = tmp;
        } else if (errno != EEXIST) {
          return Status::IOError("cannot create a temporary file beside " + PrintableName(target) + ": " +
                                 Errno(errno));
        }
      }
      if (m.fd < 0) return Status::IOError("cannot create a temporary file beside " + PrintableName(target));
    }
  }
  m.buf = std::make_unique<FdBuf>(m.fd);
  m.os = std::make_unique<std::ostream>(m.buf.get());
  return f;
}

Status OutputFile::Commit() {
  Impl& m = *impl_;
  m.os->flush();
  if (!*m.os || m.buf->error())
    return Status::IOError("cannot write " + PrintableName(m.target) + ": " +
                           Errno(m.buf->error() ? m.buf->error() : EIO));
  if (m.direct) {
    m.committed = true;
    return Status::OK();
  }
  if (::fsync(m.fd) != 0) return Status::IOError("cannot write " + PrintableName(m.target) + ": " + Errno(errno));
  int fd = m.fd;
  m.fd = -1;
  if (::close(fd) != 0) return Status::IOError("cannot write " + PrintableName(m.target) + ": " + Errno(errno));
  // Planted between Open and now? A rename must not replace a link or special file.
  if (Status s = CheckReplaceable(m.target); !s.ok()) return s;
  if (::rename(m.tmp.c_str(), m.target.c_str()) != 0)
    return Status::IOError("cannot rename the temporary file to " + PrintableName(m.target) + ": " + Errno(errno));
  m.committed = true;
  return Status::OK();
}

}  // namespace normcode
