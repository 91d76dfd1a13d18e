// TableSchema: what partition/ must know of a table to lay out and maintain
// its data — its storage id, key schema and the indexes writes keep in step.
// partition/ owns this type and reads it through SchemaSource, an interface
// it defines, so it never depends on catalog/ above it (catalog/ derives a
// TableSchema from each table description it publishes and implements
// SchemaSource). Stream and TTL settings join here when those hooks land.
//
// Immutable once published: shared as std::shared_ptr<const TableSchema>.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dynastore/model/index_schema.h"
#include "dynastore/model/key_schema.h"

namespace dynastore::partition {

// A secondary index that writes maintain.
struct MaintainedIndex {
  model::IndexSchema schema;
  // Added to a table that already had items and not all of them are indexed
  // yet: an old item's entry may be missing (index/backfiller fills it in).
  bool backfilling = false;
};

// The stream a table's writes add records to (DynamoDB Streams).
struct StreamTarget {
  std::uint32_t stream_id = 0;  // storage prefix of its records
  bool old_image = false;       // records carry the item before the change
  bool new_image = false;       // ... and after it (both: NEW_AND_OLD_IMAGES)
};

// Time to Live: the attribute holding an item's expiry, and the storage
// prefix of the table's expiry index.
struct TtlTarget {
  std::uint32_t index_id = 0;
  std::string attribute;
};

struct TableSchema {
  std::uint32_t table_id = 0;  // storage key prefix of the table's items
  model::KeySchema key_schema;
  // Indexes writes maintain, in the table's order; an index being deleted
  // is not among them.
  std::vector<MaintainedIndex> indexes;
  std::optional<StreamTarget> stream;
  std::optional<TtlTarget> ttl;

  bool has_local_index() const;
  const MaintainedIndex* find_index(std::string_view name) const;
};

using SchemaPtr = std::shared_ptr<const TableSchema>;

// Where a write finds a table's latest schema once it holds its items'
// locks: a writer that started with an older schema still maintains an index
// added meanwhile (so backfill and writes never race), and a write to a table
// dropped meanwhile fails instead of leaving data behind.
//
// Thread-safety: latest_schema() may be called concurrently.
class SchemaSource {
 public:
  virtual ~SchemaSource() = default;
  // The latest schema of the table whose storage id is `table_id`, or
  // nullptr when there is no such table any more.
  virtual SchemaPtr latest_schema(std::uint32_t table_id) const = 0;
};

}  // namespace dynastore::partition
