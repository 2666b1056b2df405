// Sources: folders, hidden files, symlinks, archives (built here with libarchive's
// writer), hostile member names, archive limits, nesting, stdin-free fault injection.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "pipeline/sources.h"

namespace normcode {
namespace {

namespace fs = std::filesystem;

struct Member {
  enum Type { kFile, kSymlink, kHardlink, kDir };
  Member(std::string n, std::string d, Type t = kFile, std::string l = "")
      : name(std::move(n)), data(std::move(d)), type(t), link(std::move(l)) {}
  std::string name;
  std::string data;
  Type type = kFile;
  std::string link;  // target for links
};

// Builds an archive in memory: format "zip" or "tar.gz" or "tar".
std::string BuildArchive(const std::string& format, const std::vector<Member>& members) {
  struct archive* a = archive_write_new();
  if (format == "zip") {
    archive_write_set_format_zip(a);
  } else {
    archive_write_set_format_pax_restricted(a);
    if (format == "tar.gz") archive_write_add_filter_gzip(a);
  }
  std::vector<char> buf(64 << 20);
  size_t used = 0;
  EXPECT_EQ(archive_write_open_memory(a, buf.data(), buf.size(), &used), ARCHIVE_OK);
  for (const auto& m : members) {
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, m.name.c_str());
    archive_entry_set_perm(e, 0644);
    archive_entry_set_mtime(e, 1700000000, 0);
    switch (m.type) {
      case Member::kFile:
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_size(e, static_cast<la_int64_t>(m.data.size()));
        break;
      case Member::kSymlink:
        archive_entry_set_filetype(e, AE_IFLNK);
        archive_entry_set_symlink(e, m.link.c_str());
        archive_entry_set_size(e, 0);
        break;
      case Member::kHardlink:
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_hardlink(e, m.link.c_str());
        archive_entry_set_size(e, 0);
        break;
      case Member::kDir:
        archive_entry_set_filetype(e, AE_IFDIR);
        archive_entry_set_perm(e, 0755);
        archive_entry_set_size(e, 0);
        break;
    }
    EXPECT_EQ(archive_write_header(a, e), ARCHIVE_OK) << archive_error_string(a);
    if (m.type == Member::kFile && !m.data.empty()) {
      EXPECT_EQ(archive_write_data(a, m.data.data(), m.data.size()), static_cast<la_ssize_t>(m.data.size()));
    }
    archive_entry_free(e);
  }
  EXPECT_EQ(archive_write_close(a), ARCHIVE_OK);
  archive_write_free(a);
  return std::string(buf.data(), used);
}

void WriteFile(const fs::path& p, const std::string& data) {
  fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary);
  f << data;
}

class SourcesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/normcode-sources-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    // The root is named relative-looking in the items: use the absolute path.
  }
  void TearDown() override { fs::remove_all(root_); }

  struct Result {
    std::vector<std::string> names;
    std::map<std::string, SourceItem> items;
  };
  Result Collect(Sources& s, bool read = true) {
    Result r;
    SourceItem it;
    while (s.Next(&it)) {
      if (read && it.error.ok() && !it.loaded) s.Read(&it);
      r.names.push_back(it.name);
      r.items[it.name] = it;
    }
    return r;
  }
  std::string P(const std::string& rel) const { return (root_ / rel).string(); }

  fs::path root_;
};

