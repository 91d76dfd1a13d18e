// Lock stripes for items: a write locks the stripes of all its items' keys,
// sorted and deduplicated (two keys can share a stripe), so writes of
// overlapping item sets never deadlock and a stripe is never locked twice.
//
// A stripe may be unlocked by another thread than the one that locked it: a
// write deferred until the Raft loop commits it (storage::DeferredCommit)
// keeps its items locked until then, and the loop's thread lets them go. So
// the stripes are not std::mutex (whose owner must unlock it) but a futex
// word each, in the classic three states.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>

namespace dynastore::partition {

class StripeLocks {
 public:
  // Many: a write the cluster has yet to commit holds its stripes for a
  // round trip, and a write of another key that shares one waits as long
  // (with 4,096 stripes 1-2 % of new-key puts at 64 connections did). A
  // stripe is 4 bytes.
  static constexpr std::size_t kStripes = 65536;

  static std::size_t stripe_of(std::string_view storage_key);

  // Holds the given stripes (any order, repeats allowed) until destroyed,
  // or until what hand_over() returned is called. `stripes` is sorted and
  // deduplicated in place, and must outlive this (not the hand-over).
  class Held {
   public:
    Held(StripeLocks& locks, std::span<std::size_t> stripes);
    ~Held();
    Held(const Held&) = delete;
    Held& operator=(const Held&) = delete;

    // Gives the stripes up to a callable that unlocks them, once, on any
    // thread; this no longer holds them.
    std::function<void()> hand_over();

   private:
    StripeLocks& locks_;
    std::span<const std::size_t> stripes_;
  };

 private:
  void lock(std::size_t stripe);
  void unlock(std::size_t stripe);

  // 0: free; 1: locked; 2: locked, and someone may be waiting.
  std::array<std::atomic<std::uint32_t>, kStripes> states_{};
};

}  // namespace dynastore::partition
