#include "dynastore/streams/stream_keeper.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "dynastore/catalog/table_status.h"

#include "testutil/store.h"

namespace dynastore::streams {
namespace {

class StreamKeeperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(store_.open("orders", "pk", [](catalog::TableInfo& table) {
      catalog::add_stream(table, catalog::StreamViewType::kKeysOnly, "label", "shardId-first", 0);
    }));
    keeper_ = std::make_unique<StreamKeeper>(*store_.catalog, *store_.items, StreamSettings{10, 100});
  }

  const catalog::StreamInfo& stream() const { return store_.table()->streams.back(); }
  void put(const std::string& pk) { store_.put_key(pk); }
  void disable_stream(double now) {
    const auto id = stream().stream_id;
    store_.update([&](catalog::TableInfo& info) {
      catalog::disable_stream(info, store_.items->close_stream(id).value(), now);
    });
  }

  testutil::TestStore store_;
  std::unique_ptr<StreamKeeper> keeper_;
};

TEST_F(StreamKeeperTest, RollsTheOpenShardOverAtTheNextSequenceNumber) {
  put("a");
  put("b");
  EXPECT_FALSE(keeper_->run_once(5));  // too early
  ASSERT_TRUE(keeper_->run_once(10));
  ASSERT_EQ(stream().shards.size(), 2u);
  EXPECT_EQ(stream().shards[1].start_sequence, 3u);
  EXPECT_NE(stream().shards[1].shard_id, stream().shards[0].shard_id);
  put("c");  // lands in the new shard
  EXPECT_EQ(store_.items->stream_position(stream().stream_id).value().next, 4u);
  EXPECT_FALSE(keeper_->run_once(15));
  EXPECT_TRUE(keeper_->run_once(20));
  EXPECT_EQ(stream().shards.size(), 3u);
}

TEST_F(StreamKeeperTest, TrimsRecordsPastTheRetentionPeriod) {
  put("a");  // made now (real time), so far older than "now" below
  put("b");
  const double later = 2'000'000'000;
  keeper_->run_once(later);
  EXPECT_EQ(stream().trimmed_before, 3u);
  EXPECT_EQ(store_.items->first_stream_record(stream().stream_id).value(), std::nullopt);
}

TEST_F(StreamKeeperTest, ForgetsADisabledStreamAfterTheRetentionPeriod) {
  put("a");
  const auto id = stream().stream_id;
  disable_stream(1000);
  keeper_->run_once(1050);
  EXPECT_EQ(store_.catalog->find("orders")->streams.size(), 1u);
  keeper_->run_once(1100);
  EXPECT_TRUE(store_.catalog->find("orders")->streams.empty());
  // Its records went with it.
  EXPECT_EQ(store_.items->first_stream_record(id).value(), std::nullopt);
}

TEST_F(StreamKeeperTest, KeepsADeletedTablesStreamReadableThenForgetsIt) {
  put("a");
  const auto id = stream().stream_id;
  disable_stream(1000);
  const auto table_id = store_.catalog->find("orders")->table_id;
  ASSERT_TRUE(store_.catalog->drop("orders").is_ok());
  EXPECT_EQ(store_.catalog->find("orders"), nullptr);
  // The stream and its records outlive the table...
  ASSERT_EQ(store_.catalog->retired_tables().size(), 1u);
  EXPECT_EQ(store_.catalog->find_stream_owner("orders", "label")->table_id, table_id);
  EXPECT_EQ(store_.items->first_stream_record(id).value(), std::optional<std::uint64_t>(1));
  // ...also across a restart...
  keeper_.reset();
  ASSERT_NO_FATAL_FAILURE(store_.reopen());
  keeper_ = std::make_unique<StreamKeeper>(*store_.catalog, *store_.items, StreamSettings{10, 100});
  ASSERT_EQ(store_.catalog->retired_tables().size(), 1u);
  keeper_->run_once(1050);
  EXPECT_EQ(store_.catalog->retired_tables().size(), 1u);
  // ...until the retention period has passed.
  keeper_->run_once(1100);
  EXPECT_TRUE(store_.catalog->retired_tables().empty());
  EXPECT_EQ(store_.catalog->find_stream_owner("orders", "label"), nullptr);
  EXPECT_EQ(store_.items->first_stream_record(id).value(), std::nullopt);
  ASSERT_NO_FATAL_FAILURE(store_.reopen());
  EXPECT_TRUE(store_.catalog->retired_tables().empty());
}

TEST_F(StreamKeeperTest, ATableDroppedWithoutStreamsLeavesNothing) {
  store_.update([](catalog::TableInfo& info) { info.streams.clear(); });
  ASSERT_TRUE(store_.catalog->drop("orders").is_ok());
  EXPECT_TRUE(store_.catalog->retired_tables().empty());
}

}  // namespace
}  // namespace dynastore::streams
