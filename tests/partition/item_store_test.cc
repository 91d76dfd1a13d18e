#include "dynastore/partition/item_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "dynastore/model/item_codec.h"
#include "dynastore/model/item_size.h"
#include "dynastore/model/key_codec.h"
#include "dynastore/model/number.h"

#include "testutil/engine.h"

namespace dynastore::partition {
namespace {

using model::AttributeType;
using model::AttributeValue;
using model::Item;

std::unique_ptr<storage::KvEngine> open_engine() { return testutil::open_in_memory_engine(); }

// Table 7: pk (S) + sk (N).
TableSchema composite_table() {
  TableSchema table;
  table.table_id = 7;
  table.key_schema.hash = {"pk", model::ScalarType::kString};
  table.key_schema.range = model::KeyAttribute{"sk", model::ScalarType::kNumber};
  return table;
}

// Table 8: id (B) only.
TableSchema hash_table() {
  TableSchema table;
  table.table_id = 8;
  table.key_schema.hash = {"id", model::ScalarType::kBinary};
  return table;
}

Item key_of(const std::string& pk, const std::string& sk) {
  return {{"pk", AttributeValue::string(pk)}, {"sk", AttributeValue::number(sk)}};
}

Item item_of(const std::string& pk, const std::string& sk, const std::string& payload) {
  Item item = key_of(pk, sk);
  item["payload"] = AttributeValue::string(payload);
  item["set"] = AttributeValue::set(AttributeType::kNumberSet, {"1", "2.5"});
  return item;
}

std::int64_t size_of(const Item& item) { return static_cast<std::int64_t>(model::item_size(item)); }

class ItemStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    engine_ = open_engine();
    ASSERT_NE(engine_, nullptr);
    store_ = std::make_unique<ItemStore>(*engine_);
  }

  std::optional<Item> get(const Item& key, const TableSchema& table = composite_table()) {
    auto got = store_->get(table, key);
    EXPECT_TRUE(got.is_ok()) << got.status().to_string();
    return got.is_ok() ? got.value() : std::nullopt;
  }

  // Runs `decide` on one item; the outcome, or an error status.
  Result<ItemOutcome> mutate(const TableSchema& table, const Item& key, Decide decide) {
    return store_->write(ItemWrite{&table, &key, std::move(decide)});
  }

  // The previous item, decoded; checks the size it was reported with.
  static std::optional<Item> previous(const Result<ItemOutcome>& outcome) {
    EXPECT_TRUE(outcome.is_ok()) << outcome.status().to_string();
    if (!outcome.is_ok() || !outcome->old_item) return std::nullopt;
    EXPECT_EQ(outcome->old_item.size(), model::item_size(*outcome->old_item));
    return *outcome->old_item;
  }

  std::optional<Item> put(Item item, const TableSchema& table = composite_table()) {
    const Item key = key_attributes(table, item);
    return previous(mutate(table, key, [&item](const StoredItem&) { return Decision::put(item); }));
  }

  std::optional<Item> erase(const Item& key, const TableSchema& table = composite_table()) {
    return previous(mutate(table, key, [](const StoredItem&) { return Decision::erase(); }));
  }

  TableStats stats(const TableSchema& table = composite_table()) {
    auto s = store_->stats_of(table.table_id);
    EXPECT_TRUE(s.is_ok()) << s.status().to_string();
    return s.is_ok() ? s.value() : TableStats{-999, -999};
  }

  static Item key_attributes(const TableSchema& table, const Item& item) {
    Item key;
    key.emplace(table.key_schema.hash.name, item.at(table.key_schema.hash.name));
    if (table.key_schema.range) key.emplace(table.key_schema.range->name, item.at(table.key_schema.range->name));
    return key;
  }

  std::unique_ptr<storage::KvEngine> engine_;
  std::unique_ptr<ItemStore> store_;
};

TEST_F(ItemStoreTest, GetOfAbsentItemIsNullopt) { EXPECT_EQ(get(key_of("a", "1")), std::nullopt); }

TEST_F(ItemStoreTest, PutThenGetReturnsTheItem) {
  const Item item = item_of("a", "1", "hello");
  EXPECT_EQ(put(item), std::nullopt);
  EXPECT_EQ(get(key_of("a", "1")), item);
  // The sort key is part of the identity.
  EXPECT_EQ(get(key_of("a", "2")), std::nullopt);
  EXPECT_EQ(get(key_of("b", "1")), std::nullopt);
}

