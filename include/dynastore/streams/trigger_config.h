// The configuration of a stream trigger (--stream-trigger): which table's
// stream it follows, where it delivers batches of records, and how, with
// the settings of an AWS Lambda event source mapping for DynamoDB Streams
// (BatchSize, MaximumBatchingWindowInSeconds, StartingPosition,
// MaximumRetryAttempts, ReportBatchItemFailures, an on-failure destination)
// under local names.
//
// Text form: comma-separated key=value pairs, `target` last, because it runs
// to the end of the text (a command may hold commas):
//   table=Orders,batch-size=10,target=http://127.0.0.1:9000/2015-03-31/functions/function/invocations
//   table=Orders,max-retries=2,dead-letter-dir=/tmp/dlq,target=cmd:python3 handler.py
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "dynastore/common/status.h"

namespace dynastore::streams {

enum class StartingPosition { kTrimHorizon, kLatest };

struct TriggerConfig {
  std::string table;   // the table's name (its catalog key: "<scope>/<name>" with --tables-per-access-key)
  std::string target;  // "http://host[:port]/path" or "cmd:<shell command>"
  std::size_t batch_size = 100;                    // records per event, 1..10,000 (Lambda's default and limit)
  std::chrono::milliseconds batching_window{0};    // wait up to this for a full batch, 0..300 s
  StartingPosition starting_position = StartingPosition::kTrimHorizon;  // where a new trigger begins
  int max_retries = -1;                            // -1: until the records expire (Lambda's default)
  std::chrono::milliseconds retry_backoff{1000};   // before the first retry; doubles, at most kMaxBackoff
  std::chrono::milliseconds timeout{30000};        // per delivery (an HTTP exchange, a command's run)
  std::string dead_letter_dir;                     // batches that exhaust their retries; "" drops them
  // Lambda's ReportBatchItemFailures: an HTTP answer {"batchItemFailures":
  // [{"itemIdentifier": "<SequenceNumber>"}]} marks the records from the
  // lowest of those on as failed, the ones before it as delivered.
  bool report_batch_item_failures = false;        // HTTP targets only: a command's output is not read
  // The account in the records' eventSourceARN: the one the table's
  // LatestStreamArn shows its callers (their key's account in --credentials).
  std::string account_id = "000000000000";

  static constexpr std::chrono::milliseconds kMaxBackoff{60000};
};

// InvalidArgument naming the bad field.
Result<TriggerConfig> parse_trigger_config(std::string_view text);

}  // namespace dynastore::streams
