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

}  // namespace normcode
