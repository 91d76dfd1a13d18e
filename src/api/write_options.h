// Request options shared by the item operations: ReturnValues,
// ReturnConsumedCapacity, ReturnItemCollectionMetrics, and the response parts
// they control (Attributes, ConsumedCapacity).
#pragma once

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/consumed_capacity.h"
#include "dynastore/catalog/table_info.h"
#include "dynastore/json/json.h"
#include "dynastore/model/attribute_value.h"
#include "dynastore/protocol/constraint_errors.h"

namespace dynastore::api {

enum class ReturnValues { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };

// Parses ReturnValues. PutItem and DeleteItem take only NONE and ALL_OLD
// (`only_none_or_all_old`), refusing the rest with DynamoDB's message.
ReturnValues parse_return_values(const json::Value& request, bool only_none_or_all_old);
ReturnCapacity parse_return_capacity(const json::Value& request);
// Reads ReturnItemCollectionMetrics (SIZE | NONE): true for SIZE.
bool parse_return_item_collection_metrics(const json::Value& request);
// The same, adding a bad value to `errors` (reported with the request's
// other member errors) instead of throwing.
ReturnCapacity parse_return_capacity(const json::Value& request, protocol::ConstraintErrors& errors);
bool parse_return_item_collection_metrics(const json::Value& request, protocol::ConstraintErrors& errors);

// Writes "ItemCollectionMetrics" for a write to a table with local secondary
// indexes (nothing otherwise): the partition key and DynamoDB's size
// estimate range in GB.
struct RequestContext;
void write_item_collection_metrics(json::Writer& writer, RequestContext& context, const catalog::TableInfo& table,
                                   const model::Item& key);
// The metrics object alone (for BatchWriteItem's per-table lists).
void write_item_collection_metrics_object(json::Writer& writer, RequestContext& context,
                                          const catalog::TableInfo& table, const model::Item& key);

// "ItemCollectionMetrics": {table: [metrics...]} of a write of several
// items (BatchWriteItem, TransactWriteItems): per table with local secondary
// indexes, one entry per partition key written.
struct WrittenKey {
  const catalog::TableInfo* table;
  const model::Item* key;
};
void write_collection_metrics_map(json::Writer& writer, RequestContext& context, std::span<const WrittenKey> written);

// The response of a single-item write: "Attributes" (when `attributes` is
// non-null and non-empty), ConsumedCapacity (what the request consumed,
// context.consumed) and ItemCollectionMetrics as asked.
void write_item_write_response(json::Writer& writer, RequestContext& context, const catalog::TableInfo& table,
                               const model::Item& key, const model::Item* attributes, ReturnCapacity capacity,
                               bool collection_metrics);

}  // namespace dynastore::api
