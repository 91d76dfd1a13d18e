#include "api/attribute_selection.h"
#include "api/item_keys.h"
#include "api/operations.h"
#include "api/request_expressions.h"
#include "api/status_mapping.h"
#include "api/table_lookup.h"
#include "api/throttling.h"
#include "api/write_options.h"
#include "dynastore/model/item_size.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

void get_item(RequestContext& context, const json::Value& request, json::Writer& response) {
  const auto name = table_name_of(context, request);
  const json::Value& key_json = required_map(request, "Key", "key");
  const bool consistent = protocol::get_bool(request, "ConsistentRead").value_or(false);
  const auto return_capacity = parse_return_capacity(request);
  RequestExpressions expressions(request, {{"ProjectionExpression"}, {"AttributesToGet"}, {}, protocol::ValueWording::kCurrent});
  const auto selection = parse_attribute_selection(request, expressions);
  expressions.finish();
  const auto table = require_table(context, name, NotFoundStyle::kDataPlane);
  const auto key = parse_key(*table, key_json, protocol::ValueWording::kCurrent);
  check_throughput(context, *table, Access::kRead);

  // A single node is strongly consistent unless --eventual-consistency-lag-ms
  // lets an eventually consistent read see an earlier state.
  const auto view = consistent ? nullptr : context.eventual_view();
  const auto stored = unwrap(context.items.get_encoded(*table->write_schema, key, view.get()));
  response.StartObject();
  // An absent item costs the minimum, as DynamoDB counts it.
  double units = read_capacity_units(0, consistent);
  if (stored) {
    units = unwrap(stored_read_units(*stored, consistent));
    context.returned_items = 1;
    protocol::write_key(response, "Item");
    selection.write_stored(response, *stored);
  }
  context.consumed.of(table->name, table).read += units;
  context.consumed.write_object(response, return_capacity, table->name);
  response.EndObject();
}

}  // namespace dynastore::api::ops
