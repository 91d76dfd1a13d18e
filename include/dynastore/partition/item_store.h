// ItemStore: reads and writes a table's items. Every write of an item is one
// atomic storage batch (the item plus the table's statistics; later its index
// entries and stream record), applied under a lock on the item's key, so
// read-modify-write operations are linearizable per item.
//
// Thread-safety: all methods may be called concurrently.
// Preconditions: keys and items passed in are validated against the table's
// key schema by the caller (api/).
#pragma once

#include <array>
#include <functional>
#include <mutex>
#include <optional>

#include "dynastore/catalog/catalog.h"
#include "dynastore/catalog/table_info.h"
#include "dynastore/common/status.h"
#include "dynastore/model/attribute_value.h"
#include "dynastore/partition/stored_item.h"
#include "dynastore/storage/kv_engine.h"

namespace dynastore::partition {

struct TableStats {
  std::int64_t item_count = 0;
  std::int64_t size_bytes = 0;
};

// What a read-modify-write decided to do with the item.
struct Change {
  enum class Kind { kKeep, kPut, kDelete };
  Kind kind = Kind::kKeep;
  model::Item new_item;  // for kPut: the whole new item, key attributes included
};

// Sees the current item (empty when absent) and fills `change`. A non-ok
// Status aborts with nothing written and is returned to the caller.
using Decide = std::function<Status(const StoredItem& current, Change& change)>;

// A key range of the items column, read in one direction.
struct RangeRead {
  std::string lower;  // inclusive
  std::string upper;  // exclusive
  bool forward = true;
};

// Gets each item of a range in order, as stored (model/item_codec.h: decode
// it only if it must be looked into); the views last until it returns.
// Returns false to stop the read.
using ItemVisitor = std::function<bool(std::string_view storage_key, std::string_view encoded)>;

// Progress of one backfill step (see ItemStore::backfill).
struct BackfillProgress {
  std::string last_key;       // base-table storage key indexed last
  bool done = false;          // the whole table has been indexed
  std::size_t indexed = 0;    // entries written by this step
};

class ItemStore {
 public:
  // With a catalog, every write re-reads its table's latest schema under the
  // item lock: a writer that started with an older snapshot still maintains
  // an index added meanwhile (so backfill and writes never race), and a write
  // to a table dropped meanwhile fails with NotFound instead of leaving data.
  explicit ItemStore(storage::KvEngine& engine, const catalog::Catalog* catalog = nullptr)
      : engine_(engine), catalog_(catalog) {}

  // `key` holds exactly the table's key attributes.
  Result<std::optional<model::Item>> get(const catalog::TableInfo& table, const model::Item& key);
  // The item as stored (model/item_codec.h), for readers that pass it on
  // without looking inside.
  Result<std::optional<std::string>> get_encoded(const catalog::TableInfo& table, const model::Item& key);

  // Replaces the item unconditionally; returns the previous item if any.
  Result<StoredItem> put(const catalog::TableInfo& table, model::Item item);

  // Deletes the item; returns the previous item if any.
  Result<StoredItem> erase(const catalog::TableInfo& table, const model::Item& key);

  // The general read-modify-write: locks the key, reads, calls `decide`,
  // writes its change. Returns the item as it was before.
  Result<StoredItem> mutate(const catalog::TableInfo& table, const model::Item& key, const Decide& decide);

  Result<TableStats> stats(const catalog::TableInfo& table) { return stats_of(table.table_id); }

  // Bytes of the item collection of `partition_key` (its items and their LSI
  // entries), tracked for tables with local secondary indexes only.
  Result<std::int64_t> item_collection_size(const catalog::TableInfo& table, const model::AttributeValue& partition_key);

  // The item collection limit (Developer Guide, "Item collection size
  // limit": 10 GB per partition key value in a table with LSIs). A write
  // that would exceed it fails with LimitExceeded. Adjustable for tests.
  static constexpr std::int64_t kDefaultItemCollectionLimit = 10LL << 30;
  void test_set_item_collection_limit(std::int64_t bytes) { item_collection_limit_ = bytes; }
  // Statistics of a table or index by its storage id.
  Result<TableStats> stats_of(std::uint32_t storage_id);

  // Streams the items of `range` from one consistent snapshot (writes that
  // land during the read are not seen), holding one item in memory at a time.
  Status read_range(const RangeRead& range, const ItemVisitor& visit);

  // Indexes up to `max_items` existing items of `table` after `after_key`
  // (a base-table storage key; empty = from the start) into index
  // `index_name`, each under its item lock. Idempotent: entries already
  // present are left alone, so a step repeated after a crash counts nothing
  // twice.
  Result<BackfillProgress> backfill(const catalog::TableInfo& table, std::string_view index_name,
                                    std::string_view after_key, std::size_t max_items);

  // The storage key of an item (or of a key map) of `table`.
  static std::string storage_key(const catalog::TableInfo& table, const model::Item& item_or_key);

 private:
  static constexpr std::size_t kLockStripes = 4096;
  std::mutex& lock_for(const std::string& storage_key);

  // The schema a write under the item lock must follow (see the constructor).
  Result<catalog::TablePtr> current_schema(const catalog::TableInfo& table) const;

  storage::KvEngine& engine_;
  const catalog::Catalog* catalog_;
  std::int64_t item_collection_limit_ = kDefaultItemCollectionLimit;
  std::array<std::mutex, kLockStripes> locks_;
};

}  // namespace dynastore::partition
