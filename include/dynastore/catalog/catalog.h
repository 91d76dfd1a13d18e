// Catalog: the set of tables, persisted in the storage engine's system
// column and cached in memory.
//
// Thread-safety: all methods may be called concurrently. Lookups return an
// immutable snapshot; changes are serialised by an internal mutex and are
// durable (written through the KvEngine) before they become visible.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dynastore/catalog/table_info.h"
#include "dynastore/common/status.h"
#include "dynastore/partition/table_schema.h"
#include "dynastore/storage/kv_engine.h"

namespace dynastore::catalog {

using TablePtr = std::shared_ptr<const TableInfo>;

// The catalog is the partition layer's SchemaSource: every table it
// publishes carries its write schema (TableInfo::write_schema).
class Catalog final : public partition::SchemaSource {
 public:
  // Loads every table from `engine`, which must outlive the catalog.
  static Result<std::unique_ptr<Catalog>> open(storage::KvEngine& engine);
  // Reads every table again from the store, replacing what is in memory:
  // for a cluster replica whose store another node's changes reached
  // (replication/), since only its own changes update memory as they go.
  Status reload();

  // Tables are found by their key, table_key(scope, name).
  // nullptr when no such table.
  TablePtr find(std::string_view key) const;

  // Assigns table_id and table_uuid, persists and publishes `info`.
  // Errors: AlreadyExists when the name is taken in its scope.
  Result<TablePtr> create(TableInfo info);

  // Applies `mutate` to a copy of the table and publishes it. `mutate` may
  // return an error to abort (nothing changes). Indexes it adds with
  // index_id 0 get a fresh storage id; the data of indexes it removes goes
  // in the same atomic write. Name and scope cannot change.
  // Errors: NotFound.
  Result<TablePtr> update(std::string_view key, const std::function<Status(TableInfo&)>& mutate);

  // Removes the table and, in the same atomic write, all its data (planned
  // by partition/) but its streams' records: a table with streams leaves a
  // retired copy for them (see retired_tables). Returns the last
  // description. Errors: NotFound.
  Result<TablePtr> drop(std::string_view key);

  // ---- Streams of deleted tables ------------------------------------------
  // DeleteTable (API Reference): the table's stream "goes into the DISABLED
  // state, and the stream is automatically deleted after 24 hours". Until
  // then a retired copy of the table (name, scope, ids, key schema and
  // streams; no longer a table) keeps them readable.
  std::vector<TablePtr> retired_tables() const;
  // Applies `mutate` to a retired copy, found by its table id; once it has
  // no streams left it is forgotten, its streams' records with it (then the
  // result is nullptr). Errors: NotFound.
  Result<TablePtr> update_retired(std::uint32_t table_id, const std::function<Status(TableInfo&)>& mutate);
  // The table, live or retired, of `key` that has the stream `label`;
  // nullptr when none has.
  TablePtr find_stream_owner(std::string_view key, std::string_view label) const;

  // Ends the transient statuses that are due at `now` (epoch seconds):
  // tables and indexes CREATING or UPDATING become ACTIVE, DELETING indexes
  // are removed and DELETING tables dropped (see complete_due_transitions).
  // Cheap when nothing is in transition. Returns how many tables changed.
  std::size_t complete_transitions(double now);

  // Names of the tables in `scope`, in ascending order, starting after
  // `exclusive_start` (if non-empty), at most `limit` of them.
  std::vector<std::string> list_names(std::string_view scope, std::string_view exclusive_start,
                                      std::size_t limit) const;
  std::size_t table_count() const;
  // A snapshot of every table.
  std::vector<TablePtr> tables() const;

  // partition::SchemaSource: the latest write schema of a table by id.
  partition::SchemaPtr latest_schema(std::uint32_t table_id) const override;

 private:
  explicit Catalog(storage::KvEngine& engine) : engine_(engine) {}
  Status load();
  Result<TablePtr> update_locked(std::string_view key, const std::function<Status(TableInfo&)>& mutate);
  Result<TablePtr> drop_locked(std::string_view key);
  void note_transitions(const TableInfo& table);
  // Derives the write schema and makes `info` the table under `key`.
  // REQUIRES: write_mutex_ held.
  TablePtr publish(const std::string& key, TableInfo info);

  storage::KvEngine& engine_;
  mutable std::shared_mutex tables_mutex_;  // guards tables_, tables_by_id_, retired_
  std::map<std::string, TablePtr, std::less<>> tables_;  // by table_key()
  std::unordered_map<std::uint32_t, TablePtr> tables_by_id_;  // the same tables by table_id
  std::map<std::uint32_t, TablePtr> retired_;  // retired copies of deleted tables, by table_id
  std::mutex write_mutex_;  // serialises changes (and next_table_id_)
  std::uint32_t next_table_id_ = 1;
  std::atomic<bool> transitions_pending_{false};  // some table may be in a transient status
};

}  // namespace dynastore::catalog