TEST(SourcesPaths, NormalizeAndUnderRoot) {
  EXPECT_EQ(NormalizeInputPath("corpus/"), "corpus");
  EXPECT_EQ(NormalizeInputPath("./corpus//a/./b.html"), "corpus/a/b.html");
  EXPECT_EQ(NormalizeInputPath("/"), "/");
  EXPECT_EQ(NormalizeInputPath("./"), ".");
  EXPECT_EQ(NormalizeInputPath("../x/"), "../x");
  EXPECT_EQ(NormalizeInputPath("-"), "-");

  EXPECT_TRUE(IsUnderRoot("corpus/a.html", "corpus"));
  EXPECT_TRUE(IsUnderRoot("corpus", "corpus"));
  EXPECT_TRUE(IsUnderRoot("corpus.zip!a.html", "corpus.zip"));
  EXPECT_FALSE(IsUnderRoot("corpus2/a.html", "corpus"));
  EXPECT_FALSE(IsUnderRoot("corpus.zip!a.html", "corpus"));
  EXPECT_TRUE(IsUnderRoot("a/b.html", "."));
  EXPECT_FALSE(IsUnderRoot("../a.html", "."));
  EXPECT_FALSE(IsUnderRoot("/abs/a.html", "."));
  EXPECT_TRUE(IsUnderRoot("-", "-"));
  EXPECT_FALSE(IsUnderRoot("-x", "-"));

  EXPECT_TRUE(IsArchiveName("a.ZIP"));
  EXPECT_TRUE(IsArchiveName("a.tar.gz"));
  EXPECT_TRUE(IsArchiveName("a.tgz"));
  EXPECT_TRUE(IsArchiveName("a.tar"));
  EXPECT_FALSE(IsArchiveName("a.docx"));
  EXPECT_FALSE(IsArchiveName("a.gz"));
}

TEST_F(SourcesTest, FoldersSortedHiddenSkippedSymlinksNotFollowed) {
  WriteFile(root_ / "b" / "z.html", "<p>z</p>");
  WriteFile(root_ / "b" / "a.txt", "a");
  WriteFile(root_ / "a.txt", "top");
  WriteFile(root_ / ".hidden.txt", "h");
  WriteFile(root_ / ".git" / "x.txt", "x");
  WriteFile(root_ / "c" / "skip-me.md", "ignored");
  WriteFile(root_ / "c" / "keep.md", "kept");
  WriteFile(root_ / "c" / ".normcodeignore", "# comment\nskip-*.md\n");
  fs::create_symlink(root_ / "a.txt", root_ / "link.txt");
  fs::create_directory_symlink(root_ / "b", root_ / "linkdir");

  Sources s({root_.string() + "/"}, Env::Default(), Limits());
  s.Scan();
  EXPECT_EQ(s.total_files(), 4u);
  EXPECT_EQ(s.total_bytes(), 3u + 1u + 8u + 4u);
  Result r = Collect(s);
  std::vector<std::string> want = {P("a.txt"), P("b/a.txt"), P("b/z.html"), P("c/keep.md")};
  EXPECT_EQ(r.names, want);
  for (const auto& n : want) {
    const SourceItem& it = r.items[n];
    EXPECT_TRUE(it.error.ok()) << n << ": " << it.reason();
    EXPECT_TRUE(it.plain_file);
    EXPECT_TRUE(it.loaded);
    EXPECT_GT(it.mtime, 0);
    EXPECT_EQ(it.size, it.raw.size());
  }
  EXPECT_EQ(r.items[P("a.txt")].raw, "top");
  EXPECT_TRUE(s.incomplete_prefixes().empty());
}

TEST_F(SourcesTest, SymlinkGivenAsRootIsAFailedItemAndMissingRootToo) {
  WriteFile(root_ / "a.txt", "top");
  fs::create_symlink(root_ / "a.txt", root_ / "link.txt");
  Sources s({P("link.txt"), P("missing.txt"), P("a.txt"), P("a.txt")}, Env::Default(), Limits());
  Result r = Collect(s);
  ASSERT_EQ(r.names.size(), 3u);  // a.txt given twice is one item
  EXPECT_FALSE(r.items[P("link.txt")].error.ok());
  EXPECT_NE(r.items[P("link.txt")].reason().find("symbolic link"), std::string::npos);
  EXPECT_EQ(r.items[P("missing.txt")].error.code(), Status::Code::kNotFound);
  // The reason does not repeat the path (the failure line prints it once).
  EXPECT_EQ(r.items[P("missing.txt")].reason().find(P("missing.txt")), std::string::npos)
      << r.items[P("missing.txt")].reason();
  EXPECT_TRUE(r.items[P("a.txt")].error.ok());
}

