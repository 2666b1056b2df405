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
  bool quiet = false, verbose = false, allow_mass_withdrawal = false, rehash = false;
  double max_withdraw_share = 0.5;
  uint64_t max_evidence_per_document = RunOptions().max_evidence_per_document;
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
      "Exit codes: 0 ok, 1 some files failed (listed on stderr as 'path: reason'), 2 usage (a PATH that\n"
      "does not exist and has no documents in the database), 3 fatal (database or lexicons unusable, a PATH\n"
      "that vanished with documents in the database, or a withdrawal over --max-withdraw-share),\n"
      "4 database locked by another run, 130 interrupted.");
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
  cmd->add_flag("--rehash", args->rehash,
                "read and hash every file instead of trusting an unchanged size, mtime, inode and ctime");
  cmd->add_flag("--allow-mass-withdrawal", args->allow_mass_withdrawal,
                "withdraw documents even when more than --max-withdraw-share of a PATH's documents are gone");
  cmd->add_option("--max-withdraw-share", args->max_withdraw_share,
                  "a run that would withdraw more than this share of the documents under one PATH (and at least 2) "
                  "withdraws nothing and exits 3")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  AddLimitOptions(*cmd, &args->limits);
  cmd->add_option("--limit-max-evidence-per-document", args->max_evidence_per_document,
                  "evidence rows kept per document; the rest is dropped with a warning (stderr and runs.warnings)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
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
    o.allow_mass_withdrawal = args->allow_mass_withdrawal;
    o.rehash = args->rehash;
    o.max_evidence_per_document = args->max_evidence_per_document;
    o.max_withdraw_share = args->max_withdraw_share;
    o.verbose = args->verbose;
    o.log_format = args->log_format == "json" ? LogFormat::kJson : LogFormat::kText;
    o.progress = !args->quiet && ::isatty(STDERR_FILENO);
    std::string cl = "normcode run --db " + Quote(args->db);
    if (!args->lexicons.empty()) cl += " --lexicons " + Quote(args->lexicons);
    if (args->threads) cl += " --threads " + std::to_string(args->threads);
    if (args->allow_mass_withdrawal) cl += " --allow-mass-withdrawal";
    if (args->rehash) cl += " --rehash";
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
