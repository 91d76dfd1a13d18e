#include "run_stats.h"

#include "http_response.h"
#include "json_peek.h"

namespace dynastore::bench {

std::string_view operation_name(Operation op) {
  switch (op) {
    case Operation::kPutItem:
      return "PutItem";
    case Operation::kGetItem:
      return "GetItem";
    case Operation::kQuery:
      return "Query";
    case Operation::kUpdateItem:
      return "UpdateItem";
    case Operation::kScan:
      return "Scan";
    case Operation::kTransactWriteItems:
      return "TransactWriteItems";
    case Operation::kBatchWriteItem:
      return "BatchWriteItem";
  }
  return "?";
}

namespace {

// The puts a BatchWriteItem answer hands back unprocessed (each is one
// "PutRequest" inside UnprocessedItems).
std::uint64_t unprocessed_puts(std::string_view body) {
  const auto unprocessed = find_value(body, "UnprocessedItems");
  if (!unprocessed || is_empty_object(*unprocessed)) return 0;
  std::uint64_t count = 0;
  constexpr std::string_view kPut = "\"PutRequest\"";
  for (auto at = unprocessed->find(kPut); at != std::string_view::npos; at = unprocessed->find(kPut, at + 1)) ++count;
  return count;
}

}  // namespace

void RunStats::record(Operation op, std::chrono::nanoseconds latency, const HttpResponse& response,
                      std::uint64_t batch_items) {
  OperationStats& stats = operations[static_cast<std::size_t>(op)];
  ++requests;
  if (response.status == 0) {
    ++stats.errors;
    ++errors_total;
    ++errors[{0, response.transport_error}];
    return;
  }
  const auto ns = static_cast<std::uint64_t>(latency.count() > 0 ? latency.count() : 0);
  stats.latency.record(ns);
  all.record(ns);
  if (response.status != 200) {
    ++stats.errors;
    ++errors_total;
    const std::string_view type = error_type(response.body);
    ++errors[{response.status, type.empty() ? std::string("(no __type)") : std::string(type)}];
    return;
  }
  ++stats.ok;
  std::uint64_t items = 0;
  switch (op) {
    case Operation::kGetItem:
      items = find_value(response.body, "Item") ? 1 : 0;
      break;
    case Operation::kQuery:
    case Operation::kScan:
      items = find_uint(response.body, "Count").value_or(0);
      break;
    case Operation::kBatchWriteItem: {
      const std::uint64_t unprocessed = unprocessed_puts(response.body);
      items = unprocessed < batch_items ? batch_items - unprocessed : 0;
      break;
    }
    case Operation::kPutItem:
    case Operation::kUpdateItem:
    case Operation::kTransactWriteItems:
      return;
  }
  stats.items += items;
  if (items == 0) ++stats.empty_results;
}

void RunStats::merge(const RunStats& other) {
  for (std::size_t i = 0; i < kOperationCount; ++i) {
    OperationStats& mine = operations[i];
    const OperationStats& theirs = other.operations[i];
    mine.latency.merge(theirs.latency);
    mine.ok += theirs.ok;
    mine.errors += theirs.errors;
    mine.items += theirs.items;
    mine.empty_results += theirs.empty_results;
  }
  all.merge(other.all);
  for (const auto& [key, count] : other.errors) errors[key] += count;
  requests += other.requests;
  errors_total += other.errors_total;
  backlog += other.backlog;
  warmup_errors += other.warmup_errors;
}

}  // namespace dynastore::bench
