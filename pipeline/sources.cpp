#include "pipeline/sources.h"

#include <archive.h>
#include <archive_entry.h>
#include <fnmatch.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <unordered_set>

#include "core/text.h"

namespace normcode {
namespace {

constexpr uint64_t kIgnoreFileMax = 1 << 20;
constexpr size_t kReadChunk = 64 * 1024;

std::string Join(const std::string& dir, const std::string& name) {
  if (dir == ".") return name;
  if (!dir.empty() && dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

bool EndsWithNoCase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char a = s[s.size() - suffix.size() + i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (a != suffix[i]) return false;
  }
  return true;
}

// A member path component that is hidden: ".name" (but "." and ".." are not hidden,
// they are kept as plain characters of the name).
bool HasHiddenComponent(std::string_view path) {
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view c = path.substr(i, j - i);
    if (c.size() > 1 && c[0] == '.' && c != "..") return true;
    i = j + 1;
  }
  return false;
}

struct Entry {
  enum Kind { kFile, kStdin, kFailed } kind = kFile;
  std::string name;
  FileInfo info;
  Status error;
};

// One open archive (possibly nested inside another).
struct Frame {
  struct archive* a = nullptr;
  std::string data;          // the archive's bytes (libarchive reads from memory)
  std::string name;          // item name of the archive ("x.zip", "x.zip!in.tar")
  uint32_t depth = 1;        // 1 = archive given on disk
  uint64_t expanded = 0;     // member bytes read from this archive
  Status limit;              // set once a limit is hit: remaining members fail with it
  bool done = false;
  ~Frame() {
    if (a) archive_read_free(a);
  }
};

}  // namespace

Status WithoutNamePrefix(const Status& s, const std::string& name) {
  const std::string& m = s.message();
  std::string rest;
  std::string printable = PrintableName(name) + ": ";
  if (m.compare(0, printable.size(), printable) == 0) rest = m.substr(printable.size());
  else if (m.compare(0, name.size() + 2, name + ": ") == 0) rest = m.substr(name.size() + 2);
  else return s;
  switch (s.code()) {
    case Status::Code::kNotFound: return Status::NotFound(rest);
    case Status::Code::kInvalidInput: return Status::InvalidInput(rest);
    case Status::Code::kUnsupported: return Status::Unsupported(rest);
    case Status::Code::kIOError: return Status::IOError(rest);
    case Status::Code::kLimitExceeded: return Status::LimitExceeded(rest);
    case Status::Code::kCorruption: return Status::Corruption(rest);
    case Status::Code::kBusy: return Status::Busy(rest);
    default: return Status::Internal(rest);
  }
}

std::string EscapeItemName(const std::string& path) {
  if (path.find_first_of("\\!") == std::string::npos) return path;
  std::string out;
  out.reserve(path.size() + 8);
  for (char c : path) {
    if (c == '\\' || c == '!') out += '\\';
    out += c;
  }
  return out;
}

std::string SourceItem::reason() const { return error.ok() ? std::string() : error.ToString(); }

std::string NormalizeInputPath(const std::string& path) {
  if (path == "-") return path;
  bool absolute = !path.empty() && path[0] == '/';
  std::vector<std::string_view> parts;
  std::string_view p(path);
  size_t i = 0;
  while (i <= p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string_view::npos) j = p.size();
    std::string_view c = p.substr(i, j - i);
    if (!c.empty() && c != ".") parts.push_back(c);
    i = j + 1;
  }
  std::string out = absolute ? "/" : "";
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k) out += '/';
    out += parts[k];
  }
  if (out.empty()) out = ".";
  return out;
}

namespace {
// IsUnderRoot with the root already in item-name form.
bool IsUnderRootName(const std::string& name, const std::string& root) {
  if (root == "-") return name == "-";
  if (name == "-") return false;
  if (root == ".") {
    if (name.empty() || name[0] == '/') return false;
    return !(name == ".." || name.rfind("../", 0) == 0);
  }
  if (name.size() < root.size() || name.compare(0, root.size(), root) != 0) return false;
  if (name.size() == root.size()) return true;
  if (root == "/") return true;
  char c = name[root.size()];
  return c == '/' || c == '!';
}
}  // namespace

