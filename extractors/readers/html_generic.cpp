// Reader for HTML other than the UN verbatim-record format: a UN report, letter or
// resolution published as HTML. One Document of kind un_document with a single turn
// (role author) covering every paragraph. Paragraphs are the text of block elements
// (p, h1-h6, li, blockquote, pre, dd, dt, td, th, div, section, ...): every block
// boundary ends a paragraph. The title is <title>, else the first <h1>. The speaker
// of the single turn is the issuing body when the opening text says so ("Report of
// the Secretary-General" -> "Secretary-General"), otherwise "".
#include <algorithm>
#include <cctype>

#include "extractors/readers/html_common.h"
#include "extractors/readers/readers_internal.h"
#include "core/text.h"

namespace normcode {

namespace {

using html::IsElement;

bool IsBlock(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_LI: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE:
    case GUMBO_TAG_DD: case GUMBO_TAG_DT: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_HR:
    case GUMBO_TAG_BR: case GUMBO_TAG_CAPTION: case GUMBO_TAG_MAIN: case GUMBO_TAG_NAV: case GUMBO_TAG_BODY:
      return true;
    default:
      return false;
  }
}


// "S/2005/123", "A/61/19", "S/RES/1542 (2004)" style symbol near the start, or "".
std::string FindSymbol(std::string_view s) {
  for (size_t i = 0; i + 4 < s.size(); ++i) {
    if ((s[i] != 'S' && s[i] != 'A') || s[i + 1] != '/') continue;
    if (i > 0 && (std::isalnum(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '/')) continue;
    size_t j = i + 2;
    int slashes = 0;
    while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '/' || s[j] == '.')) {
      if (s[j] == '/') ++slashes;
      ++j;
    }
    while (j > i && (s[j - 1] == '.' || s[j - 1] == '/')) --j;
    if (slashes >= 1 && std::isdigit(static_cast<unsigned char>(s[j - 1]))) return std::string(s.substr(i, j - i));
  }
  return {};
}

}  // namespace

Status ReadGenericHtml(const DecodedText& in, const Limits& limits, Document* doc) {
  doc->kind = kind::kUnDocument;
  doc->format = "html";
  doc->encoding = in.encoding;
  try {
    Status st = html::CheckDepth(in.utf8, limits.max_html_depth, limits.max_html_attributes);
    if (!st.ok()) return st;
    html::Parse parse(in.utf8);
    if (!parse.ok()) return Status::Internal("gumbo failed to parse");
    const uint32_t md = limits.max_html_depth;

    std::string title, h1;
    TextBuilder tb;
    Turn turn;
    turn.role = role::kAuthor;
    bool open = false;
    uint64_t pbegin = 0;
    auto close_para = [&]() {
      if (open) {
        uint64_t e = tb.content_end();
        if (e > pbegin) turn.paragraphs.push_back({pbegin, e});
        open = false;
      }
      tb.ParagraphBreak();
    };
    // Iterative walk with explicit exit events so block ends close paragraphs.
    struct Frame {
      GumboNode* node;
      unsigned next;
    };
    std::vector<Frame> stack;
    stack.push_back({parse.root(), 0});
    while (!stack.empty()) {
      Frame& f = stack.back();
      GumboNode* n = f.node;
      const GumboVector* kids = n->type == GUMBO_NODE_ELEMENT ? &n->v.element.children
                                : n->type == GUMBO_NODE_DOCUMENT ? &n->v.document.children
                                                                 : nullptr;
      if (!kids || f.next >= kids->length) {
        if (n->type == GUMBO_NODE_ELEMENT && IsBlock(n->v.element.tag)) close_para();
        stack.pop_back();
        continue;
      }
      auto* c = static_cast<GumboNode*>(kids->data[f.next++]);
      if (stack.size() > md) return Status::LimitExceeded("limit max_html_depth=" + std::to_string(md) + " exceeded");
      if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE || c->type == GUMBO_NODE_CDATA) {
        uint64_t before = tb.size();
        uint64_t len_before = tb.text().size();
        html::AppendTextNode(&tb, c);
        if (!open && tb.text().size() > len_before) {
          // The paragraph starts at the first non-space byte appended.
          pbegin = before;
          while (pbegin < tb.text().size() && tb.text()[pbegin] == ' ') ++pbegin;
          open = true;
        }
        continue;
      }
      if (c->type != GUMBO_NODE_ELEMENT) continue;
      GumboTag tag = c->v.element.tag;
      if (tag == GUMBO_TAG_TITLE) {
        if (title.empty()) title = html::SubtreeText(c, md);
        continue;
      }
      if (tag == GUMBO_TAG_HEAD) {  // only its <title> matters
        Status ws = html::Walk(c, md, [&](GumboNode* x, uint32_t) {
          if (IsElement(x, GUMBO_TAG_TITLE)) {
            if (title.empty()) title = html::SubtreeText(x, md);
            return false;
          }
          return x->type == GUMBO_NODE_ELEMENT;
        });
        if (!ws.ok()) return ws;
        continue;
      }
      if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE ||
          tag == GUMBO_TAG_TEMPLATE || tag == GUMBO_TAG_NOSCRIPT)
        continue;
      if (tag == GUMBO_TAG_H1 && h1.empty()) h1 = html::SubtreeText(c, md);
      if (IsBlock(tag)) close_para();
      stack.push_back({c, 0});
    }
    close_para();
    std::string& text = tb.text();
    text.resize(tb.content_end());
    if (turn.paragraphs.empty()) return Status::InvalidInput("HTML without text");

    doc->title = !title.empty() ? title : h1;
    std::string_view head = std::string_view(text).substr(0, std::min<size_t>(text.size(), 3000));
    std::string lhead = AsciiLower(doc->title + "\n" + std::string(head));
    if (lhead.find("report of the secretary-general") != std::string::npos ||
        lhead.find("note by the secretary-general") != std::string::npos) {
      turn.speaker = "Secretary-General";
      doc->body = "Secretary-General";
    } else if (lhead.find("note by the president of the security council") != std::string::npos ||
               lhead.find("statement by the president of the security council") != std::string::npos) {
      turn.speaker = "President of the Security Council";
      doc->body = "Security Council";
    }
    doc->symbol = FindSymbol(doc->title + " " + std::string(head.substr(0, std::min<size_t>(head.size(), 600))));
    turn.index = 1;
    turn.span = {turn.paragraphs.front().begin, turn.paragraphs.back().end};
    doc->text = std::move(text);
    doc->anchors = html::ComposeAnchors(tb.anchors(), in.anchors);
    doc->turns.clear();
    doc->turns.push_back(std::move(turn));
    return html::NormalizeDocumentText(doc);
  } catch (const std::bad_alloc&) {
    return Status::LimitExceeded("out of memory while reading HTML");
  } catch (const std::exception& e) {
    return Status::Internal(std::string("HTML reader: ") + e.what());
  }
}

}  // namespace normcode
