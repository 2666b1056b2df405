// Command registry: each cmd_*.cpp registers its subcommand with CLI11 through a
// static Registrar, so adding a command touches no other file.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "extractors/match/codebook.h"

namespace CLI {
class App;
}

namespace normcode {

// Exit codes, stable and documented in the README.
enum ExitCode : int {
  kExitOk = 0,           // everything succeeded
  kExitSomeFailed = 1,   // the run finished, but some input files failed and were skipped (see stderr / documents.status)
  kExitUsage = 2,        // bad command line
  kExitFatal = 3,        // nothing (more) done: unreadable database, invalid lexicon, full disk, internal error
  kExitBusy = 4,         // another normcode run holds the database
  kExitCheckFailed = 5,  // `lexicon check` or `evaluate --min-*` found failures
  kExitInterrupted = 130,  // `run` stopped by SIGINT/SIGTERM; work in flight committed (shell convention 128+2)
};

// A command adds its subcommand to `app` and returns a function that runs it
// after parsing (the function returns an ExitCode).
using CommandSetup = std::function<std::function<int()>(CLI::App& app)>;

struct CommandRegistrar {
  CommandRegistrar(const char* name, CommandSetup setup);
};

// Exit code for an error from an FTS5 query command (kwic, search): an invalid
// query is a usage error, a database problem is fatal, a held lock is busy.
int SearchExitCode(const Status& st);

// --model FILE and --no-model, for the commands that code text (run, tag, evaluate).
void AddModelOptions(CLI::App* cmd, ModelOptions* model);

// Loads the codebook from `dir` with the model options; on failure prints every
// problem ("file:line: reason") and a summary naming `command` to stderr and
// returns null (the caller exits kExitFatal).
std::shared_ptr<const Codebook> LoadCodebookOrReport(const std::string& dir, const ModelOptions& model,
                                                     const char* command);

struct RegisteredCommand {
  std::string name;
  CommandSetup setup;
};
std::vector<RegisteredCommand>& Commands();

}  // namespace normcode
