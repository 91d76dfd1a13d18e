#include "dynastore/storage/kv_engine.h"

#include <gtest/gtest.h>

#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "testutil/engine.h"
#include "testutil/temp_dir.h"

namespace dynastore::storage {
namespace {

using testutil::TempDir;

std::unique_ptr<KvEngine> open_in_memory() { return testutil::open_in_memory_engine(); }
std::unique_ptr<KvEngine> open_on_disk(const std::string& path) {
  return testutil::open_engine_at(path);
}

// The value at `key`, "<absent>" or "<error: ...>".
std::string get_text(KvEngine& engine, Column column, std::string_view key) {
  auto value = engine.get(column, key);
  if (!value.is_ok()) return "<error: " + value.status().to_string() + ">";
  return value.value() ? *value.value() : "<absent>";
}

Status put(KvEngine& engine, Column column, std::string_view key, std::string_view value) {
  WriteBatch batch;
  batch.put(column, key, value);
  return engine.write(batch);
}

// Keys from walking the iterator forward from wherever it stands.
std::vector<std::string> keys_forward(Iterator& it) {
  std::vector<std::string> keys;
  for (int guard = 0; it.valid() && guard < 10000; ++guard, it.next()) keys.emplace_back(it.key());
  EXPECT_TRUE(it.status().is_ok()) << it.status().to_string();
  return keys;
}

std::vector<std::string> keys_backward(Iterator& it) {
  std::vector<std::string> keys;
  for (int guard = 0; it.valid() && guard < 10000; ++guard, it.prev()) keys.emplace_back(it.key());
  EXPECT_TRUE(it.status().is_ok()) << it.status().to_string();
  return keys;
}

using Keys = std::vector<std::string>;

// Each test runs against the in-memory engine and the on-disk one.
class EngineTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    engine_ = GetParam() ? open_on_disk(dir_.path()) : open_in_memory();
    ASSERT_NE(engine_, nullptr);
  }
  void TearDown() override { engine_.reset(); }

  void put_all(Column column, const Keys& keys) {
    WriteBatch batch;
    for (const auto& k : keys) batch.put(column, k, "v:" + k);
    ASSERT_TRUE(engine_->write(batch).is_ok());
  }

  TempDir dir_;
  std::unique_ptr<KvEngine> engine_;
};

INSTANTIATE_TEST_SUITE_P(InMemoryAndOnDisk, EngineTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "OnDisk" : "InMemory"; });

TEST_P(EngineTest, PutThenGetReturnsTheValue) {
  ASSERT_TRUE(put(*engine_, Column::kItems, "k", "v").is_ok());
  EXPECT_EQ(get_text(*engine_, Column::kItems, "k"), "v");
  ASSERT_TRUE(put(*engine_, Column::kItems, "k", "v2").is_ok());
  EXPECT_EQ(get_text(*engine_, Column::kItems, "k"), "v2");
}

TEST_P(EngineTest, AbsentKeyIsNullopt) {
  auto value = engine_->get(Column::kItems, "missing");
  ASSERT_TRUE(value.is_ok());
  EXPECT_FALSE(value.value().has_value());
}

TEST_P(EngineTest, EmptyValueIsPresentNotAbsent) {
  ASSERT_TRUE(put(*engine_, Column::kItems, "k", "").is_ok());
  auto value = engine_->get(Column::kItems, "k");
  ASSERT_TRUE(value.is_ok());
  ASSERT_TRUE(value.value().has_value());
  EXPECT_EQ(*value.value(), "");
}

TEST_P(EngineTest, BinaryKeysAndValuesAreKeptExactly) {
  const std::string key("\0k\xFF\0", 4);
  const std::string value("\0\x01\x02\xFF", 4);
  ASSERT_TRUE(put(*engine_, Column::kItems, key, value).is_ok());
  EXPECT_EQ(get_text(*engine_, Column::kItems, key), value);
  EXPECT_EQ(get_text(*engine_, Column::kItems, std::string("\0k", 2)), "<absent>");
}

