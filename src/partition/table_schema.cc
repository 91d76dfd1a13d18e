#include "dynastore/partition/table_schema.h"

namespace dynastore::partition {

bool TableSchema::has_local_index() const {
  for (const auto& index : indexes) {
    if (index.schema.kind == model::IndexKind::kLocal) return true;
  }
  return false;
}

const MaintainedIndex* TableSchema::find_index(std::string_view name) const {
  for (const auto& index : indexes) {
    if (index.schema.name == name) return &index;
  }
  return nullptr;
}

}  // namespace dynastore::partition
