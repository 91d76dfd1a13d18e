// KvEngine::checkpoint(): a copy of the store that opens as an engine of its
// own, as backups and a replica's catch-up will use it.
#include "dynastore/storage/kv_engine.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <utility>

#include "dynastore/storage/row_cache.h"
#include "testutil/engine.h"
#include "testutil/temp_dir.h"

namespace dynastore::storage {
namespace {

using testutil::TempDir;

// Every key and value of every column: (column, key) -> value.
using Contents = std::map<std::pair<int, std::string>, std::string>;

Contents contents_of(KvEngine& engine) {
  Contents contents;
  for (int c = 0; c < kColumnCount; ++c) {
    auto it = engine.scan(static_cast<Column>(c), "", "");
    for (it->seek_to_first(); it->valid(); it->next()) contents[{c, std::string(it->key())}] = it->value();
    EXPECT_TRUE(it->status().is_ok()) << it->status().to_string();
  }
  return contents;
}

void write(KvEngine& engine, const WriteBatch& batch) {
  const Status s = engine.write(batch);
  ASSERT_TRUE(s.is_ok()) << s.to_string();
}

WriteBatch first_state() {
  WriteBatch batch;
  batch.put(Column::kSystem, "table/t", "description");
  batch.put(Column::kItems, "a", "1");
  batch.put(Column::kItems, "b", "2");
  batch.put(Column::kItems, "c", "3");
  batch.add_counters(Column::kStats, "t", {3, 30});
  return batch;
}

WriteBatch later_changes() {
  WriteBatch batch;
  batch.put(Column::kSystem, "table/t", "changed");
  batch.put(Column::kItems, "a", "changed");
  batch.erase(Column::kItems, "b");
  batch.put(Column::kItems, "d", "added");
  batch.add_counters(Column::kStats, "t", {1, 5});
  return batch;
}

// On disk, bare or behind the row cache (which must pass checkpoint() on).
class CheckpointOnDiskTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    auto engine = testutil::open_engine_at(dir_.path() + "/live");
    ASSERT_NE(engine, nullptr);
    engine_ = GetParam() ? with_row_cache(std::move(engine), 1 << 20) : std::move(engine);
  }

  TempDir dir_;
  std::unique_ptr<KvEngine> engine_;
};

INSTANTIATE_TEST_SUITE_P(BareAndRowCached, CheckpointOnDiskTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "RowCached" : "Bare"; });

TEST_P(CheckpointOnDiskTest, OpensWithExactlyTheStateWhenTaken) {
  write(*engine_, first_state());
  const Contents expected = contents_of(*engine_);
  ASSERT_EQ(expected.size(), 5u);
  const std::string copy = dir_.path() + "/checkpoint";
  const Status s = engine_->checkpoint(copy);
  ASSERT_TRUE(s.is_ok()) << s.to_string();
  write(*engine_, later_changes());

  auto opened = testutil::open_engine_at(copy);
  ASSERT_NE(opened, nullptr);
  EXPECT_EQ(contents_of(*opened), expected);
  auto counters = opened->get_counters(Column::kStats, "t");
  ASSERT_TRUE(counters.is_ok());
  EXPECT_EQ(counters->first, 3);
  EXPECT_EQ(counters->second, 30);

  // Writes to either one stay there.
  WriteBatch to_copy;
  to_copy.put(Column::kItems, "only-in-copy", "x");
  write(*opened, to_copy);
  auto live = engine_->get(Column::kItems, "only-in-copy");
  ASSERT_TRUE(live.is_ok());
  EXPECT_FALSE(live.value().has_value());
  auto a = engine_->get(Column::kItems, "a");
  ASSERT_TRUE(a.is_ok() && a.value());
  EXPECT_EQ(*a.value(), "changed");
}

TEST_P(CheckpointOnDiskTest, HardLinksTableFiles) {
  write(*engine_, first_state());
  const std::string copy = dir_.path() + "/checkpoint";
  ASSERT_TRUE(engine_->checkpoint(copy).is_ok());
  int table_files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(copy)) {
    if (entry.path().extension() != ".sst") continue;
    ++table_files;
    EXPECT_EQ(std::filesystem::hard_link_count(entry.path()), 2u) << entry.path();
  }
  EXPECT_GT(table_files, 0);
}

TEST_P(CheckpointOnDiskTest, OutlivesTheStoreItCameFrom) {
  write(*engine_, first_state());
  const Contents expected = contents_of(*engine_);
  const std::string copy = dir_.path() + "/checkpoint";
  ASSERT_TRUE(engine_->checkpoint(copy).is_ok());
  engine_.reset();
  std::filesystem::remove_all(dir_.path() + "/live");

  auto opened = testutil::open_engine_at(copy);
  ASSERT_NE(opened, nullptr);
  EXPECT_EQ(contents_of(*opened), expected);
}

TEST_P(CheckpointOnDiskTest, IntoAnExistingDirectoryFailsAndLeavesItAlone) {
  write(*engine_, first_state());
  const std::string existing = dir_.path() + "/existing";
  std::filesystem::create_directory(existing);

  const Status s = engine_->checkpoint(existing);
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists) << s.to_string();
  EXPECT_TRUE(std::filesystem::is_empty(existing));
  // Nothing else was left behind, and the engine goes on.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_.path()), std::filesystem::directory_iterator()),
            2);
  write(*engine_, later_changes());
  const std::string copy = dir_.path() + "/checkpoint";
  EXPECT_TRUE(engine_->checkpoint(copy).is_ok());
}

TEST_P(CheckpointOnDiskTest, WithoutAParentDirectoryFails) {
  const Status s = engine_->checkpoint(dir_.path() + "/missing/checkpoint");
  EXPECT_FALSE(s.is_ok());
  EXPECT_FALSE(std::filesystem::exists(dir_.path() + "/missing"));
}

TEST(CheckpointTest, HoldsWritesNotYetSyncedToTheLog) {
  TempDir dir;
  EngineOptions options;
  options.path = dir.path() + "/live";
  options.log_written_by_sync = true;
  auto engine = testutil::open_engine(options);
  ASSERT_NE(engine, nullptr);
  write(*engine, first_state());  // no sync_log(): the log records are still in the process
  const Contents expected = contents_of(*engine);
  ASSERT_TRUE(engine->checkpoint(dir.path() + "/checkpoint").is_ok());

  auto opened = testutil::open_engine_at(dir.path() + "/checkpoint");
  ASSERT_NE(opened, nullptr);
  EXPECT_EQ(contents_of(*opened), expected);
}

TEST(CheckpointTest, InMemoryEngineRefuses) {
  TempDir dir;
  for (bool row_cache : {false, true}) {
    auto engine = testutil::open_in_memory_engine();
    ASSERT_NE(engine, nullptr);
    if (row_cache) engine = with_row_cache(std::move(engine), 1 << 20);
    const std::string copy = dir.path() + "/checkpoint";
    const Status s = engine->checkpoint(copy);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.to_string();
    EXPECT_FALSE(std::filesystem::exists(copy));
  }
}

}  // namespace
}  // namespace dynastore::storage