TEST_F(ItemStoreTest, PutReturnsTheItemItReplaced) {
  const Item first = item_of("a", "1", "first");
  const Item second = item_of("a", "1", "second");
  EXPECT_EQ(put(first), std::nullopt);
  EXPECT_EQ(put(second), first);
  EXPECT_EQ(get(key_of("a", "1")), second);
}

TEST_F(ItemStoreTest, PutReplacesTheWholeItem) {
  Item with_extra = item_of("a", "1", "x");
  with_extra["extra"] = AttributeValue::boolean(true);
  put(with_extra);
  put(key_of("a", "1"));
  const auto got = get(key_of("a", "1"));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, key_of("a", "1"));
}

TEST_F(ItemStoreTest, EraseReturnsTheOldItemAndRemovesIt) {
  const Item item = item_of("a", "1", "x");
  put(item);
  EXPECT_EQ(erase(key_of("a", "1")), item);
  EXPECT_EQ(get(key_of("a", "1")), std::nullopt);
  EXPECT_EQ(erase(key_of("a", "1")), std::nullopt);
}

TEST_F(ItemStoreTest, NumericSortKeysMatchByValue) {
  put(item_of("a", "1.5", "x"));
  // Keys arrive canonical from the wire; equal values share one item.
  EXPECT_TRUE(get(key_of("a", model::Number::parse("1.50")->to_string())).has_value());
}

TEST_F(ItemStoreTest, HashOnlyTablesWork) {
  const auto table = hash_table();
  const Item key{{"id", AttributeValue::binary(std::string("\0\xFF", 2))}};
  Item item = key;
  item["v"] = AttributeValue::number("3");
  EXPECT_EQ(put(item, table), std::nullopt);
  EXPECT_EQ(get(key, table), item);
  EXPECT_EQ(get(Item{{"id", AttributeValue::binary(std::string("\0", 1))}}, table), std::nullopt);
  EXPECT_EQ(erase(key, table), item);
}

TEST_F(ItemStoreTest, StatsStartAtZero) {
  const TableStats s = stats();
  EXPECT_EQ(s.item_count, 0);
  EXPECT_EQ(s.size_bytes, 0);
}

TEST_F(ItemStoreTest, StatsFollowPutsOverwritesAndDeletesExactly) {
  const Item a = item_of("a", "1", "short");
  const Item b = item_of("b", "2", std::string(1000, 'x'));
  const Item a2 = item_of("a", "1", std::string(300, 'y'));

  put(a);
  EXPECT_EQ(stats().item_count, 1);
  EXPECT_EQ(stats().size_bytes, size_of(a));

  put(b);
  EXPECT_EQ(stats().item_count, 2);
  EXPECT_EQ(stats().size_bytes, size_of(a) + size_of(b));

  put(a2);  // overwrite: count unchanged, size replaced
  EXPECT_EQ(stats().item_count, 2);
  EXPECT_EQ(stats().size_bytes, size_of(a2) + size_of(b));

  erase(key_of("b", "2"));
  EXPECT_EQ(stats().item_count, 1);
  EXPECT_EQ(stats().size_bytes, size_of(a2));

  erase(key_of("nobody", "0"));  // deleting nothing changes nothing
  EXPECT_EQ(stats().item_count, 1);
  EXPECT_EQ(stats().size_bytes, size_of(a2));

  erase(key_of("a", "1"));
  EXPECT_EQ(stats().item_count, 0);
  EXPECT_EQ(stats().size_bytes, 0);
}

TEST_F(ItemStoreTest, StatsAreKeptPerTable) {
  const auto other = hash_table();
  Item in_other{{"id", AttributeValue::binary("k")}, {"v", AttributeValue::string("value")}};
  put(item_of("a", "1", "x"));
  put(in_other, other);
  EXPECT_EQ(stats().item_count, 1);
  EXPECT_EQ(stats(other).item_count, 1);
  EXPECT_EQ(stats(other).size_bytes, size_of(in_other));
  // And they live at the table's prefix in the stats column.
  auto counters = engine_->get_counters(storage::Column::kStats, model::table_prefix(other.table_id));
  ASSERT_TRUE(counters.is_ok());
  EXPECT_EQ(counters->first, 1);
}

TEST_F(ItemStoreTest, KeepWritesNothingAndReturnsCurrent) {
  const Item item = item_of("a", "1", "x");
  put(item);
  auto result = mutate(composite_table(), key_of("a", "1"), [&](const StoredItem& current) {
    EXPECT_EQ(*current, item);
    return Decision::keep();
  });
  ASSERT_TRUE(result.is_ok());
  EXPECT_EQ(result->decision.kind(), Decision::Kind::kKeep);
  EXPECT_EQ(*result->old_item, item);
  EXPECT_EQ(result->old_item.size(), static_cast<std::size_t>(size_of(item)));
  EXPECT_EQ(get(key_of("a", "1")), item);
  EXPECT_EQ(stats().size_bytes, size_of(item));
}

