#include "dynastore/index/backfiller.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "dynastore/catalog/table_status.h"
#include "dynastore/model/index_schema.h"
#include "dynastore/model/item_codec.h"

#include "testutil/store.h"

namespace dynastore::index {
namespace {

using model::AttributeValue;
using model::Item;

constexpr int kItems = 2500;  // three backfill steps of kItemsPerStep
static_assert(kItems > 2 * Backfiller::kItemsPerStep);

Item item_of(int i) {
  Item item{{"pk", AttributeValue::string("item-" + std::to_string(i))}, {"n", AttributeValue::number(std::to_string(i))}};
  if (i % 5 != 0) item["g"] = AttributeValue::string("group-" + std::to_string(i % 7));  // every 5th is not indexed
  return item;
}

class BackfillerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(store_.open("t", "pk"));
    for (int i = 0; i < kItems; ++i) put(item_of(i));
  }

  catalog::TablePtr table() const { return store_.table(); }
  void put(const Item& item) { store_.put(item); }

  void add_index() {
    auto added = store_.catalog->update("t", [](catalog::TableInfo& info) {
      catalog::IndexInfo index;
      index.schema.name = "by-g";
      index.schema.hash_keys = {{"g", model::ScalarType::kString}};
      index.schema.range_keys = {{"n", model::ScalarType::kNumber}};
      catalog::add_global_index(info, std::move(index), {}, 0);
      return Status::ok();
    });
    ASSERT_TRUE(added.is_ok()) << added.status().to_string();
  }

  const catalog::IndexInfo& index() const { return *table_->find_index("by-g"); }

  // Every entry of the index, by the item's "pk".
  std::map<std::string, Item> entries() {
    table_ = table();
    std::map<std::string, Item> out;
    auto s = store_.items->scan({{table_->write_schema.get(), &index().schema}, 0, 1, nullptr},
                          [&](std::string_view, std::string_view encoded) {
                            auto item = model::decode_item(encoded);
                            EXPECT_TRUE(item.is_ok());
                            out.emplace(item->at("pk").scalar(), std::move(item).value());
                            return true;
                          });
    EXPECT_TRUE(s.is_ok()) << s.to_string();
    return out;
  }

  // Every item has exactly its entry, and the index's statistics agree.
  void expect_index_matches_table(const std::map<int, Item>& changed = {}) {
    const auto indexed = entries();
    std::size_t expected = 0;
    for (int i = 0; i < kItems; ++i) {
      const Item item = changed.count(i) ? changed.at(i) : item_of(i);
      const auto it = indexed.find(item.at("pk").scalar());
      if (!item.count("g")) {
        EXPECT_EQ(it, indexed.end()) << i;
        continue;
      }
      ++expected;
      ASSERT_NE(it, indexed.end()) << i;
      EXPECT_EQ(it->second, item) << i;  // projection ALL
    }
    EXPECT_EQ(indexed.size(), expected);
    EXPECT_EQ(store_.items->stats_of(index().schema.index_id)->item_count, static_cast<std::int64_t>(expected));
  }

  testutil::TestStore store_;
  catalog::TablePtr table_;
};

TEST_F(BackfillerTest, IndexesEveryExistingItemInStepsAndThenTheIndexIsActive) {
  add_index();
  Backfiller backfiller(*store_.catalog, *store_.items);
  int steps = 0;
  while (backfiller.run_once() && steps < 10) {
    ++steps;
    table_ = table();
    if (index().backfilling) {
      EXPECT_EQ(index().status, catalog::IndexStatus::kCreating);
      EXPECT_FALSE(index().backfill_resume_key.empty());  // progress persisted in the catalog
    }
  }
  EXPECT_EQ(steps, 3);
  table_ = table();
  EXPECT_FALSE(index().backfilling);
  EXPECT_EQ(index().status, catalog::IndexStatus::kActive);
  expect_index_matches_table();
  EXPECT_FALSE(backfiller.run_once());  // nothing left to do
}

TEST_F(BackfillerTest, WritesDuringTheBackfillKeepTheIndexExact) {
  add_index();
  Backfiller backfiller(*store_.catalog, *store_.items);
  ASSERT_TRUE(backfiller.run_once());  // some items indexed, most not yet
  std::map<int, Item> changed;
  for (int i : {1, 2, 3, 1500, 2499}) {  // before and after the resume key
    Item item = item_of(i);
    item["g"] = AttributeValue::string("moved");
    item["extra"] = AttributeValue::boolean(true);
    put(item);
    changed[i] = item;
  }
  Item unindexed = item_of(7);
  unindexed.erase("g");  // its entry, if any, must go
  put(unindexed);
  changed[7] = unindexed;
  for (int i = 0; i < 10 && backfiller.run_once(); ++i) {
  }
  expect_index_matches_table(changed);
}

TEST_F(BackfillerTest, AStepRepeatedAfterACrashCountsNothingTwice) {
  add_index();
  partition::SchemaPtr schema = table()->write_schema;
  auto first = store_.items->backfill(*schema, "by-g", "", 1000);
  ASSERT_TRUE(first.is_ok());
  EXPECT_GT(first->indexed, 0u);
  // The catalog did not learn of the step (a crash before it was saved): the
  // step runs again from the start.
  auto again = store_.items->backfill(*schema, "by-g", "", 1000);
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(again->indexed, 0u);
  EXPECT_EQ(again->last_key, first->last_key);
  Backfiller backfiller(*store_.catalog, *store_.items);
  for (int i = 0; i < 10 && backfiller.run_once(); ++i) {
  }
  expect_index_matches_table();
}

TEST_F(BackfillerTest, ATableOrIndexGoneMeanwhileEndsTheWorkQuietly) {
  add_index();
  const partition::SchemaPtr schema = table()->write_schema;
  ASSERT_TRUE(store_.catalog->update("t", [](catalog::TableInfo& info) {
                        catalog::remove_global_index(info, "by-g", {}, 0);
                        return Status::ok();
                      }).is_ok());
  auto step = store_.items->backfill(*schema, "by-g", "", 10);
  ASSERT_FALSE(step.is_ok());
  EXPECT_EQ(step.status().code(), StatusCode::kNotFound);
  Backfiller backfiller(*store_.catalog, *store_.items);
  EXPECT_FALSE(backfiller.run_once());

  add_index();
  const partition::SchemaPtr again = table()->write_schema;
  ASSERT_TRUE(store_.catalog->drop("t").is_ok());
  auto dropped = store_.items->backfill(*again, "by-g", "", 10);
  ASSERT_FALSE(dropped.is_ok());
  EXPECT_EQ(dropped.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(backfiller.run_once());
}

}  // namespace
}  // namespace dynastore::index
