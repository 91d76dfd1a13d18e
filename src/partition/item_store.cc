#include "dynastore/partition/item_store.h"

#include <algorithm>

#include "dynastore/model/item_codec.h"
#include "dynastore/model/item_size.h"
#include "dynastore/model/key_codec.h"
#include "dynastore/partition/stream_record.h"
#include "partition/builtin_hooks.h"
#include "partition/change_log_hooks.h"
#include "partition/stream_sequencer.h"
#include "partition/read_ranges.h"
#include "partition/stripe_locks.h"

namespace dynastore::partition {

namespace {

model::Item key_attributes_of(const model::KeySchema& schema, const model::Item& item) {
  model::Item key;
  key.emplace(schema.hash.name, item.at(schema.hash.name));
  if (schema.range) key.emplace(schema.range->name, item.at(schema.range->name));
  return key;
}

Result<StoredItem> read_stored(storage::KvEngine& engine, const std::string& key) {
  auto stored = engine.get(storage::Column::kItems, key);
  if (!stored.is_ok()) return stored.status();
  if (!stored.value()) return StoredItem();
  return StoredItem::from_encoded(std::move(*stored.value()));
}

// An item read of the latest state, or of `as_of` when given.
Result<std::optional<std::string>> get_item_bytes(storage::KvEngine& engine, const storage::Snapshot* as_of,
                                                  std::string_view key) {
  return as_of != nullptr ? as_of->get(storage::Column::kItems, key) : engine.get(storage::Column::kItems, key);
}

Status visit_range(storage::KvEngine& engine, const storage::Snapshot* as_of, const RangeRead& range,
                   const ItemVisitor& visit) {
  if (range.lower >= range.upper) return Status::ok();
  auto it = as_of != nullptr ? as_of->scan(storage::Column::kItems, range.lower, range.upper)
                             : engine.scan(storage::Column::kItems, range.lower, range.upper);
  for (range.forward ? it->seek_to_first() : it->seek_to_last(); it->valid();
       range.forward ? it->next() : it->prev()) {
    if (!visit(it->key(), it->value())) return Status::ok();
  }
  return it->status();
}

// Gives back a reused encoding buffer that a large item grew, when the
// write that used it ends, however it ends.
class EncodeBufferTrim {
 public:
  explicit EncodeBufferTrim(std::string& buffer) : buffer_(buffer) {}
  ~EncodeBufferTrim() {
    if (buffer_.capacity() > kMaxRetainedBytes) std::string().swap(buffer_);
  }
  EncodeBufferTrim(const EncodeBufferTrim&) = delete;
  EncodeBufferTrim& operator=(const EncodeBufferTrim&) = delete;

