#include "api/conditional_write.h"
#include "api/item_keys.h"
#include "api/operations.h"
#include "api/request_expressions.h"
#include "api/table_lookup.h"
#include "api/throttling.h"
#include "api/write_options.h"
#include "dynastore/model/item_size.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

void put_item(RequestContext& context, const json::Value& request, json::Writer& response) {
  const auto name = table_name_of(context, request);
  const json::Value& item_json = required_map(request, "Item", "item");
  const auto return_values = parse_return_values(request, /*only_none_or_all_old=*/true);
  const auto return_capacity = parse_return_capacity(request);
  const bool return_metrics = parse_return_item_collection_metrics(request);
  // Value errors in the current wording, enveloped (protocol::ValueWording).
  RequestExpressions expressions(request, {{"ConditionExpression"},
                                           {"Expected", "ConditionalOperator"},
                                           {"ConditionExpression"},
                                           protocol::ValueWording::kCurrentEnveloped,
                                           /*enveloped_without_expression=*/true});
  const auto condition = parse_write_condition(request, expressions);
  expressions.finish();
  model::Item item = protocol::parse_item(item_json, protocol::ValueWording::kCurrentEnveloped);
  const auto table = require_table(context, name, NotFoundStyle::kDataPlane);
  validate_item_for_write(*table, item);
  check_throughput(context, *table, Access::kWrite);

  const std::size_t new_size = model::item_size(item);
  model::Item key = key_attributes(*table, item);
  auto outcome = conditional_write(
      context, table, key, condition, [&item](const partition::StoredItem&) { return partition::Decision::put(item); },
      new_size);
  const auto& old = outcome.old_item;
  add_item_write(context, table, old, &item, new_size);
  write_item_write_response(response, context, *table, key,
                            return_values == ReturnValues::kAllOld ? old.get() : nullptr, return_capacity,
                            return_metrics);
}

}  // namespace dynastore::api::ops