TEST_F(SourcesTest, ZipAndTarGzMembersWithHostileNames) {
  std::string zip = BuildArchive("zip", {{"doc1.html", "<p>one</p>"},
                                         {"sub/", "", Member::kDir},
                                         {"sub/doc2.txt", "two"},
                                         {"../evil.txt", "dotdot"},
                                         {"/etc/abs.txt", "absolute"},
                                         {".hidden.txt", "hidden"},
                                         {"ln", "", Member::kSymlink, "doc1.html"}});
  WriteFile(root_ / "in" / "arc.zip", zip);
  std::string tgz = BuildArchive("tar.gz", {{"t1.txt", "tar one"},
                                            {"d/t2.txt", "tar two"},
                                            {"hard", "", Member::kHardlink, "t1.txt"}});
  WriteFile(root_ / "in" / "arc.tgz", tgz);

  Sources s({P("in")}, Env::Default(), Limits());
  Result r = Collect(s);
  std::string z = P("in/arc.zip"), t = P("in/arc.tgz");
  std::vector<std::string> want = {t + "!t1.txt",   t + "!d/t2.txt",     t + "!hard",       z + "!doc1.html",
                                   z + "!sub/doc2.txt", z + "!../evil.txt", z + "!/etc/abs.txt", z + "!ln"};
  EXPECT_EQ(r.names, want);
  EXPECT_EQ(r.items[z + "!doc1.html"].raw, "<p>one</p>");
  EXPECT_EQ(r.items[z + "!sub/doc2.txt"].raw, "two");
  EXPECT_EQ(r.items[z + "!../evil.txt"].raw, "dotdot");  // only a name
  EXPECT_EQ(r.items[z + "!/etc/abs.txt"].raw, "absolute");
  EXPECT_EQ(r.items[t + "!d/t2.txt"].raw, "tar two");
  EXPECT_FALSE(r.items[z + "!doc1.html"].plain_file);
  EXPECT_EQ(r.items[z + "!doc1.html"].mtime, 0);
  EXPECT_NE(r.items[z + "!ln"].reason().find("symbolic link"), std::string::npos) << r.items[z + "!ln"].reason();
  EXPECT_NE(r.items[t + "!hard"].reason().find("hard link"), std::string::npos) << r.items[t + "!hard"].reason();
  // Nothing was written anywhere.
  EXPECT_FALSE(fs::exists(root_ / "evil.txt"));
  EXPECT_FALSE(fs::exists(root_ / "in" / "sub"));
  std::vector<fs::path> files;
  for (auto& e : fs::recursive_directory_iterator(root_)) files.push_back(e.path());
  EXPECT_EQ(files.size(), 3u);  // in/, in/arc.zip, in/arc.tgz
}

TEST_F(SourcesTest, ZipBombRatioFailsTheRemainingMembersNamingTheLimit) {
  std::string zeros(4 << 20, '\0');
  std::string zip = BuildArchive("zip", {{"ok.txt", "small member"}, {"bomb.txt", zeros}, {"after.txt", "after"}});
  ASSERT_LT(zip.size(), 64u * 1024);  // deflate squeezes 4 MB of zeros
  WriteFile(root_ / "bomb.zip", zip);
  WriteFile(root_ / "z-after.txt", "next file");
  Limits lim;
  lim.max_archive_ratio = 100;
  Sources s({root_.string()}, Env::Default(), lim);
  Result r = Collect(s);
  std::string b = P("bomb.zip");
  ASSERT_EQ(r.names.size(), 4u);
  EXPECT_TRUE(r.items[b + "!ok.txt"].error.ok());
  for (const char* m : {"!bomb.txt", "!after.txt"}) {
    const SourceItem& it = r.items[b + m];
    EXPECT_EQ(it.error.code(), Status::Code::kLimitExceeded) << m;
    EXPECT_NE(it.reason().find("max_archive_ratio=100"), std::string::npos) << it.reason();
    EXPECT_TRUE(it.raw.empty());
  }
  // The enumeration goes on after the archive.
  EXPECT_TRUE(r.items[P("z-after.txt")].error.ok());
  EXPECT_EQ(r.items[P("z-after.txt")].raw, "next file");
}

