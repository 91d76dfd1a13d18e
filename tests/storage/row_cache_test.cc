#include "dynastore/storage/row_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "testutil/engine.h"

namespace dynastore::storage {
namespace {

// A map-backed engine that counts reads and lets a test act in the middle of
// one: after a get has read its value and before it returns, and before a
// write is applied. Hooks run without any lock held, so they may call the
// cached engine again (a second caller, interleaved deterministically).
class ScriptedEngine final : public KvEngine {
 public:
  Result<std::optional<std::string>> get(Column column, std::string_view key) override {
    std::optional<std::string> value;
    {
      std::lock_guard lock(mutex_);
      ++gets;
      auto found = data_.find({column, std::string(key)});
      if (found != data_.end()) value = found->second;
    }
    if (auto hook = std::exchange(after_read, nullptr)) hook();
    return value;
  }

  Status write(const WriteBatch& batch) override {
    if (auto hook = std::exchange(before_write, nullptr)) hook();
    if (fail_writes) return Status::io_error("write failed for the test");
    std::lock_guard lock(mutex_);
    for (const auto& op : batch.ops()) {
      switch (op.kind) {
        case WriteBatch::OpKind::kPut: data_[{op.column, op.key}] = op.value; break;
        case WriteBatch::OpKind::kErase: data_.erase({op.column, op.key}); break;
        case WriteBatch::OpKind::kEraseRange:
          data_.erase(data_.lower_bound({op.column, op.key}), data_.lower_bound({op.column, op.value}));
          break;
        case WriteBatch::OpKind::kAddCounters: break;
      }
    }
    return Status::ok();
  }

  std::unique_ptr<Iterator> scan(Column, std::string_view, std::string_view) override { return nullptr; }
  Result<Counters> get_counters(Column, std::string_view) override { return Counters{}; }
  std::uint64_t visible_sequence() const override { return 0; }
  Status sync_log() override { return Status::ok(); }
  // Snapshots and checkpoints go past the cache; rocksdb-backed tests
  // (snapshot_test.cc, checkpoint_test.cc) cover them through it.
  std::unique_ptr<Snapshot> snapshot() override { return nullptr; }
  Status checkpoint(const std::string&) override { return Status::invalid_argument("not in this fake"); }

  int gets = 0;
  bool fail_writes = false;
  std::function<void()> after_read;
  std::function<void()> before_write;

 private:
  std::mutex mutex_;
  std::map<std::pair<Column, std::string>, std::string> data_;
};

class RowCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto owned = std::make_unique<ScriptedEngine>();
    engine_ = owned.get();
    cache_ = with_row_cache(std::move(owned), 1 << 20);
  }

  void put(std::string_view key, std::string_view value, Column column = Column::kItems) {
    WriteBatch batch;
    batch.put(column, key, value);
    ASSERT_TRUE(cache_->write(batch).is_ok());
  }
  void erase(std::string_view key) {
    WriteBatch batch;
    batch.erase(Column::kItems, key);
    ASSERT_TRUE(cache_->write(batch).is_ok());
  }
  std::optional<std::string> get(std::string_view key, Column column = Column::kItems) {
    auto value = cache_->get(column, key);
    EXPECT_TRUE(value.is_ok());
    return value.is_ok() ? value.value() : std::nullopt;
  }

  ScriptedEngine* engine_ = nullptr;
  std::unique_ptr<KvEngine> cache_;
};

TEST_F(RowCacheTest, ZeroCapacityIsTheEngineItself) {
  auto owned = std::make_unique<ScriptedEngine>();
  KvEngine* raw = owned.get();
  EXPECT_EQ(with_row_cache(std::move(owned), 0).get(), raw);
}

TEST_F(RowCacheTest, SecondReadOfAnItemComesFromTheCache) {
  put("k", "v1");
  EXPECT_EQ(get("k"), "v1");
  EXPECT_EQ(engine_->gets, 1);
  EXPECT_EQ(get("k"), "v1");
  EXPECT_EQ(engine_->gets, 1);
}

TEST_F(RowCacheTest, WriteRefreshesACachedItem) {
  put("k", "v1");
  ASSERT_EQ(get("k"), "v1");
  put("k", "v2");
  EXPECT_EQ(get("k"), "v2");
  erase("k");
  EXPECT_EQ(get("k"), std::nullopt);
  put("k", "v3");
  EXPECT_EQ(get("k"), "v3");
  EXPECT_EQ(engine_->gets, 1);  // only the first read went to the engine
}

TEST_F(RowCacheTest, LastWriteOfAKeyInABatchWins) {
  put("k", "v1");
  ASSERT_EQ(get("k"), "v1");
  WriteBatch batch;
  batch.put(Column::kItems, "k", "v2");
  batch.erase(Column::kItems, "k");
  batch.put(Column::kItems, "k", "v3");
  ASSERT_TRUE(cache_->write(batch).is_ok());
  EXPECT_EQ(get("k"), "v3");
  EXPECT_EQ(engine_->gets, 1);
}

