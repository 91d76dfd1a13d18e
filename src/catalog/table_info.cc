#include "dynastore/catalog/table_info.h"

#include <vector>

namespace dynastore::catalog {

std::string_view table_status_name(TableStatus status) {
  switch (status) {
    case TableStatus::kCreating: return "CREATING";
    case TableStatus::kActive: return "ACTIVE";
    case TableStatus::kUpdating: return "UPDATING";
    case TableStatus::kDeleting: return "DELETING";
  }
  return "ACTIVE";
}

std::string_view billing_mode_name(BillingMode mode) {
  return mode == BillingMode::kPayPerRequest ? "PAY_PER_REQUEST" : "PROVISIONED";
}

std::string_view index_status_name(IndexStatus status) {
  switch (status) {
    case IndexStatus::kCreating: return "CREATING";
    case IndexStatus::kUpdating: return "UPDATING";
    case IndexStatus::kDeleting: return "DELETING";
    case IndexStatus::kActive: return "ACTIVE";
  }
  return "ACTIVE";
}

std::string table_key(std::string_view scope, std::string_view name) {
  if (scope.empty()) return std::string(name);
  std::string key;
  key.reserve(scope.size() + 1 + name.size());
  key.append(scope).append(1, '/').append(name);
  return key;
}

partition::SchemaPtr write_schema_of(const TableInfo& table) {
  auto schema = std::make_shared<partition::TableSchema>();
  schema->table_id = table.table_id;
  schema->key_schema = table.key_schema;
  for (const auto& index : table.indexes) {
    if (index.status == IndexStatus::kDeleting) continue;  // writes stop maintaining it at once
    schema->indexes.push_back({index.schema, index.backfilling});
  }
  return schema;
}

}  // namespace dynastore::catalog