 private:
  static constexpr std::size_t kMaxRetainedBytes = 64 << 10;
  std::string& buffer_;
};

}  // namespace

// What write() keeps per item between its steps.
struct ItemStore::Pending {
  std::string storage_key;
  SchemaPtr holder;                       // keeps `table` alive
  const TableSchema* table = nullptr;     // the latest schema
};

ItemStore::ItemStore(storage::KvEngine& engine, const SchemaSource* schemas)
    : engine_(engine),
      schemas_(schemas),
      locks_(std::make_unique<StripeLocks>()),
      sequencer_(std::make_unique<StreamSequencer>(engine)) {
  hooks_.push_back(std::make_unique<TableStatsHook>());
  auto index_hook = std::make_unique<IndexHook>(kDefaultItemCollectionLimit);
  index_hook_ = index_hook.get();
  hooks_.push_back(std::move(index_hook));
  hooks_.push_back(std::make_unique<TtlHook>());
  hooks_.push_back(std::make_unique<StreamHook>(*sequencer_));
}

ItemStore::~ItemStore() = default;

void ItemStore::forget_stream_positions() { sequencer_->forget_idle(); }

void ItemStore::add_hook(std::unique_ptr<WriteHook> hook) { hooks_.push_back(std::move(hook)); }

void ItemStore::test_set_item_collection_limit(std::int64_t bytes) { index_hook_->set_item_collection_limit(bytes); }

Result<std::optional<model::Item>> ItemStore::get(const TableSchema& table, const model::Item& key,
                                                   const storage::Snapshot* as_of) {
  auto stored = get_item_bytes(engine_, as_of, item_key(table, key));
  if (!stored.is_ok()) return stored.status();
  if (!stored.value()) return std::optional<model::Item>();
  auto item = model::decode_item(*stored.value());
  if (!item.is_ok()) return item.status();
  return std::optional<model::Item>(std::move(item).value());
}

Result<std::optional<std::string>> ItemStore::get_encoded(const TableSchema& table, const model::Item& key,
                                                          const storage::Snapshot* as_of) {
  return get_item_bytes(engine_, as_of, item_key(table, key));
}

Result<std::vector<std::optional<std::string>>> ItemStore::get_consistent(std::span<const ItemRead> reads) {
  const auto snapshot = engine_.snapshot();
  std::vector<std::optional<std::string>> items;
  items.reserve(reads.size());
  for (const auto& read : reads) {
    auto stored = snapshot->get(storage::Column::kItems, item_key(*read.table, *read.key));
    if (!stored.is_ok()) return stored.status();
    items.push_back(std::move(stored).value());
  }
  return items;
}

Result<const TableSchema*> ItemStore::latest(const TableSchema& table, SchemaPtr& holder) const {
  if (schemas_ == nullptr) return &table;
  holder = schemas_->latest_schema(table.table_id);
  if (!holder) return Status::not_found("table " + std::to_string(table.table_id) + " was deleted");
  return holder.get();
}

Result<ItemOutcome> ItemStore::write(const ItemWrite& write) {
  Pending pending;
  ItemOutcome outcome;
  auto committed = write_locked({&write, 1}, {&pending, 1}, {&outcome, 1}, nullptr);
  if (!committed.is_ok()) return committed.status();
  return outcome;
}

Result<WriteResult> ItemStore::write(std::span<const ItemWrite> writes, const storage::WriteBatch* also) {
  std::vector<Pending> pending(writes.size());
  WriteResult result;
  result.outcomes.resize(writes.size());
  auto committed = write_locked(writes, pending, result.outcomes, also);
  if (!committed.is_ok()) return committed.status();
  result.committed = committed.value();
  return result;
}

Result<bool> ItemStore::write_locked(std::span<const ItemWrite> writes, std::span<Pending> pending,
                                     std::span<ItemOutcome> outcomes, const storage::WriteBatch* also) {
  // Lock: every item's stripe, in one order. Up to 32 items (every write
  // but a large transaction) need no allocation for it.
  constexpr std::size_t kInlineStripes = 32;
  std::array<std::size_t, kInlineStripes> inline_stripes{};
  std::vector<std::size_t> many_stripes(writes.size() > kInlineStripes ? writes.size() : 0);
  const std::span<std::size_t> stripes =
      many_stripes.empty() ? std::span<std::size_t>(inline_stripes).first(writes.size()) : many_stripes;
  for (std::size_t i = 0; i < writes.size(); ++i) {
    pending[i].storage_key = item_key(*writes[i].table, *writes[i].key);
    stripes[i] = StripeLocks::stripe_of(pending[i].storage_key);
  }
  for (std::size_t i = 1; i < writes.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (pending[i].storage_key == pending[j].storage_key) {
        return Status::invalid_argument("the same item is written twice in one write");
      }
    }
  }
  // A write this request deferred earlier first settles: this one may need
  // its locks, and must read what it wrote.
  storage::DeferredCommit* deferral = storage::DeferredCommit::current();
  if (deferral != nullptr) deferral->settle();
  StripeLocks::Held held(*locks_, stripes);

  // Read and decide, every item, so a called-off write still tells each
  // item's decision (a transaction's cancellation reasons).
  bool aborted = false;
  for (std::size_t i = 0; i < writes.size(); ++i) {
    const bool same_table = i > 0 && writes[i].table->table_id == writes[i - 1].table->table_id;
    if (same_table) {
      pending[i].table = pending[i - 1].table;
    } else {
      auto table = latest(*writes[i].table, pending[i].holder);
      if (!table.is_ok()) return table.status();
      pending[i].table = table.value();
    }
    auto current = read_stored(engine_, pending[i].storage_key);
    if (!current.is_ok()) return current.status();
    outcomes[i].old_item = std::move(current).value();
    outcomes[i].decision = writes[i].decide(outcomes[i].old_item);
    aborted = aborted || outcomes[i].decision.aborts();
  }
  if (aborted) return false;

