#include "api/gsi_updates.h"

#include <algorithm>

#include "api/index_definitions.h"
#include "api/key_schema_parsing.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

using protocol::ConstraintErrors;
using protocol::DynamoError;

namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

// The request's own AttributeDefinitions: a Create must define its keys
// there, even ones the table already knows (an index keyed on the table's pk
// with only the new attribute defined is refused: Ketlark/
// dynamodb-conformance tests/tier2/updateTable/gsi.test.ts, eu-west-2,
// 2026-07-12).
std::vector<catalog::AttributeDefinition> request_definitions(const json::Value& request) {
  if (protocol::find_member(request, "AttributeDefinitions") == nullptr) return {};
  ConstraintErrors errors;
  auto definitions = parse_attribute_definitions(request, errors);
  errors.throw_if_any();
  return definitions;
}

// A new index keyed on an attribute the table knows with another type is
// refused (alternator's test_gsi_key_type_conflict_on_update, quoting
// DynamoDB). Another type given for an attribute the new index does not use
// changes nothing: the stored type stays (the same Ketlark test file,
// eu-west-2, 2026-07-12).
void check_no_redefined_key(const catalog::IndexInfo& index, const catalog::TableInfo& table) {
  for (const auto* keys : {&index.schema.hash_keys, &index.schema.range_keys}) {
    for (const auto& key : *keys) {
      for (const auto& known : table.attribute_definitions) {
        if (known.name == key.name && known.type != key.type) {
          throw DynamoError::validation(std::string(kInvalid) + "Attributes cannot be redefined. Attribute: " +
                                        key.name);
        }
      }
    }
  }
}

std::vector<catalog::AttributeDefinition> merged(std::vector<catalog::AttributeDefinition> definitions,
                                                 const std::vector<catalog::AttributeDefinition>& more) {
  for (const auto& def : more) {
    if (std::none_of(definitions.begin(), definitions.end(), [&](const auto& d) { return d.name == def.name; })) {
      definitions.push_back(def);
    }
  }
  return definitions;
}

}  // namespace

