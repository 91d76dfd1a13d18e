// Lock stripes for items: a write locks the stripes of all its items' keys,
// sorted and deduplicated (two keys can share a stripe), so writes of
// overlapping item sets never deadlock and a stripe is never locked twice.
#pragma once

#include <array>
#include <cstddef>
#include <mutex>
#include <span>
#include <string_view>

namespace dynastore::partition {

class StripeLocks {
 public:
  static constexpr std::size_t kStripes = 4096;

  static std::size_t stripe_of(std::string_view storage_key);

  // Holds the given stripes (any order, repeats allowed) until destroyed.
  // `stripes` is sorted and deduplicated in place.
  class Held {
   public:
    Held(StripeLocks& locks, std::span<std::size_t> stripes);
    ~Held();
    Held(const Held&) = delete;
    Held& operator=(const Held&) = delete;

   private:
    StripeLocks& locks_;
    std::span<const std::size_t> stripes_;
  };

 private:
  std::array<std::mutex, kStripes> mutexes_;
};

}  // namespace dynastore::partition
