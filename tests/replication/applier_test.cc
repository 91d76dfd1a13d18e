#include "replication/applier.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dynastore::replication {
namespace {

using namespace std::chrono_literals;

// A store whose writes wait until the test opens the gate, recording what
// was written and on which thread.
class GatedStore {
 public:
  Applier::ApplyOne apply_one() {
    return [this](std::uint64_t index, std::string_view entry, bool proposed_here) {
      std::unique_lock lock(mutex_);
      opened_.wait(lock, [this] { return open_; });
      written_.push_back(std::to_string(index) + ":" + std::string(entry) + (proposed_here ? "*" : ""));
      thread_ = std::this_thread::get_id();
      return index == fail_at_ ? Status::io_error("disk gone") : Status::ok();
    };
  }
  void open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    opened_.notify_all();
  }
  void fail_at(std::uint64_t index) { fail_at_ = index; }
  std::vector<std::string> written() {
    std::lock_guard lock(mutex_);
    return written_;
  }
  std::thread::id thread() {
    std::lock_guard lock(mutex_);
    return thread_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable opened_;
  bool open_ = false;
  std::uint64_t fail_at_ = 0;
  std::vector<std::string> written_;
  std::thread::id thread_;
};

TEST(ApplierTest, PushReturnsBeforeTheWriteWhichComesInOrderOnItsOwnThread) {
  GatedStore store;
  Applier applier(store.apply_one(), 1 << 20);
  applier.push(1, "a", true);
  applier.push(2, "b", false);
  applier.push(3, "c", true);
  EXPECT_TRUE(store.written().empty());  // the gate is shut: nothing written, yet push returned
  store.open();
  applier.wait_idle();
  EXPECT_EQ(store.written(), (std::vector<std::string>{"1:a*", "2:b", "3:c*"}));
  EXPECT_NE(store.thread(), std::this_thread::get_id());
}

TEST(ApplierTest, ThenRunsOnlyOnceEverythingPushedBeforeItIsWritten) {
  GatedStore store;
  Applier applier(store.apply_one(), 1 << 20);
  std::promise<std::vector<std::string>> seen;
  applier.push(1, "a", true);
  applier.push(2, "b", true);
  applier.then([&](const Status& outcome) {
    EXPECT_TRUE(outcome.is_ok());
    seen.set_value(store.written());
  });
  applier.push(3, "c", true);  // after the then: not awaited by it
  auto future = seen.get_future();
  EXPECT_EQ(future.wait_for(100ms), std::future_status::timeout);
  store.open();
  ASSERT_EQ(future.wait_for(5s), std::future_status::ready);
  const auto written = future.get();
  ASSERT_GE(written.size(), 2u);
  EXPECT_EQ(written[0], "1:a*");
  EXPECT_EQ(written[1], "2:b*");
  applier.wait_idle();
  EXPECT_EQ(store.written().size(), 3u);
}

TEST(ApplierTest, ThenRunsAtOnceWhenNothingIsQueued) {
  GatedStore store;
  Applier applier(store.apply_one(), 1 << 20);
  bool ran = false;
  applier.then([&](const Status& outcome) {
    EXPECT_TRUE(outcome.is_ok());
    ran = true;
  });
  EXPECT_TRUE(ran);
}

TEST(ApplierTest, AFailedWriteStopsTheWritesAfterItAndIsReported) {
  GatedStore store;
  store.fail_at(2);
  Applier applier(store.apply_one(), 1 << 20);
  std::vector<Status> outcomes(3);
  for (std::uint64_t index = 1; index <= 3; ++index) {
    applier.push(index, "x", true);
    applier.then([&outcomes, index](const Status& outcome) { outcomes[index - 1] = outcome; });
  }
  store.open();
  applier.wait_idle();
  EXPECT_TRUE(outcomes[0].is_ok());
  EXPECT_FALSE(outcomes[1].is_ok());
  EXPECT_FALSE(outcomes[2].is_ok());  // not written after the failure
  EXPECT_EQ(store.written().size(), 2u);
  EXPECT_FALSE(applier.failure().is_ok());
  EXPECT_FALSE(applier.push(4, "x", true));  // nothing queued after a failure
  bool told = false;
  applier.then([&](const Status& outcome) { told = !outcome.is_ok(); });
  EXPECT_TRUE(told);
}

TEST(ApplierTest, PushWaitsWhileTheQueueIsFull) {
  GatedStore store;
  Applier applier(store.apply_one(), 9);
  applier.push(1, "12345678", true);  // 8 bytes taken, under the limit
  applier.push(2, "12345678", true);  // 16: over it
  auto third = std::async(std::launch::async, [&] { applier.push(3, "x", true); });
  EXPECT_EQ(third.wait_for(100ms), std::future_status::timeout);
  store.open();
  ASSERT_EQ(third.wait_for(5s), std::future_status::ready);
  applier.wait_idle();
  EXPECT_EQ(store.written().size(), 3u);
}

TEST(ApplierTest, DestroyingItWritesWhatIsQueued) {
  GatedStore store;
  std::atomic<int> told{0};
  {
    Applier applier(store.apply_one(), 1 << 20);
    applier.push(1, "a", true);
    applier.push(2, "b", true);
    applier.then([&](const Status&) { ++told; });
    store.open();
  }
  EXPECT_EQ(store.written().size(), 2u);
  EXPECT_EQ(told.load(), 1);
}

}  // namespace
}  // namespace dynastore::replication
