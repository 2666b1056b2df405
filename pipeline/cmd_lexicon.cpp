// `normcode lexicon check [DIR]`: validates the lexicon files and runs every
// declared example through the coder.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

#include "core/text.h"
#include "extractors/match/codebook.h"
#include "extractors/match/labels.h"
#include "pipeline/commands.h"

namespace normcode {
namespace {

std::string Fired(const std::vector<Evidence>& ev) {
  if (ev.empty()) return "nothing";
  std::string s;
  for (const Evidence& e : ev) {
    if (!s.empty()) s += ", ";
    s += e.entry_id + "=" + e.code;
    if (e.polarity != std::string_view(polarity::kAsserted)) s += "/" + e.polarity;
    s += " \"" + PrintableName(e.matched_text) + "\"";
  }
  return s;
}

int RunCheck(const std::string& dir) {
  std::vector<LexiconError> errors;
  auto cb = Codebook::Load(dir, &errors);
  if (!cb.ok()) {
    for (const LexiconError& e : errors) std::printf("%s\n", PrintableName(e.ToString()).c_str());
    if (errors.empty()) std::printf("%s\n", cb.status().ToString().c_str());
    std::printf("lexicon check: invalid lexicon, %zu error(s)\n", errors.size());
    return kExitFatal;
  }
  const Codebook& book = **cb;
  const double threshold = CodebookThreshold(book);
  SentenceCoder coder(*cb);
  size_t examples = 0, failures = 0;
  for (const LexiconEntryInfo& entry : CodebookEntries(book)) {
    SentenceContext ctx;
    ctx.speaker = "Speaker";
    ctx.language = entry.language;
    // The representative's view, unless the entry is restricted to other roles.
    ctx.role = role::kRepresentative;
    if (!entry.roles.empty() &&
        std::find(entry.roles.begin(), entry.roles.end(), ctx.role) == entry.roles.end())
      ctx.role = entry.roles.front();
    for (const LexiconExample& ex : entry.examples) {
      ++examples;
      std::vector<Evidence> ev = coder.CodeText(ex.text, ctx);
      std::vector<std::string> labels = SentenceLabels(ev, threshold);
      bool has = std::find(labels.begin(), labels.end(), entry.code) != labels.end();
      if (has == ex.positive) continue;
      ++failures;
      std::printf("%s:%d: entry %s: %s example %s: \"%s\" (fired: %s)\n", PrintableName(ex.file).c_str(), ex.line,
                  entry.id.c_str(), ex.positive ? "positive" : "negative",
                  ex.positive ? "not coded" : ("coded " + entry.code).c_str(), PrintableName(ex.text).c_str(),
                  Fired(ev).c_str());
    }
  }
  std::printf("lexicon check: %zu entries, %zu examples, %zu failures\n", CodebookEntries(book).size(), examples,
              failures);
  return failures ? kExitCheckFailed : kExitOk;
}

CommandRegistrar reg("lexicon", [](CLI::App& app) -> std::function<int()> {
  auto* lex = app.add_subcommand("lexicon", "Lexicon tools");
  lex->require_subcommand(1);
  auto* check = lex->add_subcommand(
      "check", "Validate the lexicon files and run every declared example through the coder");
  auto dir = std::make_shared<std::string>("lexicons");
  check->add_option("DIR", *dir, "Lexicon directory")->capture_default_str();
  return [check, dir]() -> int {
    if (check->parsed()) return RunCheck(*dir);
    return kExitUsage;
  };
});

}  // namespace
}  // namespace normcode
