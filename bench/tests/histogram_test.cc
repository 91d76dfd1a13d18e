#include "histogram.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace dynastore::bench {
namespace {

TEST(LatencyHistogramTest, SmallValuesAreExact) {
  LatencyHistogram h;
  for (std::uint64_t v = 0; v < 256; ++v) {
    EXPECT_EQ(LatencyHistogram::index_of(v), v);
    EXPECT_EQ(LatencyHistogram::highest_in_bucket(LatencyHistogram::index_of(v)), v);
  }
}

TEST(LatencyHistogramTest, BucketsStayWithinOnePercent) {
  // Every value's bucket contains it, and buckets are at most 1/128 of their
  // values wide, across the whole range.
  for (std::uint64_t v = 1; v < LatencyHistogram::kMaxValue; v = v * 3 / 2 + 7) {
    const std::size_t index = LatencyHistogram::index_of(v);
    const std::uint64_t high = LatencyHistogram::highest_in_bucket(index);
    const std::uint64_t low = index == 0 ? 0 : LatencyHistogram::highest_in_bucket(index - 1) + 1;
    ASSERT_LE(low, v);
    ASSERT_GE(high, v);
    ASSERT_LE(static_cast<double>(high - low), static_cast<double>(v) / 128.0 + 1.0) << v;
  }
}

TEST(LatencyHistogramTest, Percentiles) {
  LatencyHistogram h;
  for (std::uint64_t v = 1; v <= 1000; ++v) h.record(v * 1000);  // 1..1000 us
  EXPECT_EQ(h.count(), 1000u);
  EXPECT_EQ(h.min(), 1000u);
  EXPECT_EQ(h.max(), 1'000'000u);
  EXPECT_NEAR(h.mean(), 500'500.0, 1e-6);
  auto near = [](std::uint64_t got, double want) {
    EXPECT_GE(static_cast<double>(got), want);
    EXPECT_LE(static_cast<double>(got), want * 1.01);
  };
  near(h.value_at_percentile(50), 500'000);
  near(h.value_at_percentile(90), 900'000);
  near(h.value_at_percentile(99), 990'000);
  near(h.value_at_percentile(99.9), 999'000);
  EXPECT_EQ(h.value_at_percentile(100), 1'000'000u);  // never above the true max
  near(h.value_at_percentile(0), 1000);
}

TEST(LatencyHistogramTest, MergeAddsUp) {
  LatencyHistogram a;
  LatencyHistogram b;
  a.record(10);
  b.record(5'000'000);
  b.record(LatencyHistogram::kMaxValue * 4);  // clamped into the last bucket, max kept
  a.merge(b);
  EXPECT_EQ(a.count(), 3u);
  EXPECT_EQ(a.min(), 10u);
  EXPECT_EQ(a.max(), LatencyHistogram::kMaxValue * 4);
  EXPECT_EQ(a.value_at_percentile(100), LatencyHistogram::kMaxValue * 4);
  EXPECT_EQ(LatencyHistogram().value_at_percentile(50), 0u);
}

}  // namespace
}  // namespace dynastore::bench
