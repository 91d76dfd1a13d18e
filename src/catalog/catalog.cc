#include "dynastore/catalog/catalog.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <random>

#include "catalog/table_codec.h"
#include "dynastore/catalog/table_status.h"
#include "dynastore/common/clock.h"
#include "dynastore/partition/item_store.h"

namespace dynastore::catalog {

namespace {

// System-column keys. Frozen.
constexpr std::string_view kTablePrefix = "table/";
constexpr std::string_view kTablePrefixEnd = "table0";  // '/' + 1
constexpr std::string_view kNextTableIdKey = "meta/next_table_id";
constexpr std::string_view kRetiredPrefix = "retired/";
constexpr std::string_view kRetiredPrefixEnd = "retired0";

std::string system_key(std::string_view key) { return std::string(kTablePrefix) + std::string(key); }

// "retired/<table id, 10 digits>".
std::string retired_key(std::uint32_t table_id) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%010u", table_id);
  return std::string(kRetiredPrefix) + digits;
}

// What a deleted table leaves for its streams. A stream still enabled
// (DeleteTable disables it first, so only after a crash between the two)
// ends where its records end.
TableInfo retired_copy(const TableInfo& table) {
  TableInfo copy;
  copy.name = table.name;
  copy.scope = table.scope;
  copy.table_id = table.table_id;
  copy.table_uuid = table.table_uuid;
  copy.key_schema = table.key_schema;
  copy.attribute_definitions = table.attribute_definitions;
  copy.status = TableStatus::kDeleting;
  copy.streams = table.streams;
  for (auto& stream : copy.streams) {
    if (!stream.enabled()) continue;
    stream.status = StreamStatus::kDisabled;
    stream.disabled = epoch_seconds_now();
    stream.end_sequence = UINT64_MAX;
  }
  return copy;
}

// The storage ids a table owns besides its own: its indexes', its streams',
// its expiry index's. Each is a prefix of data dropped with it.
std::vector<std::uint32_t> owned_ids(const TableInfo& table) {
  std::vector<std::uint32_t> ids;
  for (const auto& index : table.indexes) ids.push_back(index.schema.index_id);
  for (const auto& stream : table.streams) ids.push_back(stream.stream_id);
  if (table.ttl.index_id != 0) ids.push_back(table.ttl.index_id);
  return ids;
}

// Gives every new storage id slot (0) of `table` a fresh id from `next_id`.
void assign_ids(TableInfo& table, std::uint32_t& next_id) {
  for (auto& index : table.indexes) {
    if (index.schema.index_id == 0) index.schema.index_id = next_id++;
  }
  for (auto& stream : table.streams) {
    if (stream.stream_id == 0) stream.stream_id = next_id++;
  }
  if (table.ttl.status == TtlStatus::kEnabled && table.ttl.index_id == 0) table.ttl.index_id = next_id++;
}

// The tables of a map, in its order.
template <typename Map>
std::vector<TablePtr> values_of(const Map& tables) {
  std::vector<TablePtr> out;
  out.reserve(tables.size());
  for (const auto& [key, table] : tables) out.push_back(table);
  return out;
}

std::string random_uuid() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uint64_t hi = rng(), lo = rng();
  hi = (hi & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // RFC 4122 variant
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
  return buf;
}

}  // namespace

Result<std::unique_ptr<Catalog>> Catalog::open(storage::KvEngine& engine) {
  std::unique_ptr<Catalog> catalog(new Catalog(engine));
  auto s = catalog->load();
  if (!s.is_ok()) return s;
  return catalog;
}

Status Catalog::reload() {
  std::lock_guard write_lock(write_mutex_);
  Catalog fresh(engine_);
  if (auto s = fresh.load(); !s.is_ok()) return s;
  {
    std::unique_lock lock(tables_mutex_);
    tables_ = std::move(fresh.tables_);
    tables_by_id_ = std::move(fresh.tables_by_id_);
    retired_ = std::move(fresh.retired_);
  }
  next_table_id_ = fresh.next_table_id_;
  if (fresh.transitions_pending_.load()) transitions_pending_.store(true);
  return Status::ok();
}

Status Catalog::load() {
  auto next = engine_.get(storage::Column::kSystem, kNextTableIdKey);
  if (!next.is_ok()) return next.status();
  if (next.value()) next_table_id_ = static_cast<std::uint32_t>(std::stoul(*next.value()));

  auto it = engine_.scan(storage::Column::kSystem, kTablePrefix, kTablePrefixEnd);
  for (it->seek_to_first(); it->valid(); it->next()) {
    auto info = decode_table(it->value());
    if (!info.is_ok()) return info.status();
    // An id at or past the counter would be reused: keep the counter ahead.
    if (info->table_id >= next_table_id_) next_table_id_ = info->table_id + 1;
    for (std::uint32_t id : owned_ids(info.value())) {
      if (id >= next_table_id_) next_table_id_ = id + 1;
    }
    const std::string key = table_key(info.value());
    publish(key, std::move(info).value());
  }
  if (!it->status().is_ok()) return it->status();

  auto retired = engine_.scan(storage::Column::kSystem, kRetiredPrefix, kRetiredPrefixEnd);
  for (retired->seek_to_first(); retired->valid(); retired->next()) {
    auto info = decode_table(retired->value());
    if (!info.is_ok()) return info.status();
    // Its ids (the table's, its streams') are never reused either.
    next_table_id_ = std::max(next_table_id_, info->table_id + 1);
    for (const auto& stream : info->streams) next_table_id_ = std::max(next_table_id_, stream.stream_id + 1);
    const auto id = info->table_id;
    retired_[id] = std::make_shared<const TableInfo>(std::move(info).value());
  }
  return retired->status();
}

