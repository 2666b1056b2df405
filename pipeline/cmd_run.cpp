// `normcode run --db FILE PATH...`: code files, folders, archives or stdin into the database.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

#include "pipeline/commands.h"
#include "pipeline/run.h"

namespace normcode {
namespace {

struct RunArgs {
  std::string db;
  std::vector<std::string> paths;
  std::string lexicons;
  int threads = 0;
  Limits limits;
  bool quiet = false, verbose = false;
  std::string log_format = "text";
  ModelOptions model;
};

std::string Quote(const std::string& s) {
  if (!s.empty() && s.find_first_of(" \t\n'\"\\$`*?[]{}()<>|&;!#~") == std::string::npos) return s;
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

CommandRegistrar reg("run", [](CLI::App& app) -> std::function<int()> {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand(
      "run",
      "Code files, folders (recursive), .zip/.tar/.tar.gz/.tgz archives or '-' (stdin) into the database.\n"
      "Incremental: unchanged files are skipped, changed ones recoded, removed ones marked withdrawn.\n"
      "Exit codes: 0 ok, 1 some files failed (listed on stderr as 'path: reason'), 3 fatal\n"
      "(database or lexicons unusable), 4 database locked by another run, 130 interrupted.");
  cmd->add_option("--db", args->db, "SQLite database to create or update")->required();
  cmd->add_option("paths", args->paths, "files, folders, archives, or - for stdin")->required();
  cmd->add_option("--lexicons", args->lexicons,
                  "lexicon directory (default: ./lexicons, else $NORMCODE_LEXICONS, else the source tree's lexicons)");
  cmd->add_option("--threads", args->threads, "worker threads (default: all cores)")->check(CLI::Range(1, 1024));
  cmd->add_flag("--quiet,-q", args->quiet, "no progress line and no summary (failures are still reported)");
  cmd->add_flag("--verbose,-v", args->verbose, "one line per document on stderr");
  cmd->add_option("--log-format", args->log_format, "stderr messages and summary as text or json lines")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  AddLimitOptions(*cmd, &args->limits);
  AddModelOptions(cmd, &args->model);
  return [args]() -> int {
    RunOptions o;
    o.db_path = args->db;
    o.inputs = args->paths;
    o.lexicons_dir = ResolveLexiconDir(args->lexicons);
    o.model = args->model;
    o.threads = args->threads;
    o.limits = args->limits;
    o.quiet = args->quiet;
    o.verbose = args->verbose;
    o.log_format = args->log_format == "json" ? LogFormat::kJson : LogFormat::kText;
    o.progress = !args->quiet && ::isatty(STDERR_FILENO);
    std::string cl = "normcode run --db " + Quote(args->db);
    if (!args->lexicons.empty()) cl += " --lexicons " + Quote(args->lexicons);
    if (args->threads) cl += " --threads " + std::to_string(args->threads);
    if (!args->model.use_model) cl += " --no-model";
    else if (!args->model.path.empty()) cl += " --model " + Quote(args->model.path);
    for (const auto& p : args->paths) cl += " " + Quote(p);
    o.command_line = cl;
    StopSignals signals;
    o.stop = signals.flag();
    return RunPipeline(o).exit_code;
  };
});

}  // namespace
}  // namespace normcode
