// `normcode kwic --db FILE [filters] QUERY`: keyword-in-context lines over the
// corpus, from the SQLite FTS5 index (FTS5 query syntax: words, "a phrase",
// prefix*, NEAR(a b, 5), AND/OR/NOT). Read-only: works while a run writes.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/text.h"
#include "outputs/kwic.h"
#include "pipeline/commands.h"

namespace normcode {
namespace {

struct KwicArgs {
  std::string db, query;
  SearchFilter filter;
  int width = 40;
};

int RunKwic(const KwicArgs& a) {
  if (a.query.find_first_not_of(" \t\r\n") == std::string::npos) {
    std::fprintf(stderr, "normcode kwic: the query is empty\n");
    return kExitUsage;
  }
  auto hits = SearchSentences(a.db, a.query, a.filter);
  if (!hits.ok()) {
    std::fprintf(stderr, "normcode kwic: %s\n", PrintableName(hits.status().message()).c_str());
    return SearchExitCode(hits.status());
  }
  size_t lines = 0;
  for (const auto& h : *hits) {
    for (const auto& l : FormatKwicLines(h, a.width)) {
      std::printf("%s\n", l.c_str());
      ++lines;
    }
  }
  std::fprintf(stderr, "%zu sentence%s, %zu line%s\n", hits->size(), hits->size() == 1 ? "" : "s", lines,
               lines == 1 ? "" : "s");
  return kExitOk;
}

CommandRegistrar reg("kwic", [](CLI::App& app) -> std::function<int()> {
  auto* cmd = app.add_subcommand("kwic", "Keyword in context: FTS5 query over the corpus sentences");
  cmd->footer(
      "QUERY is FTS5 syntax: words (case and accents folded), \"a phrase\", prefix*, NEAR(a b, 5),\n"
      "AND, OR, NOT, parentheses. Quote it for the shell: normcode kwic --db c.db '\"robust mandate\"'.\n"
      "Output: left context | keyword | right context, symbol, date, speaker (one line per keyword).");
  auto a = std::make_shared<KwicArgs>();
  cmd->add_option("--db", a->db, "Database file")->required();
  cmd->add_option("query", a->query, "FTS5 query")->required();
  cmd->add_option("--code", a->filter.codes, "Only sentences with evidence of this code (repeatable)");
  cmd->add_option("--actor", a->filter.actor, "Speaker: ISO3 (BRA), speaker name or affiliation");
  cmd->add_option("--body", a->filter.body, "Issuing body (\"Security Council\")");
  cmd->add_option("--from", a->filter.from, "First date, YYYY[-MM[-DD]]");
  cmd->add_option("--to", a->filter.to, "Last date, YYYY[-MM[-DD]] (inclusive)");
  cmd->add_option("--limit", a->filter.limit, "Most sentences to show (0 = all)")
      ->check(CLI::Range(int64_t{0}, int64_t{1} << 40))
      ->capture_default_str();
  cmd->add_option("--width", a->width, "Context width in characters on each side")
      ->check(CLI::Range(5, 500))
      ->capture_default_str();
  return [a]() { return RunKwic(*a); };
});

}  // namespace
}  // namespace normcode
