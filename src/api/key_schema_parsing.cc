#include "api/key_schema_parsing.h"

#include <algorithm>

#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

using protocol::ConstraintErrors;
using protocol::DynamoError;
using protocol::get_string;

namespace {
constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

void check_attribute_name(std::optional<std::string_view> name, const std::string& path, ConstraintErrors& errors) {
  if (!name) {
    errors.add(ConstraintErrors::kNull, path, "Member must not be null");
  } else if (name->empty() || name->size() > 255) {
    errors.add(ConstraintErrors::quoted(*name), path,
               name->empty() ? "Member must have length greater than or equal to 1"
                             : "Member must have length less than or equal to 255");
  }
}
// A key schema as DynamoDB echoes it in a length violation: its Java
// model's toString, "[KeySchemaElement(attributeName=pk, keyType=HASH)]"
// (captured from DynamoDB, eu-west-2, 2026-09-20: paritysuite/
// dynamodb-conformance captures/cross-region-latest.json, c_ct_3keys).
std::string shown_key_schema(const json::Value& array) {
  std::string out = "'[";
  for (const auto& element : array.GetArray()) {
    if (out.size() > 2) out += ", ";
    auto member = [&element](const char* name) {
      const auto value = element.IsObject() ? get_string(element, name) : std::nullopt;
      return value ? std::string(*value) : std::string("null");
    };
    out += "KeySchemaElement(attributeName=" + member("AttributeName") + ", keyType=" + member("KeyType") + ")";
  }
  return out + "]'";
}
}  // namespace

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out;
}

std::vector<catalog::AttributeDefinition> parse_attribute_definitions(const json::Value& request,
                                                                      ConstraintErrors& errors) {
  std::vector<catalog::AttributeDefinition> defs;
  const auto* array = protocol::get_array(request, "AttributeDefinitions");
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
    check_attribute_name(name, prefix + "attributeName", errors);
    if (name && scalar) defs.push_back({std::string(*name), *scalar});
  }
  return defs;
}

std::vector<KeyElement> parse_key_schema(const json::Value* array, const std::string& path, std::size_t max_elements,
                                         ConstraintErrors& errors) {
  std::vector<KeyElement> keys;
  if (array == nullptr) {
    errors.add(ConstraintErrors::kNull, path, "Member must not be null");
    return keys;
  }
  if (!array->IsArray()) throw DynamoError::serialization("Unexpected value type in payload");
  if (array->Size() < 1 || array->Size() > max_elements) {
    errors.add(shown_key_schema(*array), path,
               array->Size() < 1 ? "Member must have length greater than or equal to 1"
                                 : "Member must have length less than or equal to " + std::to_string(max_elements));
  }
  int index = 0;
  for (const auto& element : array->GetArray()) {
    ++index;
    if (!element.IsObject()) throw DynamoError::serialization("Unexpected value type in payload");
    const std::string prefix = path + "." + std::to_string(index) + ".member.";
    auto name = get_string(element, "AttributeName");
    auto key_type = get_string(element, "KeyType");
    if (!key_type) {
      errors.add(ConstraintErrors::kNull, prefix + "keyType", "Member must not be null");
    } else if (*key_type != "HASH" && *key_type != "RANGE") {
      errors.add(ConstraintErrors::quoted(*key_type), prefix + "keyType", "Member must satisfy enum value set: [HASH, RANGE]");
    }
    check_attribute_name(name, prefix + "attributeName", errors);
    if (name && key_type) keys.push_back({std::string(*name), std::string(*key_type)});
  }
  return keys;
}

void check_key_schema(const std::vector<KeyElement>& keys, const std::vector<catalog::AttributeDefinition>& definitions,
                      std::size_t max_per_kind) {
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
  for (std::size_t i = 0; i < key_names.size(); ++i) {
    for (std::size_t j = i + 1; j < key_names.size(); ++j) {
      if (key_names[i] == key_names[j]) {
        throw DynamoError::validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
      }
    }
  }
  if (keys[0].key_type != "HASH") {
    throw DynamoError::validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  // HASH elements come first, then RANGE elements.
  std::size_t hashes = 0;
  while (hashes < keys.size() && keys[hashes].key_type == "HASH") ++hashes;
  for (std::size_t i = hashes; i < keys.size(); ++i) {
    if (keys[i].key_type != "RANGE") {
      throw DynamoError::validation(max_per_kind == 1
                                        ? "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"
                                        : std::string(kInvalid) +
                                              "All HASH key attributes must precede RANGE key attributes in the KeySchema");
    }
  }
  if (max_per_kind == 1 && hashes > 1) {
    throw DynamoError::validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
  }
  for (const char* kind : {"HASH", "RANGE"}) {
    const std::size_t count = std::string_view(kind) == "HASH" ? hashes : keys.size() - hashes;
    if (count > max_per_kind) {
      throw DynamoError::validation(std::string(kInvalid) + "The KeySchema exceeds the maximum allowed number of " +
                                    kind + " key attributes");
    }
  }
  for (std::size_t i = 0; i < def_names.size(); ++i) {
    for (std::size_t j = i + 1; j < def_names.size(); ++j) {
      if (def_names[i] == def_names[j]) {
        throw DynamoError::validation(std::string(kInvalid) + "Duplicate AttributeName in AttributeDefinitions: " + def_names[i]);
      }
    }
  }
}

model::ScalarType type_of(const std::vector<catalog::AttributeDefinition>& definitions, const std::string& name) {
  for (const auto& def : definitions) {
    if (def.name == name) return def.type;
  }
  return model::ScalarType::kString;
}

}  // namespace dynastore::api
