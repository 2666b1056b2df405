// Entity data: countries (names, adjectives, demonyms -> ISO3, UN regional
// group), missions (acronym, name, chapter, years), force commanders (name,
// nationality, mission, term). Loaded from lexicons/entities/*.tsv; every row
// carries a source. Immutable after Load(); thread-safe.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/status.h"
#include "extractors/match/codebook.h"
#include "extractors/text/segmenter.h"

namespace normcode {

struct Country {
  std::string iso3, name, un_group;
  std::vector<std::string> aliases;  // other names, adjectives, demonyms ("Brazilian", "Brazilians")
  std::string source;
};
struct Mission {
  std::string acronym, name, chapter;
  int start_year = 0, end_year = 0;  // end 0 = ongoing
  std::string host_iso3, source;
};
struct ForceCommander {
  std::string name;                  // "Carlos Alberto dos Santos Cruz"
  std::vector<std::string> aliases;  // "Santos Cruz", "General Santos Cruz"
  std::string nationality_iso3, mission;
  std::string term_start, term_end;  // ISO dates (YYYY or YYYY-MM-DD); end "" = ongoing
  std::string source;
};

class Entities {
 public:
  // Reads dir/entities/{countries,missions,force_commanders}.tsv. Errors name file and line.
  static Status Load(const std::string& dir, Entities* out, std::vector<LexiconError>* errors);

  // "Brazil", "brazilian", "the Sudan", "Russian Federation" -> the country, or nullptr.
  const Country* FindCountry(std::string_view printed) const;
  const Mission* FindMission(std::string_view acronym_or_name) const;
  const ForceCommander* FindForceCommander(std::string_view name) const;

  // The evidence target for a match in text[sentence] said by ctx's speaker:
  // first person ("we", "my troops", "our contingent") -> the speaker (ActorRef type
  // "speaker", iso3 of ctx.affiliation when it is a state); otherwise the force
  // commander, contingent nationality ("the Indian battalion" -> contingent IND),
  // mission or state named in the sentence nearest the match; else the speaker.
  ActorRef ResolveTarget(std::string_view text, Span sentence, Span match, const std::vector<Token>& tokens,
                         const SentenceContext& ctx) const;

  const std::vector<Country>& countries() const { return countries_; }
  const std::vector<Mission>& missions() const { return missions_; }
  const std::vector<ForceCommander>& force_commanders() const { return commanders_; }

 private:
  std::vector<Country> countries_;
  std::vector<Mission> missions_;
  std::vector<ForceCommander> commanders_;
  // Lookup indexes (folded names -> index) are added by the implementation.
  struct Index;
  std::shared_ptr<const Index> index_;
};

}  // namespace normcode
