// CreateTable: validation per the API Reference (CreateTable) and the
// Developer Guide's naming rules; messages as DynamoDB sends them.
#include "api/index_definitions.h"
#include "api/key_schema_parsing.h"
#include "api/operations.h"
#include "api/status_mapping.h"
#include "api/stream_specification.h"
#include "api/table_description.h"
#include "api/table_lookup.h"
#include "api/table_options.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

using protocol::ConstraintErrors;
using protocol::DynamoError;
using protocol::get_array;
using protocol::get_string;

namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

}  // namespace

void create_table(RequestContext& context, const json::Value& request, json::Writer& response) {
  ConstraintErrors errors;
  std::string table_name;
  const auto raw_name = get_string(request, "TableName");
  if (raw_name) {
    table_name = std::string(*raw_name);
    add_table_name_errors(table_name, table_name, "tableName", errors);
  }
  auto definitions = parse_attribute_definitions(request, errors);
  auto keys = parse_key_schema(protocol::find_member(request, "KeySchema"), "keySchema", 2, errors);
  auto billing = parse_billing_mode(request, errors);
  auto throughput = parse_throughput(request, errors);
  auto on_demand = parse_on_demand(request, errors);
  auto table_class = parse_table_class(request, errors);
  std::vector<catalog::Tag> tags;
  if (const auto* tag_array = get_array(request, "Tags")) tags = parse_tags(*tag_array, errors, "tags");
  const auto deletion_protection = protocol::get_bool(request, "DeletionProtectionEnabled");
  const auto stream = parse_stream_specification(request, errors);
  errors.throw_if_any();
  // Not a constraint of the model's but the operation's own sentence
  // (nubo-db/dynamodb-conformance tests/tier3/error-messages/
  // createTable.test.ts, run against DynamoDB), after the members' own
  // violations.
  if (!raw_name) throw DynamoError::validation("The parameter 'TableName' is required but was not present in the request");

  // Semantic checks, in the order DynamoDB applies them.
  const auto mode = billing.value_or(catalog::BillingMode::kProvisioned);
  if (mode == catalog::BillingMode::kPayPerRequest) {
    if (throughput) {
      throw DynamoError::validation(std::string(kInvalid) +
                                    "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
    }
  } else {
    if (!throughput) {
      throw DynamoError::validation(std::string(kInvalid) +
                                    "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
    }
    check_throughput_bounds(*throughput);
  }
  if (tags.size() > 50) throw DynamoError::validation(std::string(kInvalid) + "Too many tags");
  check_key_schema(keys, definitions, 1);

  model::KeySchema key_schema;
  key_schema.hash = {keys[0].name, type_of(definitions, keys[0].name)};
  if (keys.size() == 2) key_schema.range = model::KeyAttribute{keys[1].name, type_of(definitions, keys[1].name)};
  auto indexes = parse_create_table_indexes(request, key_schema, definitions, mode);
  if (indexes.empty() && keys.size() != definitions.size()) {
    throw DynamoError::validation(std::string(kInvalid) +
                                  "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
  }
  check_definitions_used(definitions, key_schema, indexes);

  catalog::TableInfo info;
  info.name = table_name;
  info.scope = context.scope;
  info.key_schema = std::move(key_schema);
  info.indexes = std::move(indexes);
  info.attribute_definitions = std::move(definitions);
  info.billing_mode = mode;
  if (throughput) {
    info.throughput.read_capacity_units = *throughput->read;
    info.throughput.write_capacity_units = *throughput->write;
  }
  if (on_demand) info.on_demand = *on_demand;
  if (table_class) info.table_class = *table_class;
  info.deletion_protection = deletion_protection.value_or(false);
  info.tags = std::move(tags);
  info.creation_time = context.now;
  if (stream) apply_stream_on_create(*stream, info, context.now);
  // Creation is a single durable catalog write, so by default the table is
  // ACTIVE at once, as with DynamoDB Local; a status delay shows CREATING.
  catalog::start_creating(info, context.status_delays, context.now);

  auto created = context.catalog.create(std::move(info));
  if (!created.is_ok()) {
    if (created.status().code() == StatusCode::kAlreadyExists) {
      // Observed from DynamoDB: a table still CREATING says so; in any other
      // status the name is simply taken.
      const auto existing = context.find_table(table_name);
      if (existing && existing->status == catalog::TableStatus::kCreating) {
        throw DynamoError::resource_in_use(in_use_message(*existing));
      }
      throw DynamoError::resource_in_use("Table already exists: " + table_name);
    }
    throw_internal(created.status());
  }
  response.StartObject();
  protocol::write_key(response, "TableDescription");
  write_table_description(response, context, *created.value());
  response.EndObject();
}

}  // namespace dynastore::api::ops
