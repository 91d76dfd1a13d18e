// CoalescingEngine: the writes gathered in a turn reach the store as one
// batch once the turn ends (or sooner: a write, a waiting thread, a full
// group), counters summed; each deferral hears the group's outcome.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "dynastore/common/blocking_region.h"
#include "dynastore/storage/coalescing_engine.h"
#include "dynastore/storage/deferred_commit.h"
#include "testutil/engine.h"
#include "testutil/forwarding_engine.h"

namespace dynastore::storage {
namespace {

// Keeps every batch written to it, and fails writes when told to.
class RecordingEngine final : public testutil::ForwardingEngine {
 public:
  using ForwardingEngine::ForwardingEngine;

  Status write(const WriteBatch& batch) override {
    std::lock_guard lock(mutex);
    if (fail) return Status::unavailable("the disk is full");
    written.push_back(batch);
    if (writes_seen != nullptr) ++*writes_seen;
    return ForwardingEngine::write(batch);
  }

  std::mutex mutex;
  std::vector<WriteBatch> written;
  bool fail = false;
  int* writes_seen = nullptr;  // counted also where the test outlives the engine
};

// The outcome a deferral heard, if any yet.
struct Heard {
  std::optional<Status> outcome;
};

class CoalescingEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto inner = testutil::open_in_memory_engine();
    ASSERT_NE(inner, nullptr);
    auto recording = std::make_unique<RecordingEngine>(std::move(inner));
    recording_ = recording.get();
    engine_ = std::make_unique<CoalescingEngine>(std::move(recording), [this](std::function<void()> task) {
      if (!in_a_turn_) return false;
      turn_end_.push_back(std::move(task));
      return true;
    });
  }

  // A deferred write of `batch`, as the item store makes it; the deferral
  // tells `heard` its outcome.
  void write_deferred(const WriteBatch& batch, Heard& heard) {
    DeferredCommit commit;
    ASSERT_TRUE(engine_->write_deferred(WriteBatch(batch), commit).is_ok());
    ASSERT_TRUE(commit.claimed());
    commit.when_known([&heard](const Status& outcome) { heard.outcome = outcome; });
  }

  // Runs what was left for the turn's end.
  void end_turn() {
    auto tasks = std::move(turn_end_);
    turn_end_.clear();
    for (auto& task : tasks) task();
  }

  // The write of put_item(key) was made and its deferral told so.
  void expect_made(const Heard& heard, const std::string& key) {
    ASSERT_TRUE(heard.outcome);
    EXPECT_TRUE(heard.outcome->is_ok()) << heard.outcome->to_string();
    EXPECT_EQ(item(key), "value of " + key);
  }

  std::optional<std::string> item(const std::string& key) {
    auto got = engine_->get(Column::kItems, key);
    EXPECT_TRUE(got.is_ok());
    return got.is_ok() ? got.value() : std::nullopt;
  }

  static WriteBatch put_item(const std::string& key, Counters delta = {1, 10}) {
    WriteBatch batch;
    batch.put(Column::kItems, key, "value of " + key);
    batch.add_counters(Column::kStats, "table 1", delta);
    return batch;
  }

  RecordingEngine* recording_ = nullptr;
  std::unique_ptr<CoalescingEngine> engine_;
  bool in_a_turn_ = true;
  std::vector<std::function<void()>> turn_end_;
};

TEST_F(CoalescingEngineTest, WritesOfATurnReachTheStoreTogetherWhenItEnds) {
  Heard a, b;
  write_deferred(put_item("a"), a);
  write_deferred(put_item("b"), b);
  EXPECT_EQ(turn_end_.size(), 1u);  // one end-of-turn task per group
  EXPECT_FALSE(item("a"));          // nothing is read before it is written
  EXPECT_FALSE(a.outcome);
  EXPECT_TRUE(recording_->written.empty());

  end_turn();
  expect_made(a, "a");
  expect_made(b, "b");
  EXPECT_EQ(recording_->written.size(), 1u);
}

