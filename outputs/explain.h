// `normcode explain`: why an actor got its classification. Prints the rule that
// decided, the figures, and every passage in scope ranked by contribution, each
// with document symbol, date, speaker, the sentence with the match highlighted,
// entry id, codebook version and where to find it in the source. The figures
// printed are recomputed from the listed passages (JSON: "passages"; the
// counted ones make n/determined/reluctant/..., all of them the per-code counts).
#pragma once
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "core/status.h"
#include "outputs/audit.h"
#include "outputs/classify.h"

namespace normcode {

struct ExplainOptions {
  std::string format = "text";  // text | json | html
  bool color = false;           // ANSI colour in text output
  std::string code;             // list only passages of this code ("" = all)
};

// Selects the classifications of an actor: NAME matches (case-insensitive) the
// actor name, key, ISO3, or a force commander's alias; `type` ("" = any)
// restricts the actor type; `period` ("" = all periods) is a period label
// ("2013", "MONUSCO 2013-2015") or a prefix of one ("MONUSCO").
std::vector<const ActorClassification*> SelectActor(const std::vector<ActorClassification>& all,
                                                    const ClassifyEntities& entities, const std::string& name,
                                                    const std::string& type, const std::string& period);

// Writes the explanation of the selected classifications. passages: by evidence
// id, every id in the selected classifications (and their alignments).
// precision: audited precision per code (may be empty).
Status RenderExplain(const std::vector<const ActorClassification*>& selected,
                     const std::map<int64_t, Passage>& passages, const std::vector<PrecisionRow>& precision,
                     const ClassificationRules& rules, const ExplainOptions& options, std::ostream& out);

// Text of the rule step that decided a position, with the figures.
std::string DescribeRule(const Figures& f, const ClassificationRules& rules);

}  // namespace normcode
