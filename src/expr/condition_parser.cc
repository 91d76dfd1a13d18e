// parse_condition(): syntax (parser.cc), then DynamoDB's semantic checks on the raw tree, in
// the order dynalite's conditionParser.pegjs applies them (its suite was recorded against AWS):
// reported category priority is unknown function > misused function > reserved keyword >
// first invalid primitive condition, where a primitive condition's own priority is undefined
// placeholder > operand count > repeated path > operand type.
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "dynastore/expr/condition.h"
#include "expr/messages.h"
#include "expr/parser.h"
#include "expr/validation.h"
#include "expr/value_ops.h"

namespace dynastore::expr {

namespace {

using model::AttributeType;

enum Slot : std::size_t {
  kUnknownFunction,
  kMisusedFunction,
  kReserved,
  kCondition,  // receives the first invalid primitive condition's error
  // dynalite's per-condition categories, in priority order:
  kNameValue,
  kOperandCount,
  kDistinct,
  kFunction,
  kSlotCount,
};

// A validated operand plus what the checks need to know about it.
struct Checked {
  Operand operand;
  std::optional<AttributeType> type;  // a value's type or a function's result type
  bool is_path = false;
  std::string_view function;          // name, when the raw operand was a function call
  std::optional<ConditionNode> node;  // a condition function's node
};

std::string_view compare_op_text(CompareOp op) {
  switch (op) {
    case CompareOp::kEq: return "=";
    case CompareOp::kNe: return "<>";
    case CompareOp::kLt: return "<";
    case CompareOp::kLe: return "<=";
    case CompareOp::kGt: return ">";
    case CompareOp::kGe: return ">=";
  }
  return "=";
}

bool is_type_name(std::string_view s) {
  static constexpr std::string_view kNames[] = {"S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M"};
  for (auto n : kNames) {
    if (n == s) return true;
  }
  return false;
}

class ConditionValidator {
 public:
  explicit ConditionValidator(Placeholders& placeholders) : placeholders_(placeholders) {}

  ConditionNode condition(const RawCondition& raw);
  std::optional<std::string> error() const {
    return errors_.first(kUnknownFunction, kCondition + 1);
  }
  std::size_t operator_count() const { return operators_; }

 private:
  Checked operand(const RawOperand& raw);
  Checked function(const RawOperand& raw, std::vector<Checked> args);
  void check_misused(const std::vector<const Checked*>& operands);
  void check_distinct(std::string_view op, const Checked& first, const Checked& second);
  void check_ordering_types(std::string_view op, const std::vector<const Checked*>& operands);
  void finish_primitive();
  std::string type_text(const Checked& c) const;

