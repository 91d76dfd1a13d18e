// CreateTable: validation per the API Reference (CreateTable) and the
// Developer Guide's naming rules; messages as DynamoDB sends them.
#include "api/operations.h"
#include "api/status_mapping.h"
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

struct KeyElement {
  std::string name;
  std::string key_type;
};

std::vector<catalog::AttributeDefinition> parse_definitions(const json::Value& request, ConstraintErrors& errors) {
  std::vector<catalog::AttributeDefinition> defs;
  const auto* array = get_array(request, "AttributeDefinitions");
  if (array == nullptr) {
    errors.add(ConstraintErrors::kNull, "attributeDefinitions", "Member must not be null");
    return defs;
  }
  int index = 0;
  for (const auto& element : array->GetArray()) {
    ++index;
    if (!element.IsObject()) throw DynamoError::serialization("Unexpected value type in payload");
    const std::string prefix = "attributeDefinitions." + std::to_string(index) + ".member.";
    auto name = get_string(element, "AttributeName");
    auto type = get_string(element, "AttributeType");
    std::optional<model::ScalarType> scalar;
    if (!type) {
      errors.add(ConstraintErrors::kNull, prefix + "attributeType", "Member must not be null");
    } else if (!(scalar = model::parse_scalar_type(*type))) {
      errors.add(ConstraintErrors::quoted(*type), prefix + "attributeType", "Member must satisfy enum value set: [B, N, S]");
    }
    if (!name) {
      errors.add(ConstraintErrors::kNull, prefix + "attributeName", "Member must not be null");
    } else if (name->empty() || name->size() > 255) {
      errors.add(ConstraintErrors::quoted(*name), prefix + "attributeName",
                 name->empty() ? "Member must have length greater than or equal to 1"
                               : "Member must have length less than or equal to 255");
    }
    if (name && scalar) defs.push_back({std::string(*name), *scalar});
  }
  return defs;
}

std::vector<KeyElement> parse_key_schema(const json::Value& request, ConstraintErrors& errors) {
  std::vector<KeyElement> keys;
  const auto* array = get_array(request, "KeySchema");
  if (array == nullptr) {
    errors.add(ConstraintErrors::kNull, "keySchema", "Member must not be null");
    return keys;
  }
  if (array->Size() < 1 || array->Size() > 2) {
    errors.add("'" + std::string(array->Size() == 0 ? "[]" : "[...]") + "'", "keySchema",
               array->Size() < 1 ? "Member must have length greater than or equal to 1"
                                 : "Member must have length less than or equal to 2");
  }
  int index = 0;
  for (const auto& element : array->GetArray()) {
    ++index;
    if (!element.IsObject()) throw DynamoError::serialization("Unexpected value type in payload");
    const std::string prefix = "keySchema." + std::to_string(index) + ".member.";
    auto name = get_string(element, "AttributeName");
    auto key_type = get_string(element, "KeyType");
    if (!key_type) {
      errors.add(ConstraintErrors::kNull, prefix + "keyType", "Member must not be null");
    } else if (*key_type != "HASH" && *key_type != "RANGE") {
      errors.add(ConstraintErrors::quoted(*key_type), prefix + "keyType", "Member must satisfy enum value set: [HASH, RANGE]");
    }
    if (!name) {
      errors.add(ConstraintErrors::kNull, prefix + "attributeName", "Member must not be null");
    } else if (name->empty() || name->size() > 255) {
      errors.add(ConstraintErrors::quoted(*name), prefix + "attributeName",
                 name->empty() ? "Member must have length greater than or equal to 1"
                               : "Member must have length less than or equal to 255");
    }
    if (name && key_type) keys.push_back({std::string(*name), std::string(*key_type)});
  }
  return keys;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out;
}

