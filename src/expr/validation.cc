#include "expr/validation.h"

#include "dynastore/expr/reserved_words.h"
#include "expr/messages.h"

namespace dynastore::expr {

Status invalid_expression(ExpressionKind kind, std::string_view message) {
  std::string text = "Invalid ";
  text += expression_parameter_name(kind);
  text += ": ";
  text += message;
  return Status::invalid_argument(std::move(text));
}

Status check_expression_text(std::string_view text, ExpressionKind kind) {
  if (text.empty()) return invalid_expression(kind, msg::kEmpty);
  if (text.size() > kMaxExpressionSize) {
    // Only the condition-parser kinds report the size (ExtendDB's AWS-probed tests).
    if (kind == ExpressionKind::kCondition || kind == ExpressionKind::kFilter) {
      return invalid_expression(kind, msg::with_details(msg::kSizeExceeded, "expression size",
                                                        std::to_string(text.size())));
    }
    return invalid_expression(kind, msg::kSizeExceeded);
  }
  return Status::ok();
}

std::optional<DocumentPath> resolve_raw_path(const RawPath& raw, Placeholders& placeholders,
                                             ErrorSlots& errors, std::size_t reserved_slot,
                                             std::size_t name_slot) {
  DocumentPath path;
  path.reserve(raw.elements.size());
  bool ok = true;
  for (const auto& e : raw.elements) {
    switch (e.kind) {
      case RawPathElement::Kind::kName:
        if (is_reserved_word(e.text)) {
          errors.record(reserved_slot, msg::with_details(msg::kReservedKeyword, "reserved keyword", e.text));
        }
        path.push_back(PathElement::member(std::string(e.text)));
        break;
      case RawPathElement::Kind::kNameSub: {
        const std::string* name = placeholders.name(e.text);
        if (name == nullptr) {
          errors.record(name_slot, msg::with_details(msg::kNameUndefined, "attribute name", e.text));
          ok = false;
          path.push_back(PathElement::member(std::string(e.text)));
        } else {
          path.push_back(PathElement::member(*name));
        }
        break;
      }
      case RawPathElement::Kind::kIndex:
        path.push_back(PathElement::list_index(e.index));
        break;
    }
  }
  if (!ok) return std::nullopt;
  return path;
}

std::string undefined_value_message(std::string_view key) {
  return msg::with_details(msg::kValueUndefined, "attribute value", key);
}

PathRelation relate_paths(const DocumentPath& a, const DocumentPath& b) {
  std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i].is_index != b[i].is_index) return PathRelation::kConflict;
    if (!(a[i] == b[i])) return PathRelation::kUnrelated;
  }
  return PathRelation::kOverlap;
}

void check_path_set(const std::vector<const DocumentPath*>& paths, ErrorSlots& errors,
                    std::size_t overlap_slot, std::size_t conflict_slot) {
  for (std::size_t j = 1; j < paths.size(); ++j) {
    for (std::size_t i = 0; i < j; ++i) {
      PathRelation r = relate_paths(*paths[i], *paths[j]);
      if (r == PathRelation::kUnrelated) continue;
      std::string one = path_to_string(*paths[i]);
      std::string two = path_to_string(*paths[j]);
      if (r == PathRelation::kOverlap) {
        errors.record(overlap_slot, msg::with_details(msg::kPathOverlap, "path one", one, "path two", two));
      } else {
        errors.record(conflict_slot, msg::with_details(msg::kPathConflict, "path one", one, "path two", two));
      }
    }
  }
}

}  // namespace dynastore::expr
