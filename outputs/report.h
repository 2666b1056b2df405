// `normcode report`: a self-contained static HTML report of an evidence
// database (works offline: no scripts, no external resources; CSS inline;
// charts are inline SVG generated here).
//
// Pages (all in one directory):
//   index.html            overview: totals per code, codes over time, validity vs
//                         application by UN regional group, force commanders'
//                         positions beside their home states', lists of pages
//   code-<code>.html      every passage of a code, by year; each passage has the
//                         anchor #e<evidence id> (the permalink of a passage)
//   group-<slug>.html     passages said by speakers for states of a UN regional group
//   state-<ISO3>.html     a state: raw figures (said by / about it), codes over
//                         time, classification per year with contributing passages
//   fc-<slug>.html        a force commander: classification per term with the
//                         home state's figures over the same period, side by side
// Every figure is a link to the passages it counts (an anchor on the same page
// or a passage permalink). All data goes through HtmlEscape (one function):
// document text can never become markup.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "outputs/classify.h"

namespace normcode {

// Escapes text for HTML element content and double- or single-quoted attribute
// values (also inside inline SVG): & < > " ' become entities, invalid UTF-8 and
// C0 control characters other than tab/newline/CR become U+FFFD.
std::string HtmlEscape(std::string_view s);

struct ReportCountry {
  std::string iso3, name, un_group;
};

// Audited precision of a code (from the audit's stored verdicts).
struct ReportPrecision {
  std::string code;
  int64_t audited = 0, correct = 0;
  double precision = 0, lower = 0, upper = 0;  // 95% Wilson interval
};

struct ReportOptions {
  std::string db_path;
  std::string out_dir;  // created when missing; existing report files are overwritten
  std::string title = "normcode evidence report";
  std::vector<ReportCountry> countries;  // names and UN regional groups, by ISO3
  // Actor classification (outputs/classify.h): per year (states, and the
  // contributing passages of every figure) and per term (force commanders'
  // alignment with the home state). Empty = the section says it is not available.
  std::vector<ActorClassification> by_year, by_term;
  std::string classification_note;  // e.g. why it is not available; shown when by_year is empty
  std::vector<ReportPrecision> precision;  // empty = nothing audited yet
  std::string generated_by;                // "normcode 0.1.0" (shown in the footer)
};

struct ReportSummary {
  std::vector<std::string> files;  // file names written, index.html first
  int64_t evidence = 0, documents = 0;
};

Status WriteReport(const ReportOptions& options, ReportSummary* summary);

}  // namespace normcode
