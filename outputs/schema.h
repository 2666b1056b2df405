// The evidence store's schema: forward-only migrations, applied in order, each
// in its own transaction together with PRAGMA user_version = its version.
// docs/SCHEMA.md describes every table; keep the two in step.
#pragma once
#include <string>
#include <vector>

namespace normcode {

struct Migration {
  int version;       // user_version after this migration
  const char* name;  // short description, for messages
  const char* sql;   // one or more statements
};

// All migrations, in order; version i+1 at index i.
const std::vector<Migration>& SchemaMigrations();

// The schema version this program writes (the last migration's version).
int CurrentSchemaVersion();

// PRAGMA application_id of normcode databases ("NCOD").
inline constexpr int kNormcodeApplicationId = 0x4E434F44;

}  // namespace normcode