TEST_F(RowCacheTest, BatchOverManyShardsRefreshesEachKey) {
  constexpr int kKeys = 200;  // spread over every shard
  for (int i = 0; i < kKeys; ++i) put("key" + std::to_string(i), "v1");
  for (int i = 0; i < kKeys; ++i) ASSERT_EQ(get("key" + std::to_string(i)), "v1");
  ASSERT_EQ(engine_->gets, kKeys);
  WriteBatch batch;
  for (int i = 0; i < kKeys; ++i) {
    const auto key = "key" + std::to_string(i);
    if (i % 3 == 0) {
      batch.erase(Column::kItems, key);
    } else {
      batch.put(Column::kItems, key, "v2-" + std::to_string(i));
    }
  }
  batch.put(Column::kSystem, "meta", "m");  // another column in the same batch
  ASSERT_TRUE(cache_->write(batch).is_ok());
  for (int i = 0; i < kKeys; ++i) {
    const auto expected = i % 3 == 0 ? std::nullopt : std::optional<std::string>("v2-" + std::to_string(i));
    EXPECT_EQ(get("key" + std::to_string(i)), expected) << i;
  }
  EXPECT_EQ(engine_->gets, kKeys);  // every answer came from the refreshed cache
  EXPECT_EQ(get("meta", Column::kSystem), "m");
}

TEST_F(RowCacheTest, AbsentKeysAndFirstWritesAreNotCached) {
  EXPECT_EQ(get("missing"), std::nullopt);
  EXPECT_EQ(get("missing"), std::nullopt);
  EXPECT_EQ(engine_->gets, 2);
  put("new", "v");  // a write adds no entry: a key written once would only churn the cache
  EXPECT_EQ(get("new"), "v");
  EXPECT_EQ(engine_->gets, 3);
}

TEST_F(RowCacheTest, OtherColumnsPassThrough) {
  put("k", "v", Column::kSystem);
  EXPECT_EQ(get("k", Column::kSystem), "v");
  EXPECT_EQ(get("k", Column::kSystem), "v");
  EXPECT_EQ(engine_->gets, 2);
}

TEST_F(RowCacheTest, RangeRemovalForgetsCachedItems) {
  put("a1", "v");
  put("b1", "v");
  ASSERT_EQ(get("a1"), "v");
  ASSERT_EQ(get("b1"), "v");
  WriteBatch batch;
  batch.erase_range(Column::kItems, "a", "b");
  ASSERT_TRUE(cache_->write(batch).is_ok());
  EXPECT_EQ(get("a1"), std::nullopt);
  EXPECT_EQ(get("b1"), "v");
  EXPECT_EQ(engine_->gets, 4);  // both read again: a range removal forgets every entry
}

TEST_F(RowCacheTest, FailedWriteLeavesTheKeyToTheEngine) {
  put("k", "v1");
  ASSERT_EQ(get("k"), "v1");
  engine_->fail_writes = true;
  WriteBatch batch;
  batch.put(Column::kItems, "k", "v2");
  EXPECT_FALSE(cache_->write(batch).is_ok());
  engine_->fail_writes = false;
  EXPECT_EQ(get("k"), "v1");
  EXPECT_EQ(engine_->gets, 2);
}

TEST_F(RowCacheTest, ReadOverlappingAWriteDoesNotCacheWhatItRead) {
  put("k", "old");
  // The read has fetched "old" from the engine when a write replaces it.
  engine_->after_read = [this] { put("k", "new"); };
  EXPECT_EQ(get("k"), "old");  // it was the value when read
  EXPECT_EQ(get("k"), "new");  // not cached: this one asked the engine
  EXPECT_EQ(engine_->gets, 2);
}

TEST_F(RowCacheTest, ReadOverlappingAWriteOfAnotherKeyStillAnswersRight) {
  // Keys of different shards do not interfere; whatever the sharding, a
  // read that overlapped a write must still answer right afterwards.
  put("k", "v1");
  engine_->after_read = [this] { put("other", "x"); };
  EXPECT_EQ(get("k"), "v1");
  EXPECT_EQ(get("k"), "v1");
  EXPECT_EQ(get("other"), "x");
}

TEST_F(RowCacheTest, WritesThatOverlapCacheNeitherValue) {
  put("k", "v0");
  ASSERT_EQ(get("k"), "v0");
  // The first write is about to apply when a second write of the key runs
  // start to finish; the engine applies the second, then the first.
  engine_->before_write = [this] { put("k", "second"); };
  put("k", "first");
  EXPECT_EQ(get("k"), "first");  // the engine's value, read from it
  EXPECT_EQ(engine_->gets, 2);
  EXPECT_EQ(get("k"), "first");  // and cached by that read, nothing overlapping it
  EXPECT_EQ(engine_->gets, 2);
}

