#include <set>

#include "api/item_keys.h"
#include "api/operations.h"
#include "api/status_mapping.h"
#include "api/table_lookup.h"
#include "api/write_options.h"
#include "dynastore/model/item_size.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

namespace {

// Legacy AttributesToGet: top-level attribute names to keep.
std::optional<std::set<std::string, std::less<>>> parse_attributes_to_get(const json::Value& request) {
  const auto* array = protocol::get_array(request, "AttributesToGet");
  if (array == nullptr) return std::nullopt;
  if (array->Empty()) {
    protocol::ConstraintErrors errors;
    errors.add("'[]'", "attributesToGet", "Member must have length greater than or equal to 1");
    errors.throw_if_any();
  }
  std::set<std::string, std::less<>> names;
  for (const auto& element : array->GetArray()) {
    if (!element.IsString()) throw protocol::DynamoError::serialization("Unexpected value type in payload");
    std::string name(element.GetString(), element.GetStringLength());
    if (!names.insert(name).second) {
      throw protocol::DynamoError::validation("One or more parameter values were invalid: Duplicate value in attribute name: " + name);
    }
  }
  return names;
}

}  // namespace

void get_item(RequestContext& context, const json::Value& request, json::Writer& response) {
  const auto name = table_name_of(request);
  const json::Value& key_json = required_map(request, "Key", "key");
  const bool consistent = protocol::get_bool(request, "ConsistentRead").value_or(false);
  const auto return_capacity = parse_return_capacity(request);
  const auto attributes_to_get = parse_attributes_to_get(request);
  reject_unsupported_parameters(request, {"ProjectionExpression", "ExpressionAttributeNames"});
  const auto table = require_table(context, name, NotFoundStyle::kDataPlane);
  const auto key = parse_key(*table, key_json);

  // A single node is always strongly consistent; ConsistentRead only changes
  // the capacity accounting, as it would on DynamoDB.
  auto item = unwrap(context.items.get(*table, key));
  response.StartObject();
  if (item) {
    const std::size_t size = model::item_size(*item);
    if (attributes_to_get) {
      std::erase_if(*item, [&](const auto& entry) { return !attributes_to_get->contains(entry.first); });
    }
    protocol::write_key(response, "Item");
    protocol::write_item(response, *item);
    write_consumed_capacity(response, return_capacity, table->name, read_capacity_units(size, consistent));
  } else {
    write_consumed_capacity(response, return_capacity, table->name, read_capacity_units(0, consistent));
  }
  response.EndObject();
}

}  // namespace dynastore::api::ops