bool IsUnderRoot(const std::string& name, const std::string& root) {
  return IsUnderRootName(name, root == "-" ? root : EscapeItemName(root));
}

bool IsArchiveName(const std::string& name) {
  return EndsWithNoCase(name, ".zip") || EndsWithNoCase(name, ".tar") || EndsWithNoCase(name, ".tar.gz") ||
         EndsWithNoCase(name, ".tgz");
}

struct Sources::Impl {
  std::vector<std::string> roots;
  Env* env;
  Limits limits;
  std::vector<Entry> entries;
  size_t next = 0;
  uint64_t total_files = 0, total_bytes = 0;
  std::vector<std::string> incomplete;
  std::unordered_set<std::string> seen;
  std::vector<std::unique_ptr<Frame>> stack;  // open archives, innermost last
  uint64_t tree_expanded = 0;                 // bytes expanded from the outermost archive's tree
  uint64_t tree_members = 0;
  bool scanned = false;
  const std::atomic<bool>* stop = nullptr;

  void Fail(const std::string& path, Status s) {
    Entry e;
    e.kind = Entry::kFailed;
    e.name = path;
    e.error = std::move(s);
    entries.push_back(std::move(e));
  }

  void AddFile(const std::string& name, const FileInfo& info) {
    if (!seen.insert(EscapeItemName(name)).second) return;  // the same file named twice
    Entry e;
    e.name = name;
    e.info = info;
    entries.push_back(std::move(e));
    ++total_files;
    total_bytes += info.size;
  }

  std::vector<std::string> IgnorePatterns(const std::string& dir) {
    std::vector<std::string> patterns;
    std::string path = Join(dir, ".normcodeignore");
    FileInfo info;
    if (!env->Stat(path, &info).ok() || !info.is_regular) return patterns;
    std::string text;
    if (!env->ReadFile(path, kIgnoreFileMax, &text).ok()) return patterns;
    size_t i = 0;
    while (i < text.size()) {
      size_t j = text.find('\n', i);
      if (j == std::string::npos) j = text.size();
      std::string line = text.substr(i, j - i);
      i = j + 1;
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
      size_t k = line.find_first_not_of(" \t");
      if (k == std::string::npos || line[k] == '#') continue;
      patterns.push_back(line.substr(k));
    }
    return patterns;
  }

  void Walk(const std::string& dir) {
    std::vector<std::string> names;
    Status s = env->ListDir(dir, [&](const std::string& n) { names.push_back(n); });
    if (!s.ok()) {
      Fail(dir, WithoutNamePrefix(s, dir));
      incomplete.push_back(dir);
      return;
    }
    std::sort(names.begin(), names.end());
    std::vector<std::string> ignore = IgnorePatterns(dir);
    for (const std::string& n : names) {
      if (n.empty() || n[0] == '.') continue;  // hidden
      bool ignored = false;
      for (const auto& p : ignore)
        if (fnmatch(p.c_str(), n.c_str(), 0) == 0) ignored = true;
      if (ignored) continue;
      std::string path = Join(dir, n);
      FileInfo info;
      Status st = env->Stat(path, &info);
      if (!st.ok()) {
        Fail(path, WithoutNamePrefix(st, path));
        continue;
      }
      if (info.is_symlink) continue;  // never followed
      if (info.is_directory) {
        Walk(path);
      } else if (info.is_regular) {
        AddFile(path, info);
      }
      // sockets, fifos, devices inside folders: not documents, skipped
    }
  }

  void ScanRoot(const std::string& root) {
    if (root == "-") {
      if (!seen.insert(root).second) return;
      Entry e;
      e.kind = Entry::kStdin;
      e.name = root;
      entries.push_back(std::move(e));
      ++total_files;
      return;
    }
    FileInfo info;
    Status st = env->Stat(root, &info);
    if (!st.ok()) {
      Fail(root, WithoutNamePrefix(st, root));
      if (st.code() != Status::Code::kNotFound) incomplete.push_back(root);
      return;
    }
    if (info.is_symlink) {
      Fail(root, Status::Unsupported("is a symbolic link (symbolic links are not followed)"));
      incomplete.push_back(root);
      return;
    }
    if (info.is_directory) {
      Walk(root);
    } else if (info.is_regular) {
      AddFile(root, info);
    } else {
      Fail(root, Status::Unsupported("not a regular file"));
    }
  }

