#include "api/table_description.h"

#include "api/status_mapping.h"
#include "dynastore/protocol/wire.h"

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

}  // namespace

void write_table_description(json::Writer& w, RequestContext& context, const catalog::TableInfo& table,
                             const partition::TableStats* known_stats) {
  const auto stats = known_stats ? *known_stats : unwrap(context.items.stats(table));
  w.StartObject();
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
  write_key(w, "TableName");
  write_string(w, table.name);
  write_key(w, "KeySchema");
  write_key_schema(w, table.key_schema);
  write_key(w, "TableStatus");
  write_string(w, catalog::table_status_name(table.status));
  write_key(w, "CreationDateTime");
  w.Double(table.creation_time);
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
  write_key(w, "TableClassSummary");
  w.StartObject();
  write_key(w, "TableClass");
  write_string(w, table.table_class);
  w.EndObject();
  write_key(w, "DeletionProtectionEnabled");
  w.Bool(table.deletion_protection);
  w.EndObject();
}

}  // namespace dynastore::api
