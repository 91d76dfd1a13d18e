// KeyConditionExpression: the condition parser's tree converted into per-key conditions with
// dynalite's convertKeyCondition()/checkExpr() rules, then checked against the key schema.
#include <algorithm>
#include <utility>

#include "dynastore/expr/key_condition.h"
#include "expr/key_condition_internal.h"
#include "expr/value_ops.h"

namespace dynastore::expr {

namespace {

using model::AttributeType;
using model::AttributeValue;

Status invalid(std::string message) { return Status::invalid_argument(std::move(message)); }

std::string_view legacy_name(SortKeyOp op) {
  switch (op) {
    case SortKeyOp::kEq: return "EQ";
    case SortKeyOp::kLt: return "LT";
    case SortKeyOp::kLe: return "LE";
    case SortKeyOp::kGt: return "GT";
    case SortKeyOp::kGe: return "GE";
    case SortKeyOp::kBetween: return "BETWEEN";
    case SortKeyOp::kBeginsWith: return "BEGINS_WITH";
  }
  return "EQ";
}

class Converter {
 public:
  Status convert(const ConditionNode& node);
  std::vector<KeyConditionDraft>& drafts() { return drafts_; }

 private:
  Status check_operand(const Operand& o);
  std::vector<KeyConditionDraft> drafts_;
};

Status Converter::check_operand(const Operand& o) {
  // size() is the only function that can appear as an operand after parsing.
  if (o.kind == Operand::Kind::kSize) return invalid("KeyConditionExpressions cannot contain nested operations");
  return Status::ok();
}

Status Converter::convert(const ConditionNode& node) {
  using Kind = ConditionNode::Kind;
  switch (node.kind) {
    case Kind::kOr: return invalid("Invalid operator used in KeyConditionExpression: OR");
    case Kind::kNot: return invalid("Invalid operator used in KeyConditionExpression: NOT");
    case Kind::kIn: return invalid("Invalid operator used in KeyConditionExpression: IN");
    case Kind::kAttributeExists: return invalid("Invalid operator used in KeyConditionExpression: attribute_exists");
    case Kind::kAttributeNotExists:
      return invalid("Invalid operator used in KeyConditionExpression: attribute_not_exists");
    case Kind::kAttributeType: return invalid("Invalid operator used in KeyConditionExpression: attribute_type");
    case Kind::kContains: return invalid("Invalid operator used in KeyConditionExpression: contains");
    case Kind::kCompare:
      if (node.op == CompareOp::kNe) return invalid("Invalid operator used in KeyConditionExpression: <>");
      break;
    case Kind::kAnd:
      for (const auto& child : node.children) {
        if (Status s = convert(child); !s.is_ok()) return s;
      }
      return Status::ok();
    case Kind::kBetween:
    case Kind::kBeginsWith:
      if (node.operands.empty() || node.operands[0].kind != Operand::Kind::kPath) {
        return invalid(std::string("Invalid condition in KeyConditionExpression: ") +
                       (node.kind == Kind::kBetween ? "BETWEEN" : "begins_with") +
                       " operator must have the key attribute as its first operand");
      }
      break;
    case Kind::kTrue:
    case Kind::kLegacyNotContains:
      return invalid("Invalid operator used in KeyConditionExpression: " + std::string("NOT"));
  }
  // One key attribute per condition, at top level, the rest constants.
  const DocumentPath* key = nullptr;
  std::size_t key_index = 0;
  for (std::size_t i = 0; i < node.operands.size(); ++i) {
    const Operand& o = node.operands[i];
    if (o.kind == Operand::Kind::kPath) {
      if (key != nullptr) {
        return invalid("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
      }
      if (o.path.size() > 1) return invalid("KeyConditionExpressions cannot have conditions on nested attributes");
      key = &o.path;
      key_index = i;
    } else if (Status s = check_operand(o); !s.is_ok()) {
      return s;
    }
  }
  if (key == nullptr) return invalid("Invalid condition in KeyConditionExpression: No key attribute specified");
  const std::string& name = (*key)[0].name;
  if (std::any_of(drafts_.begin(), drafts_.end(), [&](const KeyConditionDraft& d) { return d.name == name; })) {
    return invalid("KeyConditionExpressions must only contain one condition per key");
  }
  KeyConditionDraft draft;
  draft.name = name;
  if (node.kind == Kind::kBetween) {
    draft.op = SortKeyOp::kBetween;
  } else if (node.kind == Kind::kBeginsWith) {
    draft.op = SortKeyOp::kBeginsWith;
  } else {
    // ":v < k" is "k > :v": the attribute may stand on either side.
    bool flipped = key_index != 0;
    switch (node.op) {
      case CompareOp::kEq: draft.op = SortKeyOp::kEq; break;
      case CompareOp::kLt: draft.op = flipped ? SortKeyOp::kGt : SortKeyOp::kLt; break;
      case CompareOp::kLe: draft.op = flipped ? SortKeyOp::kGe : SortKeyOp::kLe; break;
      case CompareOp::kGt: draft.op = flipped ? SortKeyOp::kLt : SortKeyOp::kGt; break;
      case CompareOp::kGe: draft.op = flipped ? SortKeyOp::kLe : SortKeyOp::kGe; break;
      case CompareOp::kNe: break;
    }
  }
  for (std::size_t i = 0; i < node.operands.size(); ++i) {
    if (i != key_index) draft.values.push_back(node.operands[i].value);
  }
  drafts_.push_back(std::move(draft));
  return Status::ok();
}

}  // namespace

Status check_condition_value_types(std::string_view op_name, const std::vector<AttributeValue>& values) {
  // dynalite validateConditions' table: EQ/NE also take sets; CONTAINS/NOT_CONTAINS/IN and the
  // orderings take scalars; BEGINS_WITH takes S or B; NULL/NOT_NULL take no values.
  auto allowed = [&](AttributeType t) {
    if (op_name == "EQ" || op_name == "NE") return true;
    if (op_name == "BEGINS_WITH") return t == AttributeType::kString || t == AttributeType::kBinary;
    return is_scalar_type(t);
  };
  for (const auto& v : values) {
    if (!allowed(v.type())) {
      return invalid("One or more parameter values were invalid: ComparisonOperator " + std::string(op_name) +
                     " is not valid for " + std::string(model::type_descriptor(v.type())) + " AttributeValue type");
    }
  }
  return Status::ok();
}

Result<KeyCondition> resolve_key_conditions(std::vector<KeyConditionDraft> drafts, const KeyAttributes& keys) {
  const std::size_t key_count = keys.hash.size() + keys.range.size();
  if (drafts.empty()) return invalid("Conditions can be of length 1 or 2 only");
  // Once the key may have up to eight attributes (multi-attribute GSI keys)
  // the older "Conditions can be of length 1 or 2 only" cannot hold; DynamoDB
  // now names both counts (paritysuite/dynamodb-conformance
  // queryKeyConditionOperands.test.ts, eu-west-2, October 2026).
  if (drafts.size() > std::max<std::size_t>(2, key_count)) {
    return invalid("The number of query conditions (" + std::to_string(drafts.size()) +
                   ") exceeds the number of key attributes defined in the schema (" + std::to_string(key_count) + ")");
  }
  for (const auto& d : drafts) {
    if (!d.op) return invalid("Attempted conditional constraint is not an indexable operation");
  }
  if (drafts.size() > key_count) return invalid("Query key condition not supported");

  std::vector<bool> used(drafts.size(), false);
  std::size_t unused = drafts.size();
  // The unused draft on `key`, with its values of the key's type, or an error.
  auto take = [&](const model::KeyAttribute& key) -> Result<KeyConditionDraft*> {
    for (std::size_t i = 0; i < drafts.size(); ++i) {
      if (used[i] || drafts[i].name != key.name) continue;
      const AttributeType expected = model::attribute_type_of(key.type);
      for (const auto& v : drafts[i].values) {
        if (v.type() != expected) {
          return invalid("One or more parameter values were invalid: Condition parameter type does not match schema type");
        }
      }
      used[i] = true;
      --unused;
      return &drafts[i];
    }
    return static_cast<KeyConditionDraft*>(nullptr);
  };
  auto first_value = [](KeyConditionDraft& d) { return d.values.empty() ? AttributeValue() : std::move(d.values[0]); };

  KeyCondition result;
  for (const auto& key : keys.hash) {
    auto d = take(key);
    if (!d.is_ok()) return d.status();
    if (d.value() == nullptr) return invalid("Query condition missed key schema element: " + key.name);
    if (*d.value()->op != SortKeyOp::kEq) return invalid("Query key condition not supported");
    result.partition_values.push_back(first_value(*d.value()));
  }
  for (const auto& key : keys.range) {
    if (unused == 0) break;
    auto d = take(key);
    if (!d.is_ok()) return d.status();
    if (d.value() == nullptr) break;  // a later sort attribute without this one is caught below
    KeyConditionDraft& draft = *d.value();
    if (unused > 0) {  // not the last condition: only equality narrows to one contiguous range
      if (*draft.op != SortKeyOp::kEq) return invalid("Query key condition not supported");
      result.sort_equalities.push_back(first_value(draft));
      continue;
    }
    SortKeyCondition sort;
    sort.op = *draft.op;
    if (!draft.values.empty()) sort.value = std::move(draft.values[0]);
    if (draft.values.size() > 1) sort.upper = std::move(draft.values[1]);
    result.sort = std::move(sort);
  }
  if (unused > 0) {
    return invalid("Query condition missed key schema element: " +
                   (keys.range.empty() ? keys.hash[0].name : keys.range[0].name));
  }
  return result;
}

bool SortKeyCondition::matches(const AttributeValue& sort_key) const {
  if (op == SortKeyOp::kBeginsWith) return begins_with_value(sort_key, value);
  auto order = compare_scalars(sort_key, value);
  if (!order) return false;
  switch (op) {
    case SortKeyOp::kEq: return *order == 0;
    case SortKeyOp::kLt: return *order < 0;
    case SortKeyOp::kLe: return *order <= 0;
    case SortKeyOp::kGt: return *order > 0;
    case SortKeyOp::kGe: return *order >= 0;
    case SortKeyOp::kBetween: {
      auto upper_order = compare_scalars(sort_key, upper);
      return *order >= 0 && upper_order && *upper_order <= 0;
    }
    case SortKeyOp::kBeginsWith: break;
  }
  return false;
}

Result<KeyCondition> to_key_condition(const Condition& parsed, const KeyAttributes& keys) {
  Converter converter;
  if (Status s = converter.convert(parsed.root()); !s.is_ok()) return s;
  for (const auto& d : converter.drafts()) {
    if (Status s = check_condition_value_types(legacy_name(*d.op), d.values); !s.is_ok()) return s;
  }
  return resolve_key_conditions(std::move(converter.drafts()), keys);
}

Result<KeyCondition> parse_key_condition(std::string_view text, Placeholders& placeholders,
                                         const KeyAttributes& keys) {
  auto parsed = parse_condition(text, ExpressionKind::kKeyCondition, placeholders);
  if (!parsed.is_ok()) return parsed.status();
  return to_key_condition(parsed.value(), keys);
}

}  // namespace dynastore::expr
