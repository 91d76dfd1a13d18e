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

std::string_view stream_view_type_name(StreamViewType type) {
  switch (type) {
    case StreamViewType::kKeysOnly: return "KEYS_ONLY";
    case StreamViewType::kNewImage: return "NEW_IMAGE";
    case StreamViewType::kOldImage: return "OLD_IMAGE";
    case StreamViewType::kNewAndOldImages: return "NEW_AND_OLD_IMAGES";
  }
  return "NEW_AND_OLD_IMAGES";
}

std::optional<StreamViewType> parse_stream_view_type(std::string_view name) {
  for (auto type : {StreamViewType::kKeysOnly, StreamViewType::kNewImage, StreamViewType::kOldImage,
                    StreamViewType::kNewAndOldImages}) {
    if (stream_view_type_name(type) == name) return type;
  }
  return std::nullopt;
}

std::string_view stream_status_name(StreamStatus status) {
  switch (status) {
    case StreamStatus::kEnabling: return "ENABLING";
    case StreamStatus::kEnabled: return "ENABLED";
    case StreamStatus::kDisabling: return "DISABLING";
    case StreamStatus::kDisabled: return "DISABLED";
  }
  return "DISABLED";
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
  if (const auto* stream = table.enabled_stream()) {
    const auto view = stream->view_type;
    schema->stream = partition::StreamTarget{
        stream->stream_id, view == StreamViewType::kOldImage || view == StreamViewType::kNewAndOldImages,
        view == StreamViewType::kNewImage || view == StreamViewType::kNewAndOldImages};
  }
  if (table.ttl.status == TtlStatus::kEnabled) schema->ttl = partition::TtlTarget{table.ttl.index_id, table.ttl.attribute};
  return schema;
}

}  // namespace dynastore::catalog
