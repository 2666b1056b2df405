// `normcode lexicon check [DIR]`: validates the lexicon files and runs every
// declared example through the coder.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

#include "core/text.h"
#include "extractors/match/codebook.h"
#include "extractors/match/labels.h"
#include "extractors/match/model.h"
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

// Declared examples are the contract of the lexicon entries, so they are coded
// with the lexicon alone (the same coding path with the lexicon scorer). The
// codebook's model is loaded too, so a missing, corrupt or mismatched model
// fails the check; how often the model agrees with the examples is reported.
int RunCheck(const std::string& dir) {
  std::vector<LexiconError> errors;
  ModelOptions lexicon_only;
  lexicon_only.use_model = false;
  auto cb = Codebook::Load(dir, &errors, lexicon_only);
  std::shared_ptr<const Codebook> with_model;
  if (cb.ok()) {
    auto m = Codebook::Load(dir, &errors);  // the same codebook with its model: validates the model
    if (m.ok()) with_model = *m;
    else cb = m.status();
  }
  if (!cb.ok()) {
    for (const LexiconError& e : errors) std::printf("%s\n", PrintableName(e.ToString()).c_str());
    if (errors.empty()) std::printf("%s\n", cb.status().ToString().c_str());
    std::printf("lexicon check: invalid lexicon, %zu error(s)\n", errors.size());
    return kExitFatal;
  }
  const Codebook& book = **cb;
  const double threshold = CodebookThreshold(book);
  SentenceCoder coder(*cb);
  std::unique_ptr<SentenceCoder> model_coder;
  if (with_model && with_model->model()) model_coder = std::make_unique<SentenceCoder>(with_model);
  size_t examples = 0, failures = 0, model_agrees = 0;
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
      if (model_coder) {
        std::vector<std::string> ml = SentenceLabels(model_coder->CodeText(ex.text, ctx), threshold);
        model_agrees += (std::find(ml.begin(), ml.end(), entry.code) != ml.end()) == ex.positive;
      }
      if (has == ex.positive) continue;
      ++failures;
      std::printf("%s:%d: entry %s: %s example %s: \"%s\" (fired: %s)\n", PrintableName(ex.file).c_str(), ex.line,
                  entry.id.c_str(), ex.positive ? "positive" : "negative",
                  ex.positive ? "not coded" : ("coded " + entry.code).c_str(), PrintableName(ex.text).c_str(),
                  Fired(ev).c_str());
    }
  }
  if (model_coder)
    std::printf("model %s: codes %zu of the %zu declared examples as declared (information; the model is measured "
                "by `normcode train`)\n",
                with_model->model()->version().c_str(), model_agrees, examples);
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