TEST_F(ItemStoreTest, KeepOnAbsentItemCreatesNothing) {
  auto result = mutate(composite_table(), key_of("a", "1"), [](const StoredItem& current) {
    EXPECT_FALSE(current.has_value());
    return Decision::keep();
  });
  ASSERT_TRUE(result.is_ok());
  EXPECT_FALSE(result->old_item.has_value());
  EXPECT_EQ(result->old_item.size(), 0u);
  EXPECT_EQ(get(key_of("a", "1")), std::nullopt);
  EXPECT_EQ(stats().item_count, 0);
}

TEST_F(ItemStoreTest, FailedConditionOrInvalidDecisionWritesNothing) {
  const Item item = item_of("a", "1", "x");
  put(item);
  for (auto decision : {Decision::condition_failed(), Decision::invalid("cannot apply")}) {
    auto result = mutate(composite_table(), key_of("a", "1"), [&](const StoredItem&) { return decision; });
    ASSERT_TRUE(result.is_ok()) << result.status().to_string();
    EXPECT_EQ(result->decision.kind(), decision.kind());
    EXPECT_EQ(result->decision.message(), decision.message());
    EXPECT_EQ(*result->old_item, item);  // the item the decision saw, for ReturnValuesOnConditionCheckFailure
    EXPECT_EQ(get(key_of("a", "1")), item);
    EXPECT_EQ(stats().item_count, 1);
    EXPECT_EQ(stats().size_bytes, size_of(item));
  }
}

TEST_F(ItemStoreTest, PutAndDeleteReturnThePreviousItem) {
  const Item created = item_of("a", "1", "created");
  auto put_result = mutate(composite_table(), key_of("a", "1"), [&](const StoredItem&) { return Decision::put(created); });
  ASSERT_TRUE(put_result.is_ok());
  EXPECT_FALSE(put_result->old_item.has_value());
  EXPECT_EQ(put_result->decision.new_item(), created);
  EXPECT_EQ(get(key_of("a", "1")), created);

  auto delete_result = mutate(composite_table(), key_of("a", "1"), [](const StoredItem&) { return Decision::erase(); });
  ASSERT_TRUE(delete_result.is_ok());
  ASSERT_TRUE(delete_result->old_item.has_value());
  EXPECT_EQ(*delete_result->old_item, created);
  EXPECT_EQ(delete_result->old_item.size(), static_cast<std::size_t>(size_of(created)));
  EXPECT_EQ(get(key_of("a", "1")), std::nullopt);
  EXPECT_EQ(stats().item_count, 0);
  EXPECT_EQ(stats().size_bytes, 0);
}

TEST_F(ItemStoreTest, ADecisionBuildsItsOwnNewItem) {
  put(item_of("a", "1", "before"));
  auto result = mutate(composite_table(), key_of("a", "1"), [](const StoredItem& current) {
    Item updated = *current;  // the request's data stays untouched: the decision can run again
    updated["payload"] = AttributeValue::string("after");
    return Decision::put_new(std::move(updated));
  });
  ASSERT_TRUE(result.is_ok());
  EXPECT_EQ(result->decision.new_item().at("payload").scalar(), "after");
  EXPECT_EQ(get(key_of("a", "1"))->at("payload").scalar(), "after");
  EXPECT_EQ(result->old_item->at("payload").scalar(), "before");
}

TEST_F(ItemStoreTest, ConcurrentIncrementsLoseNoUpdate) {
  constexpr int kThreads = 8;
  constexpr int kIncrements = 500;
  const auto table = composite_table();
  const Item key = key_of("counter", "0");
  Item initial = key;
  initial["n"] = AttributeValue::number("0");
  put(initial);

  const model::Number one = model::Number::from_int64(1);
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kIncrements; ++i) {
        auto result = mutate(table, key, [&](const StoredItem& current) {
          if (!current) return Decision::invalid("item vanished");
          auto n = model::Number::parse(current->at("n").scalar());
          if (!n.is_ok()) return Decision::invalid(n.status().to_string());
          auto sum = model::Number::add(n.value(), one);
          if (!sum.is_ok()) return Decision::invalid(sum.status().to_string());
          Item next = *current;
          next["n"] = AttributeValue::number(sum->to_string());
          return Decision::put_new(std::move(next));
        });
        if (!result.is_ok() || result->decision.kind() != Decision::Kind::kPut) ++failures[static_cast<std::size_t>(t)];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int f : failures) EXPECT_EQ(f, 0);

  const auto final_item = get(key);
  ASSERT_TRUE(final_item.has_value());
  EXPECT_EQ(final_item->at("n").scalar(), std::to_string(kThreads * kIncrements));
  EXPECT_EQ(stats().item_count, 1);
  EXPECT_EQ(stats().size_bytes, size_of(*final_item));
}

