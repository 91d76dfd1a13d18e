#include "histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace dynastore::bench {

namespace {
// Buckets 0..2*kSubBuckets-1 hold values exactly; after that every further
// power of two adds kSubBuckets buckets, each twice as wide as the last set.
constexpr std::size_t kBucketCount =
    (40 - LatencyHistogram::kSubBucketBits + 1) * LatencyHistogram::kSubBuckets + LatencyHistogram::kSubBuckets;
}  // namespace

LatencyHistogram::LatencyHistogram() : counts_(kBucketCount, 0) {}

std::size_t LatencyHistogram::index_of(std::uint64_t value) {
  // Position of the top bit, counting values below 2*kSubBuckets as exact.
  const int magnitude = std::bit_width(value | (2 * kSubBuckets - 1)) - 1;  // >= kSubBucketBits
  const int shift = magnitude - kSubBucketBits;
  const std::uint64_t sub = value >> shift;  // [0, 2*kSubBuckets) when shift == 0, else [kSubBuckets, 2*kSubBuckets)
  return static_cast<std::size_t>(shift) * kSubBuckets + sub;
}

std::uint64_t LatencyHistogram::highest_in_bucket(std::size_t index) {
  if (index < 2 * kSubBuckets) return index;
  const std::size_t shift = index / kSubBuckets - 1;
  const std::uint64_t sub = index - shift * kSubBuckets;
  return ((sub + 1) << shift) - 1;
}

void LatencyHistogram::record(std::uint64_t value) {
  ++count_;
  sum_ += value;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
  ++counts_[index_of(std::min(value, kMaxValue))];
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

std::uint64_t LatencyHistogram::value_at_percentile(double percentile) const {
  if (count_ == 0) return 0;
  const double clamped = std::clamp(percentile, 0.0, 100.0);
  // The rank of the value asked for, 1-based; at least the first value.
  const auto rank =
      std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(clamped / 100.0 * static_cast<double>(count_))));
  if (rank >= count_) return max_;  // the top is known exactly
  // Values past kMaxValue were clamped into its bucket; only max() knows them.
  const std::size_t clamp_bucket = index_of(kMaxValue);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) return i == clamp_bucket ? max_ : std::min(highest_in_bucket(i), max_);
  }
  return max_;
}

}  // namespace dynastore::bench
