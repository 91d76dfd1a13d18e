// The write hooks every ItemStore runs (write_hook.h), in this order.
#pragma once

#include <atomic>
#include <cstdint>

#include "dynastore/partition/write_hook.h"

namespace dynastore::partition {

// A table's item count and total item bytes, exact, in Column::kStats at the
// table's prefix (DescribeTable's ItemCount and TableSizeBytes).
class TableStatsHook final : public WriteHook {
 public:
  Status plan(const ItemChange& change, WritePlan& plan) const override;
};

// Secondary index entries (and each index's statistics), and for tables with
// local secondary indexes the size of each item collection, which a write may
// not take past the limit (Developer Guide, "Item collection size limit").
class IndexHook final : public WriteHook {
 public:
  explicit IndexHook(std::int64_t item_collection_limit) : item_collection_limit_(item_collection_limit) {}

  Status plan(const ItemChange& change, WritePlan& plan) const override;

  void set_item_collection_limit(std::int64_t bytes) { item_collection_limit_.store(bytes); }

 private:
  std::atomic<std::int64_t> item_collection_limit_;
};

// Adds an index entry (its projected item) and counts it in the index's
// statistics; shared with the backfill.
void plan_index_entry(const model::IndexSchema& index, const std::string& key, const model::Item& projected,
                      WritePlan& plan);

// Item collections live in Column::kStats under the partition's key prefix,
// inside the table's id range (so dropping the table's range removes them).
std::string item_collection_key(std::uint32_t table_id, const model::AttributeValue& partition_key);

}  // namespace dynastore::partition
