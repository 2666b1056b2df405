#include "extractors/readers/html_common.h"
#include "core/text.h"
#include "extractors/text/encoding.h"

#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstring>

namespace normcode::html {

namespace {

inline bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
inline bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

bool InList(std::string_view name, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

bool IsVoid(std::string_view n) {
  return InList(n, {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                    "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image", "menuitem"});
}
// End tag optional: the parser closes them implicitly, so they do not nest without bound.
bool IsOptionalEnd(std::string_view n) {
  return InList(n, {"p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rtc", "rp",
                    "tbody", "thead", "tfoot", "colgroup", "caption", "html", "head", "body"});
}
bool IsRawText(std::string_view n) {
  return InList(n, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"});
}

size_t FindCaseInsensitive(std::string_view hay, std::string_view needle, size_t from) {
  if (needle.empty()) return from;
  for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() && AsciiLower(hay[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

}  // namespace

Status CheckDepth(std::string_view s, uint32_t max_depth, uint32_t max_attributes) {
  uint64_t depth = 0;
  size_t i = 0, n = s.size();
  std::string name;
  while (i < n) {
    size_t lt = s.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= n) break;
    i = lt + 1;
    char c = s[i];
    if (c == '!') {
      if (s.compare(i, 3, "!--") == 0) {
        size_t e = s.find("-->", i + 3);
        if (e == std::string_view::npos) break;
        i = e + 3;
      } else {
        size_t e = s.find('>', i);
        if (e == std::string_view::npos) break;
        i = e + 1;
      }
      continue;
    }
    if (c == '?') {
      size_t e = s.find('>', i);
      if (e == std::string_view::npos) break;
      i = e + 1;
      continue;
    }
    bool end_tag = false;
    if (c == '/') {
      end_tag = true;
      ++i;
    }
    if (i >= n || !IsAlpha(s[i])) continue;  // "<" as text
    name.clear();
    while (i < n && (IsAlnum(s[i]) || s[i] == '-' || s[i] == ':')) name.push_back(AsciiLower(s[i++]));
    // Skip attributes to the closing '>', honouring quotes.
    bool self_closing = false;
    char quote = 0;
    // Attributes are counted too: gumbo's duplicate-attribute check is quadratic,
    // so a tag with a million attributes would hang the parse.
    uint64_t attributes = 0;
    bool after_space = true;
    for (; i < n; ++i) {
      char d = s[i];
      if (quote) {
        if (d == quote) quote = 0;
        continue;
      }
      if (d == '"' || d == '\'') quote = d;
      else if (d == '>') {
        self_closing = i > 0 && s[i - 1] == '/';
        break;
      }
      const bool space = d == ' ' || d == '\t' || d == '\n' || d == '\r' || d == '\f' || d == '/';
      if (!space && after_space && d != '=' && ++attributes > max_attributes)
        return Status::LimitExceeded("limit max_html_attributes=" + std::to_string(max_attributes) +
                                     " exceeded: an element with more attributes at byte " + std::to_string(lt));
      after_space = space;
    }
    if (i >= n) break;  // cut inside a tag
    ++i;
    if (end_tag) {
      if (!IsVoid(name) && !IsOptionalEnd(name) && depth > 0) --depth;
      continue;
    }
    if (IsRawText(name)) {
      size_t e = FindCaseInsensitive(s, "</" + name, i);
      if (e == std::string_view::npos) break;
      i = e;
      continue;
    }
    if (self_closing || IsVoid(name) || IsOptionalEnd(name)) continue;
    if (++depth > max_depth)
      return Status::LimitExceeded("limit max_html_depth=" + std::to_string(max_depth) +
                                   " exceeded: elements nested deeper than the limit at byte " +
                                   std::to_string(lt));
  }
  return Status::OK();
}

namespace {
void* ArenaAllocate(void* arena, size_t size) {
  return static_cast<std::pmr::monotonic_buffer_resource*>(arena)->allocate(size, alignof(std::max_align_t));
}
void ArenaDeallocate(void*, void*) {}  // the whole arena goes with the Parse
}  // namespace

Parse::Parse(std::string_view html) {
  GumboOptions opts = kGumboDefaultOptions;
  opts.max_errors = 0;  // we never look at parse errors; do not let them grow
  if (html.size() <= kArenaMaxBytes) {
    // gumbo makes a few allocations per node, attribute and token and frees each one;
    // on the bench corpus malloc and free were ~9% of a run's instructions.
    arena_ = std::make_unique<std::pmr::monotonic_buffer_resource>(std::max<size_t>(html.size() * 2, 4096));
    opts.allocator = ArenaAllocate;
    opts.deallocator = ArenaDeallocate;
    opts.userdata = arena_.get();
  }
  out_ = gumbo_parse_with_options(&opts, html.data(), html.size());
}

Parse::~Parse() {
  if (out_ && !arena_) gumbo_destroy_output(&kGumboDefaultOptions, out_);
}

std::string_view Attr(const GumboNode* n, const char* name) {
  if (!n || n->type != GUMBO_NODE_ELEMENT) return {};
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a && a->value ? std::string_view(a->value) : std::string_view();
}

bool HasClass(const GumboNode* n, std::string_view cls) {
  std::string_view v = Attr(n, "class");
  size_t i = 0;
  while (i < v.size()) {
    while (i < v.size() && std::isspace(static_cast<unsigned char>(v[i]))) ++i;
    size_t j = i;
    while (j < v.size() && !std::isspace(static_cast<unsigned char>(v[j]))) ++j;
    if (v.substr(i, j - i) == cls) return true;
    i = j;
  }
  return false;
}

bool IsElement(const GumboNode* n, GumboTag tag) {
  return n && n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == tag;
}

void AppendTextNode(TextBuilder* tb, const GumboNode* node) {
  const GumboText& t = node->v.text;
  std::string_view d(t.text ? t.text : "");
  std::string_view o(t.original_text.data ? t.original_text.data : "", t.original_text.length);
  uint64_t base = t.start_pos.offset;
  size_t i = 0, j = 0, si = 0, sj = 0;
  auto flush = [&]() {
    if (i > si) tb->Append(d.substr(si, i - si), base + sj);
  };
  while (i < d.size() && j < o.size()) {
    if (o[j] == '&') {
      size_t k = j + 1;
      while (k < o.size() && k - j < 40 && (IsAlnum(o[k]) || o[k] == '#')) ++k;
      bool terminated = k < o.size() && o[k] == ';';
      if (terminated) ++k;
      if (k > j + 1 && (terminated || d[i] != '&')) {
        // An entity reference: it decodes to one code point (the rare two-code-point
        // entities are mapped approximately by the next resync).
        flush();
        size_t len = 1;
        unsigned char c = static_cast<unsigned char>(d[i]);
        if (c >= 0xF0) len = 4;
        else if (c >= 0xE0) len = 3;
        else if (c >= 0xC0) len = 2;
        len = std::min(len, d.size() - i);
        tb->Append(d.substr(i, len), base + j);
        i += len;
        j = k;
        si = i;
        sj = j;
        continue;
      }
    }
    if (d[i] == o[j]) {
      ++i;
      ++j;
      continue;
    }
    if (o[j] == '\r') {  // CR / CRLF normalised to LF by the tokenizer
      flush();
      ++j;
      if (d[i] == '\n' && (j >= o.size() || o[j] != '\n')) ++i;  // lone CR became LF
      si = i;
      sj = j;
      continue;
    }
    break;  // cannot follow; the rest is mapped approximately
  }
  flush();
  if (i < d.size()) tb->Append(d.substr(i), base + std::min(j, o.size()));
}

Status AppendSubtreeText(TextBuilder* tb, GumboNode* n, uint32_t max_depth, bool (*skip)(const GumboNode*)) {
  return Walk(n, max_depth, [&](GumboNode* x, uint32_t) {
    switch (x->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        AppendTextNode(tb, x);
        return false;
      case GUMBO_NODE_ELEMENT: {
        GumboTag tag = x->v.element.tag;
        if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE) return false;
        if (skip && x != n && skip(x)) return false;
        if (tag == GUMBO_TAG_BR) tb->Append(" ", 0);
        return true;
      }
      default:
        return x->type == GUMBO_NODE_DOCUMENT;
    }
  });
}

std::string SubtreeText(GumboNode* n, uint32_t max_depth) {
  TextBuilder tb;
  if (!AppendSubtreeText(&tb, n, max_depth).ok()) return {};
  std::string s = tb.text();
  s.resize(tb.content_end());
  UErrorCode ec = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = NfcInstance();
  if (!nfc || s.size() > static_cast<size_t>(INT32_MAX)) return s;
  icu::StringPiece sp(s.data(), static_cast<int32_t>(s.size()));
  if (nfc->isNormalizedUTF8(sp, ec) || U_FAILURE(ec)) return s;
  ec = U_ZERO_ERROR;
  std::string r;
  icu::StringByteSink<std::string> sink(&r);
  nfc->normalizeUTF8(0, sp, sink, nullptr, ec);
  return U_SUCCESS(ec) ? r : s;
}

std::vector<SourceAnchor> ComposeAnchors(const std::vector<SourceAnchor>& a, const std::vector<SourceAnchor>& b) {
  std::vector<SourceAnchor> out;
  out.reserve(a.size() + 8);
  auto push = [&](uint64_t t, uint64_t s) {
    if (!out.empty()) {
      const SourceAnchor& p = out.back();
      if (p.text_offset == t) {
        out.back().source_offset = s;
        return;
      }
      if (p.source_offset + (t - p.text_offset) == s) return;
    }
    out.push_back({t, s});
  };
  if (a.empty()) return b;
  for (size_t i = 0; i < a.size(); ++i) {
    uint64_t t0 = a[i].text_offset, m0 = a[i].source_offset;
    uint64_t t1 = i + 1 < a.size() ? a[i + 1].text_offset : UINT64_MAX;
    push(t0, SourceOffset(b, m0));
    // Anchors of b inside this slope-1 piece of a.
    auto it = std::upper_bound(b.begin(), b.end(), m0,
                               [](uint64_t v, const SourceAnchor& x) { return v < x.text_offset; });
    for (; it != b.end(); ++it) {
      uint64_t t = t0 + (it->text_offset - m0);
      if (t >= t1) break;
      push(t, it->source_offset);
    }
  }
  return out;
}

Status NormalizeDocumentText(Document* doc) {
  UErrorCode ec = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = NfcInstance();
  if (!nfc) return Status::Internal("ICU NFC normaliser unavailable");
  if (doc->text.size() > static_cast<size_t>(INT32_MAX)) return Status::LimitExceeded("text larger than 2 GiB");
  icu::StringPiece sp(doc->text.data(), static_cast<int32_t>(doc->text.size()));
  if (nfc->isNormalizedUTF8(sp, ec) && U_SUCCESS(ec)) return Status::OK();
  ec = U_ZERO_ERROR;
  std::string result;
  icu::StringByteSink<std::string> sink(&result);
  icu::Edits edits;
  nfc->normalizeUTF8(0, sp, sink, &edits, ec);
  if (U_FAILURE(ec)) return Status::Internal(std::string("ICU NFC: ") + u_errorName(ec));
  icu::Edits::Iterator it = edits.getFineIterator();
  auto map = [&](uint64_t off) -> uint64_t {
    if (off >= doc->text.size()) return result.size();
    UErrorCode e = U_ZERO_ERROR;
    int32_t r = it.destinationIndexFromSourceIndex(static_cast<int32_t>(off), e);
    return U_SUCCESS(e) && r >= 0 ? static_cast<uint64_t>(r) : off;
  };
  for (Turn& t : doc->turns) {
    t.span = {map(t.span.begin), map(t.span.end)};
    for (Span& p : t.paragraphs) p = {map(p.begin), map(p.end)};
  }
  std::vector<SourceAnchor> anchors;
  for (const SourceAnchor& a : doc->anchors) {
    uint64_t t = map(a.text_offset);
    if (!anchors.empty() && anchors.back().text_offset == t) anchors.back().source_offset = a.source_offset;
    else anchors.push_back({t, a.source_offset});
  }
  doc->anchors = std::move(anchors);
  doc->text = std::move(result);
  return Status::OK();
}

}  // namespace normcode::html
