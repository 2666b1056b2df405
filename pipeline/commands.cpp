#include "pipeline/commands.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>

#include "core/text.h"

namespace normcode {

std::vector<RegisteredCommand>& Commands() {
  static std::vector<RegisteredCommand> cmds;
  return cmds;
}

CommandRegistrar::CommandRegistrar(const char* name, CommandSetup setup) {
  Commands().push_back({name, std::move(setup)});
}

int SearchExitCode(const Status& st) {
  switch (st.code()) {
    case Status::Code::kInvalidInput:
      return st.message().rfind("database", 0) == 0 ? kExitFatal : kExitUsage;
    case Status::Code::kBusy:
      return kExitBusy;
    default:
      return kExitFatal;
  }
}

void AddModelOptions(CLI::App* cmd, ModelOptions* model) {
  cmd->add_option("--model", model->path,
                  "learned model file (default: the one lexicons/codebook.yaml names, e.g. model/en.model)");
  cmd->add_flag("--no-model", [model](int64_t) { model->use_model = false; },
                "code with the lexicon alone (no learned scoring stage)");
}

std::shared_ptr<const Codebook> LoadCodebookOrReport(const std::string& dir, const ModelOptions& model,
                                                     const char* command) {
  std::vector<LexiconError> errors;
  auto cb = Codebook::Load(dir, &errors, model);
  if (cb.ok()) return *cb;
  for (const LexiconError& e : errors) std::fprintf(stderr, "%s\n", PrintableName(e.ToString()).c_str());
  std::fprintf(stderr, "normcode %s: invalid codebook %s: %s\n", command, PrintableName(dir).c_str(),
               cb.status().ToString().c_str());
  return nullptr;
}

}  // namespace normcode
