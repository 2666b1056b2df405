// TEMPORARY stubs, replaced by the text/PDF/DOCX/transcript readers work.
#include "extractors/readers/readers_internal.h"

namespace normcode {
bool LooksLikeVerbatimText(std::string_view) { return false; }
Status ReadVerbatimText(const DecodedText&, const Limits&, Document*) { return Status::Unsupported("not yet"); }
bool LooksLikeTranscript(std::string_view) { return false; }
Status ReadTranscript(const DecodedText&, const Limits&, Document*) { return Status::Unsupported("not yet"); }
Status ReadUnDocumentText(const DecodedText&, const Limits&, Document*) { return Status::Unsupported("not yet"); }
Status ReadPdf(std::string_view, const Limits&, Document*) { return Status::Unsupported("not yet"); }
Status ReadDocx(std::string_view, const Limits&, Document*) { return Status::Unsupported("not yet"); }
}  // namespace normcode