TEST_F(ItemStoreTest, StorageKeyIsTheEncodedItemKey) {
  const auto table = composite_table();
  const Item item = item_of("p", "42", "x");
  std::string expected;
  const AttributeValue sk = AttributeValue::number("42");
  model::encode_item_key(table.table_id, AttributeValue::string("p"), &sk, expected);
  EXPECT_EQ(ItemStore::storage_key(table, item), expected);
  EXPECT_EQ(ItemStore::storage_key(table, key_of("p", "42")), expected);
}

Item decoded(std::string_view encoded) {
  auto item = model::decode_item(encoded);
  EXPECT_TRUE(item.is_ok()) << item.status().to_string();
  return item.is_ok() ? std::move(item).value() : Item();
}

TEST_F(ItemStoreTest, QueryVisitsOnePartitionInSortKeyOrderBothWays) {
  const auto table = composite_table();
  for (const char* sk : {"10", "-5", "2", "0", "1.5"}) put(item_of("p", sk, sk));
  put(item_of("other-partition", "1", "x"));
  expr::KeyCondition keys;
  keys.partition_values = {AttributeValue::string("p")};
  for (bool forward : {true, false}) {
    std::vector<std::string> seen;
    ASSERT_TRUE(store_->query({{&table, nullptr}, &keys, forward, nullptr}, [&](std::string_view, std::string_view encoded) {
                      seen.push_back(decoded(encoded).at("sk").scalar());
                      return true;
                    }).is_ok());
    std::vector<std::string> expected{"-5", "0", "1.5", "2", "10"};
    if (!forward) std::reverse(expected.begin(), expected.end());
    EXPECT_EQ(seen, expected);
  }
}

TEST_F(ItemStoreTest, ScanStopsWhenTheVisitorSaysSo) {
  for (const char* sk : {"1", "2", "3", "4"}) put(item_of("p", sk, sk));
  const auto table = composite_table();
  int visited = 0;
  ASSERT_TRUE(store_->scan({{&table, nullptr}, 0, 1, nullptr},
                           [&](std::string_view, std::string_view) { return ++visited < 2; })
                  .is_ok());
  EXPECT_EQ(visited, 2);
}

TEST_F(ItemStoreTest, AQueryWhoseRangeIsEmptyVisitsNothing) {
  put(item_of("p", "1", "x"));
  const auto table = composite_table();
  int visited = 0;
  auto count = [&](std::string_view, std::string_view) {
    ++visited;
    return true;
  };
  expr::KeyCondition inverted;
  inverted.partition_values = {AttributeValue::string("p")};
  inverted.sort = expr::SortKeyCondition{expr::SortKeyOp::kBetween, AttributeValue::number("5"), AttributeValue::number("1")};
  EXPECT_TRUE(store_->query({{&table, nullptr}, &inverted, true, nullptr}, count).is_ok());
  expr::KeyCondition below;
  below.partition_values = {AttributeValue::string("p")};
  below.sort = expr::SortKeyCondition{expr::SortKeyOp::kLt, AttributeValue::number("1"), {}};
  EXPECT_TRUE(store_->query({{&table, nullptr}, &below, true, nullptr}, count).is_ok());
  EXPECT_EQ(visited, 0);
}

TEST_F(ItemStoreTest, ScanDoesNotSeeWritesMadeDuringIt) {
  for (const char* sk : {"1", "2", "3"}) put(item_of("p", sk, sk));
  const auto table = composite_table();
  int visited = 0;
  ASSERT_TRUE(store_->scan({{&table, nullptr}, 0, 1, nullptr},
                           [&](std::string_view, std::string_view) {
                             if (visited == 0) {
                               put(item_of("p", "2.5", "late"));
                               erase(key_of("p", "3"));
                             }
                             ++visited;
                             return visited < 100;
                           })
                  .is_ok());
  EXPECT_EQ(visited, 3);
}

