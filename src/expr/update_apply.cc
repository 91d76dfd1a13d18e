// apply_update(): two phases so a failing update leaves the item untouched and every operand
// sees the item as it was before the update (DynamoDB reads all operands first: "SET a = b,
// b = a" swaps; list indexes name original positions — scylladb test_update_expression.py
// test_update_expression_nested_remove_list_item_original_number).
//   1. Against the unchanged item: resolve every target's parent, evaluate every new value,
//      and decide each action's effect (assign in place, append, remove, nothing).
//   2. Mutate: in-place assignments, then appends in index order (Developer Guide: "If you add
//      multiple elements in a single SET operation, the elements are sorted in order by element
//      number"), then removals deepest-first and, within one list, highest index first, so no
//      removal shifts a position another action still refers to.
#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "dynastore/expr/update.h"
#include "expr/messages.h"
#include "expr/value_ops.h"

namespace dynastore::expr {

namespace {

using model::AttributeType;
using model::AttributeValue;

Status error(std::string_view message) { return Status::invalid_argument(std::string(message)); }

// The container holding a path's last element: the item itself, a map or a list.
struct ConstParent {
  const model::AttributeMap* map = nullptr;
  const model::AttributeList* list = nullptr;
};

std::optional<ConstParent> find_parent(const model::Item& item, const DocumentPath& path) {
  ConstParent parent;
  if (path.size() == 1) {
    parent.map = &item;
    return parent;
  }
  DocumentPath prefix(path.begin(), path.end() - 1);
  const AttributeValue* holder = resolve_path(item, prefix);
  if (holder == nullptr) return std::nullopt;
  if (path.back().is_index) {
    if (holder->type() != AttributeType::kList) return std::nullopt;
    parent.list = &holder->list_value();
  } else {
    if (holder->type() != AttributeType::kMap) return std::nullopt;
    parent.map = &holder->map_value();
  }
  return parent;
}

const AttributeValue* find_in(const ConstParent& parent, const PathElement& last) {
  if (parent.list != nullptr) return last.index < parent.list->size() ? &(*parent.list)[last.index] : nullptr;
  auto it = parent.map->find(last.name);
  return it == parent.map->end() ? nullptr : &it->second;
}

// Mutable twin of find_parent for phase 2, where every parent is known to exist.
struct Parent {
  model::AttributeMap* map = nullptr;
  model::AttributeList* list = nullptr;
};

Parent find_parent_mut(model::Item& item, const DocumentPath& path) {
  Parent parent;
  model::AttributeMap* map = &item;
  AttributeValue* current = nullptr;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    const PathElement& step = path[i];
    if (step.is_index) {
      if (current == nullptr || current->type() != AttributeType::kList) return parent;
      auto& list = current->list_value();
      if (step.index >= list.size()) return parent;
      current = &list[step.index];
    } else {
      model::AttributeMap* in = current == nullptr ? map : (current->type() == AttributeType::kMap ? &current->map_value() : nullptr);
      if (in == nullptr) return parent;
      auto it = in->find(step.name);
      if (it == in->end()) return parent;
      current = &it->second;
    }
  }
  if (current == nullptr) {
    parent.map = map;
  } else if (current->type() == AttributeType::kList) {
    parent.list = &current->list_value();
  } else if (current->type() == AttributeType::kMap) {
    parent.map = &current->map_value();
  }
  return parent;
}

Result<AttributeValue> eval_value(const Operand& o, const model::Item& item) {
  switch (o.kind) {
    case Operand::Kind::kValue:
      return o.value;
    case Operand::Kind::kPath: {
      const AttributeValue* v = resolve_path(item, o.path);
      if (v == nullptr) return error(msg::kMissingAttribute);
      return *v;
    }
    case Operand::Kind::kIfNotExists: {
      if (const AttributeValue* v = resolve_path(item, o.args[0].path)) return *v;
      return eval_value(o.args[1], item);
    }
    case Operand::Kind::kListAppend: {
      auto a = eval_value(o.args[0], item);
      if (!a.is_ok()) return a;
      auto b = eval_value(o.args[1], item);
      if (!b.is_ok()) return b;
      if (a->type() != AttributeType::kList || b->type() != AttributeType::kList) {
        return error(msg::kIncorrectDataType);
      }
      model::AttributeList joined = std::move(a.value().list_value());
      for (auto& e : b.value().list_value()) joined.push_back(std::move(e));
      return AttributeValue::list(std::move(joined));
    }
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus: {
      auto a = eval_value(o.args[0], item);
      if (!a.is_ok()) return a;
      auto b = eval_value(o.args[1], item);
      if (!b.is_ok()) return b;
      if (a->type() != AttributeType::kNumber || b->type() != AttributeType::kNumber) {
        return error(msg::kIncorrectDataType);
      }
      return o.kind == Operand::Kind::kPlus ? add_numbers(a.value(), b.value())
                                            : subtract_numbers(a.value(), b.value());
    }
    case Operand::Kind::kSize:
      break;
  }
  return error(msg::kIncorrectDataType);
}

struct Mutation {
  enum class Kind { kAssign, kAppend, kRemove };
  Kind kind;
  const DocumentPath* path;
  AttributeValue value;
};

// The effect of ADD (`add` true) or DELETE of `operand` on `current` (nullptr: absent).
Result<std::optional<Mutation::Kind>> combine(bool add, const AttributeValue& operand, const AttributeValue* current,
                                              bool legacy, AttributeValue& out) {
  std::string_view mismatch = legacy ? msg::kLegacyTypeMismatch : msg::kIncorrectDataType;
  if (add) {
    if (current == nullptr) {
      out = operand;
      return std::optional<Mutation::Kind>(Mutation::Kind::kAssign);
    }
    if (current->type() != operand.type()) return error(mismatch);
    if (operand.type() == AttributeType::kNumber) {
      auto sum = add_numbers(*current, operand);
      if (!sum.is_ok()) return sum.status();
      out = std::move(sum.value());
    } else if (operand.type() == AttributeType::kList) {  // legacy AttributeUpdates only
      model::AttributeList joined = current->list_value();
      joined.insert(joined.end(), operand.list_value().begin(), operand.list_value().end());
      out = AttributeValue::list(std::move(joined));
    } else {
      out = set_union(*current, operand);
    }
    return std::optional<Mutation::Kind>(Mutation::Kind::kAssign);
  }
  if (current == nullptr) return std::optional<Mutation::Kind>();
  if (current->type() != operand.type()) return error(mismatch);
  out = set_difference(*current, operand);
  // DynamoDB has no empty sets: deleting every member removes the attribute.
  if (out.set_members().empty()) return std::optional<Mutation::Kind>(Mutation::Kind::kRemove);
  return std::optional<Mutation::Kind>(Mutation::Kind::kAssign);
}

void assign(model::Item& item, const DocumentPath& path, AttributeValue value) {
  Parent parent = find_parent_mut(item, path);
  const PathElement& last = path.back();
  if (parent.list != nullptr) {
    if (last.index < parent.list->size()) (*parent.list)[last.index] = std::move(value);
  } else if (parent.map != nullptr) {
    (*parent.map)[last.name] = std::move(value);
  }
}

void append(model::Item& item, const DocumentPath& path, AttributeValue value) {
  Parent parent = find_parent_mut(item, path);
  if (parent.list != nullptr) parent.list->push_back(std::move(value));
}

void remove(model::Item& item, const DocumentPath& path) {
  Parent parent = find_parent_mut(item, path);
  const PathElement& last = path.back();
  if (parent.list != nullptr) {
    if (last.index < parent.list->size()) parent.list->erase(parent.list->begin() + last.index);
  } else if (parent.map != nullptr) {
    parent.map->erase(last.name);
  }
}

}  // namespace

