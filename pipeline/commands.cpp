#include "pipeline/commands.h"

#include <algorithm>

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

}  // namespace normcode