TEST_F(ItemStoreTest, CorruptStoredItemIsReportedNotCrashed) {
  const auto table = composite_table();
  storage::WriteBatch batch;
  batch.put(storage::Column::kItems, ItemStore::storage_key(table, key_of("bad", "1")), "\x01\x05garbage");
  ASSERT_TRUE(engine_->write(batch).is_ok());
  auto got = store_->get(table, key_of("bad", "1"));
  ASSERT_FALSE(got.is_ok());
  EXPECT_EQ(got.status().code(), StatusCode::kCorruption);
  auto erased = mutate(table, key_of("bad", "1"), [](const StoredItem&) { return Decision::erase(); });
  ASSERT_FALSE(erased.is_ok());
  EXPECT_EQ(erased.status().code(), StatusCode::kCorruption);
}

// ---- Secondary indexes and item collections ---------------------------------------------------

namespace {

// Table 9: pk (S) + sk (N), an LSI on "total" (N) projecting ALL, and a GSI on "g" (S).
TableSchema indexed_table() {
  TableSchema table = composite_table();
  table.table_id = 9;
  MaintainedIndex lsi;
  lsi.schema.name = "by-total";
  lsi.schema.kind = model::IndexKind::kLocal;
  lsi.schema.index_id = 10;
  lsi.schema.hash_keys = {{"pk", model::ScalarType::kString}};
  lsi.schema.range_keys = {{"total", model::ScalarType::kNumber}};
  MaintainedIndex gsi;
  gsi.schema.name = "by-g";
  gsi.schema.index_id = 11;
  gsi.schema.hash_keys = {{"g", model::ScalarType::kString}};
  gsi.schema.projection = model::ProjectionType::kKeysOnly;
  table.indexes = {lsi, gsi};
  return table;
}

}  // namespace

TEST_F(ItemStoreTest, IndexEntriesFollowTheItemInTheSameWrite) {
  const auto table = indexed_table();
  Item item = key_of("a", "1");
  item["total"] = AttributeValue::number("5");
  item["g"] = AttributeValue::string("x");
  put(item, table);
  auto gsi = store_->stats_of(11);
  ASSERT_TRUE(gsi.is_ok());
  EXPECT_EQ(gsi->item_count, 1);
  // Dropping the GSI key attribute removes the entry (sparse index); the LSI keeps its one.
  item.erase("g");
  put(item, table);
  EXPECT_EQ(store_->stats_of(11)->item_count, 0);
  EXPECT_EQ(store_->stats_of(10)->item_count, 1);
  erase(key_of("a", "1"), table);
  EXPECT_EQ(store_->stats_of(10)->item_count, 0);
}

TEST_F(ItemStoreTest, ItemCollectionSizeCountsItemsAndLocalIndexEntries) {
  const auto table = indexed_table();
  Item item = key_of("a", "1");
  item["total"] = AttributeValue::number("5");
  put(item, table);
  auto size = store_->item_collection_size(table.table_id, AttributeValue::string("a"));
  ASSERT_TRUE(size.is_ok());
  // The item and its LSI entry (ALL projection: the same attributes).
  EXPECT_EQ(size.value(), 2 * size_of(item));
  EXPECT_EQ(store_->item_collection_size(table.table_id, AttributeValue::string("b")).value(), 0);
  erase(key_of("a", "1"), table);
  EXPECT_EQ(store_->item_collection_size(table.table_id, AttributeValue::string("a")).value(), 0);
}

TEST_F(ItemStoreTest, WriteBeyondTheItemCollectionLimitFailsAndWritesNothing) {
  const auto table = indexed_table();
  store_->test_set_item_collection_limit(600);
  Item item = key_of("a", "1");
  item["total"] = AttributeValue::number("5");
  item["payload"] = AttributeValue::string(std::string(100, 'p'));
  put(item, table);  // about 2 x 125 bytes
  Item second = item;
  second["sk"] = AttributeValue::number("2");
  put(second, table);  // about 500 bytes in all
  Item third = item;
  third["sk"] = AttributeValue::number("3");
  const Item third_key = key_of("a", "3");
  auto failed = mutate(table, third_key, [&](const StoredItem&) { return Decision::put(third); });
  ASSERT_FALSE(failed.is_ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(get(key_of("a", "3"), table), std::nullopt);
  // Other partitions have their own collections; shrinking is always allowed.
  Item other = third;
  other["pk"] = AttributeValue::string("b");
  put(other, table);
  erase(key_of("a", "1"), table);
  EXPECT_TRUE(mutate(table, third_key, [&](const StoredItem&) { return Decision::put(third); }).is_ok());
}

}  // namespace
}  // namespace dynastore::partition