TEST_P(EngineTest, ColumnsAreSeparateKeySpaces) {
  ASSERT_TRUE(put(*engine_, Column::kSystem, "k", "system").is_ok());
  ASSERT_TRUE(put(*engine_, Column::kItems, "k", "items").is_ok());
  EXPECT_EQ(get_text(*engine_, Column::kSystem, "k"), "system");
  EXPECT_EQ(get_text(*engine_, Column::kItems, "k"), "items");
  EXPECT_EQ(get_text(*engine_, Column::kStats, "k"), "<absent>");
}

TEST_P(EngineTest, EraseRemovesTheKey) {
  ASSERT_TRUE(put(*engine_, Column::kItems, "k", "v").is_ok());
  WriteBatch batch;
  batch.erase(Column::kItems, "k");
  batch.erase(Column::kItems, "never-existed");  // erasing nothing is fine
  ASSERT_TRUE(engine_->write(batch).is_ok());
  EXPECT_EQ(get_text(*engine_, Column::kItems, "k"), "<absent>");
}

TEST_P(EngineTest, LaterOperationsInABatchWin) {
  WriteBatch batch;
  batch.put(Column::kItems, "a", "1");
  batch.erase(Column::kItems, "a");
  batch.put(Column::kItems, "b", "1");
  batch.put(Column::kItems, "b", "2");
  EXPECT_FALSE(batch.empty());
  ASSERT_TRUE(engine_->write(batch).is_ok());
  EXPECT_EQ(get_text(*engine_, Column::kItems, "a"), "<absent>");
  EXPECT_EQ(get_text(*engine_, Column::kItems, "b"), "2");
}

TEST_P(EngineTest, EmptyBatchWritesNothing) {
  WriteBatch batch;
  EXPECT_TRUE(batch.empty());
  EXPECT_TRUE(engine_->write(batch).is_ok());
}

TEST_P(EngineTest, ScanRespectsBoundsForward) {
  put_all(Column::kItems, {"a", "b", "b1", "c", "c\xFF", "d", "e"});
  auto it = engine_->scan(Column::kItems, "b", "d");
  it->seek_to_first();
  EXPECT_EQ(keys_forward(*it), (Keys{"b", "b1", "c", "c\xFF"}));
}

TEST_P(EngineTest, ScanRespectsBoundsBackward) {
  put_all(Column::kItems, {"a", "b", "b1", "c", "d", "e"});
  auto it = engine_->scan(Column::kItems, "b", "d");
  it->seek_to_last();
  EXPECT_EQ(keys_backward(*it), (Keys{"c", "b1", "b"}));
}

TEST_P(EngineTest, EmptyUpperBoundIsUnbounded) {
  put_all(Column::kItems, {"a", "b", "\xFF\xFF"});
  auto it = engine_->scan(Column::kItems, "b", "");
  it->seek_to_first();
  EXPECT_EQ(keys_forward(*it), (Keys{"b", "\xFF\xFF"}));
  it->seek_to_last();
  EXPECT_EQ(keys_backward(*it), (Keys{"\xFF\xFF", "b"}));
  auto all = engine_->scan(Column::kItems, "", "");
  all->seek_to_first();
  EXPECT_EQ(keys_forward(*all), (Keys{"a", "b", "\xFF\xFF"}));
}

TEST_P(EngineTest, SeekLandsOnFirstKeyAtOrAfterTarget) {
  put_all(Column::kItems, {"a", "c", "e", "g"});
  auto it = engine_->scan(Column::kItems, "a", "z");
  it->seek("c");
  ASSERT_TRUE(it->valid());
  EXPECT_EQ(it->key(), "c");
  EXPECT_EQ(it->value(), "v:c");
  it->seek("d");
  EXPECT_EQ(keys_forward(*it), (Keys{"e", "g"}));
  it->seek("h");
  EXPECT_FALSE(it->valid());
}

