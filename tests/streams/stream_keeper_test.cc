#include "dynastore/streams/stream_keeper.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "dynastore/catalog/table_status.h"

#include "testutil/engine.h"

namespace dynastore::streams {
namespace {

using model::AttributeValue;
using model::Item;

class StreamKeeperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    engine_ = testutil::open_in_memory_engine();
    ASSERT_NE(engine_, nullptr);
    catalog_ = std::move(catalog::Catalog::open(*engine_)).value();
    items_ = std::make_unique<partition::ItemStore>(*engine_, catalog_.get());
    keeper_ = std::make_unique<StreamKeeper>(*catalog_, *items_, StreamSettings{10, 100});
    catalog::TableInfo table;
    table.name = "orders";
    table.key_schema.hash = {"pk", model::ScalarType::kString};
    catalog::add_stream(table, catalog::StreamViewType::kKeysOnly, "label", "shardId-first", 0);
    ASSERT_TRUE(catalog_->create(std::move(table)).is_ok());
  }

  const catalog::StreamInfo& stream() const { return catalog_->find("orders")->streams.back(); }

  void put(const std::string& pk) {
    const Item key{{"pk", AttributeValue::string(pk)}};
    auto table = catalog_->find("orders");
    ASSERT_TRUE(items_->write({table->write_schema.get(), &key, [&](const partition::StoredItem&) {
                                 return partition::Decision::put(key);
                               }})
                    .is_ok());
  }

  std::unique_ptr<storage::KvEngine> engine_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<partition::ItemStore> items_;
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
  EXPECT_EQ(items_->stream_position(stream().stream_id).value().next, 4u);
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
  EXPECT_EQ(items_->first_stream_record(stream().stream_id).value(), std::nullopt);
}

TEST_F(StreamKeeperTest, ForgetsADisabledStreamAfterTheRetentionPeriod) {
  put("a");
  const auto id = stream().stream_id;
  ASSERT_TRUE(catalog_->update("orders", [&](catalog::TableInfo& info) {
                        catalog::disable_stream(info, items_->close_stream(id).value(), 1000);
                        return Status::ok();
                      }).is_ok());
  keeper_->run_once(1050);
  EXPECT_EQ(catalog_->find("orders")->streams.size(), 1u);
  keeper_->run_once(1100);
  EXPECT_TRUE(catalog_->find("orders")->streams.empty());
  // Its records went with it.
  EXPECT_EQ(items_->first_stream_record(id).value(), std::nullopt);
}

TEST_F(StreamKeeperTest, KeepsADeletedTablesStreamReadableThenForgetsIt) {
  put("a");
  const auto id = stream().stream_id;
  ASSERT_TRUE(catalog_->update("orders", [&](catalog::TableInfo& info) {
                        catalog::disable_stream(info, items_->close_stream(id).value(), 1000);
                        return Status::ok();
                      }).is_ok());
  const auto table_id = catalog_->find("orders")->table_id;
  ASSERT_TRUE(catalog_->drop("orders").is_ok());
  EXPECT_EQ(catalog_->find("orders"), nullptr);
  // The stream and its records outlive the table...
  ASSERT_EQ(catalog_->retired_tables().size(), 1u);
  EXPECT_EQ(catalog_->find_stream_owner("orders", "label")->table_id, table_id);
  EXPECT_EQ(items_->first_stream_record(id).value(), std::optional<std::uint64_t>(1));
  // ...also across a restart...
  catalog_ = std::move(catalog::Catalog::open(*engine_)).value();
  keeper_ = std::make_unique<StreamKeeper>(*catalog_, *items_, StreamSettings{10, 100});
  ASSERT_EQ(catalog_->retired_tables().size(), 1u);
  keeper_->run_once(1050);
  EXPECT_EQ(catalog_->retired_tables().size(), 1u);
  // ...until the retention period has passed.
  keeper_->run_once(1100);
  EXPECT_TRUE(catalog_->retired_tables().empty());
  EXPECT_EQ(catalog_->find_stream_owner("orders", "label"), nullptr);
  EXPECT_EQ(items_->first_stream_record(id).value(), std::nullopt);
  catalog_ = std::move(catalog::Catalog::open(*engine_)).value();
  EXPECT_TRUE(catalog_->retired_tables().empty());
}

TEST_F(StreamKeeperTest, ATableDroppedWithoutStreamsLeavesNothing) {
  ASSERT_TRUE(catalog_->update("orders", [&](catalog::TableInfo& info) {
                        info.streams.clear();
                        return Status::ok();
                      }).is_ok());
  ASSERT_TRUE(catalog_->drop("orders").is_ok());
  EXPECT_TRUE(catalog_->retired_tables().empty());
}

}  // namespace
}  // namespace dynastore::streams
