// Logical reads: what a Query or Scan asks of the partition layer — a table
// or one of its indexes, a key condition, a direction, a start key — in
// DynamoDB's terms. Only partition/ knows how keys are laid out in bytes
// (model/key_codec.h, model/index_schema.h), so api/ never builds a storage
// range; ItemStore::query and ItemStore::scan turn these into one.
#pragma once

#include <cstdint>

#include "dynastore/expr/key_condition.h"
#include "dynastore/model/attribute_value.h"
#include "dynastore/model/index_schema.h"
#include "dynastore/partition/table_schema.h"

namespace dynastore::partition {

// A table, or one of its secondary indexes.
struct ReadSource {
  const TableSchema* table = nullptr;
  const model::IndexSchema* index = nullptr;  // null: the table's own items
};

// The entries of one partition of `source` that `keys` selects, in sort key
// order (reversed unless `forward`), after `exclusive_start` when given.
struct QueryRead {
  ReadSource source;
  const expr::KeyCondition* keys = nullptr;  // its partition values match the source's key
  bool forward = true;
  // A LastEvaluatedKey: the table's key attributes, plus an index's when
  // reading one. Check it with fit_of_start_key first.
  const model::Item* exclusive_start = nullptr;
};

// Every entry of `source`, or one segment of a parallel scan (a split of the
// hash space into `total_segments` equal parts), in storage order, after
// `exclusive_start` when given.
struct ScanRead {
  ReadSource source;
  std::uint32_t segment = 0;
  std::uint32_t total_segments = 1;
  const model::Item* exclusive_start = nullptr;
};

// Where a read's exclusive start key lies, for the caller's error message.
enum class StartKeyFit {
  kInside,
  kOutsidePartition,      // another partition key than the query's
  kOutsideSortCondition,  // the sort key does not satisfy the query's condition
  kOutsideSegment,        // another segment of the parallel scan
};
StartKeyFit fit_of_start_key(const QueryRead& read);
StartKeyFit fit_of_start_key(const ScanRead& read);

}  // namespace dynastore::partition