TablePtr Catalog::publish(const std::string& key, TableInfo info) {
  info.write_schema = write_schema_of(info);
  auto table = std::make_shared<const TableInfo>(std::move(info));
  note_transitions(*table);
  std::unique_lock lock(tables_mutex_);
  tables_[key] = table;
  tables_by_id_[table->table_id] = table;
  return table;
}

partition::SchemaPtr Catalog::latest_schema(std::uint32_t table_id) const {
  std::shared_lock lock(tables_mutex_);
  auto it = tables_by_id_.find(table_id);
  return it == tables_by_id_.end() ? nullptr : it->second->write_schema;
}

TablePtr Catalog::find(std::string_view key) const {
  std::shared_lock lock(tables_mutex_);
  auto it = tables_.find(key);
  return it == tables_.end() ? nullptr : it->second;
}

Result<TablePtr> Catalog::create(TableInfo info) {
  std::lock_guard write_lock(write_mutex_);
  const auto key = table_key(info);
  if (find(key)) return Status::already_exists(info.name);
  std::uint32_t next_id = next_table_id_;
  info.table_id = next_id++;
  for (auto& index : info.indexes) index.schema.index_id = 0;  // a caller's ids mean nothing
  for (auto& stream : info.streams) stream.stream_id = 0;
  info.ttl.index_id = 0;
  assign_ids(info, next_id);
  info.table_uuid = random_uuid();
  storage::WriteBatch batch;
  batch.put(storage::Column::kSystem, system_key(key), encode_table(info));
  batch.put(storage::Column::kSystem, kNextTableIdKey, std::to_string(next_id));
  auto s = engine_.write(batch);
  if (!s.is_ok()) return s;
  next_table_id_ = next_id;
  return publish(key, std::move(info));
}

Result<TablePtr> Catalog::update(std::string_view key, const std::function<Status(TableInfo&)>& mutate) {
  std::lock_guard write_lock(write_mutex_);
  return update_locked(key, mutate);
}

Result<TablePtr> Catalog::update_locked(std::string_view key, const std::function<Status(TableInfo&)>& mutate) {
  auto current = find(key);
  if (!current) return Status::not_found(std::string(key));
  TableInfo copy = *current;
  auto s = mutate(copy);
  if (!s.is_ok()) return s;
  copy.name = current->name;  // the key stays what it is
  copy.scope = current->scope;
  storage::WriteBatch batch;
  // New indexes, streams and expiry indexes (id 0) get storage ids; the
  // data of removed ones goes in the same atomic write as the catalog change.
  if (copy.ttl.status != TtlStatus::kEnabled) copy.ttl.index_id = 0;
  std::uint32_t next_id = next_table_id_;
  assign_ids(copy, next_id);
  if (next_id != next_table_id_) batch.put(storage::Column::kSystem, kNextTableIdKey, std::to_string(next_id));
  const auto kept = owned_ids(copy);
  for (std::uint32_t id : owned_ids(*current)) {
    if (std::find(kept.begin(), kept.end(), id) == kept.end()) partition::plan_index_removal(id, batch);
  }
  batch.put(storage::Column::kSystem, system_key(key), encode_table(copy));
  s = engine_.write(batch);
  if (!s.is_ok()) return s;
  next_table_id_ = next_id;
  return publish(std::string(key), std::move(copy));
}

Result<TablePtr> Catalog::drop(std::string_view key) {
  std::lock_guard write_lock(write_mutex_);
  return drop_locked(key);
}

Result<TablePtr> Catalog::drop_locked(std::string_view key) {
  auto current = find(key);
  if (!current) return Status::not_found(std::string(key));
  storage::WriteBatch batch;
  batch.erase(storage::Column::kSystem, system_key(key));
  auto removed = owned_ids(*current);
  TablePtr retired;
  if (!current->streams.empty()) {
    retired = std::make_shared<const TableInfo>(retired_copy(*current));
    for (const auto& stream : retired->streams) std::erase(removed, stream.stream_id);
    batch.put(storage::Column::kSystem, retired_key(retired->table_id), encode_table(*retired));
  }
  partition::plan_table_removal(current->table_id, removed, batch);
  auto s = engine_.write(batch);
  if (!s.is_ok()) return s;
  std::unique_lock lock(tables_mutex_);
  tables_.erase(tables_.find(key));
  tables_by_id_.erase(current->table_id);
  if (retired) retired_[retired->table_id] = retired;
  return current;
}

