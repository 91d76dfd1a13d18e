#include "api/item_keys.h"

#include "dynastore/model/item_size.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

using protocol::DynamoError;

namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";
constexpr std::string_view kKeyMismatch = "The provided key element does not match the schema";

void check_not_empty(const model::AttributeValue& value, const std::string& name) {
  if (value.type() == model::AttributeType::kNumber || !value.scalar().empty()) return;
  const char* what = value.type() == model::AttributeType::kBinary ? "binary" : "string";
  throw DynamoError::validation(
      std::string("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ") +
      what + " value. Key: " + name);
}

void check_key_sizes(const catalog::TableInfo& table, const model::Item& item) {
  const auto& schema = table.key_schema;
  if (model::value_size(item.at(schema.hash.name)) > kMaxPartitionKeyBytes) {
    // DynamoDB's text, missing space included.
    throw DynamoError::validation(std::string(kInvalid) +
                                  "Size of hashkey has exceeded the maximum size limit of2048 bytes");
  }
  if (schema.range && model::value_size(item.at(schema.range->name)) > kMaxSortKeyBytes) {
    throw DynamoError::validation(std::string(kInvalid) +
                                  "Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
  }
}

// An empty string or binary value of the index key's own type: what
// DynamoDB says of it, or "".
std::string empty_index_key(const catalog::IndexInfo& index, const model::KeyAttribute& key,
                            const model::AttributeValue& value) {
  const auto expected = model::attribute_type_of(key.type);
  if (value.type() != expected || expected == model::AttributeType::kNumber || !value.scalar().empty()) return {};
  return std::string("One or more parameter values are not valid. A value specified for a secondary index key is "
                     "not supported. The AttributeValue for a key attribute cannot contain an empty ") +
         (expected == model::AttributeType::kBinary ? "binary" : "string") + " value. IndexName: " +
         index.schema.name + ", IndexKey: " + key.name;
}

// What is wrong with `value` as `key` of `index`, or "" when nothing is.
std::string index_key_violation(const catalog::IndexInfo& index, const model::KeyAttribute& key, bool is_hash_key,
                                const model::AttributeValue& value) {
  const auto expected = model::attribute_type_of(key.type);
  if (value.type() != expected) {
    return std::string(kInvalid) + "Type mismatch for Index Key " + key.name +
           " Expected: " + std::string(model::type_descriptor(expected)) +
           " Actual: " + std::string(model::type_descriptor(value.type())) + " IndexName: " + index.schema.name;
  }
  const std::size_t limit = is_hash_key ? kMaxPartitionKeyBytes : kMaxSortKeyBytes;
  if (model::value_size(value) > limit) {
    return std::string(kInvalid) + "Index key value for IndexName: " + index.schema.name + ", IndexKey: " + key.name +
           " exceeds the maximum size limit of " + std::to_string(limit) + " bytes";
  }
  return empty_index_key(index, key, value);
}

// The first violation of `index`'s keys in `item`, in key order; `all`
// false looks for empty values only.
std::string first_violation(const catalog::IndexInfo& index, const model::Item& item, bool all) {
  for (const auto* keys : {&index.schema.hash_keys, &index.schema.range_keys}) {
    for (const auto& key : *keys) {
      auto it = item.find(key.name);
      if (it == item.end()) continue;
      auto violation = all ? index_key_violation(index, key, keys == &index.schema.hash_keys, it->second)
                           : empty_index_key(index, key, it->second);
      if (!violation.empty()) return violation;
    }
  }
  return {};
}

// Index key attributes are optional (sparse indexes) but, when present, must
// have the type the index declares, fit its size and not be empty. With
// several indexes broken, DynamoDB names the alphabetically first (an
// attribute that keys gsi1 and lsi1 is reported for gsi1, whatever the
// order of the table's definition: Ketlark/dynamodb-conformance
// tests/tier3/error-messages/indexKeyValues.test.ts, captured in four
// regions, 2026-06-23).
void check_index_keys(const catalog::TableInfo& table, const model::Item& item, bool all = true) {
  const catalog::IndexInfo* reported = nullptr;
  std::string message;
  for (const auto& index : table.indexes) {
    if (reported != nullptr && index.schema.name >= reported->schema.name) continue;
    auto violation = first_violation(index, item, all);
    if (violation.empty()) continue;
    reported = &index;
    message = std::move(violation);
  }
  if (reported != nullptr) throw DynamoError::validation(message);
}

}  // namespace

