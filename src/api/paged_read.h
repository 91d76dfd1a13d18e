// The page loop shared by Query and Scan: reads items of a key range in
// order, stops at Limit items evaluated or once 1 MB of item data has been
// read (before filtering, as DynamoDB counts), filters, selects attributes and
// writes Items/Count/ScannedCount/LastEvaluatedKey/ConsumedCapacity.
#pragma once

#include <functional>

#include "api/attribute_selection.h"
#include "api/request_context.h"
#include "api/write_options.h"
#include "dynastore/partition/item_store.h"

namespace dynastore::api {

// DynamoDB's page size cap on data read per Query/Scan call.
inline constexpr std::size_t kMaxPageBytes = 1024 * 1024;

struct PagedRead {
  const catalog::TableInfo* table = nullptr;
  partition::RangeRead range;
  std::optional<std::int64_t> limit;            // items evaluated, not returned
  std::function<bool(const model::Item&)> filter;  // empty: keep all
  AttributeSelection selection;
  bool count_only = false;  // Select=COUNT
  bool consistent = false;
  ReturnCapacity return_capacity = ReturnCapacity::kNone;
};

// Runs the read and writes the whole response object.
void run_paged_read(RequestContext& context, const PagedRead& read, json::Writer& response);

// Parses an ExclusiveStartKey map: exactly the table's key attributes.
// Throws ValidationException "The provided starting key is invalid: ...".
model::Item parse_exclusive_start_key(const catalog::TableInfo& table, const json::Value& key_json);

}  // namespace dynastore::api
