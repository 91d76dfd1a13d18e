// ItemStore: reads and writes a partition's items. One write path serves one
// item and many (PutItem, UpdateItem, DeleteItem, BatchWriteItem, and the
// transactions, TTL deletes and restores built on it):
//
//   lock    the items' lock stripes, sorted and deduplicated
//   read    the current items
//   decide  per item, a pure decision (item_write.h)
//   plan    every change into one storage batch: the item itself, then the
//           hooks (write_hook.h) — table statistics, index entries and item
//           collections built in, streams and TTL added later
//   commit  one engine write: all items or none
//
// so read-modify-write operations are linearizable per item, and a write of
// several items is atomic and isolated. The committed batch is the unit that
// replication will ship (storage::WriteBatch's frozen encoding).
//
// Thread-safety: all methods may be called concurrently.
// Preconditions: keys and items passed in are validated against the table's
// key schema by the caller (api/).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dynastore/common/status.h"
#include "dynastore/model/attribute_value.h"
#include "dynastore/partition/item_write.h"
#include "dynastore/partition/logical_read.h"
#include "dynastore/partition/stored_item.h"
#include "dynastore/partition/table_schema.h"
#include "dynastore/partition/write_hook.h"
#include "dynastore/storage/kv_engine.h"

namespace dynastore::partition {

class IndexHook;
class StreamSequencer;
class StripeLocks;

struct TableStats {
  std::int64_t item_count = 0;
  std::int64_t size_bytes = 0;
};

// Gets each item of a read in order, as stored (model/item_codec.h: decode
// it only if it must be looked into); the views last until it returns.
// Returns false to stop the read.
using ItemVisitor = std::function<bool(std::string_view storage_key, std::string_view encoded)>;

// Progress of one backfill step (see ItemStore::backfill).
struct BackfillProgress {
  std::string last_key;       // base-table storage key indexed last
  bool done = false;          // the whole table has been indexed
  std::size_t indexed = 0;    // entries written by this step
};

// One item of a consistent read: its table and its key attributes.
struct ItemRead {
  const TableSchema* table = nullptr;
  const model::Item* key = nullptr;
};

// Where a stream's records stand (see ItemStore::stream_position).
struct StreamPosition {
  std::uint64_t next = 1;          // the sequence number the next record would get
  std::uint64_t readable_end = 1;  // every record numbered below it is settled
};

// Gets stream records in sequence order (stream_record.h); the view lasts
// until it returns. Returns false to stop.
using StreamVisitor = std::function<bool(std::uint64_t sequence, std::string_view record)>;

// What a write of several items did.
struct WriteResult {
  // False when some item's decision called the write off (aborts()):
  // nothing was written, and the outcomes say which items and why.
  bool committed = false;
  std::vector<ItemOutcome> outcomes;  // one per ItemWrite, in order
};

class ItemStore {
 public:
  // The engine (and `schemas`, when given) must outlive the store. Without
  // `schemas` a write follows the schema it is given (tests).
  explicit ItemStore(storage::KvEngine& engine, const SchemaSource* schemas = nullptr);
  ~ItemStore();

  // Forgets the stream positions it keeps in memory: for a replica whose
  // store another node wrote (replication/), before its next stream read or
  // its first write as leader.
  void forget_stream_positions();
  ItemStore(const ItemStore&) = delete;
  ItemStore& operator=(const ItemStore&) = delete;

  // Adds a hook that plans its side effects of every item change after the
  // built-in ones. Call before the store is used.
  void add_hook(std::unique_ptr<WriteHook> hook);

  // `key` holds exactly the table's key attributes. Reads the latest state,
  // or with `as_of` that earlier point in time (an eventually consistent
  // read, storage/snapshot_history.h), here and in get_encoded, query, scan.
  Result<std::optional<model::Item>> get(const TableSchema& table, const model::Item& key,
                                         const storage::Snapshot* as_of = nullptr);
  // The item as stored (model/item_codec.h), for readers that pass it on
  // without looking inside.
  Result<std::optional<std::string>> get_encoded(const TableSchema& table, const model::Item& key,
                                                 const storage::Snapshot* as_of = nullptr);
  // Several items as stored, all read at one point in time (one engine
  // snapshot), so no write of several items is ever seen in part
  // (TransactGetItems). Absent items read as nullopt, in request order.
  Result<std::vector<std::optional<std::string>>> get_consistent(std::span<const ItemRead> reads);

  // Writes the items, all or none (see the top of this file). The same item
  // may appear only once. `also`, when given, is committed in the same
  // engine write when the items are (a transaction's idempotency record),
  // and not at all otherwise. Errors (nothing written): InvalidArgument (an
  // item twice), NotFound (its table was dropped), LimitExceeded (an item
  // collection would pass its limit), and the engine's.
  Result<WriteResult> write(std::span<const ItemWrite> writes, const storage::WriteBatch* also = nullptr);
  // The same for one item; its outcome says whether it was written.
  Result<ItemOutcome> write(const ItemWrite& write);

