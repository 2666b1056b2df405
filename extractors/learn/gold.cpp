#include "extractors/learn/gold.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/codes.h"
#include "core/text.h"

namespace normcode {

SentenceContext GoldSentence::Context() const {
  SentenceContext ctx;
  ctx.speaker = speaker;
  ctx.role = role;
  ctx.affiliation = country;
  ctx.language = language;
  ctx.previous = previous;
  return ctx;
}

std::vector<GoldSentence> ReadGold(const std::string& path, const std::string& default_role,
                                   std::vector<std::string>* errors) {
  using nlohmann::json;
  std::vector<GoldSentence> items;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors->push_back(PrintableName(path) + ": cannot open gold file");
    return items;
  }
  std::string line;
  uint64_t line_no = 0;
  std::set<std::string> ids;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    auto err = [&](const std::string& why) {
      errors->push_back(PrintableName(path) + ":" + std::to_string(line_no) + ": " + why);
    };
    if (!IsValidUtf8(line)) {
      err("invalid UTF-8");
      continue;
    }
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      err("invalid JSON object");
      continue;
    }
    GoldSentence g;
    auto id = j.find("id");
    if (id == j.end()) g.id = std::to_string(line_no);
    else if (id->is_string()) g.id = id->get<std::string>();
    else if (id->is_number()) g.id = id->dump();
    else g.id = std::to_string(line_no);
    if (!ids.insert(g.id).second) err("duplicate id \"" + g.id + "\"");
    auto t = j.find("text");
    if (t == j.end() || !t->is_string()) {
      err("no \"text\" string");
      continue;
    }
    g.text = t->get<std::string>();
    auto l = j.find("labels");
    if (l == j.end() || !l->is_array()) {
      err("no \"labels\" array");
      continue;
    }
    bool ok = true;
    for (const auto& x : *l) {
      if (!x.is_string() || !IsKnownCode(x.get<std::string>())) {
        err("unknown label " + x.dump());
        ok = false;
        continue;
      }
      g.labels.insert(x.get<std::string>());
    }
    auto str = [&](const char* k, std::string* out) {
      auto it = j.find(k);
      if (it == j.end() || it->is_null()) return;
      if (!it->is_string()) {
        err(std::string("field \"") + k + "\" must be a string");
        ok = false;
        return;
      }
      *out = it->get<std::string>();
    };
    std::string lang;
    str("doc", &g.doc);
    str("speaker", &g.speaker);
    str("role", &g.role);
    str("country", &g.country);
    str("language", &lang);
    str("previous", &g.previous);
    str("selection", &g.selection);
    if (auto w = j.find("sampling_weight"); w != j.end() && !w->is_null()) {
      if (!w->is_number() || w->get<double>() <= 0) {
        err("\"sampling_weight\" must be a positive number");
        ok = false;
      } else {
        g.sampling_weight = w->get<double>();
      }
    }
    if (g.role.empty()) g.role = default_role;
    if (!lang.empty()) g.language = lang;
    if (g.doc.empty()) g.doc = g.id;
    if (!ok) continue;
    items.push_back(std::move(g));
  }
  if (in.bad()) errors->push_back(PrintableName(path) + ": read error");
  return items;
}

}  // namespace normcode
