#include "api/index_definitions.h"

#include <algorithm>
#include <set>

#include "api/key_schema_parsing.h"
#include "api/table_lookup.h"
#include "api/table_options.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

using protocol::ConstraintErrors;
using protocol::DynamoError;

namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

[[noreturn]] void invalid(const std::string& text) { throw DynamoError::validation(std::string(kInvalid) + text); }

struct ParsedIndex {
  catalog::IndexInfo info;
  std::vector<KeyElement> keys;
  bool has_throughput = false;
};

ParsedIndex parse_common(const json::Value& spec, const std::string& path, std::size_t max_key_elements,
                         ConstraintErrors& errors) {
  if (!spec.IsObject()) throw DynamoError::serialization("Unexpected value type in payload");
  ParsedIndex parsed;
  auto name = protocol::get_string(spec, "IndexName");
  if (!name) {
    errors.add(ConstraintErrors::kNull, path + ".indexName", "Member must not be null");
  } else {
    add_table_name_errors(*name, *name, path + ".indexName", errors);
    parsed.info.schema.name = std::string(*name);
  }
  parsed.keys = parse_key_schema(protocol::find_member(spec, "KeySchema"), path + ".keySchema", max_key_elements, errors);
  const auto* projection = protocol::get_object(spec, "Projection");
  if (projection == nullptr) {
    errors.add(ConstraintErrors::kNull, path + ".projection", "Member must not be null");
    return parsed;
  }
  auto type = protocol::get_string(*projection, "ProjectionType");
  const auto* non_key = protocol::get_array(*projection, "NonKeyAttributes");
  if (!type) invalid("Unknown ProjectionType: null");
  if (*type == "ALL") parsed.info.schema.projection = model::ProjectionType::kAll;
  else if (*type == "KEYS_ONLY") parsed.info.schema.projection = model::ProjectionType::kKeysOnly;
  else if (*type == "INCLUDE") parsed.info.schema.projection = model::ProjectionType::kInclude;
  else {
    errors.add(ConstraintErrors::quoted(*type), path + ".projection.projectionType",
               "Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]");
  }
  if (non_key != nullptr) {
    if (non_key->Empty() || non_key->Size() > 20) {
      errors.add(non_key->Empty() ? "'[]'" : "'[...]'", path + ".projection.nonKeyAttributes",
                 non_key->Empty() ? "Member must have length greater than or equal to 1"
                                  : "Member must have length less than or equal to 20");
    }
    for (const auto& attribute : non_key->GetArray()) {
      if (!attribute.IsString()) throw DynamoError::serialization("Unexpected value type in payload");
      std::string name(attribute.GetString(), attribute.GetStringLength());
      auto& names = parsed.info.schema.non_key_attributes;
      if (std::find(names.begin(), names.end(), name) != names.end()) {
        invalid("Duplicate element in NonKeyAttributes: " + name);
      }
      names.push_back(std::move(name));
    }
  }
  parsed.has_throughput = protocol::find_member(spec, "ProvisionedThroughput") != nullptr;
  return parsed;
}

void finish_keys(ParsedIndex& parsed, const std::vector<catalog::AttributeDefinition>& definitions,
                 std::size_t max_per_kind) {
  check_key_schema(parsed.keys, definitions, max_per_kind);
  auto& schema = parsed.info.schema;
  for (const auto& key : parsed.keys) {
    model::KeyAttribute attribute{key.name, type_of(definitions, key.name)};
    (key.key_type == "HASH" ? schema.hash_keys : schema.range_keys).push_back(std::move(attribute));
  }
  const auto& projection_type = schema.projection;
  if (projection_type == model::ProjectionType::kInclude && schema.non_key_attributes.empty()) {
    invalid("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
  }
  if (!schema.non_key_attributes.empty() && projection_type != model::ProjectionType::kInclude) {
    invalid(std::string("ProjectionType is ") + (projection_type == model::ProjectionType::kAll ? "ALL" : "KEYS_ONLY") +
            ", but NonKeyAttributes is specified");
  }
}

}  // namespace

