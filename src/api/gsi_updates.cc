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

std::vector<catalog::AttributeDefinition> merged_definitions(const json::Value& request,
                                                             const catalog::TableInfo& table) {
  auto definitions = table.attribute_definitions;
  if (protocol::find_member(request, "AttributeDefinitions") == nullptr) return definitions;
  ConstraintErrors errors;
  for (auto& def : parse_attribute_definitions(request, errors)) {
    auto it = std::find_if(definitions.begin(), definitions.end(), [&](const auto& d) { return d.name == def.name; });
    if (it == definitions.end()) {
      definitions.push_back(std::move(def));
    } else if (it->type != def.type) {
      throw DynamoError::validation(std::string(kInvalid) + "Cannot change the type of an existing attribute: " +
                                    def.name);
    }
  }
  errors.throw_if_any();
  return definitions;
}

}  // namespace

GsiUpdates parse_gsi_updates(const json::Value& request, const json::Value& updates, const catalog::TableInfo& table,
                             catalog::BillingMode mode) {
  GsiUpdates out;
  out.definitions = merged_definitions(request, table);
  int position = 0;
  for (const auto& update : updates.GetArray()) {
    const std::string path = "globalSecondaryIndexUpdates." + std::to_string(++position) + ".member";
    if (!update.IsObject()) throw DynamoError::serialization("Unexpected value type in payload");
    const auto* create = protocol::get_object(update, "Create");
    const auto* change = protocol::get_object(update, "Update");
    const auto* remove = protocol::get_object(update, "Delete");
    if ((create != nullptr) + (change != nullptr) + (remove != nullptr) != 1) {
      throw DynamoError::validation(std::string(kInvalid) +
                                    "One of GlobalSecondaryIndexUpdate.Create, Update or Delete must be specified");
    }
    if (create != nullptr) {
      auto index = parse_global_index(*create, path + ".create", out.definitions, mode);
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
    if (index == nullptr || index->schema.kind != model::IndexKind::kGlobal) {
      throw DynamoError::resource_not_found("Requested resource not found: Index: " + std::string(*name) + " not found");
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
    throw DynamoError::validation(std::string(kInvalid) +
                                  "Only one global secondary index can be created or deleted per UpdateTable operation");
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
    throw DynamoError::limit_exceeded("GlobalSecondaryIndex count exceeds the per-table limit of 20");
  }
  return out;
}

void apply_gsi_updates(const GsiUpdates& updates, catalog::TableInfo& table) {
  for (const auto& name : updates.deletes) {
    std::erase_if(table.indexes, [&](const auto& index) { return index.schema.name == name; });
  }
  for (const auto& [name, throughput] : updates.throughput_updates) {
    for (auto& index : table.indexes) {
      if (index.schema.name != name) continue;
      index.throughput.read_capacity_units = *throughput.read;
      index.throughput.write_capacity_units = *throughput.write;
    }
  }
  for (auto index : updates.creates) {
    index.schema.index_id = 0;  // the catalog assigns a storage id
    index.status = catalog::IndexStatus::kCreating;
    index.backfilling = true;
    table.indexes.push_back(std::move(index));
  }
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
