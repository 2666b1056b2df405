// normcode: code UN peacekeeping texts for norm contestation and implementation.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>

#include "pipeline/commands.h"

int main(int argc, char** argv) {
  using namespace normcode;
  CLI::App app{"normcode " NORMCODE_VERSION
               ": codes UN peacekeeping records for validity/application contestation and\n"
               "hesitation/recalcitrance/determined implementation, with provenance, into SQLite."};
  app.set_version_flag("--version", NORMCODE_VERSION);
  app.require_subcommand(1);

  auto& cmds = Commands();
  std::sort(cmds.begin(), cmds.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  std::map<CLI::App*, std::function<int()>> runners;
  std::vector<std::pair<std::function<int()>, CLI::App*>> pending;
  for (auto& c : cmds) {
    size_t before = app.get_subcommands({}).size();
    auto run = c.setup(app);
    auto subs = app.get_subcommands({});
    if (subs.size() > before) runners[subs.back()] = run;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  for (auto& [sub, run] : runners) {
    if (sub->parsed()) {
      // Nested subcommands (e.g. `lexicon check`) are dispatched by their parent's runner.
      return run();
    }
  }
  std::fprintf(stderr, "normcode: no command given (see --help)\n");
  return kExitUsage;
}