Status apply_update(const UpdatePlan& plan, model::Item& item, bool item_exists) {
  const bool legacy = plan.dialect() == UpdateDialect::kAttributeUpdates;
  std::vector<Mutation> mutations;
  mutations.reserve(plan.actions().size());

  // Phase 1: decide everything against the unchanged item.
  for (const UpdateAction& action : plan.actions()) {
    if (action.path.empty()) continue;
    auto parent = find_parent(item, action.path);
    if (!parent) {
      // REMOVE through a missing parent is only tolerated when there is no item at all
      // (scylladb test_nested_attribute_remove_from_missing_item, observed on DynamoDB).
      if (action.kind == UpdateAction::Kind::kRemove && !item_exists) continue;
      return error(msg::kInvalidUpdatePath);
    }
    const PathElement& last = action.path.back();
    const AttributeValue* current = find_in(*parent, last);
    bool past_end = parent->list != nullptr && last.index >= parent->list->size();
    switch (action.kind) {
      case UpdateAction::Kind::kSet: {
        auto value = eval_value(action.value, item);
        if (!value.is_ok()) return value.status();
        mutations.push_back({past_end ? Mutation::Kind::kAppend : Mutation::Kind::kAssign, &action.path,
                             std::move(value.value())});
        break;
      }
      case UpdateAction::Kind::kRemove:
        if (current != nullptr) mutations.push_back({Mutation::Kind::kRemove, &action.path, {}});
        break;
      case UpdateAction::Kind::kAdd:
      case UpdateAction::Kind::kDelete: {
        bool add = action.kind == UpdateAction::Kind::kAdd;
        if (!add && action.value.kind != Operand::Kind::kValue) {  // legacy DELETE without a value
          if (current != nullptr) mutations.push_back({Mutation::Kind::kRemove, &action.path, {}});
          break;
        }
        AttributeValue result;
        auto effect = combine(add, action.value.value, current, legacy, result);
        if (!effect.is_ok()) return effect.status();
        if (!effect.value()) break;
        Mutation::Kind kind = *effect.value();
        if (kind == Mutation::Kind::kAssign && past_end) kind = Mutation::Kind::kAppend;
        mutations.push_back({kind, &action.path, std::move(result)});
        break;
      }
    }
  }

  // Phase 2: mutate; cannot fail.
  std::vector<Mutation*> appends;
  std::vector<Mutation*> removals;
  for (Mutation& m : mutations) {
    if (m.kind == Mutation::Kind::kAssign) {
      assign(item, *m.path, std::move(m.value));
    } else if (m.kind == Mutation::Kind::kAppend) {
      appends.push_back(&m);
    } else {
      removals.push_back(&m);
    }
  }
  std::stable_sort(appends.begin(), appends.end(),
                   [](const Mutation* a, const Mutation* b) { return a->path->back().index < b->path->back().index; });
  for (Mutation* m : appends) append(item, *m->path, std::move(m->value));
  std::stable_sort(removals.begin(), removals.end(), [](const Mutation* a, const Mutation* b) {
    if (a->path->size() != b->path->size()) return a->path->size() > b->path->size();
    return a->path->back().index > b->path->back().index;
  });
  for (Mutation* m : removals) remove(item, *m->path);
  return Status::ok();
}

}  // namespace dynastore::expr
