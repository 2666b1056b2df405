// TEMPORARY stubs, replaced by the scope/entities work.
#include "extractors/match/entities.h"

namespace normcode {
Status Entities::Load(const std::string&, Entities*, std::vector<LexiconError>*) { return Status::OK(); }
const Country* Entities::FindCountry(std::string_view) const { return nullptr; }
const Mission* Entities::FindMission(std::string_view) const { return nullptr; }
const ForceCommander* Entities::FindForceCommander(std::string_view) const { return nullptr; }
ActorRef Entities::ResolveTarget(std::string_view, Span, Span, const std::vector<Token>&,
                                 const SentenceContext& ctx) const {
  return ActorRef{ctx.speaker, "speaker", ""};
}
}  // namespace normcode
