#include "dynastore/expr/update.h"

#include <utility>

namespace dynastore::expr {

namespace {

void collect_read_names(const Operand& o, std::set<std::string>& nested) {
  if (o.kind == Operand::Kind::kPath && o.path.size() > 1) nested.insert(o.path[0].name);
  for (const auto& a : o.args) collect_read_names(a, nested);
}

}  // namespace

UpdatePlan::UpdatePlan(std::vector<UpdateAction> actions, UpdateDialect dialect)
    : actions_(std::move(actions)), dialect_(dialect) {
  for (const auto& a : actions_) {
    if (a.path.empty()) continue;
    modified_names_.insert(a.path[0].name);
    if (a.path.size() > 1) nested_names_.insert(a.path[0].name);
    if (a.kind == UpdateAction::Kind::kSet) collect_read_names(a.value, nested_names_);
  }
}

std::vector<DocumentPath> UpdatePlan::modified_paths() const {
  std::vector<DocumentPath> paths;
  paths.reserve(actions_.size());
  for (const auto& a : actions_) paths.push_back(a.path);
  return paths;
}

}  // namespace dynastore::expr
