#include "dynastore/storage/row_cache.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dynastore/common/string_hash.h"
#include "storage/row_cache_index.h"

namespace dynastore::storage {

namespace {

constexpr Column kCachedColumn = Column::kItems;
constexpr std::size_t kShardCount = 64;
// Per entry beyond the key's and value's bytes: the list node, index slots,
// the strings' headers (measured roughly; it only has to keep the bound honest).
constexpr std::size_t kEntryOverhead = 160;

class Shard {
 public:
  explicit Shard(std::size_t capacity_bytes) : capacity_bytes_(capacity_bytes) {}

  // A value the cache knows: present (value) or known absent (nullopt).
  // Returns false when the key is not cached.
  bool lookup(std::string_view key, std::uint64_t hash, std::optional<std::string>& out) {
    Entry* found = index_.find(key, hash);
    if (found == nullptr || found->state == State::kUnknown) return false;
    Entry& entry = *found;
    entry.referenced = true;  // not moved in the list: that would touch its neighbours too
    if (entry.state == State::kPresent) {
      out.emplace(entry.value);
    } else {
      out.reset();
    }
    return true;
  }

  // A value just read from the engine: cached, as the key has been asked for.
  // (Absence is not: a write usually follows, and a key written once, like
  // every key of a bulk load, would only churn the cache.)
  void fill(std::string_view key, std::uint64_t hash, const std::string& value) {
    if (!fits(key, &value)) return;
    if (Entry* found = index_.find(key, hash)) {
      assign(*found, &value);
      return;
    }
    lru_.emplace_front();
    Entry& entry = lru_.front();
    entry.key.assign(key);
    entry.hash = hash;
    index_.insert(hash, &entry);
    assign(entry, &value);
  }

  // A value (nullptr: removed) just written to the engine: refreshes the
  // key's entry if it has one, and adds none.
  void update(std::string_view key, std::uint64_t hash, const std::string* value) {
    Entry* found = index_.find(key, hash);
    if (found == nullptr) return;
    if (!fits(key, value)) {
      found->state = State::kUnknown;
      return;
    }
    assign(*found, value);
  }

  // The key's value is about to change: readers must not be answered from
  // here until the write is over. The entry stays, to be refilled in place.
  void forget(std::string_view key, std::uint64_t hash) {
    if (Entry* found = index_.find(key, hash)) found->state = State::kUnknown;
  }

  void forget_all() {
    for (auto& entry : lru_) entry.state = State::kUnknown;
  }

  // Writes to this shard in progress, and a version that moves whenever one
  // starts or ends: see row_cache.h.
  int writing = 0;
  std::uint64_t version = 0;
  // Lookups answered from the cache and not, for the metrics page; counted
  // under the mutex the lookup holds anyway.
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::mutex mutex;

 private:
  enum class State : std::uint8_t { kUnknown, kPresent, kAbsent };
  struct Entry {
    std::string key;
    std::uint64_t hash = 0;  // the key's, as RowCacheIndex has it
    std::string value;
    State state = State::kUnknown;
    bool referenced = false;  // used since it last came round to be evicted
    std::size_t bytes = 0;
  };

  bool fits(std::string_view key, const std::string* value) const {
    return key.size() + (value ? value->size() : 0) + kEntryOverhead <= capacity_bytes_;
  }

  void assign(Entry& entry, const std::string* value) {
    bytes_ -= entry.bytes;
    // A string keeps its capacity when given a shorter value: a big item
    // overwritten by a small one would go on holding (and counting) its
    // old size.
    if (!value) {
      entry.value = std::string();
      entry.state = State::kAbsent;
    } else {
      if (entry.value.capacity() > 2 * value->size() + kEntryOverhead) entry.value = std::string();
      entry.value.assign(*value);
      entry.state = State::kPresent;
    }
    entry.referenced = true;
    entry.bytes = entry.key.capacity() + entry.value.capacity() + kEntryOverhead;
    bytes_ += entry.bytes;
    evict();
  }

