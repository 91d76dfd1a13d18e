// Parsing and checking KeySchema / AttributeDefinitions, shared by the table
// and its secondary indexes (CreateTable, UpdateTable's index creation).
#pragma once

#include <string>
#include <vector>

#include "dynastore/catalog/table_info.h"
#include "dynastore/json/json.h"
#include "dynastore/protocol/constraint_errors.h"

namespace dynastore::api {

struct KeyElement {
  std::string name;
  std::string key_type;  // "HASH" or "RANGE" (validated)
};

// AttributeDefinitions of the request; constraint violations go to `errors`.
std::vector<catalog::AttributeDefinition> parse_attribute_definitions(const json::Value& request,
                                                                      protocol::ConstraintErrors& errors);

// A KeySchema array at `path` ("keySchema", "globalSecondaryIndexes.1.member.keySchema").
// `max_elements` is 2 for tables and LSIs, 8 for GSIs (multi-attribute keys).
std::vector<KeyElement> parse_key_schema(const json::Value* array, const std::string& path, std::size_t max_elements,
                                         protocol::ConstraintErrors& errors);

// Semantic checks DynamoDB applies to a table's or index's key schema, in its
// order: every key defined, hash and range names differ, HASH elements first,
// then RANGE elements (at most `max_per_kind` of each). Throws.
void check_key_schema(const std::vector<KeyElement>& keys, const std::vector<catalog::AttributeDefinition>& definitions,
                      std::size_t max_per_kind);

// The definition's type for `name` (callers have checked it exists).
model::ScalarType type_of(const std::vector<catalog::AttributeDefinition>& definitions, const std::string& name);

std::string join_names(const std::vector<std::string>& names);

}  // namespace dynastore::api
