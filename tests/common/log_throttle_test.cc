#include "dynastore/common/log_throttle.h"

#include <gtest/gtest.h>

#include <chrono>

namespace dynastore {
namespace {

using namespace std::chrono_literals;

TEST(LogThrottleTest, FirstEventIsLoggedThenAtMostOncePerIntervalWithTheCount) {
  LogThrottle throttle(60s);
  const auto start = LogThrottle::Clock::time_point{} + 1000s;
  EXPECT_EQ(throttle.note(start), 1u);
  EXPECT_EQ(throttle.note(start + 1s), std::nullopt);
  EXPECT_EQ(throttle.note(start + 59s), std::nullopt);
  EXPECT_EQ(throttle.note(start + 60s), 3u);  // this one and the two held back
  EXPECT_EQ(throttle.note(start + 61s), std::nullopt);
  EXPECT_EQ(throttle.note(start + 200s), 2u);
}

}  // namespace
}  // namespace dynastore
