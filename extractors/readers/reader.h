// Readers turn the raw bytes of one file into a Document: metadata and ordered
// speaker turns with byte spans into Document::text. Readers know nothing of
// SQLite, threads or the file system: they get bytes and a name.
#pragma once
#include <string>
#include <string_view>

#include "core/document.h"
#include "core/limits.h"
#include "core/status.h"

namespace normcode {

// What a file is, decided from its content (magic bytes, markup), the name only
// breaking ties. "unknown" when nothing fits.
// kTable: tab- or comma-separated data (a manifest, a spreadsheet export): not a document.
enum class Format { kUnknown, kUnHtml, kHtml, kText, kMarkdown, kPdf, kDocx, kZip, kTar, kGzip, kTable };
const char* FormatName(Format f);
Format DetectFormat(std::string_view raw, std::string_view name);

// Reads one file. `name` is used for format tie-breaks and messages only.
// Fills everything in Document except path/content_hash/size/mtime.
// Errors: InvalidInput (bad bytes, truncated or empty markup, no text),
// Unsupported (archives and unknown formats; archives are opened by the source
// layer, not here), LimitExceeded (limits named in the message).
Status ReadDocument(std::string_view raw, std::string_view name, const Limits& limits, Document* doc);

}  // namespace normcode