  // ---- archives
  Status OpenFrame(std::string name, std::string data, uint32_t depth) {
    auto f = std::make_unique<Frame>();
    f->name = std::move(name);
    f->data = std::move(data);
    f->depth = depth;
    f->a = archive_read_new();
    if (!f->a) return Status::Internal("archive_read_new failed");
    archive_read_support_filter_gzip(f->a);
    archive_read_support_format_zip(f->a);
    archive_read_support_format_tar(f->a);
    archive_read_support_format_gnutar(f->a);
    if (archive_read_open_memory(f->a, f->data.data(), f->data.size()) != ARCHIVE_OK) {
      const char* e = archive_error_string(f->a);
      return Status::Corruption(std::string("cannot open archive: ") + (e ? e : "unrecognised format"));
    }
    if (depth == 1) {
      tree_expanded = 0;
      tree_members = 0;
    }
    stack.push_back(std::move(f));
    return Status::OK();
  }

  Status RatioLimit(const Frame& f) const {
    return Status::LimitExceeded(
        "limit max_archive_ratio=" + fmt_double(limits.max_archive_ratio) + " exceeded by archive " +
        PrintableName(f.name) + " (" + std::to_string(f.expanded) + " bytes expanded from " +
        std::to_string(f.data.size()) + ")");
  }
  static std::string fmt_double(double d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", d);
    return buf;
  }
  Status ExpandedLimit(const Frame& f) const {
    return Status::LimitExceeded("limit max_archive_expanded_bytes=" + std::to_string(limits.max_archive_expanded_bytes) +
                                 " exceeded by archive " + PrintableName(stack.front()->name) + " (while reading " +
                                 PrintableName(f.name) + ")");
  }
  Status MembersLimit() const {
    return Status::LimitExceeded("limit max_archive_members=" + std::to_string(limits.max_archive_members) +
                                 " exceeded by archive " + PrintableName(stack.front()->name));
  }

  // Marks f as stopped by a limit (the first one hit is kept).
  void HitLimit(Frame& f, const Status& s) {
    if (f.limit.ok()) f.limit = s;
  }

  // Reads the current member's data into *out, enforcing limits. Returns OK, a
  // LimitExceeded for this member only (member_only = true), or a frame-level error.
  Status ReadMember(Frame& f, int64_t declared, std::string* out, bool* member_only) {
    *member_only = false;
    out->clear();
    if (declared > 0 && static_cast<uint64_t>(declared) > limits.max_document_bytes) {
      *member_only = true;
      return Status::LimitExceeded("member is " + std::to_string(declared) +
                                   " bytes, over the limit max_document_bytes=" +
                                   std::to_string(limits.max_document_bytes));
    }
    char buf[kReadChunk];
    for (;;) {
      la_ssize_t n = archive_read_data(f.a, buf, sizeof buf);
      if (n == 0) break;
      if (n < 0) {
        if (n == ARCHIVE_WARN || n == ARCHIVE_RETRY) continue;
        const char* e = archive_error_string(f.a);
        *member_only = true;
        return Status::Corruption(std::string("cannot read archive member: ") + (e ? e : "unknown error"));
      }
      uint64_t un = static_cast<uint64_t>(n);
      f.expanded += un;
      // Every enclosing archive's expansion grows by what this member produced.
      tree_expanded += un;
      if (tree_expanded > limits.max_archive_expanded_bytes) {
        // The budget of the outermost archive: it and every archive inside it stop.
        Status s = ExpandedLimit(f);
        for (auto& fr : stack) HitLimit(*fr, s);
        return s;
      }
      if (static_cast<double>(f.expanded) >
          limits.max_archive_ratio * static_cast<double>(std::max<size_t>(f.data.size(), 1))) {
        // This archive only: an enclosing archive goes on with its other members.
        HitLimit(f, RatioLimit(f));
        return f.limit;
      }
      if (out->size() + un > limits.max_document_bytes) {
        *member_only = true;
        return Status::LimitExceeded("member is over the limit max_document_bytes=" +
                                     std::to_string(limits.max_document_bytes));
      }
      out->append(buf, un);
    }
    return Status::OK();
  }