  // Second chance (CLOCK): the oldest entry goes unless it was used since
  // it was last considered; then it goes to the front instead.
  void evict() {
    while (bytes_ > capacity_bytes_ && !lru_.empty()) {
      auto oldest = std::prev(lru_.end());
      if (oldest->referenced && oldest != lru_.begin()) {
        oldest->referenced = false;
        lru_.splice(lru_.begin(), lru_, oldest);
        continue;
      }
      index_.erase(oldest->key, oldest->hash);
      bytes_ -= oldest->bytes;
      lru_.pop_back();
    }
  }

  const std::size_t capacity_bytes_;
  std::size_t bytes_ = 0;
  std::list<Entry> lru_;  // newest first
  RowCacheIndex<Entry> index_;
};

class RowCachedEngine final : public KvEngine {
 public:
  RowCachedEngine(std::unique_ptr<KvEngine> engine, std::size_t capacity_bytes) : engine_(std::move(engine)) {
    for (auto& shard : shards_) shard = std::make_unique<Shard>(capacity_bytes / kShardCount);
  }

  Result<std::optional<std::string>> get(Column column, std::string_view key) override {
    if (column != kCachedColumn) return engine_->get(column, key);
    const std::uint64_t hash = hash_of(key);
    Shard& shard = *shards_[shard_index(hash)];
    bool may_fill = false;
    std::uint64_t version = 0;
    {
      std::lock_guard lock(shard.mutex);
      std::optional<std::string> cached;
      if (shard.lookup(key, hash, cached)) {
        ++shard.hits;
        return cached;
      }
      ++shard.misses;
      may_fill = shard.writing == 0;
      version = shard.version;
    }
    auto read = engine_->get(column, key);
    if (may_fill && read.is_ok() && read.value()) {
      std::lock_guard lock(shard.mutex);
      // Nothing wrote to the shard since before the read: what it returned
      // is still the engine's value.
      if (shard.writing == 0 && shard.version == version) shard.fill(key, hash, *read.value());
    }
    return read;
  }

  Status write(const WriteBatch& batch) override {
    const bool ranged = has_range(batch);
    // Per-thread scratch, cleared and reused (no allocation per write once
    // warm); a write does not re-enter another on its thread.
    thread_local std::vector<Change> changes;
    thread_local std::vector<ShardRun> runs;
    cached_changes(batch, changes);
    if (changes.empty() && !ranged) return engine_->write(batch);
    // Runs of changes to one shard, or every shard for a range removal.
    runs.clear();
    if (ranged) {
      for (std::size_t i = 0; i < kShardCount; ++i) runs.push_back({i, 0, 0, 0});
    } else {
      for (std::size_t begin = 0; begin < changes.size();) {
        std::size_t end = begin;
        const std::size_t shard = changes[begin].shard();
        while (end < changes.size() && changes[end].shard() == shard) ++end;
        runs.push_back({shard, begin, end, 0});
        begin = end;
      }
    }

    for (auto& run : runs) {
      Shard& shard = *shards_[run.shard];
      std::lock_guard lock(shard.mutex);
      ++shard.writing;
      run.started = ++shard.version;
      if (ranged) {
        shard.forget_all();
      } else {
        for (std::size_t i = run.begin; i < run.end; ++i) shard.forget(changes[i].op->key, changes[i].hash);
      }
    }

    auto s = engine_->write(batch);

    for (const auto& run : runs) {
      Shard& shard = *shards_[run.shard];
      std::lock_guard lock(shard.mutex);
      // Alone from start to end: no other write to the shard began, ended
      // or was still going, so these values are the engine's latest.
      const bool alone = shard.writing == 1 && shard.version == run.started;
      --shard.writing;
      ++shard.version;
      if (!s.is_ok() || ranged || !alone) continue;
      // In batch order, so a key written twice ends with its last value.
      for (std::size_t i = run.begin; i < run.end; ++i) {
        const WriteBatch::Op& op = *changes[i].op;
        shard.update(op.key, changes[i].hash, op.kind == WriteBatch::OpKind::kPut ? &op.value : nullptr);
      }
    }
    return s;
  }