catalog::IndexInfo parse_global_index(const json::Value& spec, const std::string& path,
                                      const std::vector<catalog::AttributeDefinition>& definitions,
                                      catalog::BillingMode mode, bool for_table_creation) {
  ConstraintErrors errors;
  auto parsed = parse_common(spec, path, 2 * kMaxKeyAttributesPerKind, errors);
  ThroughputRequest throughput;
  if (const auto* pt = protocol::get_object(spec, "ProvisionedThroughput")) {
    throughput.read = protocol::get_integer(*pt, "ReadCapacityUnits");
    throughput.write = protocol::get_integer(*pt, "WriteCapacityUnits");
    if (!throughput.read || *throughput.read < 1) {
      errors.add(throughput.read ? ConstraintErrors::quoted(std::to_string(*throughput.read)) : std::string(ConstraintErrors::kNull),
                 path + ".provisionedThroughput.readCapacityUnits",
                 throughput.read ? "Member must have value greater than or equal to 1" : "Member must not be null");
    }
    if (!throughput.write || *throughput.write < 1) {
      errors.add(throughput.write ? ConstraintErrors::quoted(std::to_string(*throughput.write)) : std::string(ConstraintErrors::kNull),
                 path + ".provisionedThroughput.writeCapacityUnits",
                 throughput.write ? "Member must have value greater than or equal to 1" : "Member must not be null");
    }
  }
  catalog::OnDemandThroughput on_demand;
  if (auto od = parse_on_demand(spec, errors)) on_demand = *od;
  errors.throw_if_any();
  finish_keys(parsed, definitions, kMaxKeyAttributesPerKind);
  auto& info = parsed.info;
  info.schema.kind = model::IndexKind::kGlobal;
  if (mode == catalog::BillingMode::kPayPerRequest && parsed.has_throughput) {
    invalid(for_table_creation ? "ProvisionedThroughput should not be specified for index: " + info.schema.name +
                                     " when BillingMode is PAY_PER_REQUEST"
                               : "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: " +
                                     info.schema.name + " when BillingMode is PAY_PER_REQUEST");
  }
  if (mode == catalog::BillingMode::kProvisioned && !parsed.has_throughput) {
    invalid(std::string("ProvisionedThroughput ") + (for_table_creation ? "is not specified" : "must be specified") +
            " for index: " + info.schema.name);
  }
  if (parsed.has_throughput) {
    check_throughput_bounds(throughput);
    info.throughput.read_capacity_units = *throughput.read;
    info.throughput.write_capacity_units = *throughput.write;
  }
  info.on_demand = on_demand;
  return info;
}

std::vector<catalog::IndexInfo> parse_create_table_indexes(const json::Value& request, const model::KeySchema& table_key,
                                                           const std::vector<catalog::AttributeDefinition>& definitions,
                                                           catalog::BillingMode mode) {
  std::vector<catalog::IndexInfo> indexes;
  std::set<std::string> names;
  auto add = [&](catalog::IndexInfo info) {
    if (!names.insert(info.schema.name).second) invalid("Duplicate index name: " + info.schema.name);
    indexes.push_back(std::move(info));
  };

  if (const auto* lsis = protocol::get_array(request, "LocalSecondaryIndexes")) {
    if (lsis->Empty()) invalid("List of LocalSecondaryIndexes is empty");
    if (!table_key.range) {
      invalid("Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
    }
    int position = 0;
    for (const auto& spec : lsis->GetArray()) {
      const std::string path = "localSecondaryIndexes." + std::to_string(++position) + ".member";
      ConstraintErrors errors;
      auto parsed = parse_common(spec, path, 2, errors);
      errors.throw_if_any();
      finish_keys(parsed, definitions, 1);
      auto& schema = parsed.info.schema;
      schema.kind = model::IndexKind::kLocal;
      if (schema.range_keys.empty()) invalid("Index KeySchema does not have a range key for index: " + schema.name);
      if (schema.hash_keys[0].name != table_key.hash.name) {
        invalid("Index KeySchema does not have the same leading hash key as table KeySchema for index: " + schema.name +
                ". index hash key: " + schema.hash_keys[0].name + ", table hash key: " + table_key.hash.name);
      }
      if (parsed.has_throughput) {
        invalid("ProvisionedThroughput should not be specified for index: " + schema.name);
      }
      add(std::move(parsed.info));
    }
    if (lsis->Size() > kMaxLocalIndexes) invalid("Number of LocalSecondaryIndexes exceeds per-table limit of 5");
  }

  if (const auto* gsis = protocol::get_array(request, "GlobalSecondaryIndexes")) {
    if (gsis->Empty()) invalid("List of GlobalSecondaryIndexes is empty");
    int position = 0;
    for (const auto& spec : gsis->GetArray()) {
      add(parse_global_index(spec, "globalSecondaryIndexes." + std::to_string(++position) + ".member", definitions, mode,
                             /*for_table_creation=*/true));
    }
    if (gsis->Size() > kMaxGlobalIndexes) invalid("GlobalSecondaryIndex count exceeds the per-table limit of 20");
  }

  std::size_t projected = 0;
  for (const auto& index : indexes) projected += index.schema.non_key_attributes.size();
  if (projected > kMaxProjectedAttributes) {
    invalid("Number of projected attributes in all indexes exceeds the limit of 100, provided: " +
            std::to_string(projected));
  }
  return indexes;
}

void check_definitions_used(const std::vector<catalog::AttributeDefinition>& definitions, const model::KeySchema& table_key,
                            const std::vector<catalog::IndexInfo>& indexes) {
  std::vector<std::string> used{table_key.hash.name};
  if (table_key.range) used.push_back(table_key.range->name);
  for (const auto& index : indexes) {
    for (const auto* keys : {&index.schema.hash_keys, &index.schema.range_keys}) {
      for (const auto& k : *keys) {
        if (std::find(used.begin(), used.end(), k.name) == used.end()) used.push_back(k.name);
      }
    }
  }
  std::vector<std::string> defined;
  for (const auto& def : definitions) defined.push_back(def.name);
  for (const auto& name : defined) {
    if (std::find(used.begin(), used.end(), name) == used.end()) {
      invalid("Some AttributeDefinitions are not used. AttributeDefinitions: [" + join_names(defined) +
              "], keys used: [" + join_names(used) + "]");
    }
  }
}

}  // namespace dynastore::api
