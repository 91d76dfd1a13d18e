#include "api/throughput_limiter.h"

#include <algorithm>
#include <chrono>

namespace dynastore::api {

namespace {

// The least a request can cost: a write one unit, a read half (eventually
// consistent, up to 4 KB).
double least_cost(Access access) { return access == Access::kWrite ? 1.0 : 0.5; }

double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

ThroughputLimiter::ThroughputLimiter(double burst_seconds, Clock clock)
    : burst_seconds_(std::max(burst_seconds, 1.0)), clock_(clock ? std::move(clock) : Clock(steady_seconds)) {}

std::optional<ThroughputLimiter::Limit> ThroughputLimiter::limit_of(const catalog::TableInfo& table,
                                                                    const catalog::IndexInfo* gsi,
                                                                    Access access) const {
  const bool read = access == Access::kRead;
  if (table.billing_mode == catalog::BillingMode::kProvisioned) {
    const auto& throughput = gsi != nullptr ? gsi->throughput : table.throughput;
    const auto units = read ? throughput.read_capacity_units : throughput.write_capacity_units;
    if (units <= 0) return std::nullopt;
    const double rate = static_cast<double>(units);
    return Limit{rate, rate * burst_seconds_, false};
  }
  const auto& on_demand = gsi != nullptr ? gsi->on_demand : table.on_demand;
  const auto max = read ? on_demand.max_read_request_units : on_demand.max_write_request_units;
  if (max <= 0) return std::nullopt;  // -1: not set
  const double rate = static_cast<double>(max);
  return Limit{rate, rate, true};
}

TokenBucket* ThroughputLimiter::bucket(const catalog::TableInfo& table, const catalog::IndexInfo* gsi, Access access,
                                       double now, Limit* limit_out) {
  const auto limit = limit_of(table, gsi, access);
  if (!limit) return nullptr;
  if (limit_out != nullptr) *limit_out = *limit;
  Buckets& buckets = buckets_[gsi != nullptr ? gsi->schema.index_id : table.table_id];
  auto& slot = access == Access::kRead ? buckets.read : buckets.write;
  if (!slot) slot.emplace(limit->capacity, now);
  slot->refill(limit->rate, limit->capacity, now);
  return &*slot;
}

bool ThroughputLimiter::limited(const catalog::TableInfo& table, const catalog::IndexInfo* gsi, Access access) const {
  if (limit_of(table, gsi, access)) return true;
  if (access == Access::kRead || gsi != nullptr) return false;
  for (const auto& index : table.indexes) {
    if (index.schema.kind == model::IndexKind::kGlobal && limit_of(table, &index, access)) return true;
  }
  return false;
}

std::optional<Throttle> ThroughputLimiter::check(const catalog::TableInfo& table, Access access,
                                                 const catalog::IndexInfo* gsi, double pending) {
  // Most tables of a test run are on-demand without maxima: no clock, no lock.
  if (!limited(table, gsi, access)) return std::nullopt;
  const double now = clock_();
  std::lock_guard lock(mutex_);
  Limit limit;
  const double least = least_cost(access);
  if (access == Access::kRead) {
    const double needed = least + (gsi != nullptr ? 0 : pending);
    if (TokenBucket* b = bucket(table, gsi, access, now, &limit); b != nullptr && !b->admits(needed)) {
      return Throttle{gsi, access, limit.on_demand};
    }
    return std::nullopt;
  }
  if (TokenBucket* b = bucket(table, nullptr, access, now, &limit); b != nullptr && !b->admits(least + pending)) {
    return Throttle{nullptr, access, limit.on_demand};
  }
  for (const auto& index : table.indexes) {
    if (index.schema.kind != model::IndexKind::kGlobal) continue;
    if (TokenBucket* b = bucket(table, &index, access, now, &limit); b != nullptr && !b->admits(least)) {
      return Throttle{&index, access, limit.on_demand};
    }
  }
  return std::nullopt;
}

void ThroughputLimiter::charge(const TableCapacity& used) {
  if (used.table == nullptr) return;
  const catalog::TableInfo& table = *used.table;
  bool any = limited(table, nullptr, Access::kRead) || limited(table, nullptr, Access::kWrite);
  for (const auto& index : used.global_indexes) {
    const catalog::IndexInfo* gsi = table.find_index(index.name);
    any = any || (gsi != nullptr && limited(table, gsi, Access::kRead));
  }
  if (!any) return;
  const double now = clock_();
  std::lock_guard lock(mutex_);
  auto pay = [&](const catalog::IndexInfo* gsi, Access access, double units) {
    if (units <= 0) return;
    if (TokenBucket* b = bucket(table, gsi, access, now)) b->take(units);
  };
  pay(nullptr, Access::kRead, used.table_read());
  pay(nullptr, Access::kWrite, used.table_write());
  for (const auto& index : used.global_indexes) {
    const catalog::IndexInfo* gsi = table.find_index(index.name);
    if (gsi == nullptr) continue;  // deleted meanwhile
    pay(gsi, Access::kRead, index.read);
    pay(gsi, Access::kWrite, index.write);
  }
}

std::optional<double> ThroughputLimiter::test_balance(const catalog::TableInfo& table, Access access,
                                                      const std::string& index_name) {
  const catalog::IndexInfo* gsi = index_name.empty() ? nullptr : table.find_index(index_name);
  const double now = clock_();
  std::lock_guard lock(mutex_);
  TokenBucket* b = bucket(table, gsi, access, now);
  if (b == nullptr) return std::nullopt;
  return b->balance();
}

}  // namespace dynastore::api
