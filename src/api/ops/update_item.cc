// UpdateItem: edits an item's attributes with an UpdateExpression (or legacy
// AttributeUpdates), creating the item when it does not exist, optionally
// under a condition, atomically under the item lock.
#include "api/conditional_write.h"
#include "api/item_keys.h"
#include "api/legacy_parameters.h"
#include "api/operations.h"
#include "api/request_expressions.h"
#include "api/table_lookup.h"
#include "api/write_options.h"
#include "dynastore/expr/projection.h"
#include "dynastore/model/item_size.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

using protocol::DynamoError;

namespace {

void check_keys_not_updated(const catalog::TableInfo& table, const expr::UpdatePlan& plan) {
  for (const auto& name : plan.modified_top_level_names()) {
    if (table.key_schema.is_key_attribute(name)) {
      throw DynamoError::validation("One or more parameter values were invalid: Cannot update attribute " + name +
                                    ". This attribute is part of the key");
    }
  }
}

bool only_removes(const expr::UpdatePlan& plan) {
  if (plan.actions().empty()) return false;
  for (const auto& action : plan.actions()) {
    if (action.kind != expr::UpdateAction::Kind::kRemove && action.kind != expr::UpdateAction::Kind::kDelete) return false;
  }
  return true;
}

}  // namespace

void update_item(RequestContext& context, const json::Value& request, json::Writer& response) {
  const auto name = table_name_of(request);
  const json::Value& key_json = required_map(request, "Key", "key");
  const auto return_values = parse_return_values(request, /*only_none_or_all_old=*/false);
  const auto return_capacity = parse_return_capacity(request);
  const bool return_metrics = parse_return_item_collection_metrics(request);
  RequestExpressions expressions(request, {{"UpdateExpression", "ConditionExpression"},
                                           {"AttributeUpdates", "Expected", "ConditionalOperator"},
                                           {"UpdateExpression", "ConditionExpression"}});
  auto plan = expressions.update();
  const auto condition = parse_write_condition(request, expressions);
  expressions.finish();
  if (!plan) plan = parse_attribute_updates(request);
  const auto table = require_table(context, name, NotFoundStyle::kDataPlane);
  const auto key = parse_key(*table, key_json);
  if (plan) {
    check_keys_not_updated(*table, *plan);
    check_no_nested_index_keys(*table, plan->nested_top_level_names());
  }

  auto outcome = conditional_write(context, *table, key, condition, [&](const partition::StoredItem& current) {
    // Removing attributes from an item that is not there creates nothing
    // (an empty update still creates it).
    if (!current && plan && only_removes(*plan)) return partition::Decision::keep();
    model::Item updated = current ? *current : key;
    if (plan) {
      auto s = expr::apply_update(*plan, updated, current.has_value());
      if (!s.is_ok()) return partition::Decision::invalid(s.message());
    }
    try {
      validate_item_for_write(*table, updated, "Item size to update has exceeded the maximum allowed size");
    } catch (const DynamoError& error) {
      return partition::Decision::invalid(error.message());
    }
    return partition::Decision::put_new(std::move(updated));
  });
  const auto& old = outcome.old_item;
  const bool written = outcome.decision.kind() == partition::Decision::Kind::kPut;
  const model::Item no_item;
  const model::Item& new_item = written ? outcome.decision.new_item() : no_item;

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
  write_item_write_response(response, context, *table, key, returned, return_capacity,
                            write_capacity_units(old.size(), model::item_size(new_item)),
                            return_metrics);
}

}  // namespace dynastore::api::ops
