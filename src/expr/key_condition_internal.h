// The step KeyConditionExpression and legacy KeyConditions share: per-attribute conditions
// checked against the key schema (dynalite actions/query.js, recorded against AWS).
#pragma once

#include <string>
#include <vector>

#include "dynastore/expr/key_condition.h"

namespace dynastore::expr {

struct KeyConditionDraft {
  std::string name;
  // kEq..kBeginsWith map onto SortKeyOp; nullopt for the legacy operators that can never be
  // key conditions (NE, NULL, NOT_NULL, CONTAINS, NOT_CONTAINS, IN).
  std::optional<SortKeyOp> op;
  std::vector<model::AttributeValue> values;
};

// "One or more parameter values were invalid: ComparisonOperator EQ is not valid for BOOL
// AttributeValue type" — the operand types each operator accepts (dynalite
// validateConditions); `op_name` is the legacy operator name.
Status check_condition_value_types(std::string_view op_name, const std::vector<model::AttributeValue>& values);

// Count check ("Conditions can be of length 1 or 2 only" for none, "The number of query
// conditions (3) exceeds the number of key attributes defined in the schema (2)" for too
// many) then the schema checks, in
// DynamoDB's order (key_condition.h). Safe on unchecked drafts: a missing operand reads as
// an absent value.
Result<KeyCondition> resolve_key_conditions(std::vector<KeyConditionDraft> drafts, const KeyAttributes& keys);

}  // namespace dynastore::expr
