// What UpdateItem does to an item, shared with TransactWriteItems' Update:
// the request-level checks of an update plan and the pure decision that
// applies it to the item as it is.
#pragma once

#include <optional>

#include "dynastore/catalog/table_info.h"
#include "dynastore/expr/update.h"
#include "dynastore/partition/item_write.h"

namespace dynastore::api {

// ValidationException when the plan changes a key attribute ("Cannot update
// attribute pk. This attribute is part of the key") or reaches inside an
// index key attribute.
void check_update_plan(const catalog::TableInfo& table, const expr::UpdatePlan& plan);

// The new state of the item once any condition held: the plan (none: an
// empty update) applied to `current`, or to a new item of `key` when there is
// none; keep when only removing attributes from an absent item (which creates
// nothing); invalid with DynamoDB's message when the plan cannot apply or the
// result may not be stored. Pure: `key` and `plan` are only read.
partition::Decision decide_update(const catalog::TableInfo& table, const model::Item& key,
                                  const std::optional<expr::UpdatePlan>& plan, const partition::StoredItem& current);

}  // namespace dynastore::api