  // Statistics of a table or index by its storage id.
  Result<TableStats> stats_of(std::uint32_t storage_id);

  // Bytes of the item collection of `partition_key` (its items and their LSI
  // entries), tracked for tables with local secondary indexes only.
  Result<std::int64_t> item_collection_size(std::uint32_t table_id, const model::AttributeValue& partition_key);

  // The item collection limit (Developer Guide, "Item collection size
  // limit": 10 GB per partition key value in a table with LSIs). A write
  // that would exceed it fails with LimitExceeded. Adjustable for tests.
  static constexpr std::int64_t kDefaultItemCollectionLimit = 10LL << 30;
  void test_set_item_collection_limit(std::int64_t bytes);

  // Stream the entries a query or scan reads (logical_read.h) from one
  // consistent snapshot (writes that land during the read are not seen),
  // holding one entry in memory at a time.
  Status query(const QueryRead& read, const ItemVisitor& visit, const storage::Snapshot* as_of = nullptr);
  Status scan(const ScanRead& read, const ItemVisitor& visit, const storage::Snapshot* as_of = nullptr);

  // Indexes up to `max_items` existing items of `table` after `after_key`
  // (a base-table storage key; empty = from the start) into index
  // `index_name`, each under its item lock. Idempotent: entries already
  // present are left alone, so a step repeated after a crash counts nothing
  // twice. Errors: NotFound when the table or the index is gone.
  Result<BackfillProgress> backfill(const TableSchema& table, std::string_view index_name,
                                    std::string_view after_key, std::size_t max_items);

  // The storage key of an item (or of a key map) of `table`.
  static std::string storage_key(const TableSchema& table, const model::Item& item_or_key);

  // ---- DynamoDB Streams: records written by the stream hook ----------------
  // Sequence numbers are per stream, from 1, increasing in the order records
  // were planned; records below readable_end are settled, so a reader that
  // stops there never skips a record that commits later.
  Result<StreamPosition> stream_position(std::uint32_t stream_id);
  // No record is added to the stream afterwards; returns the sequence
  // number after its last record.
  Result<std::uint64_t> close_stream(std::uint32_t stream_id);
  // Visits the records numbered [from, to) that are settled, in order.
  Status read_stream(std::uint32_t stream_id, std::uint64_t from, std::uint64_t to, const StreamVisitor& visit);
  // The number of the stream's oldest stored record, nullopt when none.
  Result<std::optional<std::uint64_t>> first_stream_record(std::uint32_t stream_id);
  // Removes the records numbered below `before` (retention).
  Status trim_stream(std::uint32_t stream_id, std::uint64_t before);

  // Whether the engine takes writes (see KvEngine::write_health).
  Status write_health() const { return engine_.write_health(); }

  // ---- Time to Live --------------------------------------------------------
  // The keys of up to `max` items of `table` (which has TTL) whose expiry
  // lies in [from, to] epoch seconds, soonest first, starting after the
  // expiry index entry `after` (a previous answer's resume_after) if given:
  // a sweep that resumes there does not walk again over the entries its
  // earlier deletions left as tombstones.
  struct ExpiringItems {
    std::vector<model::Item> keys;
    std::string resume_after;  // the expiry index entry of the last key
  };
  Result<ExpiringItems> expiring_items(const TableSchema& table, std::uint64_t from, std::uint64_t to,
                                       std::size_t max, std::string_view after = {});
  // Adds the items written before TTL was enabled to the expiry index, up
  // to `max_items` after `after_key`, each under its item lock (as backfill).
  Result<BackfillProgress> index_ttl(const TableSchema& table, std::string_view after_key, std::size_t max_items);

 private:
  struct Pending;

  // Steps read, decide, plan and commit of write(), under the items' locks.
  // Returns whether the write was committed.
  Result<bool> write_locked(std::span<const ItemWrite> writes, std::span<Pending> pending,
                            std::span<ItemOutcome> outcomes, const storage::WriteBatch* also);
  // The schema a write under the item lock must follow (see SchemaSource):
  // `table`'s latest, kept alive by `holder`.
  Result<const TableSchema*> latest(const TableSchema& table, SchemaPtr& holder) const;

  storage::KvEngine& engine_;
  const SchemaSource* schemas_;
  std::unique_ptr<StripeLocks> locks_;
  std::unique_ptr<StreamSequencer> sequencer_;
  std::vector<std::unique_ptr<WriteHook>> hooks_;  // table statistics, indexes, then added ones
  IndexHook* index_hook_;                          // one of hooks_
};

// The data of a table, or of an index, expiry index or stream (one id
// space), as range deletes added to `batch` (for
// catalog/, which drops a table's data in the same write as its entry).
void plan_table_removal(std::uint32_t table_id, std::span<const std::uint32_t> index_ids,
                        storage::WriteBatch& batch);
void plan_index_removal(std::uint32_t index_id, storage::WriteBatch& batch);

}  // namespace dynastore::partition
