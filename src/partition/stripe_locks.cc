#include "partition/stripe_locks.h"

#include <algorithm>
#include <vector>

#include "dynastore/common/blocking_region.h"

namespace dynastore::partition {

namespace {

constexpr std::uint32_t kFree = 0;
constexpr std::uint32_t kLocked = 1;
constexpr std::uint32_t kContended = 2;

std::span<const std::size_t> sorted_unique(std::span<std::size_t> stripes) {
  std::sort(stripes.begin(), stripes.end());
  const auto end = std::unique(stripes.begin(), stripes.end());
  return stripes.first(static_cast<std::size_t>(end - stripes.begin()));
}

}  // namespace

std::size_t StripeLocks::stripe_of(std::string_view storage_key) {
  // The key already starts with the partition hash; hash the whole key so
  // the items of one partition spread over stripes too.
  return std::hash<std::string_view>{}(storage_key) % kStripes;
}

void StripeLocks::lock(std::size_t stripe) {
  auto& state = states_[stripe];
  std::uint32_t seen = kFree;
  if (state.compare_exchange_strong(seen, kLocked, std::memory_order_acquire)) return;
  // Contended: mark it so, and sleep until it is let go. Whoever takes it
  // from here leaves it marked, since others may still sleep on it.
  if (seen != kContended) seen = state.exchange(kContended, std::memory_order_acquire);
  if (seen == kFree) return;
  // Its holder may be a write the cluster has yet to commit: milliseconds.
  const BlockingRegion waiting;
  while (seen != kFree) {
    state.wait(kContended, std::memory_order_relaxed);
    seen = state.exchange(kContended, std::memory_order_acquire);
  }
}

void StripeLocks::unlock(std::size_t stripe) {
  auto& state = states_[stripe];
  if (state.exchange(kFree, std::memory_order_release) == kContended) state.notify_one();
}

StripeLocks::Held::Held(StripeLocks& locks, std::span<std::size_t> stripes)
    : locks_(locks), stripes_(sorted_unique(stripes)) {
  for (std::size_t stripe : stripes_) locks_.lock(stripe);
}

StripeLocks::Held::~Held() {
  for (auto it = stripes_.rbegin(); it != stripes_.rend(); ++it) locks_.unlock(*it);
}

std::function<void()> StripeLocks::Held::hand_over() {
  std::vector<std::size_t> stripes(stripes_.begin(), stripes_.end());
  stripes_ = {};
  return [&locks = locks_, stripes = std::move(stripes)] {
    for (auto it = stripes.rbegin(); it != stripes.rend(); ++it) locks.unlock(*it);
  };
}

}  // namespace dynastore::partition
