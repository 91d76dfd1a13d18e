// KvEngine::snapshot(), on each engine a server can run: in memory and on
// disk, each bare and behind the row cache (whose cached latest values a
// snapshot must not see).
#include "dynastore/storage/kv_engine.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "dynastore/storage/row_cache.h"
#include "testutil/engine.h"
#include "testutil/temp_dir.h"

namespace dynastore::storage {
namespace {

using Keys = std::vector<std::string>;

// The value at key through a reader (engine or snapshot): "<absent>" or
// "<error: ...>" otherwise.
template <typename Reader>
std::string get_text(Reader& reader, Column column, std::string_view key) {
  auto value = reader.get(column, key);
  if (!value.is_ok()) return "<error: " + value.status().to_string() + ">";
  return value.value() ? *value.value() : "<absent>";
}

template <typename Reader>
Counters counters_of(Reader& reader, std::string_view key) {
  auto counters = reader.get_counters(Column::kStats, key);
  EXPECT_TRUE(counters.is_ok()) << counters.status().to_string();
  return counters.is_ok() ? counters.value() : Counters{-999, -999};
}

Keys keys_of(Iterator& it) {
  Keys keys;
  for (it.seek_to_first(); it.valid(); it.next()) keys.emplace_back(it.key());
  EXPECT_TRUE(it.status().is_ok()) << it.status().to_string();
  return keys;
}

struct EngineKind {
  bool on_disk;
  bool row_cache;
};

class SnapshotTest : public ::testing::TestWithParam<EngineKind> {
 protected:
  void SetUp() override {
    auto engine = GetParam().on_disk ? testutil::open_engine_at(dir_.path()) : testutil::open_in_memory_engine();
    ASSERT_NE(engine, nullptr);
    engine_ = GetParam().row_cache ? with_row_cache(std::move(engine), 1 << 20) : std::move(engine);
  }

  void write(const WriteBatch& batch) {
    const Status s = engine_->write(batch);
    ASSERT_TRUE(s.is_ok()) << s.to_string();
  }

  void put(Column column, std::string_view key, std::string_view value) {
    WriteBatch batch;
    batch.put(column, key, value);
    write(batch);
  }

