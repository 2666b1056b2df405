// Internal to extractors/readers (un_html.cpp, html_generic.cpp): gumbo helpers
// shared by the two HTML readers. Not a module contract.
#pragma once
#include <gumbo.h>

#include <memory>
#include <string>
#include <memory_resource>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/status.h"
#include "extractors/readers/readers_internal.h"

namespace normcode::html {

// Cheap linear pre-scan of the markup: rejects nesting deeper than max_depth
// BEFORE gumbo sees it (gumbo's tree construction is quadratic in the depth of the
// open-element stack and its tree destruction is recursive). Elements whose end tag
// is optional (p, li, td, ...) and void elements do not count. LimitExceeded names
// the limit "max_html_depth". An element with more than max_attributes attributes is
// rejected too (limit "max_html_attributes").
Status CheckDepth(std::string_view html, uint32_t max_depth, uint32_t max_attributes);

// Owns a gumbo parse of `html` (which must outlive it). Error recording is off.
// Inputs up to kArenaMaxBytes are parsed into a monotonic arena that is dropped
// whole with the Parse (gumbo frees nothing of a tree's nodes one by one then);
// the arena holds ~5-7x the input, so larger inputs use malloc and free.
class Parse {
 public:
  static constexpr size_t kArenaMaxBytes = size_t{8} << 20;
  explicit Parse(std::string_view html);
  ~Parse();
  Parse(const Parse&) = delete;
  Parse& operator=(const Parse&) = delete;
  GumboNode* root() const { return out_ ? out_->root : nullptr; }
  bool ok() const { return out_ != nullptr; }

 private:
  std::unique_ptr<std::pmr::monotonic_buffer_resource> arena_;
  GumboOutput* out_ = nullptr;
};

// Attribute value or "" (never null).
std::string_view Attr(const GumboNode* n, const char* name);
// True when the class attribute contains `cls` as a whole word.
bool HasClass(const GumboNode* n, std::string_view cls);
bool IsElement(const GumboNode* n, GumboTag tag);

// Visits every node of the subtree rooted at `root` in document order without
// recursion. `fn(node, depth)` returns false to skip the node's children.
// Returns LimitExceeded when the tree is deeper than max_depth.
template <class Fn>
Status Walk(GumboNode* root, uint32_t max_depth, Fn&& fn);

// Appends the text of a gumbo text node to `tb`, recording anchors into the
// buffer gumbo parsed (offsets in DecodedText::utf8). Entity references are mapped
// to the position of their '&'.
void AppendTextNode(TextBuilder* tb, const GumboNode* text_node);

// Appends the text of all text descendants of `n` (document order; <br> is a space).
// Subtrees for which skip(node) is true are left out.
Status AppendSubtreeText(TextBuilder* tb, GumboNode* n, uint32_t max_depth,
                         bool (*skip)(const GumboNode*) = nullptr);

// Plain text of a subtree (whitespace collapsed, trimmed), for metadata.
std::string SubtreeText(GumboNode* n, uint32_t max_depth);

// Composes text->mid anchors with mid->source anchors into text->source anchors.
std::vector<SourceAnchor> ComposeAnchors(const std::vector<SourceAnchor>& text_to_mid,
                                         const std::vector<SourceAnchor>& mid_to_src);

// Makes doc->text NFC if it is not (entity references can produce decomposed text),
// remapping every turn/paragraph span and anchor through the ICU edits.
Status NormalizeDocumentText(Document* doc);

// ---- template implementation
template <class Fn>
Status Walk(GumboNode* root, uint32_t max_depth, Fn&& fn) {
  struct Frame {
    GumboNode* node;
    unsigned next;
  };
  if (!root) return Status::OK();
  std::vector<Frame> stack;
  if (!fn(root, 0u)) return Status::OK();
  stack.push_back({root, 0});
  while (!stack.empty()) {
    Frame& f = stack.back();
    const GumboVector* kids = nullptr;
    if (f.node->type == GUMBO_NODE_ELEMENT || f.node->type == GUMBO_NODE_TEMPLATE)
      kids = &f.node->v.element.children;
    else if (f.node->type == GUMBO_NODE_DOCUMENT)
      kids = &f.node->v.document.children;
    if (!kids || f.next >= kids->length) {
      stack.pop_back();
      continue;
    }
    auto* child = static_cast<GumboNode*>(kids->data[f.next++]);
    uint32_t depth = static_cast<uint32_t>(stack.size());
    if (depth > max_depth)
      return Status::LimitExceeded("limit max_html_depth=" + std::to_string(max_depth) + " exceeded");
    if (fn(child, depth)) stack.push_back({child, 0});
  }
  return Status::OK();
}

}  // namespace normcode::html
