// Logical reads (logical_read.h) as key ranges of the items column: the
// only place that knows how a table's item keys and an index's entry keys
// sort. Pure functions of the schema and the request.
#pragma once

#include <string>

#include "dynastore/partition/logical_read.h"

namespace dynastore::partition {

// A key range of the items column, read in one direction.
struct RangeRead {
  std::string lower;  // inclusive
  std::string upper;  // exclusive
  bool forward = true;
};

// The storage key of a table's item; `keys` holds at least its key attributes.
std::string item_key(const TableSchema& table, const model::Item& keys);

// The storage key of the table item or index entry that `keys` (a start
// key's attributes) names; "" when an index key attribute is missing.
std::string entry_key(const ReadSource& source, const model::Item& keys);

// The range holding exactly the entries that satisfy the key condition.
RangeRead key_condition_range(const ReadSource& source, const expr::KeyCondition& keys, bool forward);

// The whole range of a query or scan, narrowed to what follows its start key.
RangeRead range_of(const QueryRead& read);
RangeRead range_of(const ScanRead& read);

}  // namespace dynastore::partition
