// What one API request was, as the API layer saw it, and the interface of
// those who want to hear of every request (metrics, the access log).
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string_view>

namespace dynastore::metrics {

// What one request consumed of one table: read and write capacity units by
// DynamoDB's rules, its indexes' included (CloudWatch's
// ConsumedReadCapacityUnits / ConsumedWriteCapacityUnits, summed).
struct CapacityRecord {
  std::string_view table;  // the table's name
  double read_units = 0;
  double write_units = 0;
};

// Borrowed views, valid during on_request() only.
struct RequestRecord {
  std::string_view request_id;
  std::string_view operation;  // "PutItem", "GetRecords"; empty when none was named or found
  std::string_view table;      // the request's TableName, when it names one table; else empty
  int status = 200;            // HTTP status of the answer
  std::string_view error;      // exception name ("ValidationException"); empty on success
  // Why an authentication failed (DynamoDB's message), for the log; empty
  // otherwise. May quote the Authorization header: loggers redact it.
  std::string_view auth_reason;
  // What an armed test fault did to the request ("ThrottlingException",
  // "delay 250ms"; api/fault_injector.h); empty for a real answer.
  std::string_view injected_fault;
  std::chrono::nanoseconds latency{0};  // from the request's arrival at the API to its answer
  std::uint64_t request_bytes = 0;      // body as received
  std::uint64_t response_bytes = 0;     // body as sent
  std::uint64_t returned_items = 0;     // items in the answer (GetItem, BatchGetItem, Query, Scan, ...)
  // Capacity consumed, per table (several for batches and transactions);
  // also by a request that then failed (a write whose condition failed).
  std::span<const CapacityRecord> capacity;
};

// Thread-safe implementations: on_request() is called from every I/O
// thread, once per request, on the request's path: it must be cheap.
class RequestObserver {
 public:
  virtual ~RequestObserver() = default;
  virtual void on_request(const RequestRecord& record) = 0;
};

}  // namespace dynastore::metrics