TEST_P(EngineTest, SeekForPrevLandsOnLastKeyAtOrBeforeTarget) {
  put_all(Column::kItems, {"a", "c", "e", "g"});
  auto it = engine_->scan(Column::kItems, "a", "z");
  it->seek_for_prev("e");
  ASSERT_TRUE(it->valid());
  EXPECT_EQ(it->key(), "e");
  it->seek_for_prev("d");
  EXPECT_EQ(keys_backward(*it), (Keys{"c", "a"}));
  it->seek_for_prev("y");
  ASSERT_TRUE(it->valid());
  EXPECT_EQ(it->key(), "g");
}

TEST_P(EngineTest, SeekStaysWithinTheUpperBound) {
  put_all(Column::kItems, {"a", "c", "e", "g"});
  auto it = engine_->scan(Column::kItems, "b", "f");
  it->seek("f");
  EXPECT_FALSE(it->valid());
  it->seek("d");
  EXPECT_EQ(keys_forward(*it), (Keys{"e"}));
  it->seek_for_prev("z");  // past the upper bound: last key in range
  ASSERT_TRUE(it->valid());
  EXPECT_EQ(it->key(), "e");
}

TEST_P(EngineTest, EmptyRangeHasNoKeys) {
  put_all(Column::kItems, {"a", "b", "c"});
  auto it = engine_->scan(Column::kItems, "b0", "b9");
  it->seek_to_first();
  EXPECT_FALSE(it->valid());
  it->seek_to_last();
  EXPECT_FALSE(it->valid());
  EXPECT_TRUE(it->status().is_ok());
}

TEST_P(EngineTest, ScanDoesNotSeeOtherColumns) {
  put_all(Column::kItems, {"a"});
  put_all(Column::kSystem, {"b"});
  auto it = engine_->scan(Column::kSystem, "", "");
  it->seek_to_first();
  EXPECT_EQ(keys_forward(*it), (Keys{"b"}));
}

TEST_P(EngineTest, EraseRangeRemovesHalfOpenRange) {
  put_all(Column::kItems, {"a", "b", "b\x01", "bz", "c", "c\xFF", "d", "e"});
  put_all(Column::kSystem, {"b", "c"});
  WriteBatch batch;
  batch.erase_range(Column::kItems, "b", "d");
  ASSERT_TRUE(engine_->write(batch).is_ok());
  auto it = engine_->scan(Column::kItems, "", "");
  it->seek_to_first();
  EXPECT_EQ(keys_forward(*it), (Keys{"a", "d", "e"}));
  for (const char* k : {"b", "bz", "c"}) EXPECT_EQ(get_text(*engine_, Column::kItems, k), "<absent>") << k;
  // Other columns untouched.
  EXPECT_EQ(get_text(*engine_, Column::kSystem, "b"), "v:b");
  EXPECT_EQ(get_text(*engine_, Column::kSystem, "c"), "v:c");
}

TEST_P(EngineTest, PutAfterEraseRangeInLaterBatchIsVisible) {
  put_all(Column::kItems, {"b1", "b2"});
  WriteBatch erase;
  erase.erase_range(Column::kItems, "b", "c");
  ASSERT_TRUE(engine_->write(erase).is_ok());
  put_all(Column::kItems, {"b1"});
  EXPECT_EQ(get_text(*engine_, Column::kItems, "b1"), "v:b1");
  EXPECT_EQ(get_text(*engine_, Column::kItems, "b2"), "<absent>");
}

TEST_P(EngineTest, AbsentCountersAreZero) {
  auto counters = engine_->get_counters(Column::kStats, "t1");
  ASSERT_TRUE(counters.is_ok());
  EXPECT_EQ(counters->first, 0);
  EXPECT_EQ(counters->second, 0);
}

