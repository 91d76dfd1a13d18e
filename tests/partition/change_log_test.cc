// The stream and TTL write hooks: a record per change in the item's batch,
// sequence numbers and the settled-reads watermark, the expiry index.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dynastore/model/item_codec.h"
#include "dynastore/partition/item_store.h"
#include "dynastore/partition/stream_record.h"
#include "partition/stream_sequencer.h"

#include "testutil/engine.h"
#include "testutil/temp_dir.h"

namespace dynastore::partition {
namespace {

using model::AttributeValue;
using model::Item;

constexpr std::uint32_t kStream = 50;
constexpr std::uint32_t kTtlIndex = 51;

TableSchema streamed(bool old_image, bool new_image) {
  TableSchema table;
  table.table_id = 49;
  table.key_schema.hash = {"pk", model::ScalarType::kString};
  table.stream = StreamTarget{kStream, old_image, new_image};
  return table;
}

Item item_of(const std::string& pk, const std::string& v) {
  return {{"pk", AttributeValue::string(pk)}, {"v", AttributeValue::string(v)}};
}

struct Seen {
  std::uint64_t sequence;
  StreamEvent event;
  bool by_service;
  std::string keys, old_image, new_image;
};

class ChangeLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    engine_ = testutil::open_in_memory_engine();
    ASSERT_NE(engine_, nullptr);
    store_ = std::make_unique<ItemStore>(*engine_);
  }

  void write(const TableSchema& table, const std::string& pk, std::optional<Item> item, bool by_service = false) {
    const Item key{{"pk", AttributeValue::string(pk)}};
    auto result = store_->write(ItemWrite{&table, &key,
                                          [&](const StoredItem&) {
                                            return item ? Decision::put(*item) : Decision::erase();
                                          },
                                          by_service});
    ASSERT_TRUE(result.is_ok()) << result.status().to_string();
  }

  std::vector<Seen> records(std::uint64_t from = 0) {
    std::vector<Seen> out;
    auto s = store_->read_stream(kStream, from, UINT64_MAX, [&](std::uint64_t sequence, std::string_view bytes) {
      auto record = decode_stream_record(bytes);
      EXPECT_TRUE(record.is_ok());
      out.push_back({sequence, record->event, record->by_service, std::string(record->keys),
                     std::string(record->old_image), std::string(record->new_image)});
      return true;
    });
    EXPECT_TRUE(s.is_ok()) << s.to_string();
    return out;
  }

  static std::string encoded(const Item& item) {
    std::string out;
    model::encode_item(item, out);
    return out;
  }

  std::unique_ptr<storage::KvEngine> engine_;
  std::unique_ptr<ItemStore> store_;
};

TEST_F(ChangeLogTest, EveryChangeHasItsRecordAndAnUnchangedItemNone) {
  const auto table = streamed(true, true);
  write(table, "a", item_of("a", "1"));
  write(table, "a", item_of("a", "2"));
  write(table, "a", item_of("a", "2"));  // the same item again: no record
  write(table, "a", std::nullopt);
  write(table, "absent", std::nullopt);  // deleting nothing: no record
  const auto seen = records();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].event, StreamEvent::kInsert);
  EXPECT_EQ(seen[0].old_image, "");
  EXPECT_EQ(seen[0].new_image, encoded(item_of("a", "1")));
  EXPECT_EQ(seen[0].keys, encoded({{"pk", AttributeValue::string("a")}}));
  EXPECT_EQ(seen[1].event, StreamEvent::kModify);
  EXPECT_EQ(seen[1].old_image, encoded(item_of("a", "1")));
  EXPECT_EQ(seen[1].new_image, encoded(item_of("a", "2")));
  EXPECT_EQ(seen[2].event, StreamEvent::kRemove);
  EXPECT_EQ(seen[2].new_image, "");
  EXPECT_EQ(std::vector<std::uint64_t>({seen[0].sequence, seen[1].sequence, seen[2].sequence}),
            (std::vector<std::uint64_t>{1, 2, 3}));
}

TEST_F(ChangeLogTest, TheViewTypeDecidesWhichImagesAreKept) {
  for (auto [old_image, new_image] : {std::pair{false, false}, {true, false}, {false, true}}) {
    SetUp();
    const auto table = streamed(old_image, new_image);
    write(table, "a", item_of("a", "1"));
    write(table, "a", item_of("a", "2"));
    const auto seen = records();
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[1].old_image.empty(), !old_image);
    EXPECT_EQ(seen[1].new_image.empty(), !new_image);
    EXPECT_FALSE(seen[1].keys.empty());
  }
}