std::vector<TablePtr> Catalog::retired_tables() const {
  std::shared_lock lock(tables_mutex_);
  return values_of(retired_);
}

Result<TablePtr> Catalog::update_retired(std::uint32_t table_id, const std::function<Status(TableInfo&)>& mutate) {
  std::lock_guard write_lock(write_mutex_);
  TablePtr current;
  {
    std::shared_lock lock(tables_mutex_);
    auto it = retired_.find(table_id);
    if (it != retired_.end()) current = it->second;
  }
  if (!current) return Status::not_found("retired table " + std::to_string(table_id));
  TableInfo copy = *current;
  if (auto s = mutate(copy); !s.is_ok()) return s;
  copy.table_id = current->table_id;
  storage::WriteBatch batch;
  for (const auto& stream : current->streams) {
    const bool kept = std::any_of(copy.streams.begin(), copy.streams.end(),
                                  [&](const StreamInfo& s) { return s.stream_id == stream.stream_id; });
    if (!kept) partition::plan_index_removal(stream.stream_id, batch);
  }
  TablePtr updated;
  if (copy.streams.empty()) {
    batch.erase(storage::Column::kSystem, retired_key(table_id));
  } else {
    updated = std::make_shared<const TableInfo>(std::move(copy));
    batch.put(storage::Column::kSystem, retired_key(table_id), encode_table(*updated));
  }
  if (auto s = engine_.write(batch); !s.is_ok()) return s;
  std::unique_lock lock(tables_mutex_);
  if (updated) {
    retired_[table_id] = updated;
  } else {
    retired_.erase(table_id);
  }
  return updated;
}

TablePtr Catalog::find_stream_owner(std::string_view key, std::string_view label) const {
  auto has_stream = [&](const TableInfo& table) {
    return std::any_of(table.streams.begin(), table.streams.end(),
                       [&](const StreamInfo& stream) { return stream.label == label; });
  };
  std::shared_lock lock(tables_mutex_);
  if (auto it = tables_.find(key); it != tables_.end() && has_stream(*it->second)) return it->second;
  for (const auto& [id, table] : retired_) {
    if (table_key(*table) == key && has_stream(*table)) return table;
  }
  return nullptr;
}

void Catalog::note_transitions(const TableInfo& table) {
  if (in_transition(table)) transitions_pending_.store(true, std::memory_order_release);
}

std::size_t Catalog::complete_transitions(double now) {
  // Cleared first: a transition published while this sweep runs sets it
  // again, so none is ever missed.
  if (!transitions_pending_.exchange(false, std::memory_order_acq_rel)) return 0;
  std::lock_guard write_lock(write_mutex_);
  std::size_t completed = 0;
  bool pending = false;
  for (const auto& table : tables()) {
    if (!in_transition(*table)) continue;
    if (table->status == TableStatus::kDeleting) {
      if (table->status_until > now) {
        pending = true;
      } else if (auto dropped = drop_locked(table_key(*table)); dropped.is_ok()) {
        ++completed;
      } else {
        pending = true;  // retried on the next sweep
        spdlog::warn("cannot finish deleting table {}: {}", table->name, dropped.status().to_string());
      }
      continue;
    }
    TableInfo settled = *table;
    if (complete_due_transitions(settled, now)) {
      auto updated = update_locked(table_key(*table), [&](TableInfo& info) {
        complete_due_transitions(info, now);
        return Status::ok();
      });
      if (updated.is_ok()) {
        ++completed;
      } else {
        spdlog::warn("cannot settle the status of table {}: {}", table->name, updated.status().to_string());
      }
    }
    if (in_transition(settled)) pending = true;
  }
  if (pending) transitions_pending_.store(true, std::memory_order_release);
  return completed;
}

std::vector<std::string> Catalog::list_names(std::string_view scope, std::string_view exclusive_start,
                                             std::size_t limit) const {
  const std::string prefix = scope.empty() ? std::string() : table_key(scope, "");
  std::shared_lock lock(tables_mutex_);
  std::vector<std::string> names;
  auto it = exclusive_start.empty() ? tables_.lower_bound(prefix) : tables_.upper_bound(prefix + std::string(exclusive_start));
  for (; it != tables_.end() && names.size() < limit; ++it) {
    const std::string_view key = it->first;
    if (scope.empty()) {
      if (key.find('/') != std::string_view::npos) continue;  // another scope's table
    } else if (!key.starts_with(prefix)) {
      break;  // past this scope
    }
    names.push_back(it->second->name);
  }
  return names;
}

std::vector<TablePtr> Catalog::tables() const {
  std::shared_lock lock(tables_mutex_);
  return values_of(tables_);
}

std::size_t Catalog::table_count() const {
  std::shared_lock lock(tables_mutex_);
  return tables_.size();
}

}  // namespace dynastore::catalog
