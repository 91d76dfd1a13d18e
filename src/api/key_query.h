// A Query's key condition in a form the storage layer can serve: equality
// on the partition key plus at most one sort-key condition, turned into one
// contiguous key range of the partition.
#pragma once

#include <optional>

#include "dynastore/catalog/table_info.h"
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
  model::AttributeValue partition_value;
  std::optional<SortKeyCondition> sort;
};

// The key range holding exactly the items that satisfy `query`.
partition::RangeRead query_range(const catalog::TableInfo& table, const KeyQuery& query, bool forward);

// Narrows `range` to the items after `start_key` in read order.
void apply_exclusive_start(const catalog::TableInfo& table, const model::Item& start_key,
                           partition::RangeRead& range);

// Parses the legacy KeyConditions parameter. Throws ValidationException with
// DynamoDB's messages.
KeyQuery parse_key_conditions(const catalog::TableInfo& table, const json::Value& key_conditions);

}  // namespace dynastore::api
