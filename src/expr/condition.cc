#include "dynastore/expr/condition.h"

#include <utility>

namespace dynastore::expr {

namespace {

void collect_operand(const Operand& o, std::set<std::string>& names, std::set<std::string>& nested) {
  if (o.kind == Operand::Kind::kPath && !o.path.empty()) {
    names.insert(o.path[0].name);
    if (o.path.size() > 1) nested.insert(o.path[0].name);
  }
  for (const auto& a : o.args) collect_operand(a, names, nested);
}

void collect(const ConditionNode& n, std::set<std::string>& names, std::set<std::string>& nested) {
  for (const auto& o : n.operands) collect_operand(o, names, nested);
  for (const auto& c : n.children) collect(c, names, nested);
}

}  // namespace

Condition::Condition(ConditionNode root) : root_(std::move(root)) {
  collect(root_, top_level_names_, nested_top_level_names_);
}

}  // namespace dynastore::expr
