// What TransactWriteItems and TransactGetItems share: the TransactItems list's
// member constraints, the one-operation-per-item rule, cancellation reasons,
// and throughput limits. Transactional capacity is two units where a plain
// read or write costs one (Developer Guide, "Capacity unit consumption for
// read/write operations"): each operation adds its own to context.consumed.
#pragma once

#include <cstddef>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/request_context.h"
#include "api/throughput_limiter.h"
#include "api/write_options.h"
#include "dynastore/json/json.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"

namespace dynastore::api {

// DynamoDB's limits (API Reference, TransactWriteItems and TransactGetItems).
inline constexpr std::size_t kMaxTransactionActions = 100;
inline constexpr std::size_t kMaxTransactionBytes = 4u << 20;

// Adds TransactItems' member-constraint violations (missing, not 1..100
// long) to `errors`; `element_type` names the list's type in the echo AWS
// gives of an over-long list ("TransactWriteItem", "TransactGetItem").
// Returns the list when it can be read further (present, 1..100 long).
// Throws SerializationException when it is not a list.
const json::Value* check_transact_items(const json::Value& request, std::string_view element_type,
                                        protocol::ConstraintErrors& errors);

// "Transaction request cannot include multiple operations on one item".
class TransactionTargets {
 public:
  // Throws ValidationException when the item was already added.
  void add(std::uint32_t table_id, std::string storage_key);

 private:
  std::set<std::pair<std::uint32_t, std::string>> seen_;
};

// CancellationReasons, one per action in request order, and the exception
// that carries them.
class CancellationReasons {
 public:
  void none() { reasons_.push_back({"None", "", ""}); }
  // `item_json`: the item as it is, when the action asked for it (ALL_OLD).
  void condition_failed(std::string item_json) {
    reasons_.push_back({"ConditionalCheckFailed", "The conditional request failed", std::move(item_json)});
  }
  void validation_error(std::string message) { reasons_.push_back({"ValidationError", std::move(message), ""}); }
  // An action over a throughput limit (ProvisionedThroughputExceeded,
  // ThrottlingError: api/throttling.h).
  void throttled(std::string code, std::string message) {
    reasons_.push_back({std::move(code), std::move(message), ""});
  }
  void item_collection_size_limit_exceeded() {
    reasons_.push_back({"ItemCollectionSizeLimitExceeded", "Collection size exceeded.", ""});
  }
  // Another transaction holds the item (API Reference, TransactWriteItems:
  // "TransactionConflict ... Transaction is ongoing for the item").
  void transaction_conflict() {
    reasons_.push_back({"TransactionConflict", "Transaction is ongoing for the item", ""});
  }

  // TransactionCanceledException: "Transaction cancelled, please refer
  // cancellation reasons for specific reasons [None, ConditionalCheckFailed]".
  protocol::DynamoError error() const;

 private:
  struct Reason {
    std::string code;
    std::string message;
    std::string item_json;
  };
  std::vector<Reason> reasons_;
};

// One action of a transaction, as throughput limits see it.
struct TransactionAccess {
  const catalog::TableInfo* table = nullptr;
  Access access = Access::kRead;  // a Get or a ConditionCheck reads; Put, Update and Delete write
};

// With --enforce-capacity (context.limiter): cancels the transaction when
// an action's table (or, for a write, one of its GSIs) is out of capacity,
// with a ProvisionedThroughputExceeded or ThrottlingError reason for each
// such action (API Reference, TransactWriteItems: "There is insufficient
// provisioned capacity for the transaction to be completed").
void check_transaction_throughput(RequestContext& context, std::span<const TransactionAccess> actions);

}  // namespace dynastore::api
