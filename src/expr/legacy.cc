// Legacy parameters expressed as condition trees, key conditions and update plans. Message
// texts: dynalite validations/index.js (validateAttributeConditions, validateConditions) and
// validations/updateItem.js, whose suites were recorded against AWS.
#include "dynastore/expr/legacy.h"

#include <utility>

#include "expr/key_condition_internal.h"
#include "expr/value_ops.h"

namespace dynastore::expr {

namespace {

using model::AttributeType;
using model::AttributeValue;

constexpr std::string_view kInvalidPrefix = "One or more parameter values were invalid: ";

Status invalid_parameter(std::string_view message) {
  return Status::invalid_argument(std::string(kInvalidPrefix) + std::string(message));
}

struct OperatorInfo {
  ComparisonOperator op;
  std::string_view name;
};
constexpr OperatorInfo kOperators[] = {
    {ComparisonOperator::kEq, "EQ"},           {ComparisonOperator::kNe, "NE"},
    {ComparisonOperator::kLe, "LE"},           {ComparisonOperator::kLt, "LT"},
    {ComparisonOperator::kGe, "GE"},           {ComparisonOperator::kGt, "GT"},
    {ComparisonOperator::kNotNull, "NOT_NULL"}, {ComparisonOperator::kNull, "NULL"},
    {ComparisonOperator::kContains, "CONTAINS"}, {ComparisonOperator::kNotContains, "NOT_CONTAINS"},
    {ComparisonOperator::kBeginsWith, "BEGINS_WITH"}, {ComparisonOperator::kIn, "IN"},
    {ComparisonOperator::kBetween, "BETWEEN"},
};

// The operand count and one type for all operands: the first checks of every legacy
// condition (dynalite validateConditions). A KeyConditions IN may have no operand at all (it
// is refused later as not indexable).
Status check_operand_shape(ComparisonOperator op, const std::vector<AttributeValue>& values, bool key_condition) {
  std::size_t n = values.size();
  bool count_ok;
  switch (op) {
    case ComparisonOperator::kNull:
    case ComparisonOperator::kNotNull: count_ok = n == 0; break;
    case ComparisonOperator::kIn: count_ok = key_condition || n >= 1; break;
    case ComparisonOperator::kBetween: count_ok = n == 2; break;
    default: count_ok = n == 1; break;
  }
  if (!count_ok) {
    return invalid_parameter("Invalid number of argument(s) for the " + std::string(comparison_operator_name(op)) +
                             " ComparisonOperator");
  }
  for (const auto& v : values) {
    if (v.type() != values[0].type()) {
      return invalid_parameter("AttributeValues inside AttributeValueList must be of same type");
    }
  }
  return Status::ok();
}

Status check_between_order(const AttributeValue& lower, const AttributeValue& upper) {
  auto order = compare_scalars(lower, upper);
  if (order && *order > 0) {
    return Status::invalid_argument(
        "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
  }
  return Status::ok();
}

// The checks every legacy filter condition gets, in dynalite's order.
Status check_filter_values(ComparisonOperator op, const std::vector<AttributeValue>& values) {
  if (Status s = check_operand_shape(op, values, /*key_condition=*/false); !s.is_ok()) return s;
  if (Status s = check_condition_value_types(comparison_operator_name(op), values); !s.is_ok()) return s;
  if (op == ComparisonOperator::kBetween) return check_between_order(values[0], values[1]);
  return Status::ok();
}

ConditionNode filter_node(const std::string& attribute, ComparisonOperator op, const std::vector<AttributeValue>& values) {
  ConditionNode node;
  node.operands.push_back(Operand::of_path({PathElement::member(attribute)}));
  for (const auto& v : values) node.operands.push_back(Operand::of_value(v));
  using Kind = ConditionNode::Kind;
  switch (op) {
    case ComparisonOperator::kEq: node.kind = Kind::kCompare; node.op = CompareOp::kEq; break;
    case ComparisonOperator::kNe: node.kind = Kind::kCompare; node.op = CompareOp::kNe; break;
    case ComparisonOperator::kLe: node.kind = Kind::kCompare; node.op = CompareOp::kLe; break;
    case ComparisonOperator::kLt: node.kind = Kind::kCompare; node.op = CompareOp::kLt; break;
    case ComparisonOperator::kGe: node.kind = Kind::kCompare; node.op = CompareOp::kGe; break;
    case ComparisonOperator::kGt: node.kind = Kind::kCompare; node.op = CompareOp::kGt; break;
    case ComparisonOperator::kNotNull: node.kind = Kind::kAttributeExists; break;
    case ComparisonOperator::kNull: node.kind = Kind::kAttributeNotExists; break;
    case ComparisonOperator::kContains: node.kind = Kind::kContains; break;
    case ComparisonOperator::kNotContains: node.kind = Kind::kLegacyNotContains; break;
    case ComparisonOperator::kBeginsWith: node.kind = Kind::kBeginsWith; break;
    case ComparisonOperator::kIn: node.kind = Kind::kIn; break;
    case ComparisonOperator::kBetween: node.kind = Kind::kBetween; break;
  }
  return node;
}

Condition combine(std::vector<ConditionNode> nodes, ConditionalOperator op) {
  if (nodes.empty()) return Condition();
  if (nodes.size() == 1) return Condition(std::move(nodes[0]));
  ConditionNode root;
  root.kind = op == ConditionalOperator::kOr ? ConditionNode::Kind::kOr : ConditionNode::Kind::kAnd;
  root.children = std::move(nodes);
  return Condition(std::move(root));
}

}  // namespace

std::optional<ComparisonOperator> parse_comparison_operator(std::string_view text) {
  for (const auto& info : kOperators) {
    if (info.name == text) return info.op;
  }
  return std::nullopt;
}

std::string_view comparison_operator_name(ComparisonOperator op) {
  for (const auto& info : kOperators) {
    if (info.op == op) return info.name;
  }
  return "EQ";
}

Result<Condition> build_expected(const std::vector<std::pair<std::string, ExpectedAttribute>>& expected,
                                 ConditionalOperator conditional_operator) {
  std::vector<ConditionNode> nodes;
  for (const auto& [name, e] : expected) {
    if (e.value && e.attribute_value_list) {
      return invalid_parameter("Value and AttributeValueList cannot be used together for Attribute: " + name);
    }
    if (e.comparison_operator) {
      ComparisonOperator op = *e.comparison_operator;
      if (e.exists) {
        return invalid_parameter("Exists and ComparisonOperator cannot be used together for Attribute: " + name);
      }
      if (op != ComparisonOperator::kNull && op != ComparisonOperator::kNotNull && !e.value &&
          !e.attribute_value_list) {
        return invalid_parameter("Value or AttributeValueList must be used with ComparisonOperator: " +
                                 std::string(comparison_operator_name(op)) + " for Attribute: " + name);
      }
      std::vector<AttributeValue> values;
      if (e.attribute_value_list) {
        values = *e.attribute_value_list;
      } else if (e.value) {
        values.push_back(*e.value);
      }
      if (Status s = check_filter_values(op, values); !s.is_ok()) return s;
      nodes.push_back(filter_node(name, op, values));
      continue;
    }
    if (e.attribute_value_list) {
      return invalid_parameter("AttributeValueList can only be used with a ComparisonOperator for Attribute: " + name);
    }
    bool exists = !e.exists || *e.exists;
    if (exists && !e.value) {
      return invalid_parameter(std::string("Value must be provided when Exists is ") + (e.exists ? "true" : "null") +
                               " for Attribute: " + name);
    }
    if (!exists && e.value) {
      return invalid_parameter("Value cannot be used when Exists is false for Attribute: " + name);
    }
    nodes.push_back(exists ? filter_node(name, ComparisonOperator::kEq, {*e.value})
                           : filter_node(name, ComparisonOperator::kNull, {}));
  }
  return combine(std::move(nodes), conditional_operator);
}

Result<Condition> build_filter(const std::vector<std::pair<std::string, FilterCondition>>& conditions,
                               ConditionalOperator conditional_operator) {
  std::vector<ConditionNode> nodes;
  for (const auto& [name, c] : conditions) {
    if (Status s = check_filter_values(c.comparison_operator, c.attribute_value_list); !s.is_ok()) return s;
    nodes.push_back(filter_node(name, c.comparison_operator, c.attribute_value_list));
  }
  return combine(std::move(nodes), conditional_operator);
}

Status check_key_condition_operands(ComparisonOperator op, const std::vector<AttributeValue>& values) {
  if (Status s = check_operand_shape(op, values, /*key_condition=*/true); !s.is_ok()) return s;
  if (op == ComparisonOperator::kBeginsWith && !values.empty() && values[0].type() == AttributeType::kNumber) {
    return invalid_parameter("ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type");
  }
  return Status::ok();
}

Result<KeyCondition> build_key_conditions(std::vector<std::pair<std::string, FilterCondition>> conditions,
                                          const KeyAttributes& keys) {
  std::vector<KeyConditionDraft> drafts;
  drafts.reserve(conditions.size());
  for (auto& [name, c] : conditions) {
    KeyConditionDraft d;
    d.name = std::move(name);
    d.values = std::move(c.attribute_value_list);
    switch (c.comparison_operator) {
      case ComparisonOperator::kEq: d.op = SortKeyOp::kEq; break;
      case ComparisonOperator::kLt: d.op = SortKeyOp::kLt; break;
      case ComparisonOperator::kLe: d.op = SortKeyOp::kLe; break;
      case ComparisonOperator::kGt: d.op = SortKeyOp::kGt; break;
      case ComparisonOperator::kGe: d.op = SortKeyOp::kGe; break;
      case ComparisonOperator::kBetween: d.op = SortKeyOp::kBetween; break;
      case ComparisonOperator::kBeginsWith: d.op = SortKeyOp::kBeginsWith; break;
      default: break;  // not indexable; reported by resolve_key_conditions
    }
    drafts.push_back(std::move(d));
  }
  auto key_condition = resolve_key_conditions(std::move(drafts), keys);
  if (!key_condition.is_ok()) return key_condition;
  const auto& sort = key_condition->sort;
  if (sort && sort->op == SortKeyOp::kBetween) {
    if (Status s = check_between_order(sort->value, sort->upper); !s.is_ok()) return s;
  }
  return key_condition;
}

Result<UpdatePlan> build_attribute_updates(const std::vector<std::pair<std::string, AttributeUpdate>>& updates) {
  std::vector<UpdateAction> actions;
  for (const auto& [name, u] : updates) {
    UpdateAction action;
    action.path = {PathElement::member(name)};
    if (u.action != AttributeUpdate::Action::kDelete && !u.value) {
      return invalid_parameter("Only DELETE action is allowed when no attribute value is specified");
    }
    switch (u.action) {
      case AttributeUpdate::Action::kPut:
        action.kind = UpdateAction::Kind::kSet;
        action.value = Operand::of_value(*u.value);
        break;
      case AttributeUpdate::Action::kDelete:
        action.kind = UpdateAction::Kind::kDelete;
        if (u.value) {
          if (!model::is_set_type(u.value->type())) {
            return invalid_parameter("DELETE action with value is not supported for the type " +
                                     std::string(model::type_descriptor(u.value->type())));
          }
          action.value = Operand::of_value(*u.value);
        }
        break;
      case AttributeUpdate::Action::kAdd: {
        AttributeType t = u.value->type();
        if (t != AttributeType::kNumber && t != AttributeType::kList && !model::is_set_type(t)) {
          return invalid_parameter("ADD action is not supported for the type " +
                                   std::string(model::type_descriptor(t)));
        }
        action.kind = UpdateAction::Kind::kAdd;
        action.value = Operand::of_value(*u.value);
        break;
      }
    }
    actions.push_back(std::move(action));
  }
  return UpdatePlan(std::move(actions), UpdateDialect::kAttributeUpdates);
}

}  // namespace dynastore::expr
