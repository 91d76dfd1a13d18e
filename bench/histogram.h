// Latency histogram with HdrHistogram's log-linear bucket layout: each power
// of two is split into kSubBuckets linear buckets, so any recorded value is
// known to within 1/kSubBuckets (under 1%) whatever its magnitude, in a fixed
// few tens of kilobytes and with no per-sample storage. Values are
// nanoseconds; anything past kMaxValue is clamped (and max() still reports
// the true largest value).
//
// Thread-safety: none; each connection records into its own histogram and the
// runner merges them once the run is over.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace dynastore::bench {

class LatencyHistogram {
 public:
  static constexpr int kSubBucketBits = 7;
  static constexpr std::uint64_t kSubBuckets = std::uint64_t{1} << kSubBucketBits;  // 128: <= 0.8% error
  static constexpr std::uint64_t kMaxValue = (std::uint64_t{1} << 40) - 1;          // ~18 minutes in ns

  LatencyHistogram();

  void record(std::uint64_t value);
  void merge(const LatencyHistogram& other);

  std::uint64_t count() const { return count_; }
  std::uint64_t min() const { return count_ ? min_ : 0; }
  std::uint64_t max() const { return max_; }
  double mean() const { return count_ ? static_cast<double>(sum_) / static_cast<double>(count_) : 0.0; }

  // The smallest bucket bound at or below which `percentile` percent of the
  // values lie (reported as the bucket's highest value, never above max(), as
  // HdrHistogram does). 0 when empty. `percentile` in [0, 100].
  std::uint64_t value_at_percentile(double percentile) const;

  // Bucket layout, exposed for tests.
  static std::size_t index_of(std::uint64_t value);
  static std::uint64_t highest_in_bucket(std::size_t index);

 private:
  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  std::uint64_t sum_ = 0;
  std::uint64_t min_ = ~std::uint64_t{0};
  std::uint64_t max_ = 0;
};

}  // namespace dynastore::bench
