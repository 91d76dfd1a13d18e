// A write's condition (ConditionExpression or legacy Expected), checked under
// the item lock against the current item, and DynamoDB's
// ConditionalCheckFailedException (with the item when
// ReturnValuesOnConditionCheckFailure=ALL_OLD) when it does not hold.
#pragma once

#include <functional>
#include <optional>

#include "api/request_context.h"
#include "api/request_expressions.h"
#include "dynastore/expr/condition.h"
#include "dynastore/partition/item_store.h"

namespace dynastore::api {

struct WriteCondition {
  std::optional<expr::Condition> condition;
  bool return_old_on_failure = false;
};

// Reads ConditionExpression (through `expressions`) or Expected, and
// ReturnValuesOnConditionCheckFailure. Throws.
WriteCondition parse_write_condition(const json::Value& request, RequestExpressions& expressions);

// Decides the new state of the item once the condition held. Pure (see
// partition/item_write.h): a request that cannot apply returns
// Decision::invalid with its ValidationException message.
using WriteDecision = std::function<partition::Decision(const partition::StoredItem& current)>;

// Runs the read-modify-write of one item; returns what happened (the item as
// it was, and the decision with the new item). Throws
// ConditionalCheckFailedException when the condition fails and
// ValidationException when the decision is invalid; nothing is written then.
// A failed condition still consumes write capacity, as on DynamoDB: units
// for the larger of the item as it is and `attempted_size` (the size of
// the item a put tried to write), recorded in context.consumed.
partition::ItemOutcome conditional_write(RequestContext& context, const catalog::TablePtr& table,
                                         const model::Item& key, const WriteCondition& condition,
                                         const WriteDecision& decide, std::size_t attempted_size = 0);

// Records in context.consumed what a write of one item consumed: units for
// the larger of the item before (`old`) and after (`new_size` bytes), times
// `factor` (2 in a transaction), and the writes of the table's secondary
// indexes (`new_item`: the item after, nullptr when it is gone).
void add_item_write(RequestContext& context, const catalog::TablePtr& table, const partition::StoredItem& old,
                    const model::Item* new_item, std::size_t new_size, double factor = 1.0);

}  // namespace dynastore::api
