#include "partition/builtin_hooks.h"

#include "dynastore/model/index_schema.h"
#include "dynastore/model/item_codec.h"
#include "dynastore/model/item_size.h"
#include "dynastore/model/key_codec.h"

namespace dynastore::partition {

namespace {

std::int64_t signed_size(std::size_t size) { return static_cast<std::int64_t>(size); }

}  // namespace

Status TableStatsHook::plan(const ItemChange& change, WritePlan& plan) const {
  storage::Counters delta;
  if (change.old_item) {
    delta.first -= 1;
    delta.second -= signed_size(change.old_item.size());
  }
  if (change.new_item != nullptr) {
    delta.first += 1;
    delta.second += signed_size(change.new_size);
  }
  if (delta.first != 0 || delta.second != 0) plan.add_counters(model::table_prefix(change.table.table_id), delta);
  return Status::ok();
}

void plan_index_entry(const model::IndexSchema& index, const std::string& key, const model::Item& projected,
                      WritePlan& plan) {
  std::string encoded;
  model::encode_item(projected, encoded);
  plan.batch().put(storage::Column::kItems, key, encoded);
  plan.add_counters(model::table_prefix(index.index_id), {1, signed_size(model::item_size(projected))});
}

std::string item_collection_key(std::uint32_t table_id, const model::AttributeValue& partition_key) {
  return model::partition_prefix(table_id, partition_key);
}

Status IndexHook::plan(const ItemChange& change, WritePlan& plan) const {
  const TableSchema& table = change.table;
  if (table.indexes.empty()) return Status::ok();  // the only reason to decode the old item
  const model::Item* old_item = change.old_item.get();
  std::int64_t local_index_bytes = 0;
  for (const auto& index : table.indexes) {
    auto old_entry = old_item ? model::index_entry(table.key_schema, index.schema, *old_item) : std::nullopt;
    auto new_entry = change.new_item ? model::index_entry(table.key_schema, index.schema, *change.new_item) : std::nullopt;
    if (old_entry && new_entry && old_entry->key == new_entry->key && old_entry->projected == new_entry->projected) {
      continue;
    }
    // While an index is backfilled, an old item's entry may not be written
    // yet: count it only if it is really there.
    if (old_entry && index.backfilling) {
      auto existing = plan.engine().get(storage::Column::kItems, old_entry->key);
      if (!existing.is_ok()) return existing.status();
      if (!existing.value()) old_entry.reset();
    }
    const std::string stats_key = model::table_prefix(index.schema.index_id);
    std::int64_t bytes = 0;
    if (old_entry) {
      if (!new_entry || new_entry->key != old_entry->key) plan.batch().erase(storage::Column::kItems, old_entry->key);
      const std::int64_t old_bytes = signed_size(model::item_size(old_entry->projected));
      plan.add_counters(stats_key, {-1, -old_bytes});
      bytes -= old_bytes;
    }
    if (new_entry) {
      plan_index_entry(index.schema, new_entry->key, new_entry->projected, plan);
      bytes += signed_size(model::item_size(new_entry->projected));
    }
    if (index.schema.kind == model::IndexKind::kLocal) local_index_bytes += bytes;
  }
  if (!table.has_local_index()) return Status::ok();

  const std::int64_t growth =
      signed_size(change.new_size) - signed_size(change.old_item.size()) + local_index_bytes;
  if (growth == 0) return Status::ok();
  const auto collection = item_collection_key(table.table_id, change.key.at(table.key_schema.hash.name));
  if (growth > 0) {
    auto stored = plan.engine().get_counters(storage::Column::kStats, collection);
    if (!stored.is_ok()) return stored.status();
    const std::int64_t planned = plan.pending_counters(collection).second;
    if (stored->second + planned + growth > item_collection_limit_.load()) {
      return Status::limit_exceeded("Collection size exceeded.");
    }
  }
  plan.add_counters(collection, {0, growth});
  return Status::ok();
}

}  // namespace dynastore::partition