  // Plan every change into one batch.
  WritePlan plan(engine_);
  // The items' encodings are copied into the batch: one buffer per thread
  // serves them all (hooks read it through ItemChange::new_encoded only
  // while they plan, and never write themselves). A buffer grown by a large
  // item is given back after the write.
  thread_local std::string encoded;
  const EncodeBufferTrim trim(encoded);
  for (std::size_t i = 0; i < writes.size(); ++i) {
    const Decision& decision = outcomes[i].decision;
    const StoredItem& old_item = outcomes[i].old_item;
    const model::Item* new_item = nullptr;
    std::size_t new_size = 0;
    encoded.clear();
    if (decision.kind() == Decision::Kind::kPut) {
      new_item = &decision.new_item();
      new_size = model::item_size(*new_item);
      model::encode_item(*new_item, encoded);
      plan.batch().put(storage::Column::kItems, pending[i].storage_key, encoded);
    } else if (decision.kind() == Decision::Kind::kDelete && old_item) {
      plan.batch().erase(storage::Column::kItems, pending[i].storage_key);
    } else {
      continue;  // kept, or the deletion of nothing
    }
    const ItemChange change{*pending[i].table, *writes[i].key, pending[i].storage_key, old_item,
                            new_item,          encoded,        new_size,             writes[i].by_service};
    for (const auto& hook : hooks_) {
      auto s = hook->plan(change, plan);
      if (!s.is_ok()) return s;
    }
  }
  auto& batch = plan.finish();
  if (also != nullptr) batch.append(*also);
  if (batch.empty()) return true;
  const bool may_defer = deferral != nullptr && !deferral->claimed();
  auto s = may_defer ? engine_.write_deferred(std::move(batch), *deferral) : engine_.write(batch);
  if (!s.is_ok()) return s;
  if (may_defer && deferral->claimed()) {
    // Committed later, on another thread: until then the items stay locked
    // (the next writer must read this write) and the plan's fate is open.
    deferral->after_outcome([release = held.hand_over()](const Status&) { release(); });
    for (auto& done : plan.take_on_finish()) {
      deferral->after_outcome([done = std::move(done)](const Status&) { done(); });
    }
  }
  return true;
}

Result<BackfillProgress> ItemStore::backfill(const TableSchema& table, std::string_view index_name,
                                             std::string_view after_key, std::size_t max_items) {
  // The latest schema and the index in it; NotFound when either is gone,
  // which ends the work (checked first too, in case no item is left).
  SchemaPtr holder;
  auto latest_index = [&]() -> Result<const MaintainedIndex*> {
    auto schema = latest(table, holder);
    if (!schema.is_ok()) return schema.status();
    const auto* index = schema.value()->find_index(index_name);
    if (index == nullptr) return Status::not_found("index " + std::string(index_name) + " was deleted");
    return index;
  };
  if (auto index = latest_index(); !index.is_ok()) return index.status();
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
  for (auto& key : keys) {
    std::size_t stripe = StripeLocks::stripe_of(key);
    StripeLocks::Held held(*locks_, {&stripe, 1});
    auto index = latest_index();
    if (!index.is_ok()) return index.status();
    auto item = read_stored(engine_, key);
    if (!item.is_ok()) return item.status();
    progress.last_key = key;
    if (!item.value()) continue;  // deleted since the scan
    auto entry = model::index_entry(table.key_schema, index.value()->schema, *item.value());  // keys never change
    if (!entry) continue;  // sparse: no index key
    auto existing = engine_.get(storage::Column::kItems, entry->key);
    if (!existing.is_ok()) return existing.status();
    if (existing.value()) continue;  // a write since the index was added made it
    WritePlan plan(engine_);
    plan_index_entry(index.value()->schema, entry->key, entry->projected, plan);
    auto s = engine_.write(plan.finish());
    if (!s.is_ok()) return s;
    ++progress.indexed;
  }
  return progress;
}

std::string ItemStore::storage_key(const TableSchema& table, const model::Item& item_or_key) {
  return item_key(table, item_or_key);
}

Result<StreamPosition> ItemStore::stream_position(std::uint32_t stream_id) {
  auto position = sequencer_->position(stream_id);
  if (!position.is_ok()) return position.status();
  return StreamPosition{position->next, position->readable_end};
}

Result<std::uint64_t> ItemStore::close_stream(std::uint32_t stream_id) { return sequencer_->close(stream_id); }

Status ItemStore::read_stream(std::uint32_t stream_id, std::uint64_t from, std::uint64_t to,
                              const StreamVisitor& visit) {
  auto position = sequencer_->position(stream_id);
  if (!position.is_ok()) return position.status();
  to = std::min(to, position->readable_end);
  if (from >= to) return Status::ok();
  auto it = engine_.scan(storage::Column::kStreams, stream_record_key(stream_id, from), stream_record_key(stream_id, to));
  for (it->seek_to_first(); it->valid(); it->next()) {
    const auto key = it->key();
    std::uint64_t sequence = 0;
    for (std::size_t i = model::kTablePrefixSize; i < key.size(); ++i) {
      sequence = (sequence << 8) | static_cast<std::uint8_t>(key[i]);
    }
    if (!visit(sequence, it->value())) break;
  }
  return it->status();
}

Result<std::optional<std::uint64_t>> ItemStore::first_stream_record(std::uint32_t stream_id) {
  std::optional<std::uint64_t> first;
  auto s = read_stream(stream_id, 0, UINT64_MAX, [&first](std::uint64_t sequence, std::string_view) {
    first = sequence;
    return false;
  });
  if (!s.is_ok()) return s;
  return first;
}

Status ItemStore::trim_stream(std::uint32_t stream_id, std::uint64_t before) {
  storage::WriteBatch batch;
  batch.erase_range(storage::Column::kStreams, stream_record_key(stream_id, 0), stream_record_key(stream_id, before));
  return engine_.write(batch);
}

