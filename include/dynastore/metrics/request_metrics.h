// Request counters and latency histograms per operation and table, in
// Prometheus's text format. The names follow CloudWatch's DynamoDB metrics
// where one exists (SuccessfulRequestLatency, UserErrors, SystemErrors,
// ThrottledRequests, ReturnedItemCount, ConditionalCheckFailedRequests,
// ConsumedReadCapacityUnits, ConsumedWriteCapacityUnits),
// in Prometheus's spelling: dynastore_successful_request_latency_seconds, ...
//
// Counting must stay off the request's critical path: every thread counts
// into a shard of its own (one uncontended lock, a hash lookup by
// operation and table, a few adds); a scrape merges the shards.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dynastore/common/string_hash.h"
#include "dynastore/metrics/prometheus_text.h"
#include "dynastore/metrics/request_record.h"

namespace dynastore::metrics {

class RequestMetrics final : public RequestObserver {
 public:
  // Upper bounds of the latency buckets, in seconds (100 µs to 10 s).
  static constexpr std::array<double, 16> kLatencyBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                             0.01,   0.025,   0.05,   0.1,   0.25,   0.5,
                                                             1,      2.5,     5,      10};

  RequestMetrics();
  ~RequestMetrics() override;
  RequestMetrics(const RequestMetrics&) = delete;
  RequestMetrics& operator=(const RequestMetrics&) = delete;

  void on_request(const RequestRecord& record) override;

  // Appends every family, merged over the threads' shards.
  void write(PrometheusText& out) const;

  // Counts of one operation and table, merged over the threads.
  struct Series {
    std::uint64_t requests = 0;
    std::uint64_t user_errors = 0;    // 4xx
    std::uint64_t system_errors = 0;  // 5xx
    std::uint64_t throttled = 0;
    std::uint64_t conditional_check_failed = 0;
    std::uint64_t returned_items = 0;
    std::uint64_t request_bytes = 0;
    std::uint64_t response_bytes = 0;
    // Capacity units consumed (ConsumedReadCapacityUnits,
    // ConsumedWriteCapacityUnits); a multiple of 0.5, summed exactly.
    double consumed_read_units = 0;
    double consumed_write_units = 0;
    // Successful requests only, as SuccessfulRequestLatency: per bucket
    // (not cumulative; the last is +Inf), their sum and count.
    std::array<std::uint64_t, kLatencyBuckets.size() + 1> latency_buckets{};
    double latency_seconds_sum = 0;
    std::uint64_t latency_count = 0;
    std::vector<std::pair<std::string, std::uint64_t>> errors;  // by exception name

    void merge(const Series& other);
  };
  // (operation, table) -> counts, for tests and the scrape.
  std::vector<std::pair<std::pair<std::string, std::string>, Series>> snapshot() const;

 private:
  using TableSeries = std::unordered_map<std::string, Series, StringHash, std::equal_to<>>;
  struct Shard {
    std::mutex mutex;  // taken by its thread per request and by a scrape
    std::unordered_map<std::string, TableSeries, StringHash, std::equal_to<>> operations;
    // The series counted last, and its keys (map nodes do not move): a
    // thread often serves the same operation on the same table again, and
    // then two compares replace two hash lookups.
    const std::string* last_operation = nullptr;
    const std::string* last_table = nullptr;
    Series* last_series = nullptr;
  };

  Shard& this_threads_shard();
  // The series of (operation, table) in `shard`, added when new. REQUIRES:
  // shard.mutex held.
  static Series& series_of(Shard& shard, std::string_view operation, std::string_view table);

  const std::uint64_t id_;  // tells this instance's shards apart in a thread's cache
  mutable std::mutex shards_mutex_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace dynastore::metrics
