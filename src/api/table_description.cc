#include "api/table_description.h"

#include "api/status_mapping.h"
#include "dynastore/protocol/wire.h"
#include "dynastore/streams/stream_names.h"

namespace dynastore::api {

using protocol::write_key;
using protocol::write_string;

std::string table_arn(const RequestContext& context, const std::string& table_name) {
  return "arn:aws:dynamodb:" + context.region + ":" + context.account_id + ":table/" + table_name;
}

namespace {

void write_key_schema(json::Writer& w, const model::KeySchema& schema) {
  w.StartArray();
  w.StartObject();
  write_key(w, "AttributeName");
  write_string(w, schema.hash.name);
  write_key(w, "KeyType");
  write_string(w, "HASH");
  w.EndObject();
  if (schema.range) {
    w.StartObject();
    write_key(w, "AttributeName");
    write_string(w, schema.range->name);
    write_key(w, "KeyType");
    write_string(w, "RANGE");
    w.EndObject();
  }
  w.EndArray();
}

void write_throughput(json::Writer& w, const catalog::TableInfo& table) {
  const bool on_demand = table.billing_mode == catalog::BillingMode::kPayPerRequest;
  const auto& t = table.throughput;
  w.StartObject();
  if (t.last_increase_time > 0) {
    write_key(w, "LastIncreaseDateTime");
    w.Double(t.last_increase_time);
  }
  if (t.last_decrease_time > 0) {
    write_key(w, "LastDecreaseDateTime");
    w.Double(t.last_decrease_time);
  }
  write_key(w, "NumberOfDecreasesToday");
  w.Int64(t.decreases_today);
  write_key(w, "ReadCapacityUnits");
  w.Int64(on_demand ? 0 : t.read_capacity_units);
  write_key(w, "WriteCapacityUnits");
  w.Int64(on_demand ? 0 : t.write_capacity_units);
  w.EndObject();
}

void write_index_key_schema(json::Writer& w, const model::IndexSchema& schema) {
  w.StartArray();
  for (const auto* keys : {&schema.hash_keys, &schema.range_keys}) {
    for (const auto& key : *keys) {
      w.StartObject();
      write_key(w, "AttributeName");
      write_string(w, key.name);
      write_key(w, "KeyType");
      write_string(w, keys == &schema.hash_keys ? "HASH" : "RANGE");
      w.EndObject();
    }
  }
  w.EndArray();
}

void write_projection(json::Writer& w, const model::IndexSchema& schema) {
  w.StartObject();
  write_key(w, "ProjectionType");
  write_string(w, schema.projection == model::ProjectionType::kAll        ? "ALL"
                  : schema.projection == model::ProjectionType::kKeysOnly ? "KEYS_ONLY"
                                                                           : "INCLUDE");
  if (schema.projection == model::ProjectionType::kInclude) {
    write_key(w, "NonKeyAttributes");
    w.StartArray();
    for (const auto& name : schema.non_key_attributes) write_string(w, name);
    w.EndArray();
  }
  w.EndObject();
}

void write_attribute_definitions(json::Writer& w, const catalog::TableInfo& table) {
  write_key(w, "AttributeDefinitions");
  w.StartArray();
  for (const auto& def : table.attribute_definitions) {
    w.StartObject();
    write_key(w, "AttributeName");
    write_string(w, def.name);
    write_key(w, "AttributeType");
    write_string(w, model::scalar_type_name(def.type));
    w.EndObject();
  }
  w.EndArray();
}

void write_indexes(json::Writer& w, RequestContext& context, const catalog::TableInfo& table, model::IndexKind kind,
                   bool table_deleted) {
  bool any = false;
  for (const auto& index : table.indexes) any = any || index.schema.kind == kind;
  if (!any) return;
  write_key(w, kind == model::IndexKind::kGlobal ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes");
  w.StartArray();
  for (const auto& index : table.indexes) {
    if (index.schema.kind != kind) continue;
    const auto stats = table_deleted ? partition::TableStats{} : unwrap(context.items.stats_of(index.schema.index_id));
    w.StartObject();
    write_key(w, "IndexName");
    write_string(w, index.schema.name);
    write_key(w, "KeySchema");
    write_index_key_schema(w, index.schema);
    write_key(w, "Projection");
    write_projection(w, index.schema);
    if (kind == model::IndexKind::kGlobal) {
      write_key(w, "IndexStatus");
      write_string(w, catalog::index_status_name(table_deleted ? catalog::IndexStatus::kDeleting : index.status));
      if (index.status == catalog::IndexStatus::kCreating) {
        write_key(w, "Backfilling");
        w.Bool(index.backfilling);
      }
      write_key(w, "ProvisionedThroughput");
      w.StartObject();
      write_key(w, "NumberOfDecreasesToday");
      w.Int64(0);
      write_key(w, "ReadCapacityUnits");
      w.Int64(index.throughput.read_capacity_units);
      write_key(w, "WriteCapacityUnits");
      w.Int64(index.throughput.write_capacity_units);
      w.EndObject();
    }
    write_key(w, "IndexSizeBytes");
    w.Int64(stats.size_bytes);
    write_key(w, "ItemCount");
    w.Int64(stats.item_count);
    write_key(w, "IndexArn");
    write_string(w, table_arn(context, table.name) + "/index/" + index.schema.name);
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

void write_table_description(json::Writer& w, RequestContext& context, const catalog::TableInfo& table,
                             const partition::TableStats* known_stats, DescriptionFor purpose) {
  const auto stats = known_stats ? *known_stats : unwrap(context.items.stats_of(table.table_id));
  const bool with_schema = purpose == DescriptionFor::kDescribe;
  w.StartObject();
  if (with_schema) write_attribute_definitions(w, table);
  write_key(w, "TableName");
  write_string(w, table.name);
  if (with_schema) {
    write_key(w, "KeySchema");
    write_key_schema(w, table.key_schema);
  }
  write_key(w, "TableStatus");
  write_string(w, catalog::table_status_name(table.status));
  if (with_schema) {
    write_key(w, "CreationDateTime");
    w.Double(table.creation_time);
  }
  write_key(w, "ProvisionedThroughput");
  write_throughput(w, table);
  write_key(w, "TableSizeBytes");
  w.Int64(stats.size_bytes);
  write_key(w, "ItemCount");
  w.Int64(stats.item_count);
  write_key(w, "TableArn");
  write_string(w, table_arn(context, table.name));
  write_key(w, "TableId");
  write_string(w, table.table_uuid);
  if (table.billing_mode == catalog::BillingMode::kPayPerRequest || table.billing_mode_update_time > 0) {
    write_key(w, "BillingModeSummary");
    w.StartObject();
    write_key(w, "BillingMode");
    write_string(w, catalog::billing_mode_name(table.billing_mode));
    write_key(w, "LastUpdateToPayPerRequestDateTime");
    w.Double(table.billing_mode_update_time > 0 ? table.billing_mode_update_time : table.creation_time);
    w.EndObject();
  }
  if (table.on_demand.max_read_request_units >= 0 || table.on_demand.max_write_request_units >= 0) {
    write_key(w, "OnDemandThroughput");
    w.StartObject();
    if (table.on_demand.max_read_request_units >= 0) {
      write_key(w, "MaxReadRequestUnits");
      w.Int64(table.on_demand.max_read_request_units);
    }
    if (table.on_demand.max_write_request_units >= 0) {
      write_key(w, "MaxWriteRequestUnits");
      w.Int64(table.on_demand.max_write_request_units);
    }
    w.EndObject();
  }
  if (with_schema) {
    const bool deleted = table.status == catalog::TableStatus::kDeleting;
    write_indexes(w, context, table, model::IndexKind::kLocal, deleted);
    write_indexes(w, context, table, model::IndexKind::kGlobal, deleted);
  }
  write_key(w, "TableClassSummary");
  w.StartObject();
  write_key(w, "TableClass");
  write_string(w, table.table_class);
  w.EndObject();
  write_key(w, "DeletionProtectionEnabled");
  w.Bool(table.deletion_protection);
  if (const auto* stream = table.enabled_stream()) {
    write_key(w, "StreamSpecification");
    w.StartObject();
    write_key(w, "StreamEnabled");
    w.Bool(true);
    write_key(w, "StreamViewType");
    write_string(w, catalog::stream_view_type_name(stream->view_type));
    w.EndObject();
  }
  if (!table.streams.empty()) {
    const auto& latest = table.streams.back();
    write_key(w, "LatestStreamLabel");
    write_string(w, latest.label);
    write_key(w, "LatestStreamArn");
    write_string(w, stream_arn(context, table.name, latest.label));
  }
  w.EndObject();
}

std::string stream_arn(const RequestContext& context, const std::string& table_name, const std::string& label) {
  return streams::stream_arn(context.region, context.account_id, table_name, label);
}

}  // namespace dynastore::api
