#include "dynastore/storage/log_syncer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "testutil/engine.h"
#include "testutil/temp_dir.h"

namespace dynastore::storage {
namespace {

using namespace std::chrono_literals;

// An engine whose write history is a counter the test moves, and whose
// sync_log() records what it covered and can be held or made to fail.
class FakeEngine final : public KvEngine {
 public:
  Result<std::optional<std::string>> get(Column, std::string_view) override { return std::optional<std::string>(); }
  Status write(const WriteBatch&) override {
    ++sequence;
    return Status::ok();
  }
  std::unique_ptr<Iterator> scan(Column, std::string_view, std::string_view) override { return nullptr; }
  Result<Counters> get_counters(Column, std::string_view) override { return Counters{}; }
  std::unique_ptr<Snapshot> snapshot() override { return nullptr; }  // not used by the syncer
  Status checkpoint(const std::string&) override { return Status::invalid_argument("not in this fake"); }

  std::uint64_t visible_sequence() const override { return sequence.load(); }

  Status sync_log() override {
    std::unique_lock lock(mutex);
    ++syncs_entered;
    changed.notify_all();
    changed.wait(lock, [this] { return !hold_syncs; });
    synced_through = sequence.load();
    return fail_syncs ? Status::io_error("fsync failed for the test") : Status::ok();
  }

  void set_hold(bool hold) {
    {
      std::lock_guard lock(mutex);
      hold_syncs = hold;
    }
    changed.notify_all();
  }
  bool wait_syncs_entered(int n) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, 5s, [&] { return syncs_entered >= n; });
  }

  std::atomic<std::uint64_t> sequence{0};
  std::mutex mutex;
  std::condition_variable changed;
  int syncs_entered = 0;
  bool hold_syncs = false;
  std::atomic<bool> fail_syncs{false};
  std::uint64_t synced_through = 0;
};

// Collects what after_durable() reported, with the sync point at that time.
struct Outcomes {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<Status> statuses;

  LogSyncer::Done callback() {
    return [this](const Status& status) {
      {
        std::lock_guard lock(mutex);
        statuses.push_back(status);
      }
      changed.notify_all();
    };
  }
  bool wait_for(std::size_t n) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, 5s, [&] { return statuses.size() >= n; });
  }
  std::size_t count() {
    std::lock_guard lock(mutex);
    return statuses.size();
  }
};

void write_once(KvEngine& engine) { ASSERT_TRUE(engine.write(WriteBatch()).is_ok()); }

// Writes once and registers a waiter, whose sync the engine then holds.
void begin_held_sync(FakeEngine& engine, LogSyncer& syncer, Outcomes& outcomes) {
  write_once(engine);
  engine.set_hold(true);
  syncer.after_durable(outcomes.callback());
  ASSERT_TRUE(engine.wait_syncs_entered(1));
}

TEST(LogSyncerTest, AWaiterHearsOnlyAfterASyncCoveringWhatWasVisible) {
  FakeEngine engine;
  LogSyncer syncer(engine);
  syncer.start();
  Outcomes outcomes;
  ASSERT_NO_FATAL_FAILURE(begin_held_sync(engine, syncer, outcomes));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(outcomes.count(), 0u);  // the sync has not returned yet
  engine.set_hold(false);
  ASSERT_TRUE(outcomes.wait_for(1));
  EXPECT_TRUE(outcomes.statuses[0].is_ok());
  EXPECT_GE(engine.synced_through, 1u);
}

TEST(LogSyncerTest, NothingNewToSyncIsAnsweredAtOnceWithoutASync) {
  FakeEngine engine;
  LogSyncer syncer(engine);
  syncer.start();
  Outcomes outcomes;
  syncer.after_durable(outcomes.callback());  // sequence 0: nothing was ever written
  ASSERT_EQ(outcomes.count(), 1u);            // answered on this thread
  EXPECT_TRUE(outcomes.statuses[0].is_ok());
  write_once(engine);
  syncer.after_durable(outcomes.callback());
  ASSERT_TRUE(outcomes.wait_for(2));
  const auto syncs = syncer.syncs();
  EXPECT_EQ(syncs, 1u);
  syncer.after_durable(outcomes.callback());  // still covered by that sync
  ASSERT_EQ(outcomes.count(), 3u);
  EXPECT_EQ(syncer.syncs(), syncs);
}

TEST(LogSyncerTest, WaitersArrivingDuringASyncShareTheNextOne) {
  FakeEngine engine;
  LogSyncer syncer(engine);
  syncer.start();
  Outcomes outcomes;
  ASSERT_NO_FATAL_FAILURE(begin_held_sync(engine, syncer, outcomes));
  // Fifty writes and waiters while the first sync is in progress.
  for (int i = 0; i < 50; ++i) {
    write_once(engine);
    syncer.after_durable(outcomes.callback());
  }
  engine.set_hold(false);
  ASSERT_TRUE(outcomes.wait_for(51));
  for (const Status& status : outcomes.statuses) EXPECT_TRUE(status.is_ok());
  EXPECT_EQ(syncer.syncs(), 2u);  // group commit: one more sync served all fifty
  EXPECT_EQ(engine.synced_through, 51u);
}