Result<ItemStore::ExpiringItems> ItemStore::expiring_items(const TableSchema& table, std::uint64_t from,
                                                          std::uint64_t to, std::size_t max, std::string_view after) {
  ExpiringItems found;
  if (!table.ttl || from > to) return found;
  auto begin = ttl_entry_key(table.ttl->index_id, from, "");
  if (!after.empty()) begin = std::max(begin, model::key_successor(after));
  const auto end = to == UINT64_MAX ? model::table_prefix(table.ttl->index_id + 1)
                                    : ttl_entry_key(table.ttl->index_id, to + 1, "");
  if (begin >= end) return found;
  auto it = engine_.scan(storage::Column::kItems, begin, end);
  for (it->seek_to_first(); it->valid() && found.keys.size() < max; it->next()) {
    auto key = model::decode_item(it->value());
    if (!key.is_ok()) return key.status();
    found.keys.push_back(std::move(key).value());
    found.resume_after.assign(it->key());
  }
  if (auto s = it->status(); !s.is_ok()) return s;
  return found;
}

Result<BackfillProgress> ItemStore::index_ttl(const TableSchema& table, std::string_view after_key,
                                              std::size_t max_items) {
  const auto range = model::table_range(table.table_id);
  std::vector<std::string> keys;
  {
    auto it = engine_.scan(storage::Column::kItems, after_key.empty() ? range.lower : model::key_successor(after_key),
                           range.upper);
    for (it->seek_to_first(); it->valid() && keys.size() < max_items; it->next()) keys.emplace_back(it->key());
    if (auto s = it->status(); !s.is_ok()) return s;
  }
  BackfillProgress progress;
  progress.last_key = std::string(after_key);
  progress.done = keys.size() < max_items;
  for (const auto& key : keys) {
    std::size_t stripe = StripeLocks::stripe_of(key);
    StripeLocks::Held held(*locks_, {&stripe, 1});
    SchemaPtr holder;
    auto schema = latest(table, holder);
    if (!schema.is_ok()) return schema.status();
    const auto& ttl = schema.value()->ttl;
    if (!ttl) return Status::not_found("TTL was disabled");
    auto item = read_stored(engine_, key);
    if (!item.is_ok()) return item.status();
    progress.last_key = key;
    if (!item.value()) continue;
    const auto expiry = ttl_expiry(*item.value(), ttl->attribute);
    if (!expiry) continue;
    std::string encoded_key;
    model::encode_item(key_attributes_of(table.key_schema, *item.value()), encoded_key);
    storage::WriteBatch batch;
    batch.put(storage::Column::kItems, ttl_entry_key(ttl->index_id, *expiry, key), encoded_key);
    if (auto s = engine_.write(batch); !s.is_ok()) return s;
    ++progress.indexed;
  }
  return progress;
}

Status ItemStore::query(const QueryRead& read, const ItemVisitor& visit, const storage::Snapshot* as_of) {
  return visit_range(engine_, as_of, range_of(read), visit);
}

Status ItemStore::scan(const ScanRead& read, const ItemVisitor& visit, const storage::Snapshot* as_of) {
  return visit_range(engine_, as_of, range_of(read), visit);
}

Result<std::int64_t> ItemStore::item_collection_size(std::uint32_t table_id,
                                                    const model::AttributeValue& partition_key) {
  auto counters = engine_.get_counters(storage::Column::kStats, item_collection_key(table_id, partition_key));
  if (!counters.is_ok()) return counters.status();
  return counters->second;
}

Result<TableStats> ItemStore::stats_of(std::uint32_t storage_id) {
  auto counters = engine_.get_counters(storage::Column::kStats, model::table_prefix(storage_id));
  if (!counters.is_ok()) return counters.status();
  return TableStats{counters->first, counters->second};
}

void plan_table_removal(std::uint32_t table_id, std::span<const std::uint32_t> index_ids,
                        storage::WriteBatch& batch) {
  const auto begin = model::table_prefix(table_id);
  const auto end = model::table_prefix(table_id + 1);
  batch.erase_range(storage::Column::kItems, begin, end);
  batch.erase_range(storage::Column::kStats, begin, end);  // table counters and item collections
  for (std::uint32_t index_id : index_ids) plan_index_removal(index_id, batch);
}

void plan_index_removal(std::uint32_t index_id, storage::WriteBatch& batch) {
  const auto begin = model::table_prefix(index_id);
  const auto end = model::table_prefix(index_id + 1);
  batch.erase_range(storage::Column::kItems, begin, end);
  // A stream's records: its id is from the same counter, so the stream's
  // removal is an id's removal like an index's.
  batch.erase_range(storage::Column::kStreams, begin, end);
  batch.erase(storage::Column::kStats, begin);
}

}  // namespace dynastore::partition