  testutil::TempDir dir_;
  std::unique_ptr<KvEngine> engine_;
};

INSTANTIATE_TEST_SUITE_P(EveryEngine, SnapshotTest,
                         ::testing::Values(EngineKind{false, false}, EngineKind{false, true}, EngineKind{true, false},
                                           EngineKind{true, true}),
                         [](const auto& info) {
                           return std::string(info.param.on_disk ? "OnDisk" : "InMemory") +
                                  (info.param.row_cache ? "RowCached" : "");
                         });

TEST_P(SnapshotTest, SeesItemAndCounterAsTheyWereWhenTaken) {
  WriteBatch before;
  before.put(Column::kItems, "item", "old");
  before.add_counters(Column::kStats, "table", {1, 10});
  write(before);
  // Read once, so that a row cache holds the item.
  EXPECT_EQ(get_text(*engine_, Column::kItems, "item"), "old");

  auto snapshot = engine_->snapshot();
  ASSERT_NE(snapshot, nullptr);
  WriteBatch change;  // one batch changing both, as an item write does
  change.put(Column::kItems, "item", "new");
  change.add_counters(Column::kStats, "table", {1, 5});
  write(change);

  EXPECT_EQ(get_text(*snapshot, Column::kItems, "item"), "old");
  EXPECT_EQ(counters_of(*snapshot, "table").first, 1);
  EXPECT_EQ(counters_of(*snapshot, "table").second, 10);
  EXPECT_EQ(get_text(*engine_, Column::kItems, "item"), "new");
  EXPECT_EQ(counters_of(*engine_, "table").first, 2);
  EXPECT_EQ(counters_of(*engine_, "table").second, 15);
}

TEST_P(SnapshotTest, SeesErasedKeysAndNotLaterOnes) {
  put(Column::kItems, "erased", "was here");
  put(Column::kSystem, "meta", "m");
  EXPECT_EQ(get_text(*engine_, Column::kItems, "erased"), "was here");
  auto snapshot = engine_->snapshot();
  WriteBatch change;
  change.erase(Column::kItems, "erased");
  change.put(Column::kItems, "added", "later");
  change.erase(Column::kSystem, "meta");
  write(change);

  EXPECT_EQ(get_text(*snapshot, Column::kItems, "erased"), "was here");
  EXPECT_EQ(get_text(*snapshot, Column::kItems, "added"), "<absent>");
  EXPECT_EQ(get_text(*snapshot, Column::kSystem, "meta"), "m");
  EXPECT_EQ(get_text(*engine_, Column::kItems, "erased"), "<absent>");
  EXPECT_EQ(get_text(*engine_, Column::kItems, "added"), "later");
}

TEST_P(SnapshotTest, ScansDoNotSeeLaterWrites) {
  WriteBatch before;
  for (const char* key : {"a", "b", "c", "d"}) before.put(Column::kItems, key, key);
  write(before);
  auto snapshot = engine_->snapshot();
  WriteBatch change;
  change.put(Column::kItems, "b2", "inserted");
  change.put(Column::kItems, "e", "inserted");
  change.erase(Column::kItems, "a");
  change.erase_range(Column::kItems, "c", "d");
  write(change);

  // Iterators made after the writes, through the snapshot.
  auto all = snapshot->scan(Column::kItems, "", "");
  EXPECT_EQ(keys_of(*all), (Keys{"a", "b", "c", "d"}));
  auto bounded = snapshot->scan(Column::kItems, "b", "d");
  EXPECT_EQ(keys_of(*bounded), (Keys{"b", "c"}));
  bounded->seek_to_last();
  ASSERT_TRUE(bounded->valid());
  EXPECT_EQ(bounded->key(), "c");
  EXPECT_EQ(bounded->value(), "c");
  auto other_column = snapshot->scan(Column::kSystem, "", "");
  EXPECT_EQ(keys_of(*other_column), Keys{});

  auto fresh = engine_->scan(Column::kItems, "", "");
  EXPECT_EQ(keys_of(*fresh), (Keys{"b", "b2", "d", "e"}));
}

TEST_P(SnapshotTest, EachSnapshotKeepsItsOwnPointInTime) {
  put(Column::kItems, "k", "1");
  auto first = engine_->snapshot();
  put(Column::kItems, "k", "2");
  auto second = engine_->snapshot();
  put(Column::kItems, "k", "3");

  EXPECT_EQ(get_text(*first, Column::kItems, "k"), "1");
  EXPECT_EQ(get_text(*second, Column::kItems, "k"), "2");
  first.reset();  // releasing one leaves the other as it was
  put(Column::kItems, "k", "4");
  EXPECT_EQ(get_text(*second, Column::kItems, "k"), "2");
  EXPECT_EQ(get_text(*engine_, Column::kItems, "k"), "4");
}

TEST_P(SnapshotTest, ThreadsShareOneSnapshotWhileWritesGoOn) {
  WriteBatch before;
  for (int i = 0; i < 20; ++i) before.put(Column::kItems, "k" + std::to_string(i), "old");
  before.add_counters(Column::kStats, "table", {20, 0});
  write(before);
  auto snapshot = engine_->snapshot();

  std::vector<std::thread> readers;
  std::vector<int> wrong(2, 0);
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&, r] {
      for (int round = 0; round < 200; ++round) {
        const std::string key = "k" + std::to_string(round % 20);
        if (get_text(*snapshot, Column::kItems, key) != "old") ++wrong[r];
        if (counters_of(*snapshot, "table").first != 20) ++wrong[r];
      }
    });
  }
  for (int round = 0; round < 50; ++round) {
    WriteBatch change;
    change.put(Column::kItems, "k" + std::to_string(round % 20), "new" + std::to_string(round));
    change.add_counters(Column::kStats, "table", {1, 0});
    write(change);
  }
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(wrong, (std::vector<int>{0, 0}));
}

}  // namespace
}  // namespace dynastore::storage
