#include "dynastore/metrics/request_metrics.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <map>

namespace dynastore::metrics {

namespace {

std::atomic<std::uint64_t> next_instance_id{1};

bool is_throttling(std::string_view error) {
  return error == "ProvisionedThroughputExceededException" || error == "ThrottlingException" ||
         error == "RequestLimitExceeded";
}

// The label a request without an operation or table gets.
std::string_view or_none(std::string_view value) { return value.empty() ? std::string_view("-") : value; }

}  // namespace

RequestMetrics::RequestMetrics() : id_(next_instance_id.fetch_add(1, std::memory_order_relaxed)) {}

RequestMetrics::~RequestMetrics() = default;

RequestMetrics::Shard& RequestMetrics::this_threads_shard() {
  // One server has one instance; tests may make several, so a thread keeps
  // a shard per instance it has counted into.
  thread_local std::vector<std::pair<std::uint64_t, Shard*>> cache;
  for (const auto& [id, shard] : cache) {
    if (id == id_) return *shard;
  }
  std::lock_guard lock(shards_mutex_);
  shards_.push_back(std::make_unique<Shard>());
  cache.emplace_back(id_, shards_.back().get());
  return *shards_.back();
}

RequestMetrics::Series& RequestMetrics::series_of(Shard& shard, std::string_view operation_name,
                                                  std::string_view table_name) {
  if (shard.last_series == nullptr || *shard.last_operation != operation_name || *shard.last_table != table_name) {
    auto operation = shard.operations.find(operation_name);
    if (operation == shard.operations.end()) {
      operation = shard.operations.emplace(std::string(operation_name), TableSeries{}).first;
    }
    auto table = operation->second.find(table_name);
    if (table == operation->second.end()) table = operation->second.emplace(std::string(table_name), Series{}).first;
    shard.last_operation = &operation->first;
    shard.last_table = &table->first;
    shard.last_series = &table->second;
  }
  return *shard.last_series;
}

void RequestMetrics::on_request(const RequestRecord& record) {
  Shard& shard = this_threads_shard();
  std::lock_guard lock(shard.mutex);
  // A request naming several tables (a batch, a transaction) counts under
  // table "-", its capacity under each table it consumed of.
  if (record.table.empty()) {
    for (const CapacityRecord& capacity : record.capacity) {
      Series& of_table = series_of(shard, record.operation, capacity.table);
      of_table.consumed_read_units += capacity.read_units;
      of_table.consumed_write_units += capacity.write_units;
    }
  }
  Series& series = series_of(shard, record.operation, record.table);
  if (!record.table.empty()) {
    for (const CapacityRecord& capacity : record.capacity) {
      series.consumed_read_units += capacity.read_units;
      series.consumed_write_units += capacity.write_units;
    }
  }
  ++series.requests;
  series.request_bytes += record.request_bytes;
  series.response_bytes += record.response_bytes;
  series.returned_items += record.returned_items;
  if (record.error.empty()) {
    const double seconds = std::chrono::duration<double>(record.latency).count();
    const auto bucket = std::lower_bound(kLatencyBuckets.begin(), kLatencyBuckets.end(), seconds);
    ++series.latency_buckets[static_cast<std::size_t>(bucket - kLatencyBuckets.begin())];
    series.latency_seconds_sum += seconds;
    ++series.latency_count;
    return;
  }
  if (record.status >= 500) {
    ++series.system_errors;
  } else {
    ++series.user_errors;
  }
  if (is_throttling(record.error)) ++series.throttled;
  if (record.error == "ConditionalCheckFailedException") ++series.conditional_check_failed;
  for (auto& [name, count] : series.errors) {
    if (name == record.error) {
      ++count;
      return;
    }
  }
  series.errors.emplace_back(std::string(record.error), 1);
}

void RequestMetrics::Series::merge(const Series& other) {
  requests += other.requests;
  user_errors += other.user_errors;
  system_errors += other.system_errors;
  throttled += other.throttled;
  conditional_check_failed += other.conditional_check_failed;
  returned_items += other.returned_items;
  request_bytes += other.request_bytes;
  response_bytes += other.response_bytes;
  consumed_read_units += other.consumed_read_units;
  consumed_write_units += other.consumed_write_units;
  for (std::size_t i = 0; i < latency_buckets.size(); ++i) latency_buckets[i] += other.latency_buckets[i];
  latency_seconds_sum += other.latency_seconds_sum;
  latency_count += other.latency_count;
  for (const auto& [name, count] : other.errors) {
    auto found = std::find_if(errors.begin(), errors.end(), [&](const auto& e) { return e.first == name; });
    if (found == errors.end()) {
      errors.emplace_back(name, count);
    } else {
      found->second += count;
    }
  }
}

std::vector<std::pair<std::pair<std::string, std::string>, RequestMetrics::Series>> RequestMetrics::snapshot() const {
  std::map<std::pair<std::string, std::string>, Series> merged;  // sorted: a stable page
  std::lock_guard shards_lock(shards_mutex_);
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    for (const auto& [operation, tables] : shard->operations) {
      for (const auto& [table, series] : tables) merged[{operation, table}].merge(series);
    }
  }
  std::vector<std::pair<std::pair<std::string, std::string>, Series>> out(merged.begin(), merged.end());
  for (auto& entry : out) std::sort(entry.second.errors.begin(), entry.second.errors.end());
  return out;
}

