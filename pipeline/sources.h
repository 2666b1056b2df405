// Sources: the inputs named on the command line, enumerated as items.
//
//   file           one item named by its path
//   folder         every regular file below it, recursively, in byte-wise sorted
//                  order (deterministic); symlinks are never followed (skipped),
//                  hidden entries (".name") are skipped, and a folder may hold a
//                  `.normcodeignore` file with one fnmatch(3) pattern per line
//                  (matched against names in that folder; '#' starts a comment)
//   archive        .zip / .tar / .tar.gz / .tgz (by name), read with libarchive
//                  from memory: members become items "archive.zip!inner/path";
//                  archives inside archives are opened up to
//                  Limits::max_archive_depth. Member names are only names:
//                  nothing is ever written to disk. Symlink and hardlink members
//                  are skipped and reported as failed items. When an archive
//                  exceeds max_archive_expanded_bytes, max_archive_ratio or
//                  max_archive_members, its remaining members are reported as
//                  failed items whose reason names the limit.
//   "-"            one document read from standard input
//
// All file access goes through Env (tests inject faults). A source error
// (unreadable or vanished file, corrupt archive) becomes a failed item, never
// an exception and never the end of the enumeration.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/env.h"
#include "core/limits.h"
#include "core/status.h"

namespace normcode {

struct SourceItem {
  std::string name;          // file path, "archive.zip!inner/path", or "-" for stdin
  std::string file_path;     // path on disk for plain files; "" for archive members and stdin
  uint64_t size = 0;         // raw bytes (from stat for plain files before reading)
  int64_t mtime = 0;         // seconds since epoch; 0 for archive members and stdin
  uint64_t inode = 0;        // plain files: st_ino and ctime (ns), with size and mtime the quick check
  int64_t ctime_ns = 0;
  bool plain_file = false;   // size/mtime/inode/ctime are a stat identity usable for incremental runs
  bool duplicate = false;    // a second archive member of the same name: reported, never stored
                             // (it must not replace the first member's record)
  bool loaded = false;       // raw holds the bytes
  std::string raw;
  Status error;              // not OK: a failed item; reason() explains
  // The failure reason without the item's name ("I/O error: cannot open: Permission denied").
  std::string reason() const;
};

// The item name of a path on disk or of an archive member: a backslash becomes
// two backslashes and '!' becomes backslash-'!', so that the bare '!' between an
// archive and its members is never ambiguous (a file called x.tar!a.html is named
// x.tar\!a.html; member a.html of x.tar is x.tar!a.html). Names without either
// character are unchanged.
std::string EscapeItemName(const std::string& path);

// Messages from Env and readers often start with "<name>: "; the failure line
// prints the name itself, so this drops that prefix (same code, rest of message).
Status WithoutNamePrefix(const Status& s, const std::string& name);

// Lexically normalises a command-line path: collapses "//" and "/./", strips a
// leading "./" and trailing "/" ("./corpus/" -> "corpus"). ".." is kept.
std::string NormalizeInputPath(const std::string& path);

// True when `name` (an item name) lies under the input `root` (a normalised
// path, escaped here with EscapeItemName):
// the root itself, a file below a root folder, or a member of a root archive.
bool IsUnderRoot(const std::string& name, const std::string& root);

// True when the name says .zip, .tar, .tar.gz or .tgz (case-insensitive).
bool IsArchiveName(const std::string& name);

class Sources {
 public:
  // roots: the PATH arguments ("-" = stdin). env must outlive the Sources.
  Sources(std::vector<std::string> roots, Env* env, const Limits& limits);
  ~Sources();
  Sources(const Sources&) = delete;
  Sources& operator=(const Sources&) = delete;

  // A flag set asynchronously (signals): reading standard input gives up when it is
  // set (the item fails with "interrupted"; the caller sees the flag too).
  void SetStop(const std::atomic<bool>* stop);

  // Walks the roots (stat and directory listing only; nothing is read) and
  // fixes the order of the plain files. Call once, before Next().
  void Scan();
  // Plain files found by Scan() (archives count as one) and their total size.
  uint64_t total_files() const;
  uint64_t total_bytes() const;

  // The next item, in deterministic order; false when there are no more.
  // Plain files come unread (loaded == false, use Read()); archive members and
  // stdin come loaded; failed items come with error set.
  bool Next(SourceItem* item);
  // Reads a plain file's bytes into item->raw (bounded by max_document_bytes);
  // on failure sets item->error and returns it.
  Status Read(SourceItem* item);

  // The normalised roots.
  const std::vector<std::string>& roots() const;
  // Names under which the enumeration was incomplete (a folder that could not
  // be listed, an archive that could not be opened): known documents under
  // these must not be taken as removed.
  const std::vector<std::string>& incomplete_prefixes() const;
  // True when `name` is under one of incomplete_prefixes().
  bool UnderIncomplete(const std::string& name) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace normcode
