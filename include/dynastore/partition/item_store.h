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

#include "dynastore/catalog/table_info.h"
#include "dynastore/common/status.h"
#include "dynastore/model/attribute_value.h"
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

// Sees the current item (nullopt when absent) and fills `change`. A non-ok
// Status aborts with nothing written and is returned to the caller.
using Decide = std::function<Status(const std::optional<model::Item>& current, Change& change)>;

// A key range of the items column, read in one direction.
struct RangeRead {
  std::string lower;  // inclusive
  std::string upper;  // exclusive
  bool forward = true;
};

// Gets each item of a range in order; returns false to stop the read.
using ItemVisitor = std::function<bool(std::string_view storage_key, model::Item&& item)>;

class ItemStore {
 public:
  explicit ItemStore(storage::KvEngine& engine) : engine_(engine) {}

  // `key` holds exactly the table's key attributes.
  Result<std::optional<model::Item>> get(const catalog::TableInfo& table, const model::Item& key);

  // Replaces the item unconditionally; returns the previous item if any.
  Result<std::optional<model::Item>> put(const catalog::TableInfo& table, model::Item item);

  // Deletes the item; returns the previous item if any.
  Result<std::optional<model::Item>> erase(const catalog::TableInfo& table, const model::Item& key);

  // The general read-modify-write: locks the key, reads, calls `decide`,
  // writes its change. Returns the item as it was before.
  Result<std::optional<model::Item>> mutate(const catalog::TableInfo& table, const model::Item& key,
                                            const Decide& decide);

  Result<TableStats> stats(const catalog::TableInfo& table);

  // Streams the items of `range` from one consistent snapshot (writes that
  // land during the read are not seen), holding one item in memory at a time.
  Status read_range(const RangeRead& range, const ItemVisitor& visit);

  // The storage key of an item (or of a key map) of `table`.
  static std::string storage_key(const catalog::TableInfo& table, const model::Item& item_or_key);

 private:
  static constexpr std::size_t kLockStripes = 4096;
  std::mutex& lock_for(const std::string& storage_key);

  storage::KvEngine& engine_;
  std::array<std::mutex, kLockStripes> locks_;
};

}  // namespace dynastore::partition