// Features whose issues have not landed: refused loudly, never ignored.
void reject_unsupported(const json::Value& request) {
  const auto* gsi = get_array(request, "GlobalSecondaryIndexes");
  const auto* lsi = get_array(request, "LocalSecondaryIndexes");
  if ((gsi && !gsi->Empty()) || (lsi && !lsi->Empty())) {
    throw DynamoError::validation(std::string(kInvalid) +
                                  "Secondary indexes are not supported by this server yet");
  }
  if (const auto* stream = protocol::get_object(request, "StreamSpecification")) {
    if (protocol::get_bool(*stream, "StreamEnabled").value_or(false)) {
      throw DynamoError::validation(std::string(kInvalid) + "Streams are not supported by this server yet");
    }
  }
}

}  // namespace

void create_table(RequestContext& context, const json::Value& request, json::Writer& response) {
  ConstraintErrors errors;
  std::string table_name;
  if (auto raw = get_string(request, "TableName")) {
    table_name = std::string(*raw);
    add_table_name_errors(table_name, table_name, "tableName", errors);
  } else {
    errors.add(ConstraintErrors::kNull, "tableName", "Member must not be null");
  }
  auto definitions = parse_definitions(request, errors);
  auto keys = parse_key_schema(request, errors);
  auto billing = parse_billing_mode(request, errors);
  auto throughput = parse_throughput(request, errors);
  auto on_demand = parse_on_demand(request, errors);
  auto table_class = parse_table_class(request, errors);
  std::vector<catalog::Tag> tags;
  if (const auto* tag_array = get_array(request, "Tags")) tags = parse_tags(*tag_array, errors, "tags");
  const auto deletion_protection = protocol::get_bool(request, "DeletionProtectionEnabled");
  errors.throw_if_any();

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
  if (tags.size() > 50) throw DynamoError::validation("One or more parameter values were invalid: Too many tags");

  std::vector<std::string> def_names, key_names;
  for (const auto& def : definitions) def_names.push_back(def.name);
  for (const auto& key : keys) key_names.push_back(key.name);
  if (key_names.size() > def_names.size()) {
    throw DynamoError::validation("Invalid KeySchema: Some index key attribute have no definition");
  }
  for (const auto& key : key_names) {
    if (std::find(def_names.begin(), def_names.end(), key) == def_names.end()) {
      throw DynamoError::validation(std::string(kInvalid) +
                                    "Some index key attributes are not defined in AttributeDefinitions. Keys: [" +
                                    join_names(key_names) + "], AttributeDefinitions: [" + join_names(def_names) + "]");
    }
  }
  if (keys.size() == 2 && keys[0].name == keys[1].name) {
    throw DynamoError::validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
  }
  if (keys[0].key_type != "HASH") {
    throw DynamoError::validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  if (keys.size() == 2 && keys[1].key_type != "RANGE") {
    throw DynamoError::validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
  }
  for (std::size_t i = 0; i < def_names.size(); ++i) {
    for (std::size_t j = i + 1; j < def_names.size(); ++j) {
      if (def_names[i] == def_names[j]) {
        throw DynamoError::validation(std::string(kInvalid) + "Duplicate AttributeName in AttributeDefinitions: " + def_names[i]);
      }
    }
  }
  reject_unsupported(request);
  if (keys.size() != definitions.size()) {
    throw DynamoError::validation(std::string(kInvalid) +
                                  "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
  }

  catalog::TableInfo info;
  info.name = table_name;
  auto type_of = [&](const std::string& name) {
    for (const auto& def : definitions) {
      if (def.name == name) return def.type;
    }
    return model::ScalarType::kString;
  };
  info.key_schema.hash = {keys[0].name, type_of(keys[0].name)};
  if (keys.size() == 2) info.key_schema.range = model::KeyAttribute{keys[1].name, type_of(keys[1].name)};
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
  // Tables are usable at once, as with DynamoDB Local: creation is a single
  // durable catalog write here, so there is no real CREATING phase to show.
  info.status = catalog::TableStatus::kActive;

  auto created = context.catalog.create(std::move(info));
  if (!created.is_ok()) {
    if (created.status().code() == StatusCode::kAlreadyExists) {
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