  // Produces the next item from the innermost open archive; false when that
  // archive is exhausted (it is popped) and the caller should try again.
  bool NextMember(SourceItem* item) {
    Frame& f = *stack.back();
    if (f.done) {
      stack.pop_back();
      return false;
    }
    struct archive_entry* e = nullptr;
    int r = archive_read_next_header(f.a, &e);
    if (r == ARCHIVE_EOF) {
      stack.pop_back();
      return false;
    }
    if (r < ARCHIVE_WARN) {
      const char* msg = archive_error_string(f.a);
      *item = SourceItem();
      item->name = f.name;
      item->error = Status::Corruption(std::string("corrupt archive: ") + (msg ? msg : "cannot read member header"));
      incomplete.push_back(f.name + "!");
      f.done = true;
      return true;
    }
    const char* p = archive_entry_pathname_utf8(e);
    if (!p) p = archive_entry_pathname(e);
    std::string member = p ? p : "";
    if (member.empty()) member = "(unnamed member)";
    std::string name = f.name + "!" + EscapeItemName(member);
    mode_t type = archive_entry_filetype(e);

    if (type == AE_IFDIR || HasHiddenComponent(member)) return false;  // skipped; the caller asks again

    *item = SourceItem();
    item->name = name;
    if (!seen.insert(name).second) {
      // Never stored: a documents row under this name would replace the first member's.
      item->error = Status::InvalidInput("duplicate archive member name (only the first is read)");
      item->duplicate = true;
      return true;
    }
    if (!f.limit.ok()) {
      item->error = f.limit;
      // Stop listing once skipping has decompressed as much as the budget allows.
      if (static_cast<uint64_t>(archive_filter_bytes(f.a, 0)) > 2 * limits.max_archive_expanded_bytes) f.done = true;
      return true;
    }
    if (++tree_members > limits.max_archive_members) {
      Status lim = MembersLimit();
      for (auto& fr : stack) HitLimit(*fr, lim);
      item->error = lim;
      return true;
    }
    if (archive_entry_hardlink(e) != nullptr) {
      item->error = Status::Unsupported("hard link member skipped (links are not followed)");
      return true;
    }
    if (type == AE_IFLNK) {
      item->error = Status::Unsupported("symbolic link member skipped (links are not followed)");
      return true;
    }
    if (type != AE_IFREG && type != 0) {
      item->error = Status::Unsupported("archive member is not a regular file");
      return true;
    }
    bool nested = IsArchiveName(member);
    if (nested && f.depth + 1 > limits.max_archive_depth) {
      item->error = Status::LimitExceeded("limit max_archive_depth=" + std::to_string(limits.max_archive_depth) +
                                          " exceeded: archive nested " + std::to_string(f.depth + 1) + " deep");
      return true;
    }
    std::string data;
    bool member_only = false;
    int64_t declared = archive_entry_size_is_set(e) ? archive_entry_size(e) : -1;
    Status s = ReadMember(f, nested ? -1 : declared, &data, &member_only);
    if (!s.ok()) {
      // A member that is too large or unreadable fails alone; if the stream is
      // broken, the next header read reports the archive as corrupt.
      item->error = s;
      return true;
    }
    if (nested) {
      Status o = OpenFrame(name, std::move(data), f.depth + 1);
      if (!o.ok()) {
        item->error = o;
        incomplete.push_back(name + "!");
        return true;
      }
      return false;  // read the nested archive's first member next
    }
    item->size = data.size();
    item->raw = std::move(data);
    item->loaded = true;
    return true;
  }

  // Reads standard input with read(2) between polls of at most 200 ms, so that a
  // stop request (SIGINT/SIGTERM) is seen while a writer keeps the pipe open
  // without writing (the handlers restart interrupted calls).
  bool ReadStdin(SourceItem* item) {
    std::string data;
    char buf[kReadChunk];
    for (;;) {
      if (stop && stop->load()) {
        item->error = Status::IOError("interrupted while reading standard input");
        return true;
      }
      struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
      int pr = ::poll(&pfd, 1, 200);
      if (pr < 0 && errno != EINTR) {
        item->error = Status::IOError(std::string("cannot read standard input: ") + std::strerror(errno));
        return true;
      }
      if (pr <= 0) continue;
      ssize_t r = ::read(STDIN_FILENO, buf, sizeof buf);
      if (r < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        item->error = Status::IOError(std::string("cannot read standard input: ") + std::strerror(errno));
        return true;
      }
      size_t n = static_cast<size_t>(r);
      if (n == 0) break;
      if (data.size() + n > limits.max_document_bytes) {
        item->error = Status::LimitExceeded("standard input is over the limit max_document_bytes=" +
                                            std::to_string(limits.max_document_bytes));
        return true;
      }
      data.append(buf, n);
    }
    item->size = data.size();
    item->raw = std::move(data);
    item->loaded = true;
    return true;
  }
};

