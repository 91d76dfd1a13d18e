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
  if (!out.condition) out.condition = parse_expected(request);
  return out;
}

partition::StoredItem conditional_write(RequestContext& context, const catalog::TableInfo& table,
                                       const model::Item& key, const WriteCondition& condition,
                                       const WriteDecision& decide) {
  bool failed = false;
  partition::StoredItem item_at_failure;
  auto result = context.items.mutate(table, key, [&](const partition::StoredItem& current, partition::Change& change) {
    if (condition.condition && !expr::evaluate(*condition.condition, current.get())) {
      failed = true;
      item_at_failure = current;
      return Status::aborted("condition not met");
    }
    decide(current, change);
    return Status::ok();
  });
  if (failed) {
    auto error = DynamoError::conditional_check_failed("The conditional request failed");
    if (condition.return_old_on_failure && item_at_failure) {
      json::StringBuffer buffer;
      json::Writer writer(buffer);
      protocol::write_item(writer, *item_at_failure);
      error.with_item_json(std::string(buffer.GetString(), buffer.GetSize()));
    }
    throw error;
  }
  return unwrap(std::move(result));
}

}  // namespace dynastore::api
