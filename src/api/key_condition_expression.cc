#include "api/key_condition_expression.h"

#include <map>

#include "api/request_expressions.h"
#include "dynastore/expr/key_condition.h"
#include "dynastore/protocol/dynamo_error.h"

namespace dynastore::api {

using protocol::DynamoError;

namespace {

constexpr std::string_view kTypeMismatch =
    "One or more parameter values were invalid: Condition parameter type does not match schema type";

SortKeyCondition::Op sort_op(expr::SortKeyOp op) {
  switch (op) {
    case expr::SortKeyOp::kEq: return SortKeyCondition::Op::kEq;
    case expr::SortKeyOp::kLt: return SortKeyCondition::Op::kLt;
    case expr::SortKeyOp::kLe: return SortKeyCondition::Op::kLe;
    case expr::SortKeyOp::kGt: return SortKeyCondition::Op::kGt;
    case expr::SortKeyOp::kGe: return SortKeyCondition::Op::kGe;
    case expr::SortKeyOp::kBetween: return SortKeyCondition::Op::kBetween;
    case expr::SortKeyOp::kBeginsWith: return SortKeyCondition::Op::kBeginsWith;
  }
  return SortKeyCondition::Op::kEq;
}

// The single-attribute case: the expr module knows DynamoDB's messages.
KeyQuery single_attribute(const expr::Condition& parsed, const ReadTarget& target) {
  const auto& hash = target.hash_keys().front();
  expr::KeySchemaRef schema;
  schema.hash_name = hash.name;
  schema.hash_type = hash.type;
  if (!target.range_keys().empty()) {
    schema.range_name = target.range_keys().front().name;
    schema.range_type = target.range_keys().front().type;
  }
  auto condition = value_or_throw(expr::to_key_condition(parsed, schema));
  KeyQuery query;
  query.partition_values.push_back(std::move(condition.hash_value));
  if (condition.sort) {
    SortKeyCondition sort;
    sort.op = sort_op(condition.sort->op);
    sort.value = std::move(condition.sort->value);
    sort.upper = std::move(condition.sort->upper);
    query.sort = std::move(sort);
  }
  return query;
}

struct Leaf {
  SortKeyCondition condition;
  std::string attribute;
};

// One comparison of a key attribute with constants, or an error.
Leaf leaf_of(const expr::ConditionNode& node) {
  using Kind = expr::ConditionNode::Kind;
  auto path_name = [](const expr::Operand& operand) -> std::string {
    if (operand.kind != expr::Operand::Kind::kPath || operand.path.size() != 1 || operand.path[0].is_index) {
      throw DynamoError::validation("KeyConditionExpressions cannot have conditions on nested attributes");
    }
    return operand.path[0].name;
  };
  auto constant = [](const expr::Operand& operand) {
    if (operand.kind != expr::Operand::Kind::kValue) {
      throw DynamoError::validation("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
    }
    return operand.value;
  };
  Leaf leaf;
  switch (node.kind) {
    case Kind::kCompare: {
      if (node.op == expr::CompareOp::kNe) throw DynamoError::validation("Invalid operator used in KeyConditionExpression: <>");
      // Either side may hold the attribute; a constant on the left flips the comparison.
      bool flipped = node.operands[0].kind != expr::Operand::Kind::kPath;
      leaf.attribute = path_name(node.operands[flipped ? 1 : 0]);
      leaf.condition.value = constant(node.operands[flipped ? 0 : 1]);
      static constexpr SortKeyCondition::Op kOps[] = {SortKeyCondition::Op::kEq, SortKeyCondition::Op::kEq,
                                                      SortKeyCondition::Op::kLt, SortKeyCondition::Op::kLe,
                                                      SortKeyCondition::Op::kGt, SortKeyCondition::Op::kGe};
      static constexpr SortKeyCondition::Op kFlipped[] = {SortKeyCondition::Op::kEq, SortKeyCondition::Op::kEq,
                                                          SortKeyCondition::Op::kGt, SortKeyCondition::Op::kGe,
                                                          SortKeyCondition::Op::kLt, SortKeyCondition::Op::kLe};
      leaf.condition.op = (flipped ? kFlipped : kOps)[static_cast<int>(node.op)];
      return leaf;
    }
    case Kind::kBetween:
      leaf.attribute = path_name(node.operands[0]);
      leaf.condition.op = SortKeyCondition::Op::kBetween;
      leaf.condition.value = constant(node.operands[1]);
      leaf.condition.upper = constant(node.operands[2]);
      return leaf;
    case Kind::kBeginsWith:
      leaf.attribute = path_name(node.operands[0]);
      leaf.condition.op = SortKeyCondition::Op::kBeginsWith;
      leaf.condition.value = constant(node.operands[1]);
      return leaf;
    case Kind::kOr: throw DynamoError::validation("Invalid operator used in KeyConditionExpression: OR");
    case Kind::kNot: throw DynamoError::validation("Invalid operator used in KeyConditionExpression: NOT");
    case Kind::kIn: throw DynamoError::validation("Invalid operator used in KeyConditionExpression: IN");
    default: throw DynamoError::validation("Query key condition not supported");
  }
}

void flatten(const expr::ConditionNode& node, std::vector<Leaf>& out) {
  if (node.kind == expr::ConditionNode::Kind::kAnd) {
    for (const auto& child : node.children) flatten(child, out);
    return;
  }
  out.push_back(leaf_of(node));
}

// Multi-attribute GSI keys (Developer Guide, "Multi-attribute keys"): every
// partition attribute by equality; sort attributes left to right, equality
// on all but the last one given.
KeyQuery multi_attribute(const expr::Condition& parsed, const ReadTarget& target) {
  std::vector<Leaf> leaves;
  flatten(parsed.root(), leaves);
  std::map<std::string, SortKeyCondition> by_name;
  for (auto& leaf : leaves) {
    if (!by_name.emplace(leaf.attribute, std::move(leaf.condition)).second) {
      throw DynamoError::validation("KeyConditionExpressions must only contain one condition per key");
    }
  }
  auto check_type = [](const model::KeyAttribute& key, const SortKeyCondition& c) {
    const auto type = model::attribute_type_of(key.type);
    if (c.value.type() != type || (c.op == SortKeyCondition::Op::kBetween && c.upper.type() != type)) {
      throw DynamoError::validation(std::string(kTypeMismatch));
    }
  };
  KeyQuery query;
  for (const auto& key : target.hash_keys()) {
    auto it = by_name.find(key.name);
    if (it == by_name.end()) throw DynamoError::validation("Query condition missed key schema element: " + key.name);
    if (it->second.op != SortKeyCondition::Op::kEq) throw DynamoError::validation("Query key condition not supported");
    check_type(key, it->second);
    query.partition_values.push_back(std::move(it->second.value));
    by_name.erase(it);
  }
  for (const auto& key : target.range_keys()) {
    auto it = by_name.find(key.name);
    if (it == by_name.end()) break;
    check_type(key, it->second);
    const bool last = by_name.size() == 1;
    if (!last && it->second.op != SortKeyCondition::Op::kEq) {
      throw DynamoError::validation("Query key condition not supported");
    }
    if (last) {
      query.sort = std::move(it->second);
    } else {
      query.sort_equalities.push_back(std::move(it->second.value));
    }
    by_name.erase(it);
  }
  if (!by_name.empty()) {
    throw DynamoError::validation("Query condition missed key schema element: " +
                                  (target.range_keys().empty() ? by_name.begin()->first : target.range_keys().front().name));
  }
  return query;
}

}  // namespace

KeyQuery key_query_from_expression(const expr::Condition& parsed, const ReadTarget& target) {
  if (target.hash_keys().size() == 1 && target.range_keys().size() <= 1) return single_attribute(parsed, target);
  return multi_attribute(parsed, target);
}

}  // namespace dynastore::api
