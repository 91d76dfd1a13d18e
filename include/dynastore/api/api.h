// The DynamoDB request pipeline: authenticate, decode, dispatch to one
// operation, encode. Knows nothing of the HTTP library; server/ adapts
// http::RequestHandler to it.
//
// Thread-safety: handle() may be called concurrently from many threads.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dynastore/auth/sigv4_verifier.h"
#include "dynastore/catalog/catalog.h"
#include "dynastore/catalog/table_status.h"
#include "dynastore/metrics/request_record.h"
#include "dynastore/partition/item_store.h"
#include "dynastore/storage/deferred_commit.h"
#include "dynastore/txn/client_tokens.h"

namespace dynastore::storage {
class SnapshotHistory;  // storage/snapshot_history.h
}  // namespace dynastore::storage

namespace dynastore::api {

class FaultInjector;  // fault_injector.h

struct ApiRequest {
  std::string_view method;
  std::string_view path;   // without query
  std::string_view query;  // without '?'
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  // The caller's body, which handle() overwrites: once the signature has been
  // checked the JSON is parsed in place (json::parse_in_place), so its bytes
  // are garbage afterwards. Null reads as empty.
  std::string* body = nullptr;
};

struct ApiResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Type, x-amzn-RequestId, x-amz-crc32
  std::string body;
  // Send the answer no sooner than this after it is ready (an injected
  // delay, fault_injector.h); the caller holds it, not a thread.
  std::chrono::milliseconds delay{0};
};

struct ApiConfig {
  std::string region = "us-east-1";
  catalog::StatusDelays status_delays;  // zero: ACTIVE at once, as with DynamoDB Local
  // Every access key ID and signing region gets its own tables (and ARNs in
  // that region), as DynamoDB Local does without -sharedDb. Default: one set
  // of tables shared by every caller.
  bool tables_per_access_key = false;
  // How long a DynamoDB Streams shard iterator stays valid (15 minutes, as
  // DynamoDB's; less exercises readers' expiry handling).
  double stream_iterator_seconds = 15 * 60;
  // Largest request body once its Content-Encoding is undone, in bytes:
  // DynamoDB's 16 MiB request limit, as http::ServerOptions::body_limit
  // bounds the body as received.
  std::size_t request_body_limit = 16 * 1024 * 1024;
  // A response body at least this long is compressed for a client that
  // accepts gzip or deflate (Accept-Encoding); shorter ones gain too little
  // for the CPU they cost. Default: 1 KiB.
  std::size_t response_compression_min_bytes = 1024;
  // DescribeEndpoints' Address for a request without a Host header.
  std::string endpoint_address = "localhost:8000";
  // --eventual-consistency-lag-ms: eventually consistent reads read a state
  // of up to its max_age ago from here (borrowed). Null: every read sees
  // the latest state, as on one node.
  storage::SnapshotHistory* lagged_reads = nullptr;
  // Faults armed for tests (fault_injector.h); borrowed. Null: none ever.
  FaultInjector* faults = nullptr;
  // Told of every API request once it is answered (metrics, the access
  // log); borrowed. None: nothing is measured.
  std::vector<metrics::RequestObserver*> observers;
  // --enforce-capacity: provisioned tables and GSIs, and on-demand tables
  // with OnDemandThroughput maxima, throttle requests over their throughput
  // (api/throughput_limiter.h). Off: no limit, as DynamoDB Local.
  bool enforce_capacity = false;
  // --capacity-burst-seconds: how much unused provisioned capacity a table
  // keeps for bursts, in seconds of it (DynamoDB: 300).
  double capacity_burst_seconds = 300;
};

class ThroughputLimiter;

class Api {
 public:
  // All references are borrowed and must outlive the Api.
  Api(ApiConfig config, catalog::Catalog& catalog, partition::ItemStore& items, txn::ClientTokens& tokens,
      const auth::SigV4Verifier& verifier);
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  ApiResponse handle(const ApiRequest& request) const;

  // For a request whose body has not arrived yet (body unset): the answer
  // handle() would give the whole request when the head alone decides it
  // (a method or Content-Type refused, a signature refused for what verify_head
  // sees: no credentials, an unknown key, a wrong scope), else nullopt.
  std::optional<ApiResponse> check_head(const ApiRequest& head) const;

  // A DynamoDB-shaped answer for a request refused before it was read whole
  // (e.g. a body over the size limit).
  ApiResponse reject(int http_status, std::string_view reason) const;

  // InternalServerError, for a request whose answer cannot be given after
  // all (its writes could not be made durable).
  ApiResponse internal_error() const;

 private:
  // What serve() learnt of a request, for the observers. The error's name
  // and auth reason are copies: the exception is gone when they are read.
  struct RequestFacts {
    std::string_view operation;  // into the request's headers
    std::string_view table;      // into the request's body buffer
    std::string error;
    // What fault_injector.h did to the request ("ThrottlingException",
    // "delay 250ms"), empty when nothing.
    std::string injected_fault;
    std::chrono::milliseconds injected_delay{0};
    std::string auth_reason;
    std::uint64_t returned_items = 0;
    // The operation ran: what it consumed is in this thread's last
    // ConsumedCapacity (api.cc).
    bool consumed_capacity = false;
  };

  // handle() for an API call (POST).
  ApiResponse serve(const ApiRequest& request, std::string request_id, std::string& request_body,
                    RequestFacts& facts) const;
  // Tells the observers of an answered request.
  void report(const ApiResponse& response, const RequestFacts& facts, std::chrono::steady_clock::time_point started,
              std::uint64_t request_bytes) const;
  // The same for an answer held until its write's commit (`commit`): told
  // once the outcome is known, as the client gets it.
  void report_when_committed(storage::DeferredCommit& commit, const ApiResponse& response, const RequestFacts& facts,
                             std::chrono::steady_clock::time_point started, std::uint64_t request_bytes) const;
  metrics::RequestRecord make_record(const ApiResponse& response, const RequestFacts& facts,
                                     std::uint64_t request_bytes) const;

  ApiConfig config_;
  catalog::Catalog& catalog_;
  partition::ItemStore& items_;
  txn::ClientTokens& tokens_;
  const auth::SigV4Verifier& verifier_;
  std::unique_ptr<ThroughputLimiter> limiter_;  // with enforce_capacity only
};

}  // namespace dynastore::api