TEST_F(CoalescingEngineTest, CounterAdditionsToOneKeyBecomeOneOfTheirSum) {
  Heard a, b, c;
  write_deferred(put_item("a", {1, 100}), a);
  write_deferred(put_item("b", {1, 20}), b);
  WriteBatch other_table = put_item("c", {-1, -5});
  other_table.add_counters(Column::kStats, "table 2", {7, 7});
  write_deferred(other_table, c);
  end_turn();

  ASSERT_EQ(recording_->written.size(), 1u);
  int additions = 0;
  for (const auto& op : recording_->written[0].ops()) additions += op.kind == WriteBatch::OpKind::kAddCounters;
  EXPECT_EQ(additions, 2);  // one per counter
  auto table1 = engine_->get_counters(Column::kStats, "table 1");
  ASSERT_TRUE(table1.is_ok());
  EXPECT_EQ(table1.value().first, 1);
  EXPECT_EQ(table1.value().second, 115);
  auto table2 = engine_->get_counters(Column::kStats, "table 2");
  ASSERT_TRUE(table2.is_ok());
  EXPECT_EQ(table2.value().first, 7);
}

TEST_F(CoalescingEngineTest, AdditionsAfterACounterIsSetAreNotMovedBeforeIt) {
  Heard a, b, c;
  write_deferred(put_item("a", {5, 5}), a);
  WriteBatch reset;
  reset.put(Column::kStats, "table 1", encode_counters({0, 0}));
  write_deferred(reset, b);
  write_deferred(put_item("c", {1, 1}), c);
  end_turn();

  auto counters = engine_->get_counters(Column::kStats, "table 1");
  ASSERT_TRUE(counters.is_ok());
  EXPECT_EQ(counters.value().first, 1);  // 5, set to 0, plus 1
  EXPECT_EQ(counters.value().second, 1);
}

TEST_F(CoalescingEngineTest, AdditionsAfterARangeRemovalOfTheCounterAreNotMovedBeforeIt) {
  Heard a, b, c;
  write_deferred(put_item("a", {5, 5}), a);
  WriteBatch wipe;
  wipe.erase_range(Column::kStats, "table", "table 9");
  write_deferred(wipe, b);
  write_deferred(put_item("c", {2, 2}), c);
  end_turn();

  auto counters = engine_->get_counters(Column::kStats, "table 1");
  ASSERT_TRUE(counters.is_ok());
  EXPECT_EQ(counters.value().first, 2);
}

TEST_F(CoalescingEngineTest, AWriteThatDoesNotDeferWritesTheGroupFirst) {
  Heard a;
  write_deferred(put_item("a"), a);
  WriteBatch now;
  now.put(Column::kItems, "a", "written after");
  ASSERT_TRUE(engine_->write(now).is_ok());
  ASSERT_TRUE(a.outcome);
  EXPECT_TRUE(a.outcome->is_ok());
  EXPECT_EQ(item("a"), "written after");
  EXPECT_EQ(recording_->written.size(), 2u);
  end_turn();  // finds nothing left
  EXPECT_EQ(recording_->written.size(), 2u);
}

TEST_F(CoalescingEngineTest, AThreadAboutToWaitWritesTheGroupFirst) {
  Heard a;
  write_deferred(put_item("a"), a);
  BlockingRegion::finish_before_waiting(engine_.get());
  { const BlockingRegion waiting; }
  BlockingRegion::finish_before_waiting(nullptr);
  expect_made(a, "a");
}

TEST_F(CoalescingEngineTest, AFailedGroupWriteFailsEveryWriteInIt) {
  Heard a, b;
  write_deferred(put_item("a"), a);
  write_deferred(put_item("b"), b);
  recording_->fail = true;
  end_turn();
  ASSERT_TRUE(a.outcome && b.outcome);
  EXPECT_EQ(a.outcome->code(), StatusCode::kUnavailable);
  EXPECT_EQ(b.outcome->code(), StatusCode::kUnavailable);
  recording_->fail = false;
  EXPECT_FALSE(item("a"));
  EXPECT_FALSE(item("b"));
}

TEST_F(CoalescingEngineTest, OffAnEventLoopTheWriteIsMadeAtOnce) {
  in_a_turn_ = false;
  Heard a;
  write_deferred(put_item("a"), a);
  expect_made(a, "a");
}

TEST_F(CoalescingEngineTest, ALargeGroupIsWrittenWithoutWaitingForTheTurn) {
  Heard a, b;
  write_deferred(put_item("a"), a);
  WriteBatch large;
  large.put(Column::kItems, "large", std::string(4u << 20, 'x'));
  write_deferred(large, b);
  ASSERT_TRUE(a.outcome && b.outcome);
  EXPECT_TRUE(b.outcome->is_ok());
  EXPECT_EQ(recording_->written.size(), 1u);
}

