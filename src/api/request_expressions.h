// The expression parameters of one request (or of one BatchGetItem table
// entry): ExpressionAttributeNames/Values, DynamoDB's rules on mixing them
// with the legacy parameters, and the check that every placeholder is used.
//
// Usage: construct with the operation's parameter lists, parse each
// expression (in DynamoDB's order: Update, Condition, KeyCondition, Filter,
// Projection), then call finish(). Every method throws DynamoError.
#pragma once

#include <initializer_list>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "dynastore/expr/condition.h"
#include "dynastore/expr/placeholders.h"
#include "dynastore/expr/projection.h"
#include "dynastore/expr/update.h"
#include "dynastore/json/json.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

struct ExpressionParameters {
  // Expression parameters this operation takes, e.g. {"ConditionExpression"},
  // in the order DynamoDB names them when they are mixed with legacy ones.
  std::vector<std::string_view> expressions;
  // Legacy parameters they may not be mixed with, e.g. {"Expected",
  // "ConditionalOperator"}, in DynamoDB's order too.
  std::vector<std::string_view> legacy;
  // The expression parameters that may use ExpressionAttributeValues (all but
  // ProjectionExpression).
  std::vector<std::string_view> value_users;
  // How a malformed expression value is worded. Only the older wording wraps
  // it in "ExpressionAttributeValues contains invalid value: <error> for key
  // <:v>" (Scan, TransactWriteItems); the current one reports the value
  // error alone (valueLayers.test.ts, see protocol::ValueWording).
  protocol::ValueWording wording = protocol::ValueWording::kOlder;
  // PutItem and DeleteItem: ExpressionAttributeValues or ExpressionAttributeNames
  // without an expression are reported inside "1 validation error detected: ",
  // and the values text has lost its ": ConditionExpression is null" suffix
  // (paritysuite/dynamodb-conformance putItem.test.ts and deleteItem.test.ts,
  // "request validation envelope", eu-west-2 and us-east-1, 2026-10-09).
  bool enveloped_without_expression = false;
  // Legacy parameters that clash only with their own expression parameter:
  // Query's KeyConditions goes with FilterExpression and
  // ProjectionExpression, but not with KeyConditionExpression.
  std::vector<std::pair<std::string_view, std::string_view>> paired_legacy = {};
};

class RequestExpressions {
 public:
  RequestExpressions(const json::Value& spec, const ExpressionParameters& parameters);

  // Parses the named expression if present (nullopt otherwise).
  std::optional<expr::Condition> condition(std::string_view member, expr::ExpressionKind kind);
  std::optional<expr::UpdatePlan> update();
  std::optional<expr::Projection> projection();
  // The KeyConditionExpression text, if present (Query parses it against its
  // read target).
  std::optional<std::string_view> text(std::string_view member) const;

  expr::Placeholders& placeholders() { return placeholders_; }
  // The operation's wording of malformed values (ExpressionParameters::wording),
  // for the legacy parameters it parses alongside.
  protocol::ValueWording wording() const { return wording_; }
  // Throws when a placeholder went unused.
  void finish() const;

 private:
  const json::Value& spec_;
  protocol::ValueWording wording_;
  expr::Placeholders placeholders_;
};

// Turns an expr Status into the ValidationException it stands for.
[[noreturn]] void throw_expression_error(const Status& status);

template <typename T>
T value_or_throw(Result<T> result) {
  if (!result.is_ok()) throw_expression_error(result.status());
  return std::move(result).value();
}

}  // namespace dynastore::api
