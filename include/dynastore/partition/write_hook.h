// Write hooks: the side effects of an item change, planned into the same
// storage batch as the item itself, so that after any crash the table, its
// indexes, its statistics (and later its stream and TTL entries) agree.
//
// ItemStore runs its hooks for every item a write changes, in the order they
// were added, while it holds the items' locks; then it commits the whole plan
// with one engine write. A hook that returns an error calls the whole write
// off (nothing is written).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dynastore/common/status.h"
#include "dynastore/model/attribute_value.h"
#include "dynastore/partition/stored_item.h"
#include "dynastore/partition/table_schema.h"
#include "dynastore/storage/kv_engine.h"

namespace dynastore::partition {

// One item's change, as hooks see it.
struct ItemChange {
  const TableSchema& table;     // the latest schema (SchemaSource)
  const model::Item& key;       // the item's key attributes
  std::string_view storage_key;
  const StoredItem& old_item;   // empty when the item did not exist
  const model::Item* new_item;  // nullptr when the item is deleted
  std::string_view new_encoded; // new_item as stored; empty when deleted
  std::size_t new_size;         // DynamoDB's size of new_item; 0 when deleted
  bool by_service;              // ItemWrite::by_service
};

// The batch one write is building, and what hooks may read while they plan.
// Counter deltas are summed per key and added to the batch at the end, so a
// write of many items adds each counter once and a hook can see what the
// write has already added (e.g. to check a size limit over all its items).
class WritePlan {
 public:
  // Room for a one-item write's usual operations (the item, its counters,
  // a stream record, a TTL entry) from the start: the batch's vector grew
  // by reallocation, moving the item's key and value each time.
  explicit WritePlan(storage::KvEngine& engine) : engine_(engine) { batch_.reserve(kUsualOps); }
  // Runs the on_finish actions.
  ~WritePlan();
  WritePlan(const WritePlan&) = delete;
  WritePlan& operator=(const WritePlan&) = delete;

  // Runs `done` once the plan's fate is sealed — committed, failed or
  // abandoned — e.g. to release a stream sequence number it reserved.
  void on_finish(std::function<void()> done) { on_finish_.push_back(std::move(done)); }
  // The on_finish actions, for whoever learns the fate later (a deferred
  // write); the plan no longer runs them.
  std::vector<std::function<void()>> take_on_finish() { return std::exchange(on_finish_, {}); }

  storage::WriteBatch& batch() { return batch_; }
  // For reads a hook needs under the items' locks (e.g. a stored counter).
  storage::KvEngine& engine() const { return engine_; }

  // Adds `delta` to the counters at `key` of Column::kStats.
  void add_counters(std::string_view key, storage::Counters delta);
  // What this plan adds to the counters at `key` so far.
  storage::Counters pending_counters(std::string_view key) const;

  // Moves the summed counter deltas into the batch; returns the batch.
  storage::WriteBatch& finish();

 private:
  static constexpr std::size_t kUsualOps = 4;

  storage::KvEngine& engine_;
  storage::WriteBatch batch_;
  std::vector<std::pair<std::string, storage::Counters>> counters_;
  std::vector<std::function<void()>> on_finish_;
};

// Thread-safety: plan() is called concurrently for different writes; a hook
// keeps no per-write state of its own (that belongs in the WritePlan).
class WriteHook {
 public:
  virtual ~WriteHook() = default;
  virtual Status plan(const ItemChange& change, WritePlan& plan) const = 0;
};

}  // namespace dynastore::partition
