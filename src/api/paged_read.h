// The page loop shared by Query and Scan: reads entries of a key range in
// order, stops at Limit entries evaluated or once 1 MB of data has been read
// (before filtering, as DynamoDB counts), filters, selects attributes and
// writes Items/Count/ScannedCount/LastEvaluatedKey/ConsumedCapacity.
#pragma once

#include <functional>
#include <variant>

#include "api/attribute_selection.h"
#include "api/read_target.h"
#include "api/request_context.h"
#include "api/write_options.h"
#include "dynastore/partition/item_store.h"

namespace dynastore::api {

// DynamoDB's page size cap on data read per Query/Scan call.
inline constexpr std::size_t kMaxPageBytes = 1024 * 1024;

struct PagedRead {
  const ReadTarget* target = nullptr;
  std::variant<partition::QueryRead, partition::ScanRead> entries;  // what to read, in order
  std::optional<std::int64_t> limit;               // entries evaluated, not returned
  std::function<bool(const model::Item&)> filter;  // empty: keep all
  AttributeSelection selection;
  bool count_only = false;         // Select=COUNT
  bool fetch_base_items = false;   // LSI read asking for attributes it does not project
  bool consistent = false;
  ReturnCapacity return_capacity = ReturnCapacity::kNone;
};

// Runs the read and writes the whole response object.
void run_paged_read(RequestContext& context, const PagedRead& read, json::Writer& response);

// Reads Select for `target` with DynamoDB's rules (defaults, index
// projections, GSI limits) and sets count_only / fetch_base_items. Throws.
void apply_select(const json::Value& request, const ReadTarget& target, PagedRead& read);

}  // namespace dynastore::api
