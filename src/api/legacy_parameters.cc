#include "api/legacy_parameters.h"

#include "api/request_expressions.h"
#include "dynastore/expr/legacy.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

using protocol::ConstraintErrors;
using protocol::DynamoError;

namespace {

constexpr std::string_view kOperatorEnum =
    "Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]";

std::optional<expr::ComparisonOperator> comparison_operator(const json::Value& spec, const std::string& path,
                                                            ConstraintErrors& errors) {
  auto text = protocol::get_string(spec, "ComparisonOperator");
  if (!text) return std::nullopt;
  auto op = expr::parse_comparison_operator(*text);
  if (!op) errors.add(ConstraintErrors::quoted(*text), path + ".member.comparisonOperator", kOperatorEnum);
  return op;
}

std::optional<std::vector<model::AttributeValue>> value_list(const json::Value& spec, protocol::ValueWording wording) {
  const auto* list = protocol::get_array(spec, "AttributeValueList");
  if (list == nullptr) return std::nullopt;
  std::vector<model::AttributeValue> values;
  for (const auto& v : list->GetArray()) values.push_back(protocol::parse_attribute_value(v, wording));
  return values;
}

}  // namespace

expr::ConditionalOperator conditional_operator(const json::Value& request) {
  auto text = protocol::get_string(request, "ConditionalOperator");
  if (!text || *text == "AND") return expr::ConditionalOperator::kAnd;
  if (*text == "OR") return expr::ConditionalOperator::kOr;
  ConstraintErrors errors;
  errors.add(ConstraintErrors::quoted(*text), "conditionalOperator", "Member must satisfy enum value set: [AND, OR]");
  errors.throw_if_any();
  return expr::ConditionalOperator::kAnd;
}

std::optional<expr::Condition> parse_expected(const json::Value& request, protocol::ValueWording wording) {
  const auto* expected = protocol::get_object(request, "Expected");
  if (expected == nullptr) return std::nullopt;
  ConstraintErrors errors;
  std::vector<std::pair<std::string, expr::ExpectedAttribute>> attributes;
  for (const auto& member : expected->GetObject()) {
    if (!member.value.IsObject()) throw DynamoError::serialization("Unexpected value type in payload");
    std::string name(member.name.GetString(), member.name.GetStringLength());
    expr::ExpectedAttribute attribute;
    if (const auto* value = protocol::get_object(member.value, "Value")) {
      attribute.value = protocol::parse_attribute_value(*value, wording);
    }
    attribute.exists = protocol::get_bool(member.value, "Exists");
    attribute.comparison_operator = comparison_operator(member.value, "expected." + name, errors);
    attribute.attribute_value_list = value_list(member.value, wording);
    attributes.emplace_back(std::move(name), std::move(attribute));
  }
  errors.throw_if_any();
  return value_or_throw(expr::build_expected(attributes, conditional_operator(request)));
}

std::optional<expr::Condition> parse_legacy_filter(const json::Value& request, std::string_view member_name,
                                                   protocol::ValueWording wording) {
  const auto* filter = protocol::get_object(request, member_name);
  if (filter == nullptr) return std::nullopt;
  ConstraintErrors errors;
  std::string path(member_name);
  path[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(path[0])));
  std::vector<std::pair<std::string, expr::FilterCondition>> conditions;
  for (const auto& member : filter->GetObject()) {
    if (!member.value.IsObject()) throw DynamoError::serialization("Unexpected value type in payload");
    std::string name(member.name.GetString(), member.name.GetStringLength());
    expr::FilterCondition condition;
    auto op = comparison_operator(member.value, path + "." + name, errors);
    if (!op && protocol::get_string(member.value, "ComparisonOperator") == std::nullopt) {
      errors.add(ConstraintErrors::kNull, path + "." + name + ".member.comparisonOperator", "Member must not be null");
    }
    if (op) condition.comparison_operator = *op;
    condition.attribute_value_list = value_list(member.value, wording).value_or(std::vector<model::AttributeValue>{});
    conditions.emplace_back(std::move(name), std::move(condition));
  }
  errors.throw_if_any();
  return value_or_throw(expr::build_filter(conditions, conditional_operator(request)));
}

expr::KeyCondition parse_key_conditions(const json::Value& key_conditions, const expr::KeyAttributes& keys,
                                        protocol::ValueWording wording) {
  std::vector<std::pair<std::string, expr::FilterCondition>> conditions;
  for (const auto& member : key_conditions.GetObject()) {
    if (!member.value.IsObject()) throw DynamoError::serialization("Unexpected value type in payload");
    std::string name(member.name.GetString(), member.name.GetStringLength());
    // Each entry is checked whole before the next, and the first problem is
    // the one reported, as DynamoDB does.
    const std::string path = "keyConditions." + name;
    ConstraintErrors errors;
    if (!protocol::get_string(member.value, "ComparisonOperator")) {
      errors.add(ConstraintErrors::kNull, path + ".member.comparisonOperator", "Member must not be null");
    }
    const auto op = comparison_operator(member.value, path, errors);
    errors.throw_if_any();
    expr::FilterCondition condition{*op, value_list(member.value, wording).value_or(std::vector<model::AttributeValue>{})};
    if (auto s = expr::check_key_condition_operands(condition.comparison_operator, condition.attribute_value_list);
        !s.is_ok()) {
      throw_expression_error(s);
    }
    conditions.emplace_back(std::move(name), std::move(condition));
  }
  return value_or_throw(expr::build_key_conditions(std::move(conditions), keys));
}

std::optional<expr::UpdatePlan> parse_attribute_updates(const json::Value& request, protocol::ValueWording wording) {
  const auto* updates = protocol::get_object(request, "AttributeUpdates");
  if (updates == nullptr) return std::nullopt;
  std::vector<std::pair<std::string, expr::AttributeUpdate>> parsed;
  for (const auto& member : updates->GetObject()) {
    if (!member.value.IsObject()) throw DynamoError::serialization("Unexpected value type in payload");
    std::string name(member.name.GetString(), member.name.GetStringLength());
    expr::AttributeUpdate update;
    auto action = protocol::get_string(member.value, "Action");
    if (!action || *action == "PUT") update.action = expr::AttributeUpdate::Action::kPut;
    else if (*action == "ADD") update.action = expr::AttributeUpdate::Action::kAdd;
    else if (*action == "DELETE") update.action = expr::AttributeUpdate::Action::kDelete;
    else {
      ConstraintErrors errors;
      errors.add(ConstraintErrors::quoted(*action), "attributeUpdates." + name + ".member.action",
                 "Member must satisfy enum value set: [ADD, PUT, DELETE]");
      errors.throw_if_any();
    }
    if (const auto* value = protocol::get_object(member.value, "Value")) {
      update.value = protocol::parse_attribute_value(*value, wording);
    }
    parsed.emplace_back(std::move(name), std::move(update));
  }
  return value_or_throw(expr::build_attribute_updates(parsed));
}

}  // namespace dynastore::api