TEST_P(EngineTest, AddCountersMergesAcrossBatches) {
  const std::vector<Counters> deltas = {{1, 100}, {1, 250}, {-1, -100}, {5, 0}, {0, -7}, {-3, 1LL << 40}};
  std::int64_t first = 0, second = 0;
  for (const auto& delta : deltas) {
    WriteBatch batch;
    batch.add_counters(Column::kStats, "t1", delta);
    ASSERT_TRUE(engine_->write(batch).is_ok());
    first += delta.first;
    second += delta.second;
    auto counters = engine_->get_counters(Column::kStats, "t1");
    ASSERT_TRUE(counters.is_ok());
    EXPECT_EQ(counters->first, first);
    EXPECT_EQ(counters->second, second);
  }
  EXPECT_EQ(first, 3);
  // Other keys unaffected.
  auto other = engine_->get_counters(Column::kStats, "t2");
  ASSERT_TRUE(other.is_ok());
  EXPECT_EQ(other->first, 0);
}

TEST_P(EngineTest, SeveralCounterDeltasInOneBatchAllApply) {
  WriteBatch batch;
  batch.add_counters(Column::kStats, "t", {2, 20});
  batch.add_counters(Column::kStats, "t", {-1, -5});
  batch.add_counters(Column::kStats, "u", {7, 70});
  ASSERT_TRUE(engine_->write(batch).is_ok());
  auto t = engine_->get_counters(Column::kStats, "t");
  auto u = engine_->get_counters(Column::kStats, "u");
  ASSERT_TRUE(t.is_ok() && u.is_ok());
  EXPECT_EQ(t->first, 1);
  EXPECT_EQ(t->second, 15);
  EXPECT_EQ(u->first, 7);
  EXPECT_EQ(u->second, 70);
}

TEST_P(EngineTest, CountersCanGoNegative) {
  WriteBatch batch;
  batch.add_counters(Column::kStats, "t", {-2, -300});
  ASSERT_TRUE(engine_->write(batch).is_ok());
  auto t = engine_->get_counters(Column::kStats, "t");
  ASSERT_TRUE(t.is_ok());
  EXPECT_EQ(t->first, -2);
  EXPECT_EQ(t->second, -300);
}

TEST_P(EngineTest, ErasedCountersRestartFromZero) {
  WriteBatch add;
  add.add_counters(Column::kStats, "t", {4, 40});
  ASSERT_TRUE(engine_->write(add).is_ok());
  WriteBatch erase;
  erase.erase(Column::kStats, "t");
  ASSERT_TRUE(engine_->write(erase).is_ok());
  WriteBatch again;
  again.add_counters(Column::kStats, "t", {1, 10});
  ASSERT_TRUE(engine_->write(again).is_ok());
  auto t = engine_->get_counters(Column::kStats, "t");
  ASSERT_TRUE(t.is_ok());
  EXPECT_EQ(t->first, 1);
  EXPECT_EQ(t->second, 10);
}

TEST_P(EngineTest, IteratorSeesASnapshotFromItsCreation) {
  put_all(Column::kItems, {"a", "b", "c"});
  auto it = engine_->scan(Column::kItems, "", "");
  // Changes after the iterator exists.
  WriteBatch batch;
  batch.put(Column::kItems, "a", "changed");
  batch.erase(Column::kItems, "b");
  batch.put(Column::kItems, "bb", "new");
  batch.erase_range(Column::kItems, "c", "d");
  ASSERT_TRUE(engine_->write(batch).is_ok());

  it->seek_to_first();
  std::vector<std::pair<std::string, std::string>> seen;
  for (int guard = 0; it->valid() && guard < 100; ++guard, it->next()) seen.emplace_back(it->key(), it->value());
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, std::string>>{{"a", "v:a"}, {"b", "v:b"}, {"c", "v:c"}}));

  // A new iterator and get() see the new state.
  EXPECT_EQ(get_text(*engine_, Column::kItems, "a"), "changed");
  auto fresh = engine_->scan(Column::kItems, "", "");
  fresh->seek_to_first();
  EXPECT_EQ(keys_forward(*fresh), (Keys{"a", "bb"}));
}