TEST_F(RowCacheTest, ReadDuringAWriteGoesToTheEngine) {
  put("k", "v1");
  ASSERT_EQ(get("k"), "v1");
  std::optional<std::string> seen;
  engine_->before_write = [this, &seen] { seen = get("k"); };
  put("k", "v2");
  EXPECT_EQ(seen, "v1");  // the engine's value at that moment, not a cached copy
  EXPECT_EQ(engine_->gets, 2);
  EXPECT_EQ(get("k"), "v2");
}

TEST(RowCacheBoundTest, ItemsLargerThanAShardAreNotCached) {
  auto owned = std::make_unique<ScriptedEngine>();
  auto* engine = owned.get();
  auto cache = with_row_cache(std::move(owned), 64 << 10);  // 1 KiB per shard
  WriteBatch batch;
  batch.put(Column::kItems, "big", std::string(4096, 'x'));
  ASSERT_TRUE(cache->write(batch).is_ok());
  for (int i = 0; i < 2; ++i) {
    auto value = cache->get(Column::kItems, "big");
    ASSERT_TRUE(value.is_ok());
    EXPECT_EQ(value.value()->size(), 4096u);
  }
  EXPECT_EQ(engine->gets, 2);
}

TEST(RowCacheBoundTest, StaysWithinItsCapacity) {
  auto owned = std::make_unique<ScriptedEngine>();
  auto* engine = owned.get();
  auto cache = with_row_cache(std::move(owned), 64 << 10);
  constexpr int kKeys = 5000;  // ~1.3 MB of entries into 64 KiB
  WriteBatch batch;
  for (int i = 0; i < kKeys; ++i) batch.put(Column::kItems, "key" + std::to_string(i), std::string(100, 'v'));
  ASSERT_TRUE(cache->write(batch).is_ok());
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < kKeys; ++i) {
      auto value = cache->get(Column::kItems, "key" + std::to_string(i));
      ASSERT_TRUE(value.is_ok() && value.value());
      ASSERT_EQ(value.value()->size(), 100u);
    }
  }
  // The second round found few of them: at ~260 bytes an entry, 64 KiB holds
  // a few hundred.
  EXPECT_GT(engine->gets, 2 * kKeys - 400);
}

// Each writer owns its keys and writes them increasing numbers; readers read
// every key over and over. Through the cache, no reader may see a key's
// number go down, and at the end every key reads as the engine holds it.
TEST(RowCacheConcurrencyTest, ReadsNeverGoBackInTime) {
  auto raw = testutil::open_in_memory_engine();
  ASSERT_NE(raw, nullptr);
  KvEngine* engine = raw.get();
  auto cache = with_row_cache(std::move(raw), 1 << 20);
  constexpr int kWriters = 3;
  constexpr int kKeysPerWriter = 8;
  constexpr int kWritesPerKey = 300;
  auto key_of = [](int writer, int k) { return "w" + std::to_string(writer) + "k" + std::to_string(k); };

  std::atomic<bool> writing{true};
  std::atomic<int> regressions{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int n = 1; n <= kWritesPerKey; ++n) {
        for (int k = 0; k < kKeysPerWriter; ++k) {
          WriteBatch batch;
          batch.put(Column::kItems, key_of(w, k), std::to_string(n));
          if (!cache->write(batch).is_ok()) ++errors;
        }
      }
    });
  }
  for (int r = 0; r < 2; ++r) {
    threads.emplace_back([&] {
      std::map<std::string, int> last;
      while (writing.load()) {
        for (int w = 0; w < kWriters; ++w) {
          for (int k = 0; k < kKeysPerWriter; ++k) {
            const auto key = key_of(w, k);
            auto value = cache->get(Column::kItems, key);
            if (!value.is_ok()) {
              ++errors;
              continue;
            }
            const int seen = value.value() ? std::stoi(*value.value()) : 0;
            if (seen < last[key]) ++regressions;
            last[key] = seen;
          }
        }
      }
    });
  }
  for (int w = 0; w < kWriters; ++w) threads[w].join();
  writing = false;
  for (std::size_t i = kWriters; i < threads.size(); ++i) threads[i].join();

  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(regressions.load(), 0);
  for (int w = 0; w < kWriters; ++w) {
    for (int k = 0; k < kKeysPerWriter; ++k) {
      auto cached = cache->get(Column::kItems, key_of(w, k));
      auto stored = engine->get(Column::kItems, key_of(w, k));
      ASSERT_TRUE(cached.is_ok() && stored.is_ok());
      EXPECT_EQ(cached.value(), stored.value());
      EXPECT_EQ(cached.value(), std::to_string(kWritesPerKey));
    }
  }
}

}  // namespace
}  // namespace dynastore::storage
