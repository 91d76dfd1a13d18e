#include "api/attribute_selection.h"
#include "api/item_keys.h"
#include "api/operations.h"
#include "api/request_expressions.h"
#include "api/status_mapping.h"
#include "api/table_lookup.h"
#include "api/write_options.h"
#include "dynastore/model/item_size.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

void get_item(RequestContext& context, const json::Value& request, json::Writer& response) {
  const auto name = table_name_of(request);
  const json::Value& key_json = required_map(request, "Key", "key");
  const bool consistent = protocol::get_bool(request, "ConsistentRead").value_or(false);
  const auto return_capacity = parse_return_capacity(request);
  RequestExpressions expressions(request, {{"ProjectionExpression"}, {"AttributesToGet"}, {}});
  const auto selection = parse_attribute_selection(request, expressions);
  expressions.finish();
  const auto table = require_table(context, name, NotFoundStyle::kDataPlane);
  const auto key = parse_key(*table, key_json);

  // A single node is always strongly consistent; ConsistentRead only changes
  // the capacity accounting, as it would on DynamoDB.
  if (selection.selects_all() && return_capacity == ReturnCapacity::kNone) {
    // Nothing needs the item's contents: it goes from storage to JSON as is.
    const auto stored = unwrap(context.items.get_encoded(*table, key));
    response.StartObject();
    if (stored) {
      protocol::write_key(response, "Item");
      check(protocol::write_encoded_item(response, *stored));
    }
    response.EndObject();
    return;
  }
  auto item = unwrap(context.items.get(*table, key));
  const std::size_t size = item ? model::item_size(*item) : 0;
  response.StartObject();
  if (item) {
    protocol::write_key(response, "Item");
    protocol::write_item(response, selection.apply(std::move(*item)));
  }
  write_consumed_capacity(response, return_capacity, table->name, read_capacity_units(size, consistent));
  response.EndObject();
}

}  // namespace dynastore::api::ops
