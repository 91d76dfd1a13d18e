// ItemStore with an engine that tells a write's outcome later
// (storage::DeferredCommit, as a cluster's leader does): the write's items
// stay locked until then, on any thread, and the next writer of an item
// reads what the deferred write made.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "dynastore/model/number.h"
#include "dynastore/partition/item_store.h"
#include "dynastore/storage/deferred_commit.h"

#include "testutil/engine.h"
#include "testutil/deferring_engine.h"

namespace dynastore::partition {
namespace {

using model::AttributeValue;
using model::Item;

Item key_of(const std::string& pk) { return {{"pk", AttributeValue::string(pk)}}; }

class DeferredWriteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto engine = testutil::open_in_memory_engine();
    ASSERT_NE(engine, nullptr);
    engine_ = std::make_unique<testutil::DeferringEngine>(std::move(engine));
    store_ = std::make_unique<ItemStore>(*engine_);
    table_.table_id = 30;
    table_.key_schema.hash = {"pk", model::ScalarType::kString};
  }

  // Adds 1 to the item's "n" (absent: 0), as UpdateItem ADD would.
  Result<ItemOutcome> increment(const std::string& pk) {
    const Item key = key_of(pk);
    return store_->write(ItemWrite{&table_, &key, [&](const StoredItem& current) {
                                     Item next = current ? *current : key;
                                     const long n = current ? std::stol(current->at("n").scalar()) : 0;
                                     next["n"] = AttributeValue::number(std::to_string(n + 1));
                                     return Decision::put_new(std::move(next));
                                   }});
  }

  std::optional<long> n_of(const std::string& pk) {
    auto got = store_->get(table_, key_of(pk));
    EXPECT_TRUE(got.is_ok());
    if (!got.is_ok() || !got.value()) return std::nullopt;
    return std::stol(got.value()->at("n").scalar());
  }

  std::unique_ptr<testutil::DeferringEngine> engine_;
  std::unique_ptr<ItemStore> store_;
  TableSchema table_;
};

TEST_F(DeferredWriteTest, WithoutAnOpenDeferralTheEngineWritesAtOnce) {
  ASSERT_TRUE(increment("a").is_ok());
  EXPECT_EQ(engine_->blocking_writes, 1);
  EXPECT_EQ(engine_->pending(), 0u);
  EXPECT_EQ(n_of("a"), 1);
}

TEST_F(DeferredWriteTest, TheItemStaysLockedUntilTheOutcomeAndTheNextWriterReadsIt) {
  storage::DeferredCommit commit;
  {
    const storage::DeferredCommit::Scope scope(&commit);
    ASSERT_TRUE(increment("a").is_ok());
  }
  ASSERT_TRUE(commit.claimed());
  ASSERT_EQ(engine_->pending(), 1u);
  EXPECT_EQ(n_of("a"), std::nullopt);  // not committed yet: not visible

  // Another request's write of the same item waits for the outcome.
  auto second = std::async(std::launch::async, [this] { return increment("a").is_ok(); });
  EXPECT_EQ(second.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  std::promise<Status> told;
  commit.when_known([&told](const Status& outcome) { told.set_value(outcome); });

  // The outcome comes on another thread (the Raft loop's, in a cluster).
  std::thread([this] { engine_->finish_oldest(true); }).join();
  ASSERT_EQ(second.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_TRUE(second.get());
  EXPECT_TRUE(told.get_future().get().is_ok());
  EXPECT_EQ(n_of("a"), 2);  // the second increment read the first
  EXPECT_EQ(engine_->blocking_writes, 1);
}

TEST_F(DeferredWriteTest, AFailedWriteReleasesItsItemsAndIsTold) {
  storage::DeferredCommit commit;
  {
    const storage::DeferredCommit::Scope scope(&commit);
    ASSERT_TRUE(increment("a").is_ok());
  }
  std::optional<Status> told;
  commit.when_known([&told](const Status& outcome) { told = outcome; });
  EXPECT_FALSE(told.has_value());
  engine_->finish_oldest(false);
  ASSERT_TRUE(told.has_value());
  EXPECT_EQ(told->code(), StatusCode::kUnavailable);
  EXPECT_EQ(n_of("a"), std::nullopt);
  ASSERT_TRUE(increment("a").is_ok());  // not left locked
  EXPECT_EQ(n_of("a"), 1);
}

TEST_F(DeferredWriteTest, ASecondWriteOfTheSameRequestWaitsForTheFirstThenWritesAtOnce) {
  storage::DeferredCommit commit;
  std::atomic<bool> second_done{false};
  std::thread request([&] {
    const storage::DeferredCommit::Scope scope(&commit);
    ASSERT_TRUE(increment("a").is_ok());
    ASSERT_TRUE(increment("a").is_ok());  // would wait on its own lock without settle()
    second_done = true;
  });
  // The first write is deferred; the second waits until it is settled.
  for (int i = 0; i < 1000 && engine_->pending() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(engine_->pending(), 1u);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(second_done);
  engine_->finish_oldest(true);
  request.join();
  EXPECT_TRUE(second_done);
  EXPECT_EQ(engine_->pending(), 0u);
  EXPECT_EQ(engine_->blocking_writes, 1);  // one deferral per request
  EXPECT_EQ(n_of("a"), 2);
}

}  // namespace
}  // namespace dynastore::partition
