// SQLite implementation details of Store that tests and tools may use.
#pragma once
#include <string>

#include "core/status.h"

namespace normcode {

// Creates (or upgrades) the database at `path` with the migrations up to and
// including `target_version` only, without the writer lock or any other
// bookkeeping. For tests that need a database of an older schema version.
Status CreateDatabaseAtVersion(const std::string& path, int target_version);

// The database's real path: symlinks, ".", ".." and "//" resolved (for a file that
// does not exist yet, its folder's real path and the name).
std::string CanonicalDatabasePath(const std::string& db_path);

// The lock file guarding writers of the database at `db_path`: "<real path>.lock".
std::string LockFilePath(const std::string& db_path);

// InvalidInput unless `db_path` names a plain file (existing or not): refuses "",
// ":memory:", SQLite URIs ("file:..."), and existing directories, devices, FIFOs.
Status CheckDatabaseName(const std::string& db_path);

}  // namespace normcode
