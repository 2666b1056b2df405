#include "pipeline/process.h"

#include <xxhash.h>

#include <cstdio>

#include "extractors/readers/reader.h"

namespace normcode {

std::string ContentHash(std::string_view raw) {
  XXH128_hash_t h = XXH3_128bits(raw.data(), raw.size());
  XXH128_canonical_t c;
  XXH128_canonicalFromHash(&c, h);
  static const char* kHex = "0123456789abcdef";
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    out[2 * i] = kHex[c.digest[i] >> 4];
    out[2 * i + 1] = kHex[c.digest[i] & 15];
  }
  return out;
}

StatusOr<CodedDocument> ProcessItem(std::string_view raw, const std::string& name, const Limits& limits,
                                    SentenceCoder& coder, const Entities* entities) {
  CodedDocument out;
  Document& doc = out.doc;
  Status s = ReadDocument(raw, name, limits, &doc);
  if (!s.ok()) return s;
  doc.path = name;
  doc.content_hash = ContentHash(raw);
  doc.size = raw.size();
  doc.mtime = 0;

  for (Turn& t : doc.turns) {
    if (entities && !t.affiliation.empty()) {
      if (const Country* c = entities->FindCountry(t.affiliation)) t.iso3 = c->iso3;
    }
    SentenceContext ctx;
    ctx.speaker = t.speaker;
    ctx.role = t.role;
    ctx.affiliation = t.affiliation;
    ctx.language = doc.language;
    ctx.procedural = t.procedural;
    int index = 0;
    std::string_view previous;  // chains the turn's paragraphs: one speech
    for (const Span& para : t.paragraphs) {
      if (para.end > doc.text.size() || para.begin > para.end) {
        return Status::Internal("reader produced a paragraph span outside the text in " + name);
      }
      coder.CodeRange(doc.text, para, ctx, &previous, [&](Span sp, std::vector<Evidence>&& evidence) {
        Sentence sent;
        sent.index = ++index;
        sent.turn = t.index;
        sent.span = sp;
        out.sentences.push_back(sent);
        for (Evidence& ev : evidence) {
          ev.turn = t.index;
          ev.sentence = sent.index;
          out.evidence.push_back(std::move(ev));
        }
      });
    }
  }
  return out;
}

}  // namespace normcode
