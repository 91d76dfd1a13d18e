// UpdateItem: edits an item's attributes with an UpdateExpression (or legacy
// AttributeUpdates), creating the item when it does not exist, optionally
// under a condition, atomically under the item lock.
#include "api/conditional_write.h"
#include "api/item_keys.h"
#include "api/legacy_parameters.h"
#include "api/operations.h"
#include "api/request_expressions.h"
#include "api/table_lookup.h"
#include "api/throttling.h"
#include "api/update_decision.h"
#include "api/write_options.h"
#include "dynastore/expr/projection.h"
#include "dynastore/model/item_size.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

using protocol::DynamoError;

void update_item(RequestContext& context, const json::Value& request, json::Writer& response) {
  const auto name = table_name_of(context, request);
  const json::Value& key_json = required_map(request, "Key", "key");
  const auto return_values = parse_return_values(request, /*only_none_or_all_old=*/false);
  const auto return_capacity = parse_return_capacity(request);
  const bool return_metrics = parse_return_item_collection_metrics(request);
  // Value errors in the current wording, enveloped (protocol::ValueWording).
  // Values without an expression keep the older ": UpdateExpression and
  // ConditionExpression are null" text: no capture shows UpdateItem's
  // changing with PutItem's and DeleteItem's.
  RequestExpressions expressions(request, {{"UpdateExpression", "ConditionExpression"},
                                           {"AttributeUpdates", "Expected", "ConditionalOperator"},
                                           {"UpdateExpression", "ConditionExpression"},
                                           protocol::ValueWording::kCurrentEnveloped});
  auto plan = expressions.update();
  const auto condition = parse_write_condition(request, expressions);
  expressions.finish();
  if (!plan) plan = parse_attribute_updates(request, protocol::ValueWording::kCurrentEnveloped);
  const auto table = require_table(context, name, NotFoundStyle::kDataPlane);
  const auto key = parse_key(*table, key_json, protocol::ValueWording::kCurrentEnveloped);
  if (plan) check_update_plan(*table, *plan);
  check_throughput(context, *table, Access::kWrite);

  auto outcome = conditional_write(context, table, key, condition, [&](const partition::StoredItem& current) {
    return decide_update(*table, key, plan, current);
  });
  const auto& old = outcome.old_item;
  const bool written = outcome.decision.kind() == partition::Decision::Kind::kPut;
  const model::Item no_item;
  const model::Item& new_item = written ? outcome.decision.new_item() : no_item;
  // The larger of the item before and after; an update of an absent item
  // that creates nothing costs the minimum.
  add_item_write(context, table, old, written ? &new_item : old.get(), written ? model::item_size(new_item) : 0);

  const model::Item* returned = nullptr;
  model::Item projected;
  switch (return_values) {
    case ReturnValues::kNone: break;
    case ReturnValues::kAllOld: returned = old.get(); break;
    case ReturnValues::kAllNew: returned = &new_item; break;
    case ReturnValues::kUpdatedOld:
    case ReturnValues::kUpdatedNew: {
      // Only the attributes the update touched, shaped like a projection of
      // their paths (as DynamoDB returns them).
      const auto* source = return_values == ReturnValues::kUpdatedOld ? old.get() : &new_item;
      if (source != nullptr && plan) {
        projected = expr::project(expr::Projection::from_paths(plan->modified_paths()), *source);
        returned = &projected;
      }
      break;
    }
  }
  write_item_write_response(response, context, *table, key, returned, return_capacity, return_metrics);
}

}  // namespace dynastore::api::ops
