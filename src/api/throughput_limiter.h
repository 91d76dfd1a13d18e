// ThroughputLimiter: DynamoDB's throughput limits, enforced when the server
// runs with --enforce-capacity (off by default: then no request meets one).
//
//   provisioned tables  a read and a write token bucket per table and per
//                       GSI, refilled at its provisioned units per second
//                       and holding up to `burst_seconds` of them (DynamoDB
//                       keeps up to 300 s of unused capacity for bursts;
//                       Developer Guide, "Burst capacity"); LSIs share the
//                       table's
//   on-demand tables    the same for a table or GSI whose OnDemandThroughput
//                       sets MaxReadRequestUnits / MaxWriteRequestUnits, at
//                       that rate with one second's worth of room; none
//                       otherwise
//
// A request starts while its bucket holds its least possible cost (a write:
// one unit, a read: half a unit) and pays what it consumed once it is done
// (TokenBucket). A write also waits for every GSI
// of its table: a GSI short of write capacity holds back the table's writes
// (DynamoDB's GSI back pressure). Rates are read from the table description
// at every call, so an UpdateTable applies to the next request.
//
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "api/consumed_capacity.h"
#include "dynastore/catalog/table_info.h"
#include "dynastore/common/token_bucket.h"

namespace dynastore::api {

enum class Access : std::uint8_t { kRead, kWrite };

// Which limit a request would pass.
struct Throttle {
  const catalog::IndexInfo* index = nullptr;  // a GSI of the table, or nullptr for the table itself
  Access access = Access::kRead;
  bool on_demand = false;  // MaxRead/WriteRequestUnits of an on-demand table, not provisioned throughput
};

class ThroughputLimiter {
 public:
  // Monotonic seconds; default: std::chrono::steady_clock.
  using Clock = std::function<double()>;

  // `burst_seconds`: how many seconds of unused provisioned capacity a
  // bucket keeps (DynamoDB: 300); at least one second's worth either way.
  explicit ThroughputLimiter(double burst_seconds, Clock clock = {});

  // The limit a request would pass if it started now, or nullopt. A read
  // is checked against the table, or `gsi` when it reads one; a write
  // against the table and each of its GSIs. `pending`: units the request
  // already took from the table's bucket without paying yet (a batch
  // admitting its items one by one).
  std::optional<Throttle> check(const catalog::TableInfo& table, Access access, const catalog::IndexInfo* gsi = nullptr,
                                double pending = 0);

  // Pays what a request consumed of `used.table`: the table's own and its
  // LSIs' units from the table's buckets, each GSI's from its own.
  void charge(const TableCapacity& used);

  // The balance of a bucket now (tests): the table's, or its index
  // `index_name`'s; nullopt when it has no limit.
  std::optional<double> test_balance(const catalog::TableInfo& table, Access access,
                                     const std::string& index_name = {});

 private:
  struct Limit {
    double rate = 0;      // units per second
    double capacity = 0;  // most units a bucket holds
    bool on_demand = false;
  };
  struct Buckets {
    std::optional<TokenBucket> read;
    std::optional<TokenBucket> write;
  };

  std::optional<Limit> limit_of(const catalog::TableInfo& table, const catalog::IndexInfo* gsi, Access access) const;
  // Whether `gsi` (or the table, with every GSI for a write) has a limit.
  bool limited(const catalog::TableInfo& table, const catalog::IndexInfo* gsi, Access access) const;
  // The bucket of table `table` (gsi nullptr) or `gsi`, refilled to now;
  // nullptr when it has no limit. REQUIRES: mutex_ held.
  TokenBucket* bucket(const catalog::TableInfo& table, const catalog::IndexInfo* gsi, Access access, double now,
                      Limit* limit = nullptr);

  const double burst_seconds_;
  const Clock clock_;
  std::mutex mutex_;
  // By storage id: the table's, or the GSI's (one id space, never reused).
  std::unordered_map<std::uint32_t, Buckets> buckets_;
};

}  // namespace dynastore::api
