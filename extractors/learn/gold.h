// Gold sentences: the one JSONL reader of `evaluate` and `train`.
//
// One JSON object per line: {"id", "text", "labels": [codes...]} plus optional
// "doc" (the record: the group of grouped cross-validation; default: the id),
// "speaker", "role", "country", "language", "previous" (the previous sentence of
// the same speech), "selection" and "sampling_weight". Blank lines are skipped.
#pragma once
#include <set>
#include <string>
#include <vector>

#include "core/document.h"
#include "extractors/match/codebook.h"

namespace normcode {

struct GoldSentence {
  std::string id, doc, text, previous;
  std::string speaker, role, country, language = "en";
  std::string selection;
  double sampling_weight = 1.0;
  std::set<std::string> labels;
  // The coding context (ctx.previous points into this->previous: keep the object alive).
  SentenceContext Context() const;
};

// A single-code training example, e.g. an audited evidence row: `positive` says
// whether `code` holds for the sentence; other codes are unknown.
struct CodeExample {
  std::string text, previous, role = role::kRepresentative, code;
  bool positive = false;
  std::string source;  // "file:line"
};

// Reads a gold file. Problems ("file:line: reason") are appended to *errors; the
// sentences that parsed are returned. default_role applies when a line has none.
std::vector<GoldSentence> ReadGold(const std::string& path, const std::string& default_role,
                                   std::vector<std::string>* errors);

}  // namespace normcode