  std::unique_ptr<Iterator> scan(Column column, std::string_view lower, std::string_view upper) override {
    return engine_->scan(column, lower, upper);
  }

  Result<Counters> get_counters(Column column, std::string_view key) override {
    return engine_->get_counters(column, key);
  }

  Status write_health() const override { return engine_->write_health(); }
  std::uint64_t write_recoveries() const override { return engine_->write_recoveries(); }

  void stats(std::vector<EngineStat>& out) const override {
    std::uint64_t hits = 0, misses = 0;
    for (const auto& shard : shards_) {
      std::lock_guard lock(shard->mutex);
      hits += shard->hits;
      misses += shard->misses;
    }
    out.push_back({"row_cache_hits_total", "Item reads answered by the row cache (--row-cache-mb).", true,
                   static_cast<double>(hits)});
    out.push_back({"row_cache_misses_total", "Item reads the row cache could not answer.", true,
                   static_cast<double>(misses)});
    engine_->stats(out);
  }

  std::uint64_t visible_sequence() const override { return engine_->visible_sequence(); }

  Status sync_log() override { return engine_->sync_log(); }

  // The cache holds only the latest values, so a point in time is the
  // engine's to keep.
  std::unique_ptr<Snapshot> snapshot() override { return engine_->snapshot(); }

  Status checkpoint(const std::string& directory) override { return engine_->checkpoint(directory); }

 private:
  // Computed once per key: it picks the shard and the shard's index slot.
  static std::uint64_t hash_of(std::string_view key) { return StringHash{}(key); }
  static std::size_t shard_index(std::uint64_t hash) { return hash % kShardCount; }

  static bool cached_op(const WriteBatch::Op& op) {
    return op.column == kCachedColumn && (op.kind == WriteBatch::OpKind::kPut || op.kind == WriteBatch::OpKind::kErase);
  }

  static bool has_range(const WriteBatch& batch) {
    for (const auto& op : batch.ops()) {
      if (op.column == kCachedColumn && op.kind == WriteBatch::OpKind::kEraseRange) return true;
    }
    return false;
  }

  struct Change {
    std::uint64_t hash;
    const WriteBatch::Op* op;
    std::size_t shard() const { return shard_index(hash); }
  };
  struct ShardRun {
    std::size_t shard;
    std::size_t begin, end;  // its changes: [begin, end) of cached_changes()
    std::uint64_t started;   // the shard's version when the write began
  };

  // The batch's puts and erases of cached keys, grouped by shard, in batch
  // order within each shard, into `changes`.
  static void cached_changes(const WriteBatch& batch, std::vector<Change>& changes) {
    changes.clear();
    for (const auto& op : batch.ops()) {
      if (cached_op(op)) changes.push_back({hash_of(op.key), &op});
    }
    const auto by_shard = [](const Change& a, const Change& b) { return a.shard() < b.shard(); };
    // stable_sort allocates a buffer even for one element: most writes
    // change one item, or items already in order.
    if (!std::is_sorted(changes.begin(), changes.end(), by_shard)) {
      std::stable_sort(changes.begin(), changes.end(), by_shard);
    }
  }

  std::unique_ptr<KvEngine> engine_;
  std::array<std::unique_ptr<Shard>, kShardCount> shards_;
};

}  // namespace

std::unique_ptr<KvEngine> with_row_cache(std::unique_ptr<KvEngine> engine, std::size_t capacity_bytes) {
  if (capacity_bytes == 0) return engine;
  return std::make_unique<RowCachedEngine>(std::move(engine), capacity_bytes);
}

}  // namespace dynastore::storage
