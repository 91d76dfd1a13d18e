// ConditionExpression / FilterExpression (and the parse step of KeyConditionExpression):
// parsing with DynamoDB's validation and messages, and evaluation against an item.
//
// Evaluation follows the Developer Guide ("Condition and filter expressions, operators, and
// functions"): a comparison with a missing attribute or mismatched types is false, never an
// error; "<>" is true when either side is missing; numbers compare as decimals, strings and
// binaries bytewise (unsigned); sets, lists, maps, BOOL and NULL support only = and <>, and
// sets are equal regardless of order.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "dynastore/common/status.h"
#include "dynastore/expr/ast.h"
#include "dynastore/expr/expression_kind.h"
#include "dynastore/expr/placeholders.h"
#include "dynastore/model/attribute_value.h"

namespace dynastore::expr {

// A parsed, validated condition. Immutable after construction; concurrent evaluate() calls on
// one Condition are safe.
class Condition {
 public:
  Condition() = default;  // the always-true condition
  explicit Condition(ConditionNode root);

  const ConditionNode& root() const { return root_; }

  // Top-level attribute names the condition reads (Query needs "Filter Expression can only
  // contain non-primary key attributes"), and those read through a nested path (the api layer
  // rejects key attributes there: "Key attributes must be scalars; ...").
  const std::set<std::string>& top_level_names() const { return top_level_names_; }
  const std::set<std::string>& nested_top_level_names() const { return nested_top_level_names_; }

 private:
  ConditionNode root_;
  std::set<std::string> top_level_names_;
  std::set<std::string> nested_top_level_names_;
};

// Parses `text` as a condition of `kind` (kCondition, kFilter or kKeyCondition; other kinds
// are a programming error and return Status::internal). Placeholders used are marked in
// `placeholders`. Errors (all "Invalid <parameter>: ..." unless noted), in DynamoDB's order:
// empty expression, size over 4 KB, syntax error (with token/near), redundant parentheses,
// unknown/misplaced function, function used where it is not allowed, reserved keyword,
// then the first invalid primitive condition's undefined placeholder / operand count /
// repeated path / operand type error; finally too many operators or IN operands.
[[nodiscard]] Result<Condition> parse_condition(std::string_view text, ExpressionKind kind,
                                                Placeholders& placeholders);

// True when `item` satisfies `condition`. `item` == nullptr means "no item" (every attribute is
// missing). Never fails: DynamoDB treats every type mismatch as a false comparison.
bool evaluate(const Condition& condition, const model::Item* item);

}  // namespace dynastore::expr