TEST_F(CoalescingEngineTest, AfterLoneGroupsWritesAreMadeAtOnceAndSomeStillGathered) {
  int made_at_once = 0;
  int gathered = 0;
  for (int i = 0; i < 40; ++i) {
    DeferredCommit commit;
    ASSERT_TRUE(engine_->write_deferred(put_item("k" + std::to_string(i)), commit).is_ok());
    if (commit.claimed()) {
      ++gathered;
      end_turn();
    } else {
      ++made_at_once;
      EXPECT_EQ(item("k" + std::to_string(i)), "value of k" + std::to_string(i));
    }
  }
  // The first groups, then one write in every 16 to look for company.
  EXPECT_GE(made_at_once, 30);
  EXPECT_GE(gathered, 5);

  // Company: a group of two goes back to gathering every write.
  Heard a, b;
  std::vector<std::unique_ptr<DeferredCommit>> commits;
  for (int i = 0; i < 20 && turn_end_.empty(); ++i) {
    commits.push_back(std::make_unique<DeferredCommit>());
    ASSERT_TRUE(engine_->write_deferred(put_item("probe" + std::to_string(i)), *commits.back()).is_ok());
  }
  ASSERT_EQ(turn_end_.size(), 1u);
  write_deferred(put_item("x"), a);
  end_turn();
  write_deferred(put_item("y"), b);
  EXPECT_EQ(turn_end_.size(), 1u);
  EXPECT_FALSE(b.outcome);
  end_turn();
  ASSERT_TRUE(b.outcome);
}

TEST_F(CoalescingEngineTest, DestroyingItWritesWhatIsGathered) {
  Heard a;
  int writes = 0;
  recording_->writes_seen = &writes;
  write_deferred(put_item("a"), a);
  engine_.reset();  // and the recording engine with it
  ASSERT_TRUE(a.outcome);
  EXPECT_TRUE(a.outcome->is_ok());
  EXPECT_EQ(writes, 1);
}

TEST(CoalescingEngineConcurrencyTest, EveryWriteFromManyThreadsLandsAndCountersAddUp) {
  auto inner = testutil::open_in_memory_engine();
  ASSERT_NE(inner, nullptr);
  std::mutex turn_mutex;
  std::vector<std::function<void()>> turn_end;
  CoalescingEngine engine(std::move(inner), [&](std::function<void()> task) {
    std::lock_guard lock(turn_mutex);
    turn_end.push_back(std::move(task));
    return true;
  });
  constexpr int kThreads = 4;
  constexpr int kWrites = 500;
  std::atomic<int> known{0};
  std::atomic<int> failed{0};
  std::atomic<bool> writing{true};
  std::thread turns([&] {
    while (writing.load() || known.load() < kThreads * kWrites) {
      std::vector<std::function<void()>> tasks;
      {
        std::lock_guard lock(turn_mutex);
        tasks.swap(turn_end);
      }
      for (auto& task : tasks) task();
      std::this_thread::yield();
    }
  });
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        WriteBatch batch;
        batch.put(Column::kItems, std::to_string(t) + "/" + std::to_string(i), "v");
        batch.add_counters(Column::kStats, "table", {1, 2});
        DeferredCommit commit;
        if (!engine.write_deferred(std::move(batch), commit).is_ok()) ++failed;
        if (!commit.claimed()) {
          ++known;
          continue;
        }
        commit.when_known([&](const Status& outcome) {
          if (!outcome.is_ok()) ++failed;
          ++known;
        });
      }
    });
  }
  for (auto& writer : writers) writer.join();
  writing = false;
  turns.join();
  EXPECT_EQ(failed.load(), 0);
  auto counters = engine.get_counters(Column::kStats, "table");
  ASSERT_TRUE(counters.is_ok());
  EXPECT_EQ(counters.value().first, kThreads * kWrites);
  EXPECT_EQ(counters.value().second, 2 * kThreads * kWrites);
  for (int t = 0; t < kThreads; ++t) {
    auto got = engine.get(Column::kItems, std::to_string(t) + "/" + std::to_string(kWrites - 1));
    ASSERT_TRUE(got.is_ok());
    EXPECT_TRUE(got.value().has_value());
  }
}

}  // namespace
}  // namespace dynastore::storage
