// The legacy (pre-expression) parameters older SDK code still sends —
// Expected, QueryFilter/ScanFilter with ConditionalOperator, AttributeUpdates
// — parsed from the wire and built into the same expr:: objects the
// expressions produce, so one evaluator serves both. Throws DynamoError.
#pragma once

#include <optional>
#include <string_view>

#include "dynastore/expr/condition.h"
#include "dynastore/expr/key_condition.h"
#include "dynastore/expr/update.h"
#include "dynastore/json/json.h"

namespace dynastore::api {

std::optional<expr::Condition> parse_expected(const json::Value& request);
// `member` is "QueryFilter" or "ScanFilter".
std::optional<expr::Condition> parse_legacy_filter(const json::Value& request, std::string_view member);
std::optional<expr::UpdatePlan> parse_attribute_updates(const json::Value& request);
// Query's KeyConditions, for the table or index whose key attributes are `keys`.
expr::KeyCondition parse_key_conditions(const json::Value& key_conditions, const expr::KeyAttributes& keys);

}  // namespace dynastore::api
