// PosixEnv against special files swapped in for a document (issue 16.4): a FIFO
// put where a regular file was enumerated must be refused at once, not block the
// run in open() forever.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>

#include "core/env.h"
#include "core/limits.h"
#include "pipeline/sources.h"

using namespace normcode;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  TempDir() {
    char t[] = "/tmp/normcode-env-XXXXXX";
    path = mkdtemp(t);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string path;
};

// Waits for f; if it has not finished after `secs`, opens the FIFO for writing
// (which releases a reader blocked in open()) so the test can end, and fails.
template <typename T>
T WaitOrUnblock(std::future<T>& f, const std::string& fifo, int secs) {
  if (f.wait_for(std::chrono::seconds(secs)) == std::future_status::timeout) {
    int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    if (fd >= 0) ::close(fd);
    ADD_FAILURE() << "reading " << fifo << " blocked for " << secs << " s";
  }
  return f.get();
}

}  // namespace

TEST(PosixEnv, FifoIsRefusedWithoutBlocking) {
  TempDir d;
  std::string p = d.path + "/doc.html";
  ASSERT_EQ(::mkfifo(p.c_str(), 0644), 0);
  auto f = std::async(std::launch::async, [&] {
    std::string out;
    return Env::Default()->ReadFile(p, 1 << 20, &out);
  });
  Status s = WaitOrUnblock(f, p, 5);
  EXPECT_EQ(s.code(), Status::Code::kUnsupported) << s.ToString();
  EXPECT_NE(s.message().find("not a regular file"), std::string::npos) << s.ToString();
}

TEST(PosixEnv, FifoSwappedInAfterEnumerationIsAFailedItemNotAHang) {
  TempDir d;
  std::string p = d.path + "/a.html";
  { std::ofstream(p) << "<p>text</p>"; }
  Sources s({d.path}, Env::Default(), Limits());
  s.Scan();
  ASSERT_EQ(s.total_files(), 1u);
  // The swap: the enumerated regular file becomes a FIFO with nobody writing.
  fs::remove(p);
  ASSERT_EQ(::mkfifo(p.c_str(), 0644), 0);
  SourceItem item;
  ASSERT_TRUE(s.Next(&item));
  ASSERT_TRUE(item.plain_file);
  auto f = std::async(std::launch::async, [&] { return s.Read(&item); });
  Status st = WaitOrUnblock(f, p, 5);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(item.reason().find("not a regular file"), std::string::npos) << item.reason();
}

TEST(PosixEnv, StatReportsInodeAndCtime) {
  TempDir d;
  std::string p = d.path + "/x";
  { std::ofstream(p) << "one"; }
  FileInfo a;
  ASSERT_TRUE(Env::Default()->Stat(p, &a).ok());
  struct stat st;
  ASSERT_EQ(::lstat(p.c_str(), &st), 0);
  EXPECT_EQ(a.inode, static_cast<uint64_t>(st.st_ino));
  EXPECT_EQ(a.ctime_ns, static_cast<int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec);
  EXPECT_GT(a.ctime_ns, 0);
}
