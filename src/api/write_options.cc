#include "api/write_options.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "api/request_context.h"
#include "api/status_mapping.h"
#include "dynastore/model/key_codec.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

using protocol::ConstraintErrors;
using protocol::DynamoError;

ReturnValues parse_return_values(const json::Value& request, bool only_none_or_all_old) {
  auto text = protocol::get_string(request, "ReturnValues");
  if (!text) return ReturnValues::kNone;
  ReturnValues value;
  if (*text == "NONE") value = ReturnValues::kNone;
  else if (*text == "ALL_OLD") value = ReturnValues::kAllOld;
  else if (*text == "UPDATED_OLD") value = ReturnValues::kUpdatedOld;
  else if (*text == "ALL_NEW") value = ReturnValues::kAllNew;
  else if (*text == "UPDATED_NEW") value = ReturnValues::kUpdatedNew;
  else {
    ConstraintErrors errors;
    errors.add(ConstraintErrors::quoted(*text), "returnValues",
               "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
    errors.throw_if_any();
    return ReturnValues::kNone;
  }
  if (only_none_or_all_old && value != ReturnValues::kNone && value != ReturnValues::kAllOld) {
    throw DynamoError::validation("ReturnValues can only be ALL_OLD or NONE");
  }
  return value;
}

ReturnCapacity parse_return_capacity(const json::Value& request, ConstraintErrors& errors) {
  auto text = protocol::get_string(request, "ReturnConsumedCapacity");
  if (!text || *text == "NONE") return ReturnCapacity::kNone;
  if (*text == "TOTAL") return ReturnCapacity::kTotal;
  if (*text == "INDEXES") return ReturnCapacity::kIndexes;
  errors.add(ConstraintErrors::quoted(*text), "returnConsumedCapacity",
             "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]");
  return ReturnCapacity::kNone;
}

ReturnCapacity parse_return_capacity(const json::Value& request) {
  ConstraintErrors errors;
  const auto capacity = parse_return_capacity(request, errors);
  errors.throw_if_any();
  return capacity;
}

bool parse_return_item_collection_metrics(const json::Value& request, ConstraintErrors& errors) {
  auto text = protocol::get_string(request, "ReturnItemCollectionMetrics");
  if (!text || *text == "NONE") return false;
  if (*text == "SIZE") return true;
  errors.add(ConstraintErrors::quoted(*text), "returnItemCollectionMetrics",
             "Member must satisfy enum value set: [SIZE, NONE]");
  return false;
}

bool parse_return_item_collection_metrics(const json::Value& request) {
  ConstraintErrors errors;
  const bool metrics = parse_return_item_collection_metrics(request, errors);
  errors.throw_if_any();
  return metrics;
}

void write_item_collection_metrics_object(json::Writer& writer, RequestContext& context,
                                          const catalog::TableInfo& table, const model::Item& key) {
  const auto& pk_name = table.key_schema.hash.name;
  const auto& pk = key.at(pk_name);
  const auto bytes = unwrap(context.items.item_collection_size(table.table_id, pk));
  // DynamoDB reports a range in GB around its estimate.
  const double gb = static_cast<double>(bytes) / static_cast<double>(1LL << 30);
  const double lower = std::floor(gb);
  writer.StartObject();
  protocol::write_key(writer, "ItemCollectionKey");
  writer.StartObject();
  protocol::write_key(writer, pk_name);
  protocol::write_attribute_value(writer, pk);
  writer.EndObject();
  protocol::write_key(writer, "SizeEstimateRangeGB");
  writer.StartArray();
  writer.Double(lower);
  writer.Double(lower + 1.0);
  writer.EndArray();
  writer.EndObject();
}

namespace {

bool has_local_index(const catalog::TableInfo& table) {
  for (const auto& index : table.indexes) {
    if (index.schema.kind == model::IndexKind::kLocal) return true;
  }
  return false;
}

}  // namespace

void write_collection_metrics_map(json::Writer& writer, RequestContext& context, std::span<const WrittenKey> written) {
  protocol::write_key(writer, "ItemCollectionMetrics");
  writer.StartObject();
  std::set<std::string> tables_done;
  for (const auto& first : written) {
    if (!has_local_index(*first.table) || !tables_done.insert(first.table->name).second) continue;
    protocol::write_key(writer, first.table->name);
    writer.StartArray();
    std::set<std::string> partitions_done;
    for (const auto& write : written) {
      if (write.table != first.table) continue;
      const auto& pk = write.key->at(write.table->key_schema.hash.name);
      if (!partitions_done.insert(model::partition_prefix(write.table->table_id, pk)).second) continue;
      write_item_collection_metrics_object(writer, context, *write.table, *write.key);
    }
    writer.EndArray();
  }
  writer.EndObject();
}

void write_item_collection_metrics(json::Writer& writer, RequestContext& context, const catalog::TableInfo& table,
                                   const model::Item& key) {
  if (!has_local_index(table)) return;
  protocol::write_key(writer, "ItemCollectionMetrics");
  write_item_collection_metrics_object(writer, context, table, key);
}

void write_item_write_response(json::Writer& writer, RequestContext& context, const catalog::TableInfo& table,
                               const model::Item& key, const model::Item* attributes, ReturnCapacity capacity,
                               bool collection_metrics) {
  writer.StartObject();
  if (attributes != nullptr && !attributes->empty()) {
    protocol::write_key(writer, "Attributes");
    protocol::write_item(writer, *attributes);
  }
  context.consumed.write_object(writer, capacity, table.name);
  if (collection_metrics) write_item_collection_metrics(writer, context, table, key);
  writer.EndObject();
}

}  // namespace dynastore::api
