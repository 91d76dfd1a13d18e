#include "dynastore/metrics/request_metrics.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace dynastore::metrics {
namespace {

using namespace std::chrono_literals;

RequestRecord record(std::string_view operation, std::string_view table, int status = 200,
                     std::string_view error = "", std::chrono::nanoseconds latency = 300us) {
  RequestRecord r;
  r.operation = operation;
  r.table = table;
  r.status = status;
  r.error = error;
  r.latency = latency;
  r.request_bytes = 10;
  r.response_bytes = 20;
  return r;
}

const RequestMetrics::Series* find(const std::vector<std::pair<std::pair<std::string, std::string>, RequestMetrics::Series>>& all,
                                   std::string_view operation, std::string_view table) {
  for (const auto& [key, series] : all) {
    if (key.first == operation && key.second == table) return &series;
  }
  return nullptr;
}

TEST(RequestMetricsTest, CountsByOperationAndTable) {
  RequestMetrics metrics;
  metrics.on_request(record("PutItem", "a"));
  metrics.on_request(record("PutItem", "a", 400, "ConditionalCheckFailedException"));
  metrics.on_request(record("PutItem", "a", 400, "ProvisionedThroughputExceededException"));
  metrics.on_request(record("GetItem", "a", 500, "InternalServerError"));
  metrics.on_request(record("PutItem", "b"));
  const auto all = metrics.snapshot();
  const auto* put_a = find(all, "PutItem", "a");
  ASSERT_NE(put_a, nullptr);
  EXPECT_EQ(put_a->requests, 3u);
  EXPECT_EQ(put_a->user_errors, 2u);
  EXPECT_EQ(put_a->system_errors, 0u);
  EXPECT_EQ(put_a->conditional_check_failed, 1u);
  EXPECT_EQ(put_a->throttled, 1u);
  EXPECT_EQ(put_a->latency_count, 1u);  // successful ones only
  EXPECT_EQ(put_a->request_bytes, 30u);
  ASSERT_EQ(put_a->errors.size(), 2u);
  EXPECT_EQ(find(all, "GetItem", "a")->system_errors, 1u);
  EXPECT_EQ(find(all, "PutItem", "b")->requests, 1u);
}

TEST(RequestMetricsTest, CountsConsumedCapacityPerTable) {
  RequestMetrics metrics;
  // A single-table request: its capacity goes with its other counts, even
  // when it failed (a write whose condition failed consumed its units).
  RequestRecord put = record("PutItem", "a", 400, "ConditionalCheckFailedException");
  const CapacityRecord put_units[] = {{"a", 0, 3}};
  put.capacity = put_units;
  metrics.on_request(put);
  // A batch counts its requests under "" and its capacity under each table.
  RequestRecord batch = record("BatchGetItem", "");
  const CapacityRecord batch_units[] = {{"a", 1.5, 0}, {"b", 0.5, 0}};
  batch.capacity = batch_units;
  metrics.on_request(batch);
  metrics.on_request(batch);
  const auto all = metrics.snapshot();
  EXPECT_EQ(find(all, "PutItem", "a")->consumed_write_units, 3);
  EXPECT_EQ(find(all, "PutItem", "a")->consumed_read_units, 0);
  EXPECT_EQ(find(all, "BatchGetItem", "")->requests, 2u);
  EXPECT_EQ(find(all, "BatchGetItem", "")->consumed_read_units, 0);
  EXPECT_EQ(find(all, "BatchGetItem", "a")->consumed_read_units, 3);
  EXPECT_EQ(find(all, "BatchGetItem", "a")->requests, 0u);
  EXPECT_EQ(find(all, "BatchGetItem", "b")->consumed_read_units, 1);

  PrometheusText page;
  metrics.write(page);
  const std::string& text = page.text();
  EXPECT_NE(text.find("dynastore_consumed_write_capacity_units_total{operation=\"PutItem\",table=\"a\"} 3"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("dynastore_consumed_read_capacity_units_total{operation=\"BatchGetItem\",table=\"b\"} 1"),
            std::string::npos)
      << text;
}

TEST(RequestMetricsTest, LatencyGoesIntoItsBucket) {
  RequestMetrics metrics;
  metrics.on_request(record("GetItem", "t", 200, "", 50us));     // <= 100 us
  metrics.on_request(record("GetItem", "t", 200, "", 100us));    // <= 100 us (upper bounds are inclusive)
  metrics.on_request(record("GetItem", "t", 200, "", 3ms));      // <= 5 ms
  metrics.on_request(record("GetItem", "t", 200, "", 20000ms));  // +Inf
  const auto* series = find(metrics.snapshot(), "GetItem", "t");
  ASSERT_NE(series, nullptr);
  EXPECT_EQ(series->latency_buckets[0], 2u);
  EXPECT_EQ(series->latency_buckets[5], 1u);
  EXPECT_EQ(series->latency_buckets.back(), 1u);
  EXPECT_NEAR(series->latency_seconds_sum, 20.00315, 1e-9);
}

TEST(RequestMetricsTest, ThreadsCountIntoTheirOwnShardsAndNothingIsLost) {
  RequestMetrics metrics;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&metrics] {
      for (int i = 0; i < 10000; ++i) metrics.on_request(record("Query", "t"));
    });
  }
  // Scrapes while they count must not disturb them.
  for (int i = 0; i < 20; ++i) (void)metrics.snapshot();
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(find(metrics.snapshot(), "Query", "t")->requests, 40000u);
}

TEST(RequestMetricsTest, PageHasCumulativeBucketsAndPlaceholdersForMissingLabels) {
  RequestMetrics metrics;
  metrics.on_request(record("", ""));  // no operation could be named
  metrics.on_request(record("Scan", "t", 200, "", 2ms));
  PrometheusText out;
  metrics.write(out);
  const std::string& text = out.text();
  EXPECT_NE(text.find("dynastore_requests_total{operation=\"-\",table=\"-\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("dynastore_successful_request_latency_seconds_bucket{operation=\"Scan\",table=\"t\",le=\"0.001\"} 0\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("dynastore_successful_request_latency_seconds_bucket{operation=\"Scan\",table=\"t\",le=\"0.0025\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("dynastore_successful_request_latency_seconds_bucket{operation=\"Scan\",table=\"t\",le=\"+Inf\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("# TYPE dynastore_successful_request_latency_seconds histogram\n"), std::string::npos);
}

}  // namespace
}  // namespace dynastore::metrics