TEST_F(SourcesTest, ExpandedBytesAndMemberCountLimits) {
  std::string tar = BuildArchive("tar.gz", {{"a.txt", std::string(8000, 'a')}, {"b.txt", std::string(8000, 'b')}});
  ASSERT_LT(tar.size(), 10000u);
  WriteFile(root_ / "big.tar", tar);  // gzip-compressed content under a .tar name: read by content
  Limits lim;
  lim.max_archive_expanded_bytes = 10000;
  {
    Sources s({P("big.tar")}, Env::Default(), lim);
    Result r = Collect(s);
    ASSERT_EQ(r.names.size(), 2u);
    EXPECT_TRUE(r.items[P("big.tar!a.txt")].error.ok());
    EXPECT_NE(r.items[P("big.tar!b.txt")].reason().find("max_archive_expanded_bytes=10000"), std::string::npos)
        << r.items[P("big.tar!b.txt")].reason();
  }
  Limits lim2;
  lim2.max_archive_members = 1;
  {
    Sources s({P("big.tar")}, Env::Default(), lim2);
    Result r = Collect(s);
    ASSERT_EQ(r.names.size(), 2u);
    EXPECT_TRUE(r.items[P("big.tar!a.txt")].error.ok());
    EXPECT_NE(r.items[P("big.tar!b.txt")].reason().find("max_archive_members=1"), std::string::npos);
  }
  Limits lim3;
  lim3.max_document_bytes = 500;  // one member too large: it fails alone
  {
    std::string t2 = BuildArchive("tar", {{"a.txt", std::string(800, 'a')}, {"b.txt", "small"}});
    WriteFile(root_ / "one.tar", t2);
    Sources s({P("one.tar")}, Env::Default(), lim3);
    Result r = Collect(s);
    ASSERT_EQ(r.names.size(), 2u);
    EXPECT_NE(r.items[P("one.tar!a.txt")].reason().find("max_document_bytes=500"), std::string::npos);
    EXPECT_EQ(r.items[P("one.tar!b.txt")].raw, "small");
  }
}

TEST_F(SourcesTest, NestedArchivesUpToTheDepthLimit) {
  std::string inner = BuildArchive("tar.gz", {{"deep.txt", "deep text"}});
  std::string outer = BuildArchive("zip", {{"first.txt", "first"}, {"inner.tar.gz", inner}, {"last.txt", "last"}});
  WriteFile(root_ / "outer.zip", outer);
  {
    Sources s({P("outer.zip")}, Env::Default(), Limits());
    Result r = Collect(s);
    std::string o = P("outer.zip");
    std::vector<std::string> want = {o + "!first.txt", o + "!inner.tar.gz!deep.txt", o + "!last.txt"};
    EXPECT_EQ(r.names, want);
    EXPECT_EQ(r.items[o + "!inner.tar.gz!deep.txt"].raw, "deep text");
    EXPECT_EQ(r.items[o + "!last.txt"].raw, "last");
  }
  {
    Limits lim;
    lim.max_archive_depth = 1;
    Sources s({P("outer.zip")}, Env::Default(), lim);
    Result r = Collect(s);
    std::string o = P("outer.zip");
    ASSERT_EQ(r.names.size(), 3u);
    EXPECT_NE(r.items[o + "!inner.tar.gz"].reason().find("max_archive_depth=1"), std::string::npos)
        << r.items[o + "!inner.tar.gz"].reason();
    EXPECT_EQ(r.items[o + "!last.txt"].raw, "last");
  }
}

