// `normcode search --db FILE [filters] [QUERY]`: whole sentences with their
// evidence codes, from the FTS5 index and/or the filters; text or JSON.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/text.h"
#include "outputs/kwic.h"
#include "pipeline/commands.h"

namespace normcode {
namespace {

struct SearchArgs {
  std::string db, query, format = "text";
  SearchFilter filter;
};

// Code point offset of a byte offset in valid UTF-8.
int64_t Chars(const std::string& s, uint64_t byte) {
  int64_t n = 0;
  for (uint64_t i = 0; i < byte && i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
  return n;
}

nlohmann::json NullIfEmpty(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

void PrintJson(const std::vector<SearchHit>& hits) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& h : hits) {
    nlohmann::json o;
    o["sentence_id"] = h.sentence_id;
    o["doc_id"] = h.doc_id;
    o["path"] = h.path;
    o["symbol"] = NullIfEmpty(h.symbol);
    o["date"] = NullIfEmpty(h.date);
    o["body"] = NullIfEmpty(h.body);
    o["turn_idx"] = h.turn_idx ? nlohmann::json(h.turn_idx) : nlohmann::json(nullptr);
    o["sentence_idx"] = h.sentence_idx;
    o["speaker"] = NullIfEmpty(h.speaker);
    o["affiliation"] = NullIfEmpty(h.affiliation);
    o["iso3"] = NullIfEmpty(h.iso3);
    o["char_start"] = h.char_start;
    o["char_end"] = h.char_end;
    o["text"] = h.text;
    // Keyword and evidence spans in code points relative to the sentence start
    // (add char_start for document offsets).
    nlohmann::json kw = nlohmann::json::array();
    for (auto [b, e] : h.keywords) kw.push_back({Chars(h.text, b), Chars(h.text, e)});
    o["keywords"] = kw;
    nlohmann::json ev = nlohmann::json::array();
    for (const auto& e : h.evidence) {
      ev.push_back({{"evidence_id", e.id},
                    {"code", e.code},
                    {"polarity", e.polarity},
                    {"entry_id", e.entry_id},
                    {"matched_text", e.matched_text},
                    {"start", Chars(h.text, e.byte_begin)},
                    {"end", Chars(h.text, e.byte_end)}});
    }
    o["evidence"] = ev;
    arr.push_back(o);
  }
  std::printf("%s\n", arr.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

void PrintText(const std::vector<SearchHit>& hits) {
  for (const auto& h : hits) {
    std::string who = h.speaker.empty() ? std::string("-") : h.speaker;
    if (!h.affiliation.empty() && h.affiliation != h.speaker) who += " (" + h.affiliation + ")";
    std::string head = (h.symbol.empty() ? std::string("-") : h.symbol) + "  " +
                       (h.date.empty() ? std::string("-") : h.date) + "  " + who;
    std::string codes;
    for (const auto& e : h.evidence) {
      codes += codes.empty() ? "" : ", ";
      codes += e.code;
      if (e.polarity != "asserted") codes += "/" + e.polarity;
    }
    std::printf("%s  [%s]\n  %s\n\n", OneLine(head).c_str(), codes.empty() ? "no code" : OneLine(codes).c_str(),
                OneLine(h.text).c_str());
  }
}

int RunSearch(const SearchArgs& a) {
  auto hits = SearchSentences(a.db, a.query, a.filter);
  if (!hits.ok()) {
    std::fprintf(stderr, "normcode search: %s\n", PrintableName(hits.status().message()).c_str());
    return SearchExitCode(hits.status());
  }
  if (a.format == "json")
    PrintJson(*hits);
  else
    PrintText(*hits);
  std::fprintf(stderr, "%zu sentence%s\n", hits->size(), hits->size() == 1 ? "" : "s");
  return kExitOk;
}

CommandRegistrar reg("search", [](CLI::App& app) -> std::function<int()> {
  auto* cmd = app.add_subcommand("search", "Whole sentences with their evidence codes (FTS5 query and/or filters)");
  cmd->footer(
      "QUERY (optional) is FTS5 syntax as for kwic. Without QUERY and without --code, only sentences\n"
      "that carry evidence are listed.");
  auto a = std::make_shared<SearchArgs>();
  cmd->add_option("--db", a->db, "Database file")->required();
  cmd->add_option("query", a->query, "FTS5 query");
  cmd->add_option("--code", a->filter.codes, "Only sentences with evidence of this code (repeatable)");
  cmd->add_option("--actor", a->filter.actor, "Speaker: ISO3 (BRA), speaker name or affiliation");
  cmd->add_option("--body", a->filter.body, "Issuing body (\"Security Council\")");
  cmd->add_option("--from", a->filter.from, "First date, YYYY[-MM[-DD]]");
  cmd->add_option("--to", a->filter.to, "Last date, YYYY[-MM[-DD]] (inclusive)");
  cmd->add_option("--limit", a->filter.limit, "Most sentences to show (0 = all)")
      ->check(CLI::Range(int64_t{0}, int64_t{1} << 40))
      ->capture_default_str();
  cmd->add_option("--format", a->format, "Output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  return [a]() { return RunSearch(*a); };
});

}  // namespace
}  // namespace normcode
