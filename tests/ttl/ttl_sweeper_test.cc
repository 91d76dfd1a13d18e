#include "dynastore/ttl/ttl_sweeper.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "dynastore/catalog/table_status.h"
#include "dynastore/partition/stream_record.h"

#include "testutil/store.h"

namespace dynastore::ttl {
namespace {

using model::AttributeValue;
using model::Item;

constexpr double kNow = 1'800'000'000;

class TtlSweeperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(store_.open("sessions", "id", [](catalog::TableInfo& table) {
      catalog::add_stream(table, catalog::StreamViewType::kOldImage, "label", "shardId-1", kNow);
    }));
    sweeper_ = std::make_unique<TtlSweeper>(*store_.catalog, *store_.items, std::chrono::milliseconds(1000));
  }

  catalog::TablePtr table() const { return store_.table(); }

  void put(const std::string& id, std::optional<AttributeValue> expires) {
    Item item{{"id", AttributeValue::string(id)}};
    if (expires) item["expires"] = *expires;
    store_.put(item);
  }

  bool exists(const std::string& id) {
    return store_.items->get(*table()->write_schema, {{"id", AttributeValue::string(id)}}).value().has_value();
  }

  void enable_ttl() {
    ASSERT_TRUE(store_.catalog->update("sessions", [](catalog::TableInfo& info) {
                          catalog::enable_ttl(info, "expires");
                          return Status::ok();
                        }).is_ok());
  }

  void sweep_until_idle(double now) {
    for (int i = 0; i < 100 && sweeper_->run_once(now); ++i) {
    }
  }

  static AttributeValue seconds(double value) { return AttributeValue::number(std::to_string(static_cast<long long>(value))); }

  testutil::TestStore store_;
  std::unique_ptr<TtlSweeper> sweeper_;
};

TEST_F(TtlSweeperTest, DeletesWhatExpiredAndNothingElse) {
  enable_ttl();
  put("expired", seconds(kNow - 10));
  put("future", seconds(kNow + 3600));
  put("text", AttributeValue::string(std::to_string(kNow - 10)));
  put("ancient", seconds(kNow - 6.0 * 365 * 24 * 3600));  // over five years: left alone, as DynamoDB does
  put("none", std::nullopt);
  EXPECT_TRUE(exists("expired"));  // readable until swept
  sweep_until_idle(kNow);
  EXPECT_FALSE(exists("expired"));
  EXPECT_TRUE(exists("future"));
  EXPECT_TRUE(exists("text"));
  EXPECT_TRUE(exists("ancient"));
  EXPECT_TRUE(exists("none"));
  sweep_until_idle(kNow + 3601);
  EXPECT_FALSE(exists("future"));
}

TEST_F(TtlSweeperTest, ItemsWrittenBeforeTtlWasEnabledAreIndexedThenSwept) {
  for (int i = 0; i < 2500; ++i) put("old-" + std::to_string(i), seconds(i % 2 ? kNow - 5 : kNow + 100));
  enable_ttl();
  EXPECT_TRUE(table()->ttl.indexing);
  sweep_until_idle(kNow);
  EXPECT_FALSE(table()->ttl.indexing);
  int left = 0;
  for (int i = 0; i < 2500; ++i) left += exists("old-" + std::to_string(i));
  EXPECT_EQ(left, 1250);
}

TEST_F(TtlSweeperTest, AnItemExpiringBehindAPassUnderWayIsSweptByTheNextPass) {
  enable_ttl();
  sweep_until_idle(kNow);  // the (empty) table's indexing step
  ASSERT_FALSE(table()->ttl.indexing);
  const auto batch = static_cast<int>(TtlSweeper::kBatch);
  for (int i = 0; i < 3 * batch; ++i) put("late-" + std::to_string(i), seconds(kNow - 10));
  ASSERT_TRUE(sweeper_->run_once(kNow));  // one batch: the pass continues after its last entry
  put("early", seconds(kNow - 20));       // sorts before where the pass goes on
  ASSERT_TRUE(sweeper_->run_once(kNow));
  EXPECT_TRUE(exists("early"));  // not yet: the pass went on where it was
  sweep_until_idle(kNow);
  int left = 0;
  for (int i = 0; i < 3 * batch; ++i) left += exists("late-" + std::to_string(i));
  EXPECT_EQ(left, 0);
  EXPECT_FALSE(exists("early"));
}

TEST_F(TtlSweeperTest, AnItemGivenALongerLifeBeforeTheSweepIsKept) {
  enable_ttl();
  put("renewed", seconds(kNow - 10));
  put("renewed", seconds(kNow + 10));
  sweep_until_idle(kNow);
  EXPECT_TRUE(exists("renewed"));
}

TEST_F(TtlSweeperTest, DeletionsAreStreamRecordsMadeByTheService) {
  enable_ttl();
  put("expired", seconds(kNow - 1));
  sweep_until_idle(kNow);
  const auto& stream = table()->streams.back();
  std::vector<std::pair<partition::StreamEvent, bool>> seen;
  ASSERT_TRUE(store_.items->read_stream(stream.stream_id, 0, UINT64_MAX, [&](std::uint64_t, std::string_view bytes) {
                      auto record = partition::decode_stream_record(bytes).value();
                      seen.emplace_back(record.event, record.by_service);
                      return true;
                    }).is_ok());
  EXPECT_EQ(seen, (std::vector<std::pair<partition::StreamEvent, bool>>{{partition::StreamEvent::kInsert, false},
                                                                         {partition::StreamEvent::kRemove, true}}));
}

TEST_F(TtlSweeperTest, DisablingTtlStopsDeletions) {
  enable_ttl();
  put("expired", seconds(kNow - 1));
  ASSERT_TRUE(store_.catalog->update("sessions", [](catalog::TableInfo& info) {
                        catalog::disable_ttl(info);
                        return Status::ok();
                      }).is_ok());
  sweep_until_idle(kNow);
  EXPECT_TRUE(exists("expired"));
}

}  // namespace
}  // namespace dynastore::ttl
