// Condition evaluation. Operands resolve by pointer into the item or the tree's constants; only
// size() materialises a value. Rules: Developer Guide "Condition and filter expressions,
// operators, and functions" — missing attributes and type mismatches make a comparison false
// ("<>" true), never an error.
#include <algorithm>
#include <optional>

#include "dynastore/expr/condition.h"
#include "expr/value_ops.h"

namespace dynastore::expr {

namespace {

using model::AttributeType;
using model::AttributeValue;

// A resolved operand: a pointer to existing data, or a computed value (size()).
class Resolved {
 public:
  Resolved() = default;
  explicit Resolved(const AttributeValue* p) : ptr_(p) {}
  explicit Resolved(AttributeValue v) : owned_(std::move(v)) {}
  const AttributeValue* get() const { return owned_ ? &*owned_ : ptr_; }

 private:
  const AttributeValue* ptr_ = nullptr;
  std::optional<AttributeValue> owned_;
};

Resolved resolve(const Operand& o, const model::Item* item) {
  switch (o.kind) {
    case Operand::Kind::kPath:
      return Resolved(item == nullptr ? nullptr : resolve_path(*item, o.path));
    case Operand::Kind::kValue:
      return Resolved(&o.value);
    case Operand::Kind::kSize: {
      Resolved arg = resolve(o.args[0], item);
      if (arg.get() == nullptr) return Resolved();
      auto size = size_of(*arg.get());
      return size ? Resolved(std::move(*size)) : Resolved();
    }
    default:
      return Resolved();  // update-only operands never reach a condition
  }
}

bool compare(CompareOp op, const AttributeValue* a, const AttributeValue* b) {
  if (op == CompareOp::kNe) return a == nullptr || b == nullptr || !(*a == *b);
  if (a == nullptr || b == nullptr) return false;
  if (op == CompareOp::kEq) return *a == *b;
  auto order = compare_scalars(*a, *b);
  if (!order) return false;
  switch (op) {
    case CompareOp::kLt: return *order < 0;
    case CompareOp::kLe: return *order <= 0;
    case CompareOp::kGt: return *order > 0;
    case CompareOp::kGe: return *order >= 0;
    default: return false;
  }
}

bool eval(const ConditionNode& n, const model::Item* item) {
  switch (n.kind) {
    case ConditionNode::Kind::kTrue:
      return true;
    case ConditionNode::Kind::kAnd:
      return std::all_of(n.children.begin(), n.children.end(),
                         [&](const ConditionNode& c) { return eval(c, item); });
    case ConditionNode::Kind::kOr:
      return std::any_of(n.children.begin(), n.children.end(),
                         [&](const ConditionNode& c) { return eval(c, item); });
    case ConditionNode::Kind::kNot:
      return !eval(n.children[0], item);
    case ConditionNode::Kind::kCompare: {
      Resolved a = resolve(n.operands[0], item);
      Resolved b = resolve(n.operands[1], item);
      return compare(n.op, a.get(), b.get());
    }
    case ConditionNode::Kind::kBetween: {
      Resolved v = resolve(n.operands[0], item);
      Resolved lo = resolve(n.operands[1], item);
      Resolved hi = resolve(n.operands[2], item);
      if (v.get() == nullptr || lo.get() == nullptr || hi.get() == nullptr) return false;
      auto above = compare_scalars(*v.get(), *lo.get());
      auto below = compare_scalars(*v.get(), *hi.get());
      return above && below && *above >= 0 && *below <= 0;
    }
    case ConditionNode::Kind::kIn: {
      Resolved v = resolve(n.operands[0], item);
      if (v.get() == nullptr) return false;
      for (std::size_t i = 1; i < n.operands.size(); ++i) {
        Resolved candidate = resolve(n.operands[i], item);
        if (candidate.get() != nullptr && *candidate.get() == *v.get()) return true;
      }
      return false;
    }
    case ConditionNode::Kind::kAttributeExists:
      return resolve(n.operands[0], item).get() != nullptr;
    case ConditionNode::Kind::kAttributeNotExists:
      return resolve(n.operands[0], item).get() == nullptr;
    case ConditionNode::Kind::kAttributeType: {
      Resolved v = resolve(n.operands[0], item);
      Resolved t = resolve(n.operands[1], item);
      if (v.get() == nullptr || t.get() == nullptr || t.get()->type() != AttributeType::kString) return false;
      return model::type_descriptor(v.get()->type()) == t.get()->scalar();
    }
    case ConditionNode::Kind::kBeginsWith: {
      Resolved v = resolve(n.operands[0], item);
      Resolved p = resolve(n.operands[1], item);
      return v.get() != nullptr && p.get() != nullptr && begins_with_value(*v.get(), *p.get());
    }
    case ConditionNode::Kind::kContains: {
      Resolved h = resolve(n.operands[0], item);
      Resolved x = resolve(n.operands[1], item);
      return h.get() != nullptr && x.get() != nullptr && contains_value(*h.get(), *x.get());
    }
    case ConditionNode::Kind::kLegacyNotContains: {
      Resolved h = resolve(n.operands[0], item);
      Resolved x = resolve(n.operands[1], item);
      return h.get() != nullptr && x.get() != nullptr && !contains_value(*h.get(), *x.get());
    }
  }
  return false;
}

}  // namespace

bool evaluate(const Condition& condition, const model::Item* item) { return eval(condition.root(), item); }

}  // namespace dynastore::expr