GsiUpdates parse_gsi_updates(const json::Value& request, const json::Value& updates, const catalog::TableInfo& table,
                             catalog::BillingMode mode) {
  GsiUpdates out;
  const auto given = request_definitions(request);
  out.definitions = merged(table.attribute_definitions, given);
  int position = 0;
  for (const auto& update : updates.GetArray()) {
    const std::string path = "globalSecondaryIndexUpdates." + std::to_string(++position) + ".member";
    if (!update.IsObject()) throw DynamoError::serialization("Unexpected value type in payload");
    const auto* create = protocol::get_object(update, "Create");
    const auto* change = protocol::get_object(update, "Update");
    const auto* remove = protocol::get_object(update, "Delete");
    const int actions = (create != nullptr) + (change != nullptr) + (remove != nullptr);
    if (actions > 1) {
      throw DynamoError::validation(std::string(kInvalid) +
                                    "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object");
    }
    if (actions == 0) {
      throw DynamoError::validation(std::string(kInvalid) +
                                    "One of GlobalSecondaryIndexUpdate.Create, Update or Delete must be specified");
    }
    if (create != nullptr) {
      if (given.empty()) {
        auto index_name = protocol::get_string(*create, "IndexName").value_or("");
        throw DynamoError::validation(std::string(kInvalid) + "AttributeDefinitions is not specified for index: " +
                                      std::string(index_name));
      }
      auto index = parse_global_index(*create, path + ".create", given, mode, /*for_table_creation=*/false);
      check_no_redefined_key(index, table);
      if (table.find_index(index.schema.name) != nullptr) {
        throw DynamoError::validation(std::string(kInvalid) + "Index already exists: " + index.schema.name);
      }
      out.creates.push_back(std::move(index));
      continue;
    }
    const auto* spec = change != nullptr ? change : remove;
    auto name = protocol::get_string(*spec, "IndexName");
    if (!name) {
      ConstraintErrors errors;
      errors.add(ConstraintErrors::kNull, path + (change ? ".update.indexName" : ".delete.indexName"),
                 "Member must not be null");
      errors.throw_if_any();
    }
    const auto* index = table.find_index(*name);
    if (index == nullptr) {
      // Captured for an Update of a missing index (ack-api-quirks
      // DDB-TABLE-375 and DDB-TABLE-456, us-east-1 and us-west-2, 2026-10-09:
      // "Requested resource not found: Index gsi1 for table <table>"); a
      // Delete is refused with the same ResourceNotFoundException
      // (Ketlark/dynamodb-conformance updateTable/gsi.test.ts, run against
      // DynamoDB) and is given the same text.
      throw DynamoError::resource_not_found("Requested resource not found: Index " + std::string(*name) +
                                            " for table " + table.name);
    }
    if (index->schema.kind != model::IndexKind::kGlobal) {
      throw DynamoError::validation(std::string(remove ? "Cannot delete" : "Cannot update") +
                                    " an index that is not a GlobalSecondaryIndex: " + std::string(*name));
    }
    if (remove != nullptr) {
      out.deletes.emplace_back(*name);
      continue;
    }
    ConstraintErrors errors;
    auto throughput = parse_throughput(*change, errors);
    errors.throw_if_any();
    if (!throughput) {
      throw DynamoError::validation(std::string(kInvalid) + "ProvisionedThroughput must be specified for index: " +
                                    std::string(*name));
    }
    if (mode == catalog::BillingMode::kPayPerRequest) {
      throw DynamoError::validation(std::string(kInvalid) + "ProvisionedThroughput should not be specified for index: " +
                                    std::string(*name) + " when BillingMode is PAY_PER_REQUEST");
    }
    check_throughput_bounds(*throughput);
    out.throughput_updates.emplace_back(std::string(*name), *throughput);
  }
  // Developer Guide: "You can create or delete only one global secondary
  // index per UpdateTable operation", and one at a time per table.
  if (out.creates.size() + out.deletes.size() > 1) {
    throw DynamoError::limit_exceeded(
        "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table");
  }
  if (!out.creates.empty() || !out.deletes.empty()) {
    for (const auto& index : table.indexes) {
      if (index.status != catalog::IndexStatus::kActive) {
        throw DynamoError::limit_exceeded(
            "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table");
      }
    }
  }
  std::size_t globals = out.creates.size();
  for (const auto& index : table.indexes) globals += index.schema.kind == model::IndexKind::kGlobal;
  if (globals > kMaxGlobalIndexes) {
    // ack-api-quirks DDB-TABLE-169 (2026-10-08): a 21st GSI through UpdateTable
    // is LimitExceededException with this text (CreateTable's is a
    // ValidationException, "GlobalSecondaryIndex count exceeds the per-table
    // limit of 20").
    throw DynamoError::limit_exceeded(
        "Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit of 20");
  }
  return out;
}

void apply_gsi_updates(const GsiUpdates& updates, catalog::TableInfo& table, const catalog::StatusDelays& delays,
                       double now) {
  for (const auto& name : updates.deletes) catalog::remove_global_index(table, name, delays, now);
  for (const auto& [name, throughput] : updates.throughput_updates) {
    catalog::update_index_throughput(table, name, *throughput.read, *throughput.write, delays, now);
  }
  for (const auto& index : updates.creates) catalog::add_global_index(table, index, delays, now);
  // Keep only definitions some key still uses (DynamoDB drops the others).
  std::vector<catalog::AttributeDefinition> used;
  for (const auto& def : updates.definitions) {
    bool is_used = table.key_schema.is_key_attribute(def.name);
    for (const auto& index : table.indexes) is_used = is_used || index.schema.is_key_attribute(def.name);
    if (is_used) used.push_back(def);
  }
  table.attribute_definitions = std::move(used);
}

}  // namespace dynastore::api
