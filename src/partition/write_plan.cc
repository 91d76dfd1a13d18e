#include "dynastore/partition/write_hook.h"

namespace dynastore::partition {

WritePlan::~WritePlan() {
  for (auto& done : on_finish_) done();
}

void WritePlan::add_counters(std::string_view key, storage::Counters delta) {
  for (auto& [pending_key, sum] : counters_) {
    if (pending_key == key) {
      sum.first += delta.first;
      sum.second += delta.second;
      return;
    }
  }
  counters_.emplace_back(std::string(key), delta);
}

storage::Counters WritePlan::pending_counters(std::string_view key) const {
  for (const auto& [pending_key, sum] : counters_) {
    if (pending_key == key) return sum;
  }
  return {};
}

storage::WriteBatch& WritePlan::finish() {
  for (const auto& [key, sum] : counters_) {
    if (sum.first != 0 || sum.second != 0) batch_.add_counters(storage::Column::kStats, key, sum);
  }
  counters_.clear();
  return batch_;
}

}  // namespace dynastore::partition
