// What TransactWriteItems and TransactGetItems share: the TransactItems list's
// member constraints, the one-operation-per-item rule, cancellation reasons,
// and transactional capacity (two units where a plain read or write costs one).
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/request_context.h"
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

// Consumed capacity of a transaction, per table in order of first use:
// transactional reads cost 2 units per 4 KB, writes 2 units per 1 KB
// (Developer Guide, "Capacity unit consumption for read/write operations").
class TransactionCapacity {
 public:
  void add_read(const std::string& table_name, std::size_t item_size);
  void add_write(const std::string& table_name, std::size_t old_size, std::size_t new_size);
  // Writes "ConsumedCapacity": [...] (nothing when mode is kNone).
  void write(json::Writer& writer, ReturnCapacity mode) const;

 private:
  struct Units {
    std::string table_name;
    double read = 0;
    double write = 0;
  };
  Units& of(const std::string& table_name);
  std::vector<Units> tables_;
};

}  // namespace dynastore::api
