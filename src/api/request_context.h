// What every operation gets: who is calling, for which request, and the
// engine. One struct instead of a growing parameter list (STYLE.md §5).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "api/consumed_capacity.h"
#include "dynastore/api/api.h"
#include "dynastore/catalog/catalog.h"
#include "dynastore/json/json.h"
#include "dynastore/partition/item_store.h"
#include "dynastore/protocol/request_shapes.h"
#include "dynastore/storage/snapshot_history.h"
#include "dynastore/txn/client_tokens.h"

namespace dynastore::api {

class ThroughputLimiter;

struct RequestContext {
  std::string_view request_id;
  std::string_view action;  // the operation, as IAM names it after "dynamodb:" (e.g. "PutItem")
  std::string account_id;  // of the authenticated caller
  std::string region;      // the region this server stands for
  double now = 0;          // request start, epoch seconds
  std::string scope;       // whose tables the caller sees (catalog::TableInfo::scope)
  const catalog::StatusDelays& status_delays;
  catalog::Catalog& catalog;
  partition::ItemStore& items;
  txn::ClientTokens& tokens;  // TransactWriteItems' ClientRequestToken
  double stream_iterator_seconds = 15 * 60;  // ApiConfig::stream_iterator_seconds
  // This server's address as the client reached it (the Host header), else
  // ApiConfig::endpoint_address: DescribeEndpoints' answer.
  std::string_view endpoint_address;
  // ApiConfig::lagged_reads: where eventually consistent reads look.
  storage::SnapshotHistory* lagged_reads = nullptr;

  // What an eventually consistent read (ConsistentRead false, every GSI
  // read) reads: an earlier state under --eventual-consistency-lag-ms, else
  // nullptr, the latest. Keep it for the whole read.
  std::shared_ptr<const storage::Snapshot> eventual_view() const {
    return lagged_reads != nullptr ? lagged_reads->pick() : nullptr;
  }
  // Items the answer carries (GetItem, BatchGetItem, Query, Scan,
  // TransactGetItems), for the metrics; set by the operation.
  std::uint64_t returned_items = 0;
  // The capacity the request consumed, added by the operation as it goes
  // (also when it then fails: a write whose condition failed consumed its
  // units), for its answer, the metrics and the limiter.
  // The I/O thread's (ConsumedCapacity::for_this_thread()), cleared by the
  // pipeline before the operation runs.
  ConsumedCapacity& consumed = ConsumedCapacity::for_this_thread();
  // The server's throughput limits (--enforce-capacity), or nullptr: none.
  ThroughputLimiter* limiter = nullptr;

  // The catalog key of the caller's table `name`.
  std::string table_key(std::string_view name) const { return catalog::table_key(scope, name); }
  // The caller's table `name`, or nullptr; no key is built in the shared
  // scope (this is on every request's path).
  catalog::TablePtr find_table(std::string_view name) const {
    return scope.empty() ? catalog.find(name) : catalog.find(table_key(name));
  }
};

// An operation validates its request, acts and writes its response object.
// It throws protocol::DynamoError for anything the client must hear about.
using Operation = void (*)(RequestContext& context, const json::Value& request, json::Writer& response);

// An implemented operation and its request's modelled shape, which the
// pipeline checks first (protocol/request_validator.h).
struct OperationEntry {
  std::string_view name;  // the X-Amz-Target value
  Operation operation;
  protocol::RequestShape shape;
};

// The operation an X-Amz-Target names (DynamoDB_20120810.<name> or
// DynamoDBStreams_20120810.<name>), or nullptr.
const OperationEntry* find_operation(std::string_view target);

// For a target find_operation() does not know: the operation's name if it
// is one of DynamoDB's or DynamoDB Streams' (as botocore's service models
// list them) that this server does not implement, else empty.
std::string_view unimplemented_operation(std::string_view target);

}  // namespace dynastore::api
