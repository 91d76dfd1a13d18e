#include "partition/stripe_locks.h"

#include <algorithm>
#include <functional>

namespace dynastore::partition {

std::size_t StripeLocks::stripe_of(std::string_view storage_key) {
  // The key already starts with the partition hash; hash the whole key so
  // the items of one partition spread over stripes too.
  return std::hash<std::string_view>{}(storage_key) % kStripes;
}

namespace {

std::span<const std::size_t> sorted_unique(std::span<std::size_t> stripes) {
  std::sort(stripes.begin(), stripes.end());
  const auto end = std::unique(stripes.begin(), stripes.end());
  return stripes.first(static_cast<std::size_t>(end - stripes.begin()));
}

}  // namespace

StripeLocks::Held::Held(StripeLocks& locks, std::span<std::size_t> stripes)
    : locks_(locks), stripes_(sorted_unique(stripes)) {
  for (std::size_t stripe : stripes_) locks_.mutexes_[stripe].lock();
}

StripeLocks::Held::~Held() {
  for (auto it = stripes_.rbegin(); it != stripes_.rend(); ++it) locks_.mutexes_[*it].unlock();
}

}  // namespace dynastore::partition