TEST(LogSyncerTest, AFailedSyncFailsEveryWaiterAndEveryLaterCaller) {
  FakeEngine engine;
  engine.fail_syncs = true;
  LogSyncer syncer(engine);
  syncer.start();
  write_once(engine);
  Outcomes outcomes;
  syncer.after_durable(outcomes.callback());
  ASSERT_TRUE(outcomes.wait_for(1));
  EXPECT_EQ(outcomes.statuses[0].code(), StatusCode::kIoError);
  // A later sync would succeed, but what the failed one dropped is gone:
  // nothing is acknowledged any more, not even a read of old data.
  engine.fail_syncs = false;
  syncer.after_durable(outcomes.callback());
  ASSERT_TRUE(outcomes.wait_for(2));
  EXPECT_EQ(outcomes.statuses[1].code(), StatusCode::kIoError);
  EXPECT_EQ(syncer.syncs(), 1u);
}

TEST(LogSyncerTest, WithoutItsThreadTheCallerSyncs) {
  FakeEngine engine;
  LogSyncer syncer(engine);  // never started
  write_once(engine);
  Outcomes outcomes;
  syncer.after_durable(outcomes.callback());
  ASSERT_EQ(outcomes.count(), 1u);
  EXPECT_TRUE(outcomes.statuses[0].is_ok());
  EXPECT_EQ(engine.synced_through, 1u);
}

TEST(LogSyncerTest, StopAnswersEveryoneStillWaiting) {
  FakeEngine engine;
  LogSyncer syncer(engine);
  syncer.start();
  Outcomes outcomes;
  ASSERT_NO_FATAL_FAILURE(begin_held_sync(engine, syncer, outcomes));
  write_once(engine);
  syncer.after_durable(outcomes.callback());  // needs a second sync
  std::thread stopper([&] { syncer.stop(); });
  engine.set_hold(false);
  stopper.join();
  ASSERT_EQ(outcomes.count(), 2u);
  for (const Status& status : outcomes.statuses) EXPECT_TRUE(status.is_ok());
  EXPECT_EQ(engine.synced_through, 2u);
}

TEST(LogSyncerTest, AfterStopTheCallerSyncs) {
  FakeEngine engine;
  LogSyncer syncer(engine);
  syncer.start();
  syncer.stop();
  write_once(engine);
  Outcomes outcomes;
  syncer.after_durable(outcomes.callback());
  ASSERT_EQ(outcomes.count(), 1u);  // answered before after_durable returned
  EXPECT_TRUE(outcomes.statuses[0].is_ok());
  EXPECT_EQ(syncer.syncs(), 1u);
}

TEST(LogSyncerTest, ConcurrentWritersAllHearOfDurability) {
  FakeEngine engine;
  LogSyncer syncer(engine);
  syncer.start();
  Outcomes outcomes;
  std::vector<std::thread> writers;
  for (int w = 0; w < 8; ++w) {
    writers.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        write_once(engine);
        syncer.after_durable(outcomes.callback());
      }
    });
  }
  for (auto& writer : writers) writer.join();
  ASSERT_TRUE(outcomes.wait_for(1600));
  for (const Status& status : outcomes.statuses) EXPECT_TRUE(status.is_ok());
  EXPECT_EQ(engine.synced_through, 1600u);
  EXPECT_LE(syncer.syncs(), 1600u);
}

// The RocksDB engine: sequence numbers grow with writes, and syncing works
// on disk and is a no-op in memory.
TEST(LogSyncerTest, RocksDbSequenceGrowsAndItsLogSyncs) {
  testutil::TempDir dir;
  for (const bool in_memory : {false, true}) {
    auto engine = in_memory ? testutil::open_in_memory_engine() : testutil::open_engine_at(dir.path());
    ASSERT_NE(engine, nullptr);
    const std::uint64_t before = engine->visible_sequence();
    WriteBatch batch;
    batch.put(Column::kItems, "k", "v");
    ASSERT_TRUE(engine->write(batch).is_ok());
    EXPECT_GT(engine->visible_sequence(), before);
    EXPECT_TRUE(engine->sync_log().is_ok());
    LogSyncer syncer(*engine);
    syncer.start();
    Outcomes outcomes;
    syncer.after_durable(outcomes.callback());
    ASSERT_TRUE(outcomes.wait_for(1));
    EXPECT_TRUE(outcomes.statuses[0].is_ok());
  }
}

}  // namespace
}  // namespace dynastore::storage
