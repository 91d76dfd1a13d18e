// KeyConditionExpression: a partition-key equality plus an optional sort-key condition
// (= < <= > >= BETWEEN begins_with), checked against the key schema of the table or index
// being queried. The result is what Query needs to build its range scan.
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
//   "Conditions can be of length 1 or 2 only"
//   "Query key condition not supported"                (non-= on the partition key, or two
//                                                        conditions on a hash-only schema)
//   "Query condition missed key schema element: <name>"
//   "One or more parameter values were invalid: Condition parameter type does not match
//    schema type"                                      (only when types are given)
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dynastore/common/status.h"
#include "dynastore/expr/condition.h"
#include "dynastore/expr/placeholders.h"
#include "dynastore/model/attribute_value.h"
#include "dynastore/model/key_schema.h"

namespace dynastore::expr {

enum class SortKeyOp { kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };

struct SortKeyCondition {
  std::string name;
  SortKeyOp op = SortKeyOp::kEq;
  model::AttributeValue value;  // the operand (the lower bound for kBetween)
  model::AttributeValue upper;  // kBetween only

  // Whether a sort key value satisfies the condition (same comparison rules as conditions);
  // lets a caller filter or assert after a range scan.
  bool matches(const model::AttributeValue& sort_key) const;
};

struct KeyCondition {
  std::string hash_name;
  model::AttributeValue hash_value;
  std::optional<SortKeyCondition> sort;
};

// The key attributes of the table or index queried. Types are optional: when present, values of
// another type are rejected ("Condition parameter type does not match schema type").
struct KeySchemaRef {
  std::string_view hash_name;
  std::optional<std::string_view> range_name;
  std::optional<model::ScalarType> hash_type;
  std::optional<model::ScalarType> range_type;

  static KeySchemaRef of(const model::KeySchema& schema);
};

// parse_condition(text, kKeyCondition, placeholders) followed by to_key_condition().
[[nodiscard]] Result<KeyCondition> parse_key_condition(std::string_view text,
                                                       Placeholders& placeholders,
                                                       std::string_view hash_name,
                                                       std::optional<std::string_view> range_name);
[[nodiscard]] Result<KeyCondition> parse_key_condition(std::string_view text,
                                                       Placeholders& placeholders,
                                                       const KeySchemaRef& schema);

// The structural step alone, for callers that must report the unused-placeholder check
// (Placeholders::check_all_used) before it, as DynamoDB does.
[[nodiscard]] Result<KeyCondition> to_key_condition(const Condition& parsed,
                                                    const KeySchemaRef& schema);

}  // namespace dynastore::expr
