// parse_update(): syntax (parser.cc), then DynamoDB's checks in dynalite updateParser.pegjs's
// reported order (matched against AWS): reserved keyword > unknown/misplaced function >
// repeated section > undefined name > undefined value > overlapping paths > conflicting paths
// > ADD/DELETE operand type > function operand count/type.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dynastore/expr/update.h"
#include "expr/messages.h"
#include "expr/parser.h"
#include "expr/validation.h"
#include "expr/value_ops.h"

namespace dynastore::expr {

namespace {

using model::AttributeType;

enum Slot : std::size_t {
  kReserved,
  kUnknownFunction,
  kSection,
  kName,
  kValue,
  kOverlap,
  kConflict,
  kOperand,
  kFunction,
  kSlotCount,
};

struct Checked {
  Operand operand;
  std::optional<AttributeType> type;  // a value's type or a function's result type
  bool is_value = false;
  bool is_path = false;
  std::string_view function;
};

std::string_view section_name(UpdateAction::Kind kind) {
  switch (kind) {
    case UpdateAction::Kind::kSet: return "SET";
    case UpdateAction::Kind::kRemove: return "REMOVE";
    case UpdateAction::Kind::kAdd: return "ADD";
    case UpdateAction::Kind::kDelete: return "DELETE";
  }
  return "SET";
}

bool is_condition_function(std::string_view name) {
  return name == "attribute_exists" || name == "attribute_not_exists" || name == "attribute_type" ||
         name == "begins_with" || name == "contains" || name == "size";
}

class UpdateValidator {
 public:
  explicit UpdateValidator(Placeholders& placeholders) : placeholders_(placeholders) {}

  std::vector<UpdateAction> validate(const std::vector<RawUpdateSection>& sections);
  std::optional<std::string> error() const { return errors_.first(0, kSlotCount); }
  std::size_t operator_count() const { return operators_; }

 private:
  Checked operand(const RawOperand& raw);
  Checked function(const RawOperand& raw, std::vector<Checked> args);
  Checked arithmetic(const RawOperand& raw, std::vector<Checked> args);

