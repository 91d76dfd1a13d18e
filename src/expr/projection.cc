// ProjectionExpression parsing (checks in dynalite projectionParser.pegjs's order: reserved
// keyword > undefined name > overlap > conflict) and application.
#include <utility>

#include "dynastore/expr/projection.h"
#include "expr/messages.h"
#include "expr/parser.h"
#include "expr/validation.h"

namespace dynastore::expr {

namespace {

enum Slot : std::size_t { kReserved, kName, kOverlap, kConflict, kSlotCount };

// Projects `value` through `node`; false when nothing of it survives.
bool project_value(const Projection::Node& node, const model::AttributeValue& value, model::AttributeValue& out) {
  if (node.leaf) {
    out = value;
    return true;
  }
  if (!node.members.empty()) {
    if (value.type() != model::AttributeType::kMap) return false;
    model::AttributeMap kept;
    for (const auto& [name, child] : node.members) {
      auto it = value.map_value().find(name);
      if (it == value.map_value().end()) continue;
      model::AttributeValue projected;
      if (project_value(child, it->second, projected)) kept.emplace(name, std::move(projected));
    }
    if (kept.empty()) return false;
    out = model::AttributeValue::map(std::move(kept));
    return true;
  }
  if (!node.elements.empty()) {
    if (value.type() != model::AttributeType::kList) return false;
    model::AttributeList kept;
    for (const auto& [index, child] : node.elements) {  // std::map: ascending index order
      if (index >= value.list_value().size()) break;
      model::AttributeValue projected;
      if (project_value(child, value.list_value()[index], projected)) kept.push_back(std::move(projected));
    }
    if (kept.empty()) return false;
    out = model::AttributeValue::list(std::move(kept));
    return true;
  }
  return false;
}

}  // namespace

Projection Projection::from_paths(const std::vector<DocumentPath>& paths) {
  Projection p;
  p.paths_ = paths;
  for (const auto& path : paths) {
    if (path.empty() || path[0].is_index) continue;
    p.top_level_names_.insert(path[0].name);
    if (path.size() > 1) p.nested_top_level_names_.insert(path[0].name);
    Node* node = &p.root_;
    for (const auto& step : path) {
      if (node->leaf) break;  // an overlapping longer path adds nothing
      node = step.is_index ? &node->elements[step.index] : &node->members[step.name];
    }
    node->leaf = true;
    node->members.clear();
    node->elements.clear();
  }
  return p;
}

Result<Projection> parse_projection(std::string_view text, Placeholders& placeholders) {
  constexpr ExpressionKind kKind = ExpressionKind::kProjection;
  if (Status s = check_expression_text(text, kKind); !s.is_ok()) return s;
  Parser parser(text);
  auto raw = parser.parse_projection();
  if (!raw) return invalid_expression(kKind, parser.error());
  ErrorSlots errors(kSlotCount);
  std::vector<DocumentPath> paths;
  bool all_resolved = true;
  for (const auto& r : *raw) {
    auto path = resolve_raw_path(r, placeholders, errors, kReserved, kName);
    if (!path) {
      all_resolved = false;
      continue;
    }
    paths.push_back(std::move(*path));
  }
  if (all_resolved) {
    std::vector<const DocumentPath*> ptrs;
    for (const auto& p : paths) ptrs.push_back(&p);
    check_path_set(ptrs, errors, kOverlap, kConflict);
  }
  if (auto e = errors.first(0, kSlotCount)) return invalid_expression(kKind, *e);
  return Projection::from_paths(paths);
}

model::Item project(const Projection& projection, const model::Item& item) {
  model::Item out;
  for (const auto& [name, node] : projection.root().members) {
    auto it = item.find(name);
    if (it == item.end()) continue;
    model::AttributeValue projected;
    if (project_value(node, it->second, projected)) out.emplace(name, std::move(projected));
  }
  return out;
}

}  // namespace dynastore::expr
