// Checking items and keys against a table's key schema, with DynamoDB's
// messages. All functions throw ValidationException.
#pragma once

#include <set>
#include <string>

#include "dynastore/catalog/table_info.h"
#include "dynastore/json/json.h"
#include "dynastore/protocol/wire.h"
#include "dynastore/model/attribute_value.h"

namespace dynastore::api {

using model::kMaxPartitionKeyBytes;
using model::kMaxSortKeyBytes;
// Attribute names: 64 KB exclusive (65535 is the longest DynamoDB accepts).
inline constexpr std::size_t kMaxAttributeNameBytes = 65535;

// The request's Key or Item member: present and an object, else DynamoDB's
// "Member must not be null" constraint error at `path` ("key", "item").
const json::Value& required_map(const json::Value& request, std::string_view member, std::string_view path);

// Parses a request's Key map (GetItem, DeleteItem, ...): exactly the table's
// key attributes, of the right types, non-empty.
// `wording` is the operation's (protocol::ValueWording) for malformed values.
model::Item parse_key(const catalog::TableInfo& table, const json::Value& key_json, protocol::ValueWording wording);

// The table's key attributes of an item (the ones it has).
model::Item key_attributes(const catalog::TableInfo& table, const model::Item& item);

// DynamoDB refuses expressions that reach inside an index key attribute
// (`gsi_key.x`, `gsi_key[1]`): "Key attributes must be scalars; ...".
// `nested_names` are the top-level attributes an expression uses with a
// nested path. Throws.
void check_no_nested_index_keys(const catalog::TableInfo& table, const std::set<std::string>& nested_names);

// Checks an already-parsed key map against the schema (as parse_key does).
void validate_key(const catalog::TableInfo& table, const model::Item& key);

// Refuses a key attribute of the right type whose value is empty ("The
// AttributeValue for a key attribute cannot contain an empty string value.
// Key: pk"; also index key attributes of an item when `with_index_keys`),
// the one key check DynamoDB makes on the request alone, before a
// transaction runs. `item_or_key` may lack key attributes.
void check_key_values_not_empty(const catalog::TableInfo& table, const model::Item& item_or_key, bool with_index_keys);

// Checks a whole item about to be written (PutItem): key attributes present,
// right types, non-empty, within size limits; attribute names non-empty; the
// item within 400 KB (`size_message` names the limit as the operation does).
void validate_item_for_write(const catalog::TableInfo& table, const model::Item& item,
                             std::string_view size_message = "Item size has exceeded the maximum allowed size");

}  // namespace dynastore::api