Sources::Sources(std::vector<std::string> roots, Env* env, const Limits& limits) : impl_(std::make_unique<Impl>()) {
  for (auto& r : roots) impl_->roots.push_back(NormalizeInputPath(r));
  impl_->env = env;
  impl_->limits = limits;
}

Sources::~Sources() = default;

void Sources::SetStop(const std::atomic<bool>* stop) { impl_->stop = stop; }

void Sources::Scan() {
  if (impl_->scanned) return;
  impl_->scanned = true;
  for (const auto& r : impl_->roots) impl_->ScanRoot(r);
}

uint64_t Sources::total_files() const { return impl_->total_files; }
uint64_t Sources::total_bytes() const { return impl_->total_bytes; }
const std::vector<std::string>& Sources::roots() const { return impl_->roots; }
const std::vector<std::string>& Sources::incomplete_prefixes() const { return impl_->incomplete; }

bool Sources::UnderIncomplete(const std::string& name) const {
  for (const auto& p : impl_->incomplete) {
    if (!p.empty() && p.back() == '!') {
      if (name.compare(0, p.size(), p) == 0) return true;
    } else if (IsUnderRoot(name, p)) {  // p is a path (a folder or root)
      return true;
    }
  }
  return false;
}

bool Sources::Next(SourceItem* item) {
  Impl& m = *impl_;
  if (!m.scanned) Scan();
  for (;;) {
    if (!m.stack.empty()) {
      if (m.NextMember(item)) return true;
      continue;
    }
    if (m.next >= m.entries.size()) return false;
    Entry& e = m.entries[m.next++];
    *item = SourceItem();
    item->name = e.kind == Entry::kStdin ? e.name : EscapeItemName(e.name);
    switch (e.kind) {
      case Entry::kFailed:
        item->error = e.error;
        return true;
      case Entry::kStdin:
        return m.ReadStdin(item);
      case Entry::kFile:
        break;
    }
    item->file_path = e.name;
    item->size = e.info.size;
    item->mtime = e.info.mtime;
    item->inode = e.info.inode;
    item->ctime_ns = e.info.ctime_ns;
    if (!IsArchiveName(e.name)) {
      item->plain_file = true;
      return true;
    }
    // An archive on disk: read it whole (through Env), then list its members.
    if (e.info.size > m.limits.max_archive_expanded_bytes) {
      item->error = Status::LimitExceeded("archive is " + std::to_string(e.info.size) +
                                          " bytes, over the limit max_archive_expanded_bytes=" +
                                          std::to_string(m.limits.max_archive_expanded_bytes));
      m.incomplete.push_back(item->name + "!");
      return true;
    }
    std::string data;
    Status s = m.env->ReadFile(e.name, m.limits.max_archive_expanded_bytes, &data);
    if (!s.ok()) {
      item->error = WithoutNamePrefix(s, e.name);
      m.incomplete.push_back(item->name + "!");
      return true;
    }
    s = m.OpenFrame(item->name, std::move(data), 1);
    if (!s.ok()) {
      item->error = s;
      m.incomplete.push_back(item->name + "!");
      return true;
    }
  }
}

Status Sources::Read(SourceItem* item) {
  if (item->loaded || !item->error.ok()) return item->error;
  Status s = impl_->env->ReadFile(item->file_path, impl_->limits.max_document_bytes, &item->raw);
  if (!s.ok()) {
    item->raw.clear();
    item->error = WithoutNamePrefix(s, item->file_path);
    return item->error;
  }
  item->size = item->raw.size();
  item->loaded = true;
  return Status::OK();
}

}  // namespace normcode
