// What one connection (and, merged, the whole run) observed: latency per
// operation, outcomes, and every error by HTTP status and exception name.
//
// Thread-safety: none; one per connection, merged after the run.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "histogram.h"

namespace dynastore::bench {

struct HttpResponse;

enum class Operation { kPutItem, kGetItem, kQuery, kUpdateItem, kScan, kTransactWriteItems, kBatchWriteItem };
inline constexpr std::size_t kOperationCount = 7;

// The DynamoDB operation name, as in X-Amz-Target.
std::string_view operation_name(Operation op);

struct OperationStats {
  LatencyHistogram latency;  // every HTTP response, errors included
  std::uint64_t ok = 0;
  std::uint64_t errors = 0;
  std::uint64_t items = 0;          // items returned (GetItem hits, Query/Scan Count) or written (BatchWriteItem)
  std::uint64_t empty_results = 0;  // 200 responses that returned nothing
};

// (HTTP status, exception name). Status 0 means no HTTP response; the name is
// then the transport failure ("timeout", "connect: ...").
using ErrorKey = std::pair<int, std::string>;

struct RunStats {
  std::array<OperationStats, kOperationCount> operations;
  LatencyHistogram all;
  std::map<ErrorKey, std::uint64_t> errors;
  std::uint64_t requests = 0;  // completed in the window: ok + errors
  std::uint64_t errors_total = 0;
  // Open loop only: requests scheduled inside the window that had not
  // completed by its end (the client or server could not keep up).
  std::uint64_t backlog = 0;
  // Failed requests sent during the warm-up, which are otherwise not counted.
  std::uint64_t warmup_errors = 0;

  // Records one completed request; `latency` from send, or from the
  // scheduled time in open-loop runs. `batch_items`: the puts a
  // BatchWriteItem sent (those it returns unprocessed are not counted
  // as written).
  void record(Operation op, std::chrono::nanoseconds latency, const HttpResponse& response,
              std::uint64_t batch_items = 0);
  void merge(const RunStats& other);
};

}  // namespace dynastore::bench