TEST_P(EngineTest, ConcurrentReadersSeeWholeBatchesOnly) {
  // Each batch puts ten keys of one group and bumps a counter; a reader's
  // snapshot must hold either all ten keys of a group or none of them.
  constexpr int kBatches = 150;
  constexpr int kKeysPerBatch = 10;
  std::atomic<bool> done{false};
  std::atomic<int> torn{0};
  std::atomic<int> snapshots{0};
  std::thread reader([&] {
    for (int round = 0; round < 100000 && !done.load(); ++round) {
      auto it = engine_->scan(Column::kItems, "g", "h");
      std::vector<int> per_group(kBatches, 0);
      for (it->seek_to_first(); it->valid(); it->next()) {
        const std::string key(it->key());  // "g<group>/<k>"
        per_group[static_cast<std::size_t>(std::stoi(key.substr(1, key.find('/') - 1)))]++;
      }
      for (int count : per_group) {
        if (count != 0 && count != kKeysPerBatch) torn.fetch_add(1);
      }
      snapshots.fetch_add(1);
    }
  });
  // Start writing once the reader is running, so snapshots overlap the writes.
  for (int spin = 0; spin < 5000 && snapshots.load() == 0; ++spin) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  for (int b = 0; b < kBatches; ++b) {
    WriteBatch batch;
    for (int k = 0; k < kKeysPerBatch; ++k) {
      batch.put(Column::kItems, "g" + std::to_string(b) + "/" + std::to_string(k), "x");
    }
    batch.add_counters(Column::kStats, "groups", {1, kKeysPerBatch});
    const Status s = engine_->write(batch);
    EXPECT_TRUE(s.is_ok()) << s.to_string();
    if (!s.is_ok()) break;
  }
  done.store(true);
  reader.join();
  EXPECT_EQ(torn.load(), 0);
  EXPECT_GT(snapshots.load(), 0);
  auto counters = engine_->get_counters(Column::kStats, "groups");
  ASSERT_TRUE(counters.is_ok());
  EXPECT_EQ(counters->first, kBatches);
  EXPECT_EQ(counters->second, kBatches * kKeysPerBatch);
}

TEST(InMemoryEngineTest, EachInMemoryEngineIsIndependent) {
  auto a = open_in_memory();
  auto b = open_in_memory();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  ASSERT_TRUE(put(*a, Column::kItems, "k", "a").is_ok());
  EXPECT_EQ(get_text(*b, Column::kItems, "k"), "<absent>");
  // Reopening in memory starts empty.
  a.reset();
  auto c = open_in_memory();
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(get_text(*c, Column::kItems, "k"), "<absent>");
}

TEST(OnDiskEngineTest, ReopenFindsDataAndCounters) {
  TempDir dir;
  {
    auto engine = open_on_disk(dir.path());
    ASSERT_NE(engine, nullptr);
    WriteBatch batch;
    batch.put(Column::kSystem, "meta", "m");
    batch.put(Column::kItems, "item1", "one");
    batch.put(Column::kItems, "item2", "two");
    batch.add_counters(Column::kStats, "t", {2, 6});
    ASSERT_TRUE(engine->write(batch).is_ok());
    WriteBatch more;
    more.erase(Column::kItems, "item2");
    more.add_counters(Column::kStats, "t", {-1, -3});
    ASSERT_TRUE(engine->write(more).is_ok());
  }
  auto engine = open_on_disk(dir.path());
  ASSERT_NE(engine, nullptr);
  EXPECT_EQ(get_text(*engine, Column::kSystem, "meta"), "m");
  EXPECT_EQ(get_text(*engine, Column::kItems, "item1"), "one");
  EXPECT_EQ(get_text(*engine, Column::kItems, "item2"), "<absent>");
  auto counters = engine->get_counters(Column::kStats, "t");
  ASSERT_TRUE(counters.is_ok());
  EXPECT_EQ(counters->first, 1);
  EXPECT_EQ(counters->second, 3);
  // Merges keep working on top of reopened state.
  WriteBatch add;
  add.add_counters(Column::kStats, "t", {10, 10});
  ASSERT_TRUE(engine->write(add).is_ok());
  counters = engine->get_counters(Column::kStats, "t");
  ASSERT_TRUE(counters.is_ok());
  EXPECT_EQ(counters->first, 11);
  EXPECT_EQ(counters->second, 13);
}

