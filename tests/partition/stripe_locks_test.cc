// StripeLocks: mutual exclusion under contention, and a hand-over that lets
// another thread unlock (a write whose commit a Raft loop reports).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <thread>
#include <vector>

#include "partition/stripe_locks.h"

namespace dynastore::partition {
namespace {

TEST(StripeLocksTest, ContendedStripesExcludeEachOther) {
  StripeLocks locks;
  long counter = 0;  // guarded by stripe 7 (and 3, locked with it by half the threads)
  constexpr int kThreads = 8, kRounds = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        std::size_t stripes[2] = {7, t % 2 == 0 ? std::size_t{3} : std::size_t{7}};
        StripeLocks::Held held(locks, stripes);
        ++counter;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(counter, static_cast<long>(kThreads) * kRounds);
}

TEST(StripeLocksTest, HandedOverStripesStayLockedUntilReleasedElsewhere) {
  StripeLocks locks;
  std::function<void()> release;
  {
    std::size_t stripes[] = {42, 5};
    StripeLocks::Held held(locks, stripes);
    release = held.hand_over();
  }  // the Held is gone; the stripes are not free
  auto waiter = std::async(std::launch::async, [&] {
    std::size_t stripe = 42;
    StripeLocks::Held held(locks, {&stripe, 1});
  });
  EXPECT_EQ(waiter.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  std::thread(release).join();
  EXPECT_EQ(waiter.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  std::size_t other = 5;
  StripeLocks::Held again(locks, {&other, 1});  // released too
}

}  // namespace
}  // namespace dynastore::partition