  Placeholders& placeholders_;
  ErrorSlots errors_{kSlotCount};
  std::size_t operators_ = 0;
};

std::string ConditionValidator::type_text(const Checked& c) const {
  if (c.type) return std::string(model::type_descriptor(*c.type));
  return std::string(msg::kAnyTypeNames);
}

Checked ConditionValidator::operand(const RawOperand& raw) {
  Checked c;
  switch (raw.kind) {
    case RawOperand::Kind::kPath: {
      c.is_path = true;
      auto path = resolve_raw_path(raw.path, placeholders_, errors_, kReserved, kNameValue);
      if (path) c.operand = Operand::of_path(std::move(*path));
      return c;
    }
    case RawOperand::Kind::kValueSub: {
      const model::AttributeValue* value = placeholders_.value(raw.text);
      if (value == nullptr) {
        errors_.record(kNameValue, undefined_value_message(raw.text));
        c.operand.kind = Operand::Kind::kValue;
        return c;
      }
      c.operand = Operand::of_value(*value);
      c.type = value->type();
      return c;
    }
    case RawOperand::Kind::kFunction: {
      std::vector<Checked> args;
      args.reserve(raw.args.size());
      for (const auto& a : raw.args) args.push_back(operand(a));
      return function(raw, std::move(args));
    }
    case RawOperand::Kind::kPlus:
    case RawOperand::Kind::kMinus:
      break;  // the condition grammar has no arithmetic
  }
  return c;
}

void ConditionValidator::check_misused(const std::vector<const Checked*>& operands) {
  // Only size() may be used as a value (dynalite checkMisusedFunction).
  for (const Checked* o : operands) {
    if (!o->function.empty() && o->function != "size") {
      errors_.record(kMisusedFunction, msg::with_details(msg::kFunctionMisused, "function", o->function));
      return;
    }
  }
}

void ConditionValidator::check_distinct(std::string_view op, const Checked& first, const Checked& second) {
  if (!first.is_path || !second.is_path) return;
  if (first.operand.path.empty() || !(first.operand.path == second.operand.path)) return;
  errors_.record(kDistinct, msg::with_details(msg::kNotDistinct, "operator", op, "first operand",
                                              path_to_string(first.operand.path)));
}

void ConditionValidator::check_ordering_types(std::string_view op, const std::vector<const Checked*>& operands) {
  // < <= > >= BETWEEN only order S, N and B; a constant of another type is rejected up front
  // (DynamoDB Local OperatorValidator: OPERAND_TYPE_CHECK_FAIL on the operator's type set).
  for (const Checked* o : operands) {
    if (o->type && *o->type != AttributeType::kString && *o->type != AttributeType::kNumber &&
        *o->type != AttributeType::kBinary && o->function.empty()) {
      errors_.record(kFunction, msg::with_details(msg::kOperandType, "operator or function", op,
                                                  "operand type", type_text(*o)));
      return;
    }
  }
}

void ConditionValidator::finish_primitive() {
  if (errors_.has(kCondition)) return;
  if (auto e = errors_.first(kNameValue, kSlotCount)) errors_.record(kCondition, *e);
}

Checked ConditionValidator::function(const RawOperand& raw, std::vector<Checked> args) {
  ++operators_;
  Checked c;
  c.function = raw.text;
  std::vector<const Checked*> arg_ptrs;
  for (const auto& a : args) arg_ptrs.push_back(&a);
  check_misused(arg_ptrs);

  struct Known {
    std::string_view name;
    std::size_t operands;
    std::optional<AttributeType> result;
  };
  static constexpr Known kFunctions[] = {
      {"attribute_exists", 1, AttributeType::kBool}, {"attribute_not_exists", 1, AttributeType::kBool},
      {"attribute_type", 2, AttributeType::kBool},   {"begins_with", 2, AttributeType::kBool},
      {"contains", 2, AttributeType::kBool},         {"size", 1, AttributeType::kNumber},
  };
  const Known* known = nullptr;
  for (const auto& k : kFunctions) {
    if (k.name == raw.text) known = &k;
  }
  if (known == nullptr) {
    // Function names are case-sensitive; update-only functions have their own message.
    bool update_only = raw.text == "if_not_exists" || raw.text == "list_append";
    errors_.record(kUnknownFunction, msg::with_details(update_only ? msg::kFunctionNotInCondition
                                                                   : msg::kInvalidFunction,
                                                       "function", raw.text));
    return c;
  }
  c.type = known->result;
  if (args.size() != known->operands) {
    errors_.record(kOperandCount, msg::with_details(msg::kOperandCount, "operator or function", raw.text,
                                                    "number of operands", std::to_string(args.size())));
    return c;
  }
  if (args.size() == 2) check_distinct(raw.text, args[0], args[1]);

  auto type_error = [&](const Checked& a) {
    errors_.record(kFunction, msg::with_details(msg::kOperandType, "operator or function", raw.text,
                                                "operand type", type_text(a)));
  };
  ConditionNode node;
  if (raw.text == "attribute_exists" || raw.text == "attribute_not_exists") {
    if (!args[0].is_path) {
      errors_.record(kFunction, msg::with_details(msg::kPathRequired, "operator or function", raw.text));
    }
    node.kind = raw.text == "attribute_exists" ? ConditionNode::Kind::kAttributeExists
                                               : ConditionNode::Kind::kAttributeNotExists;
  } else if (raw.text == "attribute_type") {
    const Checked& t = args[1];
    if (t.operand.kind != Operand::Kind::kValue || !t.function.empty() || t.type != AttributeType::kString) {
      if (t.type || t.is_path || !t.function.empty()) type_error(t);
    } else if (!is_type_name(t.operand.value.scalar())) {
      errors_.record(kFunction, msg::with_details(msg::kAttributeTypeName, "type", t.operand.value.scalar(),
                                                  "valid types", msg::kValidTypeNames));
    }
    node.kind = ConditionNode::Kind::kAttributeType;
  } else if (raw.text == "begins_with") {
    for (const auto& a : args) {
      if (a.type && *a.type != AttributeType::kString && *a.type != AttributeType::kBinary) {
        type_error(a);
        break;
      }
    }
    node.kind = ConditionNode::Kind::kBeginsWith;
  } else if (raw.text == "contains") {
    node.kind = ConditionNode::Kind::kContains;
  } else {  // size
    const Checked& a = args[0];
    if (a.type && (*a.type == AttributeType::kNumber || *a.type == AttributeType::kBool ||
                   *a.type == AttributeType::kNull)) {
      type_error(a);
    }
    c.operand.kind = Operand::Kind::kSize;
    c.operand.args.push_back(std::move(args[0].operand));
    return c;
  }
  for (auto& a : args) node.operands.push_back(std::move(a.operand));
  c.node = std::move(node);
  return c;
}

ConditionNode ConditionValidator::condition(const RawCondition& raw) {
  ConditionNode node;
  switch (raw.kind) {
    case RawCondition::Kind::kAnd:
    case RawCondition::Kind::kOr:
    case RawCondition::Kind::kNot: {
      ++operators_;
      node.kind = raw.kind == RawCondition::Kind::kAnd  ? ConditionNode::Kind::kAnd
                  : raw.kind == RawCondition::Kind::kOr ? ConditionNode::Kind::kOr
                                                        : ConditionNode::Kind::kNot;
      for (const auto& child : raw.children) node.children.push_back(condition(child));
      return node;
    }
    case RawCondition::Kind::kFunction: {
      Checked f = operand(raw.operands[0]);
      if (f.function == "size") {
        errors_.record(kMisusedFunction, msg::with_details(msg::kFunctionMisused, "function", "size"));
      }
      finish_primitive();
      if (f.node) return std::move(*f.node);
      return node;
    }
    case RawCondition::Kind::kCompare: {
      ++operators_;
      Checked left = operand(raw.operands[0]);
      Checked right = operand(raw.operands[1]);
      check_misused({&left, &right});
      std::string_view op = compare_op_text(raw.op);
      check_distinct(op, left, right);
      if (raw.op != CompareOp::kEq && raw.op != CompareOp::kNe) check_ordering_types(op, {&left, &right});
      finish_primitive();
      node.kind = ConditionNode::Kind::kCompare;
      node.op = raw.op;
      node.operands.push_back(std::move(left.operand));
      node.operands.push_back(std::move(right.operand));
      return node;
    }
    case RawCondition::Kind::kBetween: {
      ++operators_;
      Checked v = operand(raw.operands[0]);
      Checked low = operand(raw.operands[1]);
      Checked high = operand(raw.operands[2]);
      check_misused({&v, &low, &high});
      check_ordering_types("BETWEEN", {&v, &low, &high});
      // dynalite checkBetweenArgs: two constant bounds must share a type and be ordered.
      if (low.function.empty() && high.function.empty() && low.operand.kind == Operand::Kind::kValue &&
          high.operand.kind == Operand::Kind::kValue && low.type && high.type) {
        const auto& lo = low.operand.value;
        const auto& hi = high.operand.value;
        if (lo.type() != hi.type()) {
          errors_.record(kFunction, msg::with_details(msg::kBetweenTypes, "lower bound operand", describe_value(lo),
                                                      "upper bound operand", describe_value(hi)));
        } else if (auto order = compare_scalars(lo, hi); order && *order > 0) {
          errors_.record(kFunction, msg::with_details(msg::kBetweenOrder, "lower bound operand", describe_value(lo),
                                                      "upper bound operand", describe_value(hi)));
        }
      }
      finish_primitive();
      node.kind = ConditionNode::Kind::kBetween;
      node.operands.push_back(std::move(v.operand));
      node.operands.push_back(std::move(low.operand));
      node.operands.push_back(std::move(high.operand));
      return node;
    }
    case RawCondition::Kind::kIn: {
      ++operators_;
      std::vector<Checked> all;
      all.reserve(raw.operands.size());
      for (const auto& o : raw.operands) all.push_back(operand(o));
      std::vector<const Checked*> ptrs;
      for (const auto& a : all) ptrs.push_back(&a);
      check_misused(ptrs);
      if (all.size() - 1 > kMaxInOperands) {
        errors_.record(kFunction, msg::with_details(msg::kTooManyInOperands, "number of operands",
                                                    std::to_string(all.size() - 1)));
      }
      finish_primitive();
      node.kind = ConditionNode::Kind::kIn;
      for (auto& a : all) node.operands.push_back(std::move(a.operand));
      return node;
    }
  }
  return node;
}

}  // namespace

Result<Condition> parse_condition(std::string_view text, ExpressionKind kind, Placeholders& placeholders) {
  if (kind != ExpressionKind::kCondition && kind != ExpressionKind::kFilter &&
      kind != ExpressionKind::kKeyCondition) {
    return Status::internal("parse_condition: not a condition kind");
  }
  if (Status s = check_expression_text(text, kind); !s.is_ok()) return s;
  Parser parser(text);
  auto raw = parser.parse_condition();
  if (!raw) return invalid_expression(kind, parser.error());
  ConditionValidator validator(placeholders);
  ConditionNode root = validator.condition(*raw);
  if (auto error = validator.error()) return invalid_expression(kind, *error);
  if (validator.operator_count() > kMaxOperatorCount) {
    return invalid_expression(kind, msg::with_details(msg::kTooManyOperators, "operator count",
                                                      std::to_string(validator.operator_count())));
  }
  return Condition(std::move(root));
}

}  // namespace dynastore::expr
