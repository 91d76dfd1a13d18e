#include "dynastore/partition/item_store.h"

#include "dynastore/model/index_schema.h"
#include "dynastore/model/item_codec.h"
#include "dynastore/model/item_size.h"
#include "dynastore/model/key_codec.h"

namespace dynastore::partition {

namespace {

std::string key_of(const catalog::TableInfo& table, const model::Item& item) {
  const auto& schema = table.key_schema;
  const auto& pk = item.find(schema.hash.name)->second;
  const model::AttributeValue* sk = schema.range ? &item.find(schema.range->name)->second : nullptr;
  std::string key;
  model::encode_item_key(table.table_id, pk, sk, key);
  return key;
}

Result<std::optional<model::Item>> read(storage::KvEngine& engine, const std::string& key) {
  auto stored = engine.get(storage::Column::kItems, key);
  if (!stored.is_ok()) return stored.status();
  if (!stored.value()) return std::optional<model::Item>();
  auto item = model::decode_item(*stored.value());
  if (!item.is_ok()) return item.status();
  return std::optional<model::Item>(std::move(item).value());
}

Result<StoredItem> read_stored(storage::KvEngine& engine, const std::string& key) {
  auto stored = engine.get(storage::Column::kItems, key);
  if (!stored.is_ok()) return stored.status();
  if (!stored.value()) return StoredItem();
  return StoredItem::from_encoded(std::move(*stored.value()));
}

// Every index entry change rides in the item's own batch, so an index never
// disagrees with its table, also across a crash.
Status add_index_changes(storage::KvEngine& engine, const catalog::TableInfo& table, const model::Item* old_item,
                         const model::Item* new_item, storage::WriteBatch& batch, std::int64_t& local_index_bytes) {
  for (const auto& index : table.indexes) {
    if (index.status == catalog::IndexStatus::kDeleting) continue;
    auto old_entry = old_item ? model::index_entry(table.key_schema, index.schema, *old_item) : std::nullopt;
    auto new_entry = new_item ? model::index_entry(table.key_schema, index.schema, *new_item) : std::nullopt;
    if (old_entry && new_entry && old_entry->key == new_entry->key && old_entry->projected == new_entry->projected) {
      continue;
    }
    // While an index is backfilled, an old item's entry may not be written
    // yet: count it only if it is really there.
    if (old_entry && index.backfilling) {
      auto existing = engine.get(storage::Column::kItems, old_entry->key);
      if (!existing.is_ok()) return existing.status();
      if (!existing.value()) old_entry.reset();
    }
    storage::Counters delta;
    if (old_entry) {
      if (!new_entry || new_entry->key != old_entry->key) batch.erase(storage::Column::kItems, old_entry->key);
      delta.first -= 1;
      delta.second -= static_cast<std::int64_t>(model::item_size(old_entry->projected));
    }
    if (new_entry) {
      std::string encoded;
      model::encode_item(new_entry->projected, encoded);
      batch.put(storage::Column::kItems, new_entry->key, encoded);
      delta.first += 1;
      delta.second += static_cast<std::int64_t>(model::item_size(new_entry->projected));
    }
    if (delta.first != 0 || delta.second != 0) {
      batch.add_counters(storage::Column::kStats, model::table_prefix(index.schema.index_id), delta);
    }
    if (index.schema.kind == model::IndexKind::kLocal) local_index_bytes += delta.second;
  }
  return Status::ok();
}

bool has_local_index(const catalog::TableInfo& table) {
  for (const auto& index : table.indexes) {
    if (index.schema.kind == model::IndexKind::kLocal) return true;
  }
  return false;
}

// Item collections live in the stats column under the partition's key prefix,
// inside the table's id range (so DeleteTable's range delete removes them).
std::string collection_key(const catalog::TableInfo& table, const model::AttributeValue& partition_key) {
  return model::partition_prefix(table.table_id, partition_key);
}

}  // namespace

std::mutex& ItemStore::lock_for(const std::string& storage_key) {
  // The key already starts with the partition hash; mix in the whole key so
  // items of one partition spread over stripes too.
  return locks_[std::hash<std::string>{}(storage_key) % kLockStripes];
}

Result<std::optional<model::Item>> ItemStore::get(const catalog::TableInfo& table, const model::Item& key) {
  return read(engine_, key_of(table, key));
}

Result<std::optional<std::string>> ItemStore::get_encoded(const catalog::TableInfo& table, const model::Item& key) {
  return engine_.get(storage::Column::kItems, key_of(table, key));
}

Result<StoredItem> ItemStore::put(const catalog::TableInfo& table, model::Item item) {
  model::Item key;  // mutate() needs the key; the item itself carries it
  key.emplace(table.key_schema.hash.name, item.at(table.key_schema.hash.name));
  if (table.key_schema.range) key.emplace(table.key_schema.range->name, item.at(table.key_schema.range->name));
  return mutate(table, key, [&item](const StoredItem&, Change& change) {
    change.kind = Change::Kind::kPut;
    change.new_item = std::move(item);
    return Status::ok();
  });
}

Result<StoredItem> ItemStore::erase(const catalog::TableInfo& table, const model::Item& key) {
  return mutate(table, key, [](const StoredItem&, Change& change) {
    change.kind = Change::Kind::kDelete;
    return Status::ok();
  });
}

Result<StoredItem> ItemStore::mutate(const catalog::TableInfo& table, const model::Item& key, const Decide& decide) {
  const std::string storage_key = key_of(table, key);
  std::lock_guard lock(lock_for(storage_key));
  auto schema = current_schema(table);
  if (!schema.is_ok()) return schema.status();
  const catalog::TableInfo& latest = schema.value() ? *schema.value() : table;
  auto current = read_stored(engine_, storage_key);
  if (!current.is_ok()) return current.status();

  Change change;
  auto s = decide(current.value(), change);
  if (!s.is_ok()) return s;
  if (change.kind == Change::Kind::kKeep) return current;

  storage::Counters delta;
  if (current.value()) {
    delta.first -= 1;
    delta.second -= static_cast<std::int64_t>(current->size());
  }
  storage::WriteBatch batch;
  if (change.kind == Change::Kind::kPut) {
    std::string encoded;
    model::encode_item(change.new_item, encoded);
    batch.put(storage::Column::kItems, storage_key, encoded);
    delta.first += 1;
    delta.second += static_cast<std::int64_t>(model::item_size(change.new_item));
  } else if (current.value()) {
    batch.erase(storage::Column::kItems, storage_key);
  }
  if (batch.empty()) return current;
  if (delta.first != 0 || delta.second != 0) {
    batch.add_counters(storage::Column::kStats, model::table_prefix(table.table_id), delta);
  }
  std::int64_t local_index_bytes = 0;
  if (!latest.indexes.empty()) {  // the only reason left to decode the old item
    s = add_index_changes(engine_, latest, current->get(), change.kind == Change::Kind::kPut ? &change.new_item : nullptr,
                          batch, local_index_bytes);
    if (!s.is_ok()) return s;
  }
  if (has_local_index(latest)) {
    const std::int64_t growth = delta.second + local_index_bytes;
    const auto collection = collection_key(latest, key.at(latest.key_schema.hash.name));
    if (growth > 0) {
      auto size = engine_.get_counters(storage::Column::kStats, collection);
      if (!size.is_ok()) return size.status();
      if (size->second + growth > item_collection_limit_) return Status::limit_exceeded("Collection size exceeded.");
    }
    if (growth != 0) batch.add_counters(storage::Column::kStats, collection, {0, growth});
  }
  s = engine_.write(batch);
  if (!s.is_ok()) return s;
  return current;
}

Result<catalog::TablePtr> ItemStore::current_schema(const catalog::TableInfo& table) const {
  if (catalog_ == nullptr) return catalog::TablePtr();
  auto latest = catalog_->find(catalog::table_key(table));
  if (!latest || latest->table_id != table.table_id) return Status::not_found("table " + table.name + " was deleted");
  return latest;
}

Result<BackfillProgress> ItemStore::backfill(const catalog::TableInfo& table, std::string_view index_name,
                                             std::string_view after_key, std::size_t max_items) {
  // Collect the next keys first: the scan's snapshot must not be held while
  // taking item locks one by one.
  const auto range = model::table_range(table.table_id);
  std::vector<std::string> keys;
  {
    auto it = engine_.scan(storage::Column::kItems, after_key.empty() ? range.lower : model::key_successor(after_key),
                           range.upper);
    for (it->seek_to_first(); it->valid() && keys.size() < max_items; it->next()) keys.emplace_back(it->key());
    auto s = it->status();
    if (!s.is_ok()) return s;
  }
  BackfillProgress progress;
  progress.last_key = std::string(after_key);
  progress.done = keys.size() < max_items;
  for (const auto& key : keys) {
    std::lock_guard lock(lock_for(key));
    auto schema = current_schema(table);
    if (!schema.is_ok()) return schema.status();
    const catalog::TableInfo& latest = schema.value() ? *schema.value() : table;
    const auto* index = latest.find_index(index_name);
    if (index == nullptr) return Status::not_found("index " + std::string(index_name) + " was deleted");
    auto item = read(engine_, key);
    if (!item.is_ok()) return item.status();
    progress.last_key = key;
    if (!item.value()) continue;  // deleted since the scan
    auto entry = model::index_entry(latest.key_schema, index->schema, *item.value());
    if (!entry) continue;  // sparse: no index key
    auto existing = engine_.get(storage::Column::kItems, entry->key);
    if (!existing.is_ok()) return existing.status();
    if (existing.value()) continue;  // a write since the index was added made it
    storage::WriteBatch batch;
    std::string encoded;
    model::encode_item(entry->projected, encoded);
    batch.put(storage::Column::kItems, entry->key, encoded);
    batch.add_counters(storage::Column::kStats, model::table_prefix(index->schema.index_id),
                       {1, static_cast<std::int64_t>(model::item_size(entry->projected))});
    auto s = engine_.write(batch);
    if (!s.is_ok()) return s;
    ++progress.indexed;
  }
  return progress;
}

std::string ItemStore::storage_key(const catalog::TableInfo& table, const model::Item& item_or_key) {
  return key_of(table, item_or_key);
}

Status ItemStore::read_range(const RangeRead& range, const ItemVisitor& visit) {
  if (range.lower >= range.upper) return Status::ok();
  auto it = engine_.scan(storage::Column::kItems, range.lower, range.upper);
  for (range.forward ? it->seek_to_first() : it->seek_to_last(); it->valid();
       range.forward ? it->next() : it->prev()) {
    if (!visit(it->key(), it->value())) return Status::ok();
  }
  return it->status();
}

Result<std::int64_t> ItemStore::item_collection_size(const catalog::TableInfo& table,
                                                    const model::AttributeValue& partition_key) {
  auto counters = engine_.get_counters(storage::Column::kStats, collection_key(table, partition_key));
  if (!counters.is_ok()) return counters.status();
  return counters->second;
}

Result<TableStats> ItemStore::stats_of(std::uint32_t storage_id) {
  auto counters = engine_.get_counters(storage::Column::kStats, model::table_prefix(storage_id));
  if (!counters.is_ok()) return counters.status();
  return TableStats{counters->first, counters->second};
}

}  // namespace dynastore::partition