TEST_F(SourcesTest, CorruptArchiveIsAFailedItemAndMarksItsMembersUnknown) {
  WriteFile(root_ / "broken.zip", "PK\x03\x04 this is not really a zip file at all");
  WriteFile(root_ / "fine.txt", "fine");
  Sources s({root_.string()}, Env::Default(), Limits());
  Result r = Collect(s);
  ASSERT_EQ(r.names.size(), 2u);
  EXPECT_FALSE(r.items[P("broken.zip")].error.ok());
  EXPECT_TRUE(s.UnderIncomplete(P("broken.zip") + "!old-member.html"));
  EXPECT_FALSE(s.UnderIncomplete(P("fine.txt")));
}

// An Env that fails reading one file and listing one folder.
class FaultyEnv : public Env {
 public:
  std::string fail_read, fail_list;
  Status ReadFile(const std::string& path, uint64_t max_bytes, std::string* out) override {
    if (path == fail_read) return Status::IOError(path + ": read failed: Input/output error (injected)");
    return Env::Default()->ReadFile(path, max_bytes, out);
  }
  Status Stat(const std::string& path, FileInfo* info) override { return Env::Default()->Stat(path, info); }
  Status ListDir(const std::string& path, const std::function<void(const std::string&)>& fn) override {
    if (path == fail_list) return Status::IOError(path + ": cannot open directory: Permission denied (injected)");
    return Env::Default()->ListDir(path, fn);
  }
};

TEST_F(SourcesTest, InjectedFaultsBecomeFailedItemsAndTheRestGoesOn) {
  WriteFile(root_ / "a.txt", "a");
  WriteFile(root_ / "b.txt", "b");
  WriteFile(root_ / "locked" / "x.txt", "x");
  WriteFile(root_ / "z.zip", BuildArchive("zip", {{"m.txt", "m"}}));
  FaultyEnv env;
  env.fail_read = P("a.txt");
  env.fail_list = P("locked");
  Sources s({root_.string()}, &env, Limits());
  Result r = Collect(s);
  std::vector<std::string> want = {P("a.txt"), P("b.txt"), P("locked"), P("z.zip!m.txt")};
  EXPECT_EQ(r.names, want);
  EXPECT_EQ(r.items[P("a.txt")].error.code(), Status::Code::kIOError);
  EXPECT_EQ(r.items[P("a.txt")].reason(), "I/O error: read failed: Input/output error (injected)");
  EXPECT_EQ(r.items[P("b.txt")].raw, "b");
  EXPECT_EQ(r.items[P("locked")].error.code(), Status::Code::kIOError);
  EXPECT_TRUE(s.UnderIncomplete(P("locked/x.txt")));
  EXPECT_FALSE(s.UnderIncomplete(P("b.txt")));
  EXPECT_EQ(r.items[P("z.zip!m.txt")].raw, "m");

  // An archive that cannot be read is one failed item.
  env.fail_read = P("z.zip");
  Sources s2({P("z.zip")}, &env, Limits());
  Result r2 = Collect(s2);
  ASSERT_EQ(r2.names.size(), 1u);
  EXPECT_EQ(r2.items[P("z.zip")].error.code(), Status::Code::kIOError);
  EXPECT_TRUE(s2.UnderIncomplete(P("z.zip!m.txt")));
}

TEST_F(SourcesTest, VanishedFileIsAFailedItem) {
  WriteFile(root_ / "gone.txt", "soon gone");
  Sources s({root_.string()}, Env::Default(), Limits());
  s.Scan();
  fs::remove(root_ / "gone.txt");
  SourceItem it;
  ASSERT_TRUE(s.Next(&it));
  EXPECT_TRUE(it.error.ok());
  EXPECT_FALSE(s.Read(&it).ok());
  EXPECT_EQ(it.error.code(), Status::Code::kIOError);
  EXPECT_NE(it.reason().find("cannot open"), std::string::npos) << it.reason();
  EXPECT_FALSE(s.Next(&it));
}

}  // namespace
}  // namespace normcode