void RequestMetrics::write(PrometheusText& out) const {
  const auto all = snapshot();
  struct Counter {
    std::string_view name;
    std::string_view help;
    std::uint64_t Series::*field;
  };
  static constexpr Counter kCounters[] = {
      {"dynastore_requests_total", "API requests answered, by operation and table.", &Series::requests},
      {"dynastore_user_errors_total", "Requests answered with a 4xx error (CloudWatch: UserErrors).",
       &Series::user_errors},
      {"dynastore_system_errors_total", "Requests answered with a 5xx error (CloudWatch: SystemErrors).",
       &Series::system_errors},
      {"dynastore_throttled_requests_total",
       "Requests refused for throughput (CloudWatch: ThrottledRequests).", &Series::throttled},
      {"dynastore_conditional_check_failed_requests_total",
       "Writes whose condition failed (CloudWatch: ConditionalCheckFailedRequests).",
       &Series::conditional_check_failed},
      {"dynastore_returned_items_total", "Items returned by reads (CloudWatch: ReturnedItemCount, summed).",
       &Series::returned_items},
      {"dynastore_request_bytes_total", "Request body bytes received.", &Series::request_bytes},
      {"dynastore_response_bytes_total", "Response body bytes sent.", &Series::response_bytes},
  };
  for (const Counter& counter : kCounters) {
    out.family(counter.name, "counter", counter.help);
    for (const auto& [key, series] : all) {
      out.sample(counter.name, {{"operation", or_none(key.first)}, {"table", or_none(key.second)}},
                 series.*counter.field);
    }
  }

  struct UnitsCounter {
    std::string_view name;
    std::string_view help;
    double Series::*field;
  };
  static constexpr UnitsCounter kUnits[] = {
      {"dynastore_consumed_read_capacity_units_total",
       "Read capacity units consumed, by DynamoDB's rules, indexes included (CloudWatch: "
       "ConsumedReadCapacityUnits, summed).",
       &Series::consumed_read_units},
      {"dynastore_consumed_write_capacity_units_total",
       "Write capacity units consumed, by DynamoDB's rules, indexes included (CloudWatch: "
       "ConsumedWriteCapacityUnits, summed).",
       &Series::consumed_write_units},
  };
  for (const UnitsCounter& counter : kUnits) {
    out.family(counter.name, "counter", counter.help);
    for (const auto& [key, series] : all) {
      out.sample(counter.name, {{"operation", or_none(key.first)}, {"table", or_none(key.second)}},
                 series.*counter.field);
    }
  }

  out.family("dynastore_errors_total", "counter", "Requests answered with an error, by exception name.");
  for (const auto& [key, series] : all) {
    for (const auto& [name, count] : series.errors) {
      out.sample("dynastore_errors_total",
                 {{"operation", or_none(key.first)}, {"table", or_none(key.second)}, {"exception", name}}, count);
    }
  }

  constexpr std::string_view kLatency = "dynastore_successful_request_latency_seconds";
  out.family(kLatency, "histogram",
             "Time to answer successful requests, from their arrival at the API (CloudWatch: "
             "SuccessfulRequestLatency).");
  for (const auto& [key, series] : all) {
    if (series.latency_count == 0) continue;
    const std::string_view operation = or_none(key.first), table = or_none(key.second);
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      cumulative += series.latency_buckets[i];
      char bound[24];
      const auto [end, ec] = std::to_chars(bound, bound + sizeof bound, kLatencyBuckets[i]);
      out.sample("dynastore_successful_request_latency_seconds_bucket", {{"operation", operation}, {"table", table}},
                 {"le", std::string_view(bound, static_cast<std::size_t>(end - bound))}, cumulative);
    }
    out.sample("dynastore_successful_request_latency_seconds_bucket", {{"operation", operation}, {"table", table}},
               {"le", "+Inf"}, series.latency_count);
    out.sample("dynastore_successful_request_latency_seconds_sum", {{"operation", operation}, {"table", table}},
               series.latency_seconds_sum);
    out.sample("dynastore_successful_request_latency_seconds_count", {{"operation", operation}, {"table", table}},
               series.latency_count);
  }
}

}  // namespace dynastore::metrics
