// Key conditions: which items of one partition a Query reads. One implementation serves
// KeyConditionExpression, the legacy KeyConditions (legacy.h) and multi-attribute GSI keys:
// equality on every partition key attribute, equality on leading sort key attributes, and
// at most one condition (= < <= > >= BETWEEN begins_with) on the next one — always one
// contiguous key range, which partition/ turns into bytes.
//
// DynamoDB parses KeyConditionExpression with the ConditionExpression parser, so syntax and
// placeholder errors carry the "Invalid KeyConditionExpression: " prefix, while the structural
// errors found afterwards do not (dynalite validations/index.js convertKeyCondition and
// actions/query.js, and test/query.js which was recorded against AWS):
//   "Invalid operator used in KeyConditionExpression: OR"   (also NOT, IN, <>, and the
//                                                             functions other than begins_with)
//   "KeyConditionExpressions cannot contain nested operations"         (size())
//   "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute
//    as its first operand"                                             (and begins_with)
//   "Invalid condition in KeyConditionExpression: Multiple attribute names used in one
//    condition"
//   "KeyConditionExpressions cannot have conditions on nested attributes"
//   "Invalid condition in KeyConditionExpression: No key attribute specified"
//   "KeyConditionExpressions must only contain one condition per key"
//   "Conditions can be of length 1 or 2 only"          (no condition)
//   "The number of query conditions (3) exceeds the number of key attributes defined in the
//    schema (2)"                                       (more than max(2, key attributes);
//                                                        observed in October 2026)
//   "Query key condition not supported"                (non-= on a partition key attribute,
//                                                        more conditions than key attributes,
//                                                        or non-= before the last sort
//                                                        attribute given)
//   "Query condition missed key schema element: <name>"
//   "One or more parameter values were invalid: Condition parameter type does not match
//    schema type"
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dynastore/common/status.h"
#include "dynastore/expr/condition.h"
#include "dynastore/expr/placeholders.h"
#include "dynastore/model/attribute_value.h"
#include "dynastore/model/key_schema.h"

namespace dynastore::expr {

enum class SortKeyOp { kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };

struct SortKeyCondition {
  SortKeyOp op = SortKeyOp::kEq;
  model::AttributeValue value;  // the operand (the lower bound for kBetween)
  model::AttributeValue upper;  // kBetween only

  // Whether a sort key value satisfies the condition (same comparison rules as conditions);
  // lets a caller filter or assert after a range scan.
  bool matches(const model::AttributeValue& sort_key) const;
};

struct KeyCondition {
  std::vector<model::AttributeValue> partition_values;  // one per partition key attribute, in key order
  std::vector<model::AttributeValue> sort_equalities;   // the leading sort key attributes, in key order
  std::optional<SortKeyCondition> sort;                 // on the sort key attribute after those
};

// The key attributes of the table or index queried, in key order: one of each for a table
// or LSI, up to four of each for a multi-attribute GSI key.
struct KeyAttributes {
  std::span<const model::KeyAttribute> hash;
  std::span<const model::KeyAttribute> range;
};

// parse_condition(text, kKeyCondition, placeholders) followed by to_key_condition().
[[nodiscard]] Result<KeyCondition> parse_key_condition(std::string_view text, Placeholders& placeholders,
                                                       const KeyAttributes& keys);

// The structural step alone, for callers that must report the unused-placeholder check
// (Placeholders::check_all_used) before it, as DynamoDB does.
[[nodiscard]] Result<KeyCondition> to_key_condition(const Condition& parsed, const KeyAttributes& keys);

}  // namespace dynastore::expr
