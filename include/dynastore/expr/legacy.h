// Builders that express DynamoDB's legacy (pre-expression) parameters through the expression
// evaluator: Expected + ConditionalOperator, QueryFilter / ScanFilter, KeyConditions and
// AttributeUpdates. Inputs are already-parsed model values (protocol/ decodes the JSON).
//
// Semantics per the API Reference (ExpectedAttributeValue, Condition, AttributeValueUpdate)
// and behaviour observed on DynamoDB (scylladb test_expected.py, test_query_filter.py,
// test_item.py; dynalite test suites):
//  - Value without ComparisonOperator is EQ, Exists=false means "attribute absent";
//  - NE is true for a missing attribute, NOT_CONTAINS is false for one (legacy only);
//  - CONTAINS/NOT_CONTAINS take one S, N or B and test substrings, set members or list
//    elements; IN takes S, N or B values only; LT/LE/GT/GE/BETWEEN take S, N or B;
//    BEGINS_WITH takes S or B;
//  - AttributeUpdates: PUT (default) sets, DELETE without a value removes, DELETE with a set
//    removes members, ADD adds to a number or set — and appends to a list.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dynastore/common/status.h"
#include "dynastore/expr/condition.h"
#include "dynastore/expr/key_condition.h"
#include "dynastore/expr/update.h"
#include "dynastore/model/attribute_value.h"

namespace dynastore::expr {

enum class ComparisonOperator {
  kEq, kNe, kLe, kLt, kGe, kGt, kNotNull, kNull, kContains, kNotContains, kBeginsWith, kIn,
  kBetween,
};
// "EQ", "NE", ... exactly as on the wire; nullopt for anything else.
std::optional<ComparisonOperator> parse_comparison_operator(std::string_view text);
std::string_view comparison_operator_name(ComparisonOperator op);

enum class ConditionalOperator { kAnd, kOr };

// One entry of Expected. Fields absent from the request stay nullopt.
struct ExpectedAttribute {
  std::optional<model::AttributeValue> value;
  std::optional<bool> exists;
  std::optional<ComparisonOperator> comparison_operator;
  std::optional<std::vector<model::AttributeValue>> attribute_value_list;
};

// One entry of QueryFilter / ScanFilter / KeyConditions.
struct FilterCondition {
  ComparisonOperator comparison_operator = ComparisonOperator::kEq;
  std::vector<model::AttributeValue> attribute_value_list;
};

// Expected: each entry tests one top-level attribute; entries are combined with AND (default)
// or OR. Errors (all "One or more parameter values were invalid: ..." unless noted):
//   "Value and AttributeValueList cannot be used together for Attribute: a"
//   "Exists and ComparisonOperator cannot be used together for Attribute: a"
//   "Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a"
//   "AttributeValueList can only be used with a ComparisonOperator for Attribute: a"
//   "Value must be provided when Exists is true for Attribute: a" (also "... is null ...")
//   "Value cannot be used when Exists is false for Attribute: a"
//   and the operand checks of build_filter below.
[[nodiscard]] Result<Condition> build_expected(
    const std::vector<std::pair<std::string, ExpectedAttribute>>& expected,
    ConditionalOperator conditional_operator);

// QueryFilter / ScanFilter. Errors ("One or more parameter values were invalid: ..."):
//   "Invalid number of argument(s) for the BETWEEN ComparisonOperator"
//   "AttributeValues inside AttributeValueList must be of same type"
//   "ComparisonOperator LT is not valid for SS AttributeValue type"
//   and (no prefix) "The BETWEEN condition was provided a range where the lower bound is
//   greater than the upper bound".
[[nodiscard]] Result<Condition> build_filter(
    const std::vector<std::pair<std::string, FilterCondition>>& conditions,
    ConditionalOperator conditional_operator);

// One KeyConditions entry's operands, checked as DynamoDB does entry by entry before the
// conditions as a whole (all "One or more parameter values were invalid: ..."):
//   "Invalid number of argument(s) for the BETWEEN ComparisonOperator"
//   "AttributeValues inside AttributeValueList must be of same type"
//   "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"
[[nodiscard]] Status check_key_condition_operands(ComparisonOperator op,
                                                  const std::vector<model::AttributeValue>& values);

// KeyConditions (entries checked by check_key_condition_operands) as a key condition:
// "Attempted conditional constraint is not an indexable operation" for
// NE/NULL/NOT_NULL/CONTAINS/NOT_CONTAINS/IN, the key-schema checks of key_condition.h, then
// "The BETWEEN condition was provided a range where the lower bound is greater than the
// upper bound".
[[nodiscard]] Result<KeyCondition> build_key_conditions(std::vector<std::pair<std::string, FilterCondition>> conditions,
                                                        const KeyAttributes& keys);

// One entry of AttributeUpdates.
struct AttributeUpdate {
  enum class Action { kPut, kAdd, kDelete };
  Action action = Action::kPut;
  std::optional<model::AttributeValue> value;
};

// Errors ("One or more parameter values were invalid: ..."):
//   "Only DELETE action is allowed when no attribute value is specified"
//   "DELETE action with value is not supported for the type S"
//   "ADD action is not supported for the type S"
[[nodiscard]] Result<UpdatePlan> build_attribute_updates(
    const std::vector<std::pair<std::string, AttributeUpdate>>& updates);

}  // namespace dynastore::expr