TEST(OnDiskEngineTest, ReopenKeepsRangeDeletes) {
  TempDir dir;
  {
    auto engine = open_on_disk(dir.path());
    ASSERT_NE(engine, nullptr);
    WriteBatch batch;
    for (const char* k : {"a", "b", "c", "d"}) batch.put(Column::kItems, k, k);
    ASSERT_TRUE(engine->write(batch).is_ok());
    WriteBatch erase;
    erase.erase_range(Column::kItems, "b", "d");
    ASSERT_TRUE(engine->write(erase).is_ok());
  }
  auto engine = open_on_disk(dir.path());
  ASSERT_NE(engine, nullptr);
  auto it = engine->scan(Column::kItems, "", "");
  it->seek_to_first();
  EXPECT_EQ(keys_forward(*it), (Keys{"a", "d"}));
}

// What a killed process leaves: the data directory as the operating system
// has it, opened by a new engine (a copy, since the live one is locked).
std::string read_after_kill(const std::string& live_dir, const std::string& copy_dir, std::string_view key) {
  std::filesystem::remove_all(copy_dir);
  std::filesystem::copy(live_dir, copy_dir, std::filesystem::copy_options::recursive);
  auto engine = open_on_disk(copy_dir);
  return engine ? get_text(*engine, Column::kItems, key) : "<cannot open>";
}

TEST(OnDiskEngineTest, AWriteSurvivesAKilledProcessWithoutASync) {
  TempDir dir;
  auto engine = open_on_disk(dir.path() + "/live");
  ASSERT_NE(engine, nullptr);
  ASSERT_TRUE(put(*engine, Column::kItems, "k", "v").is_ok());
  EXPECT_EQ(read_after_kill(dir.path() + "/live", dir.path() + "/copy", "k"), "v");
}

TEST(OnDiskEngineTest, LogWrittenBySyncHoldsWritesUntilTheSync) {
  TempDir dir;
  EngineOptions options;
  options.path = dir.path() + "/live";
  options.log_written_by_sync = true;
  auto opened = open_rocksdb(options);
  ASSERT_TRUE(opened.is_ok()) << opened.status().to_string();
  auto& engine = *opened.value();
  ASSERT_TRUE(put(engine, Column::kItems, "k", "v").is_ok());
  EXPECT_EQ(get_text(engine, Column::kItems, "k"), "v");  // visible at once
  EXPECT_EQ(read_after_kill(options.path, dir.path() + "/copy", "k"), "<absent>");
  ASSERT_TRUE(engine.sync_log().is_ok());
  EXPECT_EQ(read_after_kill(options.path, dir.path() + "/copy", "k"), "v");
  // And later writes after later syncs, on the same log.
  ASSERT_TRUE(put(engine, Column::kItems, "k2", "v2").is_ok());
  ASSERT_TRUE(engine.sync_log().is_ok());
  EXPECT_EQ(read_after_kill(options.path, dir.path() + "/copy", "k2"), "v2");
}

TEST(OnDiskEngineTest, LogWrittenBySyncKeepsUnsyncedWritesOnACleanClose) {
  TempDir dir;
  EngineOptions options;
  options.path = dir.path();
  options.log_written_by_sync = true;
  {
    auto opened = open_rocksdb(options);
    ASSERT_TRUE(opened.is_ok()) << opened.status().to_string();
    ASSERT_TRUE(put(*opened.value(), Column::kItems, "k", "v").is_ok());
  }
  auto engine = open_on_disk(dir.path());
  ASSERT_NE(engine, nullptr);
  EXPECT_EQ(get_text(*engine, Column::kItems, "k"), "v");
}

TEST(OnDiskEngineTest, OpeningAPathThatIsAFileFails) {
  TempDir dir;
  const std::string file = dir.path() + "/not-a-directory";
  std::ofstream(file) << "x";
  EngineOptions options;
  options.path = file;
  auto engine = open_rocksdb(options);
  EXPECT_FALSE(engine.is_ok());
}

}  // namespace
}  // namespace dynastore::storage
