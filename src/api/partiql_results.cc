#include "api/partiql_results.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace dynastore::api::partiql {

namespace {

// Where element `index` of the list at `path`'s first `depth` steps sits in
// the projected item: a projection keeps only the elements some path
// names, in their order, unless a path takes the whole list.
std::optional<std::size_t> projected_position(const Statement& statement, const Path& path,
                                              std::size_t depth) {
  std::vector<std::uint32_t> kept;
  for (const Path& other : statement.projection) {
    if (other.size() <= depth && same_steps(other, path, other.size())) return path[depth].index;  // whole list
    if (other.size() > depth && same_steps(other, path, depth) && other[depth].is_index) {
      kept.push_back(other[depth].index);
    }
  }
  std::sort(kept.begin(), kept.end());
  kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
  const auto at = std::find(kept.begin(), kept.end(), path[depth].index);
  if (at == kept.end()) return std::nullopt;
  return static_cast<std::size_t>(at - kept.begin());
}

// The value at `path`'s first `steps` steps in a projected item, or nullptr.
const json::Value* projected_value(const Statement& statement, const json::Value& item, const Path& path,
                                   std::size_t steps) {
  auto member = [](const json::Value& object, std::string_view name) -> const json::Value* {
    if (!object.IsObject()) return nullptr;
    auto it = object.FindMember(json::string_ref(name));
    return it == object.MemberEnd() ? nullptr : &it->value;
  };
  const json::Value* value = member(item, path[0].name);
  for (std::size_t k = 1; k < steps && value != nullptr; ++k) {
    if (!path[k].is_index) {
      const json::Value* map = member(*value, "M");
      value = map != nullptr ? member(*map, path[k].name) : nullptr;
      continue;
    }
    const json::Value* list = member(*value, "L");
    const auto position = projected_position(statement, path, k);
    value = list != nullptr && list->IsArray() && position && *position < list->Size()
                ? &(*list)[static_cast<json::SizeType>(*position)]
                : nullptr;
  }
  return value;
}

}  // namespace

void write_selected(const Statement& statement, const json::Value& item, json::Writer& writer) {
  const bool nested = std::any_of(statement.projection.begin(), statement.projection.end(),
                                  [](const Path& path) { return path.size() > 1; });
  if (!nested) {
    item.Accept(writer);
    return;
  }
  writer.StartObject();
  std::vector<std::string_view> written;
  for (const Path& path : statement.projection) {
    std::size_t last_name = 0;
    for (std::size_t k = 0; k < path.size(); ++k) {
      if (!path[k].is_index) last_name = k;
    }
    const std::string_view key = path[last_name].name;
    if (std::find(written.begin(), written.end(), key) != written.end()) continue;
    const json::Value* value = projected_value(statement, item, path, last_name + 1);
    if (value == nullptr) continue;
    written.push_back(key);
    json::write_key(writer, key);
    value->Accept(writer);
  }
  writer.EndObject();
}

}  // namespace dynastore::api::partiql
