// A Query's key condition in a form the storage layer can serve: equality on
// every partition key attribute, equality on leading sort key attributes
// (multi-attribute GSI keys), and at most one condition on the next sort key
// attribute — always one contiguous key range of one partition.
#pragma once

#include <optional>
#include <vector>

#include "api/read_target.h"
#include "dynastore/json/json.h"
#include "dynastore/model/attribute_value.h"
#include "dynastore/partition/item_store.h"

namespace dynastore::api {

struct SortKeyCondition {
  enum class Op { kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };
  Op op = Op::kEq;
  model::AttributeValue value;   // the operand (lower bound for BETWEEN)
  model::AttributeValue upper;   // BETWEEN's upper bound
};

struct KeyQuery {
  std::vector<model::AttributeValue> partition_values;  // in hash_keys() order
  std::vector<model::AttributeValue> sort_equalities;   // leading range_keys(), in order
  std::optional<SortKeyCondition> sort;                 // on the next range key
};

// The key range holding exactly the entries that satisfy `query`.
partition::RangeRead query_range(const ReadTarget& target, const KeyQuery& query, bool forward);

// Narrows `range` to the entries after `start_key` in read order.
void apply_exclusive_start(const ReadTarget& target, const model::Item& start_key, partition::RangeRead& range);

// True when `start_key` lies in the queried partition.
bool in_partition(const ReadTarget& target, const model::Item& start_key, const KeyQuery& query);

// True when BETWEEN's lower bound sorts after its upper bound.
bool between_reversed(const KeyQuery& query);

// True when `start_key` (in the queried partition) satisfies the sort key
// condition; DynamoDB refuses a start key that does not.
bool start_key_matches(const ReadTarget& target, const model::Item& start_key, const KeyQuery& query);

// Parses the legacy KeyConditions parameter. Throws ValidationException with
// DynamoDB's messages.
KeyQuery parse_key_conditions(const ReadTarget& target, const json::Value& key_conditions);

}  // namespace dynastore::api
