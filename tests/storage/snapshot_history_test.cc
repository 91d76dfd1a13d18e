#include "dynastore/storage/snapshot_history.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <set>
#include <thread>
#include <string>
#include <vector>

#include "testutil/engine.h"

namespace dynastore::storage {
namespace {

using namespace std::chrono_literals;
using Clock = SnapshotHistory::Clock;

class SnapshotHistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    engine_ = testutil::open_in_memory_engine();
    ASSERT_NE(engine_, nullptr);
  }

  std::unique_ptr<SnapshotHistory> history(std::chrono::milliseconds max_age, std::uint64_t seed) {
    return std::make_unique<SnapshotHistory>(*engine_, max_age, seed, [this] { return now_; });
  }

  void put(std::string_view value) {
    WriteBatch batch;
    batch.put(Column::kItems, "item", value);
    ASSERT_TRUE(engine_->write(batch).is_ok());
  }

  // The item as a picked snapshot has it ("<latest>" when pick() says to
  // read the latest state).
  static std::string read(const std::shared_ptr<const Snapshot>& snapshot) {
    if (snapshot == nullptr) return "<latest>";
    auto value = snapshot->get(Column::kItems, "item");
    if (!value.is_ok()) return "<error>";
    return value.value() ? *value.value() : "<absent>";
  }

  std::unique_ptr<KvEngine> engine_;
  Clock::time_point now_ = Clock::time_point() + 1000s;
};

TEST_F(SnapshotHistoryTest, IntervalIsASixteenthOfMaxAgeAndAtLeastOneMillisecond) {
  EXPECT_EQ(history(1600ms, 1)->interval(), 100ms);
  EXPECT_EQ(history(10ms, 1)->interval(), 1ms);
  EXPECT_EQ(history(1ms, 1)->interval(), 1ms);
}

TEST_F(SnapshotHistoryTest, WithoutSnapshotsReadsTheLatestState) {
  auto h = history(100ms, 1);
  EXPECT_EQ(h->pick(), nullptr);
}

TEST_F(SnapshotHistoryTest, PicksAStateOfAtMostMaxAgeAgo) {
  auto h = history(100ms, 7);
  put("v0");
  h->capture();  // t = 0: v0
  now_ += 50ms;
  put("v1");
  h->capture();  // t = 50: v1
  now_ += 40ms;
  put("v2");  // t = 90, in no snapshot yet
  // Every draw lands in [t-100, t]: before 50 it is the t=0 snapshot (the
  // oldest young enough), from 50 on the t=50 one. Never v2, never absent.
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) seen.insert(read(h->pick()));
  EXPECT_EQ(seen, (std::set<std::string>{"v0", "v1"}));
}

TEST_F(SnapshotHistoryTest, SnapshotsPastMaxAgeAreLetGo) {
  auto h = history(100ms, 3);
  put("old");
  h->capture();
  now_ += 60ms;
  put("new");
  h->capture();
  EXPECT_EQ(h->size(), 2u);
  now_ += 50ms;  // the first is 110 ms old now
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) seen.insert(read(h->pick()));
  EXPECT_EQ(seen, std::set<std::string>{"new"});
  EXPECT_EQ(h->size(), 1u);
  now_ += 51ms;  // and the second too: nothing is left but the latest state
  EXPECT_EQ(h->pick(), nullptr);
  EXPECT_EQ(h->size(), 0u);
}

TEST_F(SnapshotHistoryTest, TheSameSeedPicksTheSameStates) {
  std::vector<std::string> runs[2];
  for (auto& run : runs) {
    auto h = history(160ms, 42);
    for (int step = 0; step < 16; ++step) {
      put("v" + std::to_string(step));
      h->capture();
      now_ += 10ms;
    }
    for (int i = 0; i < 50; ++i) run.push_back(read(h->pick()));
    now_ += 1000s;  // the next run starts afresh
  }
  EXPECT_EQ(runs[0], runs[1]);
  EXPECT_GT(std::set<std::string>(runs[0].begin(), runs[0].end()).size(), 5u);
}

TEST_F(SnapshotHistoryTest, ThreadCapturesUntilStopped) {
  // The real clock: the thread takes one snapshot per millisecond.
  SnapshotHistory h(*engine_, 16ms, 1);
  put("before");
  h.start();
  for (int i = 0; i < 2000 && h.size() < 3; ++i) std::this_thread::sleep_for(1ms);
  h.stop();
  EXPECT_GE(h.size(), 3u);
  EXPECT_LE(h.size(), 17u + 1u);
}

}  // namespace
}  // namespace dynastore::storage