  Placeholders& placeholders_;
  ErrorSlots errors_{kSlotCount};
  std::size_t operators_ = 0;
};

Checked UpdateValidator::operand(const RawOperand& raw) {
  Checked c;
  switch (raw.kind) {
    case RawOperand::Kind::kPath: {
      c.is_path = true;
      auto path = resolve_raw_path(raw.path, placeholders_, errors_, kReserved, kName);
      if (path) c.operand = Operand::of_path(std::move(*path));
      return c;
    }
    case RawOperand::Kind::kValueSub: {
      c.is_value = true;
      const model::AttributeValue* value = placeholders_.value(raw.text);
      if (value == nullptr) {
        errors_.record(kValue, undefined_value_message(raw.text));
        c.operand.kind = Operand::Kind::kValue;
        return c;
      }
      c.operand = Operand::of_value(*value);
      c.type = value->type();
      return c;
    }
    case RawOperand::Kind::kFunction:
    case RawOperand::Kind::kPlus:
    case RawOperand::Kind::kMinus: {
      std::vector<Checked> args;
      args.reserve(raw.args.size());
      for (const auto& a : raw.args) args.push_back(operand(a));
      if (raw.kind == RawOperand::Kind::kFunction) return function(raw, std::move(args));
      return arithmetic(raw, std::move(args));
    }
  }
  return c;
}

Checked UpdateValidator::function(const RawOperand& raw, std::vector<Checked> args) {
  ++operators_;
  Checked c;
  c.function = raw.text;
  if (raw.text != "if_not_exists" && raw.text != "list_append") {
    errors_.record(kUnknownFunction,
                   msg::with_details(is_condition_function(raw.text) ? msg::kFunctionNotInUpdate : msg::kInvalidFunction,
                                     "function", raw.text));
    return c;
  }
  if (args.size() != 2) {
    errors_.record(kFunction, msg::with_details(msg::kOperandCount, "operator or function", raw.text,
                                                "number of operands", std::to_string(args.size())));
    return c;
  }
  // DynamoDB rejects a list_append() nested in another function ("The function is not allowed
  // to be used this way in an expression; function: list_append", scylladb
  // test_update_expression_function_nesting) while if_not_exists() may be nested.
  for (const auto& a : args) {
    if (a.function == "list_append") {
      errors_.record(kFunction, msg::with_details(msg::kFunctionMisused, "function", a.function));
    }
  }
  if (raw.text == "if_not_exists") {
    if (!args[0].is_path) {
      errors_.record(kFunction, msg::with_details(msg::kPathRequired, "operator or function", raw.text));
    }
    c.type = args[1].type;
    c.operand.kind = Operand::Kind::kIfNotExists;
  } else {
    for (const auto& a : args) {
      if (a.is_value && a.type && *a.type != AttributeType::kList) {
        errors_.record(kFunction, msg::with_details(msg::kOperandType, "operator or function", raw.text,
                                                    "operand type", model::type_descriptor(*a.type)));
        break;
      }
    }
    c.type = AttributeType::kList;
    c.operand.kind = Operand::Kind::kListAppend;
  }
  for (auto& a : args) c.operand.args.push_back(std::move(a.operand));
  return c;
}

Checked UpdateValidator::arithmetic(const RawOperand& raw, std::vector<Checked> args) {
  ++operators_;
  std::string_view op = raw.kind == RawOperand::Kind::kPlus ? "+" : "-";
  for (const auto& a : args) {
    if (a.type && *a.type != AttributeType::kNumber) {
      errors_.record(kFunction, msg::with_details(msg::kOperandType, "operator or function", op, "operand type",
                                                  model::type_descriptor(*a.type)));
      break;
    }
  }
  Checked c;
  c.type = AttributeType::kNumber;
  c.operand.kind = raw.kind == RawOperand::Kind::kPlus ? Operand::Kind::kPlus : Operand::Kind::kMinus;
  for (auto& a : args) c.operand.args.push_back(std::move(a.operand));
  return c;
}

std::vector<UpdateAction> UpdateValidator::validate(const std::vector<RawUpdateSection>& sections) {
  std::vector<UpdateAction> actions;
  std::vector<const DocumentPath*> paths_in_order;
  std::vector<bool> resolved;
  bool seen[4] = {false, false, false, false};
  for (const auto& section : sections) {
    auto& was_seen = seen[static_cast<int>(section.kind)];
    if (was_seen) {
      std::string text = "The \"";
      text += section_name(section.kind);
      text += "\" section can only be used once in an update expression;";
      errors_.record(kSection, std::move(text));
    }
    was_seen = true;
    for (const auto& raw : section.actions) {
      UpdateAction action;
      action.kind = section.kind;
      auto path = resolve_raw_path(raw.path, placeholders_, errors_, kReserved, kName);
      resolved.push_back(path.has_value());
      if (path) action.path = std::move(*path);
      if (section.kind == UpdateAction::Kind::kSet) {
        action.value = operand(raw.value).operand;
      } else if (section.kind != UpdateAction::Kind::kRemove) {
        Checked v = operand(raw.value);
        // dynalite checkOperator: ADD takes numbers and sets, DELETE sets only; AWS now appends
        // the allowed type set's name (zio-dynamodb's quote of an AWS response).
        bool is_add = section.kind == UpdateAction::Kind::kAdd;
        if (v.type && !model::is_set_type(*v.type) && !(is_add && *v.type == AttributeType::kNumber)) {
          errors_.record(kOperand, msg::with_details(msg::kOperandType, "operator", section_name(section.kind),
                                                     "operand type", node_type_name(*v.type), "typeSet",
                                                     is_add ? "ALLOWED_FOR_ADD_OPERAND" : "ALLOWED_FOR_DELETE_OPERAND"));
        }
        action.value = std::move(v.operand);
      }
      actions.push_back(std::move(action));
    }
  }
  // Overlap / conflict checks compare resolved paths only; an unresolved one already failed.
  std::vector<const DocumentPath*> paths;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    if (resolved[i]) paths.push_back(&actions[i].path);
  }
  check_path_set(paths, errors_, kOverlap, kConflict);
  return actions;
}

}  // namespace

Result<UpdatePlan> parse_update(std::string_view text, Placeholders& placeholders) {
  constexpr ExpressionKind kKind = ExpressionKind::kUpdate;
  if (Status s = check_expression_text(text, kKind); !s.is_ok()) return s;
  Parser parser(text);
  auto raw = parser.parse_update();
  if (!raw) return invalid_expression(kKind, parser.error());
  UpdateValidator validator(placeholders);
  std::vector<UpdateAction> actions = validator.validate(*raw);
  if (auto error = validator.error()) return invalid_expression(kKind, *error);
  if (validator.operator_count() > kMaxOperatorCount) {
    return invalid_expression(kKind, msg::with_details(msg::kTooManyOperators, "operator count",
                                                       std::to_string(validator.operator_count())));
  }
  return UpdatePlan(std::move(actions), UpdateDialect::kExpression);
}

}  // namespace dynastore::expr
