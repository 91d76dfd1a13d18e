// Fault injection, for tests of how clients handle DynamoDB's failures
// (docs/testing-with-dynastore.md). Rules armed at run time (the admin
// endpoint, --faults-file) make matching requests fail as DynamoDB's do, or
// answer late:
//
//   InternalServerError                     HTTP 500
//   ThrottlingException                     HTTP 400
//   ProvisionedThroughputExceededException  HTTP 400 (item operations)
//   TransactionConflict                     HTTP 400: TransactionConflictException for PutItem,
//                                           UpdateItem and DeleteItem; TransactionCanceledException
//                                           with a TransactionConflict reason for TransactWriteItems
//                                           and TransactGetItems
//   a delay of N ms                         the request runs as usual; its answer leaves N ms late
//
// An injected error is answered before the operation runs, so it changes
// nothing. A rule matches one operation or any, one table or any (a batch
// or transaction matches when it names the table anywhere), and fires for
// each matching request with a probability (from a generator seeded by the
// rule's seed, so a run repeats), for the next `count` matching requests,
// or both (each with the probability, until `count` have fired). Rules are
// tried in the order they were added: the first error rule that fires
// decides the error; delay rules that fire add up. A rule whose count is
// used up is removed.
//
// Thread-safety: every method may be called concurrently. While nothing is
// armed, armed() is one relaxed atomic load: the request path's whole cost.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dynastore/common/status.h"

namespace dynastore::api {

enum class FaultKind {
  kInternalServerError,
  kThrottling,
  kProvisionedThroughputExceeded,
  kTransactionConflict,
  kDelay,
};

// The name a rule gives the kind ("ThrottlingException", ...; "delay").
std::string_view fault_kind_name(FaultKind kind);
// The kind of a rule's "error" name, nullopt when it is none of them.
std::optional<FaultKind> fault_kind_of(std::string_view error_name);

struct FaultRule {
  std::string operation;  // "PutItem", as X-Amz-Target names it; empty: any
  std::string table;      // a table name; empty: any
  FaultKind kind = FaultKind::kInternalServerError;
  std::uint32_t delay_ms = 0;          // kDelay only
  std::optional<double> probability;   // in (0, 1]; none: every matching request (up to count)
  std::optional<std::uint64_t> count;  // how many times to fire at most; none: for ever
  std::optional<std::uint64_t> seed;   // the probability's generator; none: a random seed
};

// An armed rule as listed (GET /faults).
struct ArmedFault {
  std::uint64_t id = 0;                    // given by add(), from 1
  FaultRule rule;
  std::optional<std::uint64_t> remaining;  // of count; none without a count
  std::uint64_t injected = 0;              // times it fired so far
};

// What a request is to suffer.
struct FaultDecision {
  std::optional<FaultKind> error;  // answer this error instead of running the request
  std::chrono::milliseconds delay{0};
  bool any() const { return error.has_value() || delay.count() > 0; }
};

class FaultInjector {
 public:
  // Arms a rule and returns its id. Errors (nothing armed): InvalidArgument
  // when the operation is not one this server implements, when the
  // operation can never answer the kind (ProvisionedThroughputExceeded
  // outside item operations, a transaction conflict outside the five
  // operations above), or when a value is out of range (probability
  // outside (0, 1], count 0, delay outside 1..kMaxDelayMs).
  Result<std::uint64_t> add(FaultRule rule);
  // Disarms every rule.
  void reset();
  std::vector<ArmedFault> list() const;

  // Whether any rule is armed: call decide() only then.
  bool armed() const { return armed_.load(std::memory_order_relaxed); }

  // The faults that fire for a request of `operation` naming `tables` (as
  // the request gives them: names or table ARNs). Counts down the rules
  // that fire.
  FaultDecision decide(std::string_view operation, std::span<const std::string_view> tables);

  static constexpr std::uint32_t kMaxDelayMs = 5 * 60 * 1000;

 private:
  struct Armed {
    ArmedFault listed;
    std::mt19937_64 random;
  };

  mutable std::mutex mutex_;
  std::vector<Armed> rules_;  // guarded by mutex_, in the order added
  std::uint64_t next_id_ = 1;
  std::atomic<bool> armed_{false};  // !rules_.empty(), for the request path
};

// Whether `kind` is an answer DynamoDB can give to `operation` (botocore's
// service model lists ProvisionedThroughputExceededException for item
// operations only, TransactionConflictException for PutItem, UpdateItem and
// DeleteItem; TransactWriteItems and TransactGetItems cancel instead).
bool fault_applies_to(FaultKind kind, std::string_view operation);

}  // namespace dynastore::api
