#include "dynastore/common/periodic_worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace dynastore {
namespace {

using namespace std::chrono_literals;

template <typename Predicate>
bool within(std::chrono::milliseconds limit, Predicate predicate) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!predicate()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

TEST(PeriodicWorkerTest, AClosedGateSkipsTheStepsUntilItOpens) {
  std::atomic<int> steps{0};
  std::atomic<bool> open{false};
  PeriodicWorker worker("test", 2ms, [&] {
    steps.fetch_add(1);
    return false;
  });
  worker.start([&] { return open.load(); });
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(steps.load(), 0);
  open = true;
  EXPECT_TRUE(within(5000ms, [&] { return steps.load() >= 2; }));
  open = false;
  std::this_thread::sleep_for(10ms);  // a step in progress may finish
  const int settled = steps.load();
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(steps.load(), settled);
  worker.stop();
}

TEST(PeriodicWorkerTest, WithoutAGateEveryStepRuns) {
  std::atomic<int> steps{0};
  PeriodicWorker worker("test", 2ms, [&] { return steps.fetch_add(1) < 0; });
  worker.start();
  EXPECT_TRUE(within(5000ms, [&] { return steps.load() >= 3; }));
  worker.stop();
}

}  // namespace
}  // namespace dynastore
