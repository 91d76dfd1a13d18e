#include "api/conditional_write.h"

#include "api/legacy_parameters.h"
#include "api/status_mapping.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

using protocol::DynamoError;

WriteCondition parse_write_condition(const json::Value& request, RequestExpressions& expressions) {
  WriteCondition out;
  auto on_failure = protocol::get_string(request, "ReturnValuesOnConditionCheckFailure");
  if (on_failure && *on_failure != "ALL_OLD" && *on_failure != "NONE") {
    protocol::ConstraintErrors errors;
    errors.add(protocol::ConstraintErrors::quoted(*on_failure), "returnValuesOnConditionCheckFailure",
               "Member must satisfy enum value set: [ALL_OLD, NONE]");
    errors.throw_if_any();
  }
  out.return_old_on_failure = on_failure && *on_failure == "ALL_OLD";
  out.condition = expressions.condition("ConditionExpression", expr::ExpressionKind::kCondition);
  if (!out.condition) out.condition = parse_expected(request, expressions.wording());
  return out;
}

namespace {

// ConditionalCheckFailedException, with the item as it is when the request
// asked for it on failure.
DynamoError condition_failed_error(const WriteCondition& condition, const partition::StoredItem& item) {
  auto error = DynamoError::conditional_check_failed("The conditional request failed");
  if (condition.return_old_on_failure && item) {
    json::StringBuffer buffer;
    json::Writer writer(buffer);
    protocol::write_item(writer, *item);
    error.with_item_json(std::string(buffer.GetString(), buffer.GetSize()));
  }
  return error;
}

}  // namespace

partition::ItemOutcome conditional_write(RequestContext& context, const catalog::TablePtr& table,
                                         const model::Item& key, const WriteCondition& condition,
                                         const WriteDecision& decide, std::size_t attempted_size) {
  partition::ItemWrite write{table->write_schema.get(), &key, [&](const partition::StoredItem& current) {
                               if (condition.condition && !expr::evaluate(*condition.condition, current.get())) {
                                 return partition::Decision::condition_failed();
                               }
                               return decide(current);
                             }};
  auto outcome = unwrap(context.items.write(write));
  switch (outcome.decision.kind()) {
    case partition::Decision::Kind::kConditionFailed:
      context.consumed.of(table->name, table).write += write_capacity_units(outcome.old_item.size(), attempted_size);
      throw condition_failed_error(condition, outcome.old_item);
    case partition::Decision::Kind::kInvalid: throw DynamoError::validation(outcome.decision.message());
    default: return outcome;
  }
}

void add_item_write(RequestContext& context, const catalog::TablePtr& table, const partition::StoredItem& old,
                    const model::Item* new_item, std::size_t new_size, double factor) {
  TableCapacity& units = context.consumed.of(table->name, table);
  units.write += factor * write_capacity_units(old.size(), new_size);
  // Index entries are derived from the items only for tables that have
  // indexes (decoding the old item costs a few thousand instructions).
  if (!table->indexes.empty()) add_index_writes(*table, old.get(), new_item, units);
}

}  // namespace dynastore::api