TEST_F(ChangeLogTest, ServiceDeletionsAreMarked) {
  const auto table = streamed(true, true);
  write(table, "a", item_of("a", "1"));
  write(table, "a", std::nullopt, /*by_service=*/true);
  const auto seen = records();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_FALSE(seen[0].by_service);
  EXPECT_TRUE(seen[1].by_service);
}

TEST_F(ChangeLogTest, AClosedStreamGetsNoMoreRecordsAndItsEndIsTheNextNumber) {
  const auto table = streamed(false, true);
  write(table, "a", item_of("a", "1"));
  auto end = store_->close_stream(kStream);
  ASSERT_TRUE(end.is_ok());
  EXPECT_EQ(end.value(), 2u);
  write(table, "a", item_of("a", "2"));  // the write itself goes through
  EXPECT_EQ(records().size(), 1u);
  EXPECT_EQ(store_->get(table, {{"pk", AttributeValue::string("a")}}).value(), item_of("a", "2"));
}

TEST_F(ChangeLogTest, SequenceNumbersContinueAfterAReopen) {
  testutil::TempDir dir;
  const auto table = streamed(false, true);
  {
    engine_ = testutil::open_engine_at(dir.path());
    store_ = std::make_unique<ItemStore>(*engine_);
    write(table, "a", item_of("a", "1"));
    write(table, "b", item_of("b", "1"));
  }
  store_.reset();
  engine_.reset();
  engine_ = testutil::open_engine_at(dir.path());
  store_ = std::make_unique<ItemStore>(*engine_);
  write(table, "c", item_of("c", "1"));
  const auto seen = records();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[2].sequence, 3u);
  EXPECT_EQ(store_->first_stream_record(kStream).value(), std::optional<std::uint64_t>(1));
  ASSERT_TRUE(store_->trim_stream(kStream, 3).is_ok());
  EXPECT_EQ(store_->first_stream_record(kStream).value(), std::optional<std::uint64_t>(3));
}

TEST(StreamSequencerTest, ReadersStopBelowTheOldestNumberStillInFlight) {
  auto engine = testutil::open_in_memory_engine();
  StreamSequencer sequencer(*engine);
  const auto a = sequencer.acquire(7).value().value();
  const auto b = sequencer.acquire(7).value().value();
  const auto c = sequencer.acquire(7).value().value();
  EXPECT_EQ(sequencer.position(7).value().readable_end, a);
  sequencer.release(7, b);  // b committed first: a may still land below it
  EXPECT_EQ(sequencer.position(7).value().readable_end, a);
  sequencer.release(7, a);
  EXPECT_EQ(sequencer.position(7).value().readable_end, c);
  sequencer.release(7, c);
  EXPECT_EQ(sequencer.position(7).value().readable_end, c + 1);
  EXPECT_EQ(sequencer.position(7).value().next, c + 1);
  EXPECT_EQ(sequencer.position(8).value().next, 1u);  // streams are independent
}

TEST_F(ChangeLogTest, TheExpiryIndexFollowsTheTtlAttribute) {
  TableSchema table = streamed(false, false);
  table.stream.reset();
  table.ttl = TtlTarget{kTtlIndex, "exp"};
  auto with_expiry = [](const std::string& pk, AttributeValue exp) {
    Item item = item_of(pk, "x");
    item["exp"] = std::move(exp);
    return item;
  };
  write(table, "soon", with_expiry("soon", AttributeValue::number("100.9")));
  write(table, "later", with_expiry("later", AttributeValue::number("500")));
  write(table, "text", with_expiry("text", AttributeValue::string("100")));  // not a Number: never expires
  write(table, "negative", with_expiry("negative", AttributeValue::number("-5")));
  write(table, "none", item_of("none", "x"));
  auto keys_between = [&](std::uint64_t from, std::uint64_t to) {
    std::vector<std::string> pks;
    auto keys = store_->expiring_items(table, from, to, 100);
    EXPECT_TRUE(keys.is_ok()) << keys.status().to_string();
    for (const auto& key : keys->keys) pks.push_back(key.at("pk").scalar());
    return pks;
  };
  EXPECT_EQ(keys_between(0, 100), std::vector<std::string>{"soon"});  // whole seconds: 100.9 -> 100
  EXPECT_EQ(keys_between(0, UINT64_MAX), (std::vector<std::string>{"soon", "later"}));
  EXPECT_EQ(keys_between(101, 499), std::vector<std::string>{});
  // A change of the attribute moves the entry; removing it or the item drops it.
  write(table, "soon", with_expiry("soon", AttributeValue::number("600")));
  EXPECT_EQ(keys_between(0, 599), std::vector<std::string>{"later"});
  write(table, "later", item_of("later", "no exp"));
  write(table, "soon", std::nullopt);
  EXPECT_EQ(keys_between(0, UINT64_MAX), std::vector<std::string>{});
}

}  // namespace
}  // namespace dynastore::partition