const json::Value& required_map(const json::Value& request, std::string_view member, std::string_view path) {
  const auto* value = protocol::get_object(request, member);
  if (value == nullptr) {
    protocol::ConstraintErrors errors;
    errors.add(protocol::ConstraintErrors::kNull, path, "Member must not be null");
    errors.throw_if_any();
  }
  return *value;
}

model::Item parse_key(const catalog::TableInfo& table, const json::Value& key_json, protocol::ValueWording wording) {
  model::Item key = protocol::parse_item(key_json, wording);
  validate_key(table, key);
  return key;
}

void validate_key(const catalog::TableInfo& table, const model::Item& key) {
  const auto& schema = table.key_schema;
  const std::size_t expected = schema.range ? 2 : 1;
  if (key.size() != expected) throw DynamoError::validation(std::string(kKeyMismatch));
  auto check = [&](const model::KeyAttribute& attribute) {
    auto it = key.find(attribute.name);
    if (it == key.end() || it->second.type() != model::attribute_type_of(attribute.type)) {
      throw DynamoError::validation(std::string(kKeyMismatch));
    }
    check_not_empty(it->second, attribute.name);
  };
  check(schema.hash);
  if (schema.range) check(*schema.range);
  check_key_sizes(table, key);
}

void check_no_nested_index_keys(const catalog::TableInfo& table, const std::set<std::string>& nested_names) {
  for (const auto& index : table.indexes) {
    for (const auto& name : nested_names) {
      if (index.schema.is_key_attribute(name) && !table.key_schema.is_key_attribute(name)) {
        throw DynamoError::validation(
            "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: " +
            name);
      }
    }
  }
}

void check_key_values_not_empty(const catalog::TableInfo& table, const model::Item& item, bool with_index_keys) {
  auto check = [&](const model::KeyAttribute& attribute) {
    auto it = item.find(attribute.name);
    if (it != item.end() && it->second.type() == model::attribute_type_of(attribute.type)) {
      check_not_empty(it->second, attribute.name);
    }
  };
  check(table.key_schema.hash);
  if (table.key_schema.range) check(*table.key_schema.range);
  if (with_index_keys) check_index_keys(table, item, /*all=*/false);
}

model::Item key_attributes(const catalog::TableInfo& table, const model::Item& item) {
  model::Item key;
  for (const auto& [name, value] : item) {
    if (table.key_schema.is_key_attribute(name)) key.emplace(name, value);
  }
  return key;
}

void validate_item_for_write(const catalog::TableInfo& table, const model::Item& item, std::string_view size_message) {
  auto check = [&](const model::KeyAttribute& attribute) {
    auto it = item.find(attribute.name);
    if (it == item.end()) {
      throw DynamoError::validation(std::string(kInvalid) + "Missing the key " + attribute.name + " in the item");
    }
    const auto expected = model::attribute_type_of(attribute.type);
    if (it->second.type() != expected) {
      throw DynamoError::validation(std::string(kInvalid) + "Type mismatch for key " + attribute.name +
                                    " expected: " + std::string(model::type_descriptor(expected)) +
                                    " actual: " + std::string(model::type_descriptor(it->second.type())));
    }
    check_not_empty(it->second, attribute.name);
  };
  check(table.key_schema.hash);
  if (table.key_schema.range) check(*table.key_schema.range);
  check_key_sizes(table, item);
  check_index_keys(table, item);
  for (const auto& [name, value] : item) {
    if (name.empty()) throw DynamoError::validation(std::string(kInvalid) + "An attribute name cannot be empty");
    if (name.size() > kMaxAttributeNameBytes) {
      throw DynamoError::validation(std::string(kInvalid) + "Attribute name is too large, must be less than 65536 bytes");
    }
  }
  if (model::item_size(item) > model::kMaxItemSize) {
    throw DynamoError::validation(std::string(size_message));
  }
}

}  // namespace dynastore::api
