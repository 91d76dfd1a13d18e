#include "dynastore/expr/document_path.h"

namespace dynastore::expr {

std::string path_to_string(const DocumentPath& path) {
  std::string out = "[";
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i > 0) out += ", ";
    if (path[i].is_index) {
      out += '[';
      out += std::to_string(path[i].index);
      out += ']';
    } else {
      out += path[i].name;
    }
  }
  out += ']';
  return out;
}

const model::AttributeValue* resolve_path(const model::Item& item, const DocumentPath& path) {
  if (path.empty() || path[0].is_index) return nullptr;
  auto it = item.find(path[0].name);
  if (it == item.end()) return nullptr;
  const model::AttributeValue* current = &it->second;
  for (std::size_t i = 1; i < path.size(); ++i) {
    const PathElement& step = path[i];
    if (step.is_index) {
      if (current->type() != model::AttributeType::kList) return nullptr;
      const auto& list = current->list_value();
      if (step.index >= list.size()) return nullptr;
      current = &list[step.index];
    } else {
      if (current->type() != model::AttributeType::kMap) return nullptr;
      const auto& map = current->map_value();
      auto member = map.find(step.name);
      if (member == map.end()) return nullptr;
      current = &member->second;
    }
  }
  return current;
}

}  // namespace dynastore::expr
