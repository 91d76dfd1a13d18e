// ItemStore::write of many items: all or nothing, an outcome per item, one
// engine write, stripes shared by two keys, the latest schema, hooks.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "dynastore/model/item_codec.h"
#include "dynastore/model/item_size.h"
#include "dynastore/model/key_codec.h"
#include "dynastore/model/number.h"
#include "dynastore/partition/item_store.h"
#include "partition/stripe_locks.h"

#include "testutil/engine.h"
#include "testutil/forwarding_engine.h"

namespace dynastore::partition {
namespace {

using model::AttributeValue;
using model::Item;

// Forwards to a real engine and counts the batches written.
class CountingEngine final : public testutil::ForwardingEngine {
 public:
  using ForwardingEngine::ForwardingEngine;

  Status write(const storage::WriteBatch& batch) override {
    ++writes;
    return ForwardingEngine::write(batch);
  }

  std::atomic<int> writes{0};
};

// A schema source whose answer a test sets.
class TestSchemas final : public SchemaSource {
 public:
  SchemaPtr latest_schema(std::uint32_t table_id) const override {
    for (const auto& schema : schemas) {
      if (schema->table_id == table_id) return schema;
    }
    return nullptr;
  }
  std::vector<SchemaPtr> schemas;
};

TableSchema table_with_id(std::uint32_t id) {
  TableSchema table;
  table.table_id = id;
  table.key_schema.hash = {"pk", model::ScalarType::kString};
  return table;
}

Item key_of(const std::string& pk) { return {{"pk", AttributeValue::string(pk)}}; }

Item item_of(const std::string& pk, std::int64_t n) {
  Item item = key_of(pk);
  item["n"] = AttributeValue::number(std::to_string(n));
  return item;
}

std::int64_t n_of(const Item& item) { return std::stoll(item.at("n").scalar()); }

class MultiItemWriteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto engine = testutil::open_in_memory_engine();
    ASSERT_NE(engine, nullptr);
    engine_ = std::make_unique<CountingEngine>(std::move(engine));
    store_ = std::make_unique<ItemStore>(*engine_);
  }

  std::optional<Item> get(const TableSchema& table, const std::string& pk) {
    auto got = store_->get(table, key_of(pk));
    EXPECT_TRUE(got.is_ok()) << got.status().to_string();
    return got.is_ok() ? got.value() : std::nullopt;
  }

  void put(const TableSchema& table, const Item& item) {
    const Item key = key_of(item.at("pk").scalar());
    auto result = store_->write(ItemWrite{&table, &key, [&](const StoredItem&) { return Decision::put(item); }});
    ASSERT_TRUE(result.is_ok()) << result.status().to_string();
  }

  TableStats stats(std::uint32_t id) { return store_->stats_of(id).value(); }

  std::unique_ptr<CountingEngine> engine_;
  std::unique_ptr<ItemStore> store_;
  const TableSchema first_ = table_with_id(20);
  const TableSchema second_ = table_with_id(21);
};

TEST_F(MultiItemWriteTest, ItemsAcrossTablesCommitInOneEngineWrite) {
  put(first_, item_of("gone", 1));
  const int writes_before = engine_->writes;
  const Item a = item_of("a", 1), b = item_of("b", 2), c = item_of("c", 3);
  const Item ka = key_of("a"), kb = key_of("b"), kc = key_of("c"), kgone = key_of("gone");
  std::vector<ItemWrite> writes = {
      {&first_, &ka, [&](const StoredItem&) { return Decision::put(a); }},
      {&second_, &kb, [&](const StoredItem&) { return Decision::put(b); }},
      {&first_, &kgone, [](const StoredItem&) { return Decision::erase(); }},
      {&second_, &kc, [&](const StoredItem&) { return Decision::put(c); }},
  };
  auto result = store_->write(writes);
  ASSERT_TRUE(result.is_ok()) << result.status().to_string();
  EXPECT_TRUE(result->committed);
  ASSERT_EQ(result->outcomes.size(), 4u);
  EXPECT_EQ(result->outcomes[2].decision.kind(), Decision::Kind::kDelete);
  EXPECT_EQ(*result->outcomes[2].old_item, item_of("gone", 1));
  EXPECT_FALSE(result->outcomes[0].old_item.has_value());
  EXPECT_EQ(engine_->writes - writes_before, 1);
  EXPECT_EQ(get(first_, "a"), a);
  EXPECT_EQ(get(second_, "b"), b);
  EXPECT_EQ(get(second_, "c"), c);
  EXPECT_EQ(get(first_, "gone"), std::nullopt);
  // Each table's statistics, exact.
  EXPECT_EQ(stats(20).item_count, 1);
  EXPECT_EQ(stats(20).size_bytes, static_cast<std::int64_t>(model::item_size(a)));
  EXPECT_EQ(stats(21).item_count, 2);
  EXPECT_EQ(stats(21).size_bytes, static_cast<std::int64_t>(model::item_size(b) + model::item_size(c)));
}

TEST_F(MultiItemWriteTest, OneFailedItemCallsTheWholeWriteOffAndEveryItemSaysWhy) {
  put(first_, item_of("a", 1));
  put(first_, item_of("b", 2));
  const int writes_before = engine_->writes;
  const Item ka = key_of("a"), kb = key_of("b"), kc = key_of("c"), kd = key_of("d");
  const Item new_a = item_of("a", 10), new_c = item_of("c", 30);
  std::vector<ItemWrite> writes = {
      {&first_, &ka, [&](const StoredItem&) { return Decision::put(new_a); }},
      {&first_, &kb, [](const StoredItem& current) {
         return n_of(*current) == 99 ? Decision::erase() : Decision::condition_failed();
       }},
      {&first_, &kc, [&](const StoredItem&) { return Decision::put(new_c); }},
      {&first_, &kd, [](const StoredItem&) { return Decision::invalid("too big"); }},
  };
  auto result = store_->write(writes);
  ASSERT_TRUE(result.is_ok()) << result.status().to_string();
  EXPECT_FALSE(result->committed);
  ASSERT_EQ(result->outcomes.size(), 4u);
  EXPECT_EQ(result->outcomes[0].decision.kind(), Decision::Kind::kPut);
  EXPECT_EQ(result->outcomes[1].decision.kind(), Decision::Kind::kConditionFailed);
  EXPECT_EQ(*result->outcomes[1].old_item, item_of("b", 2));  // what the condition saw
  EXPECT_EQ(result->outcomes[2].decision.kind(), Decision::Kind::kPut);
  EXPECT_EQ(result->outcomes[3].decision.kind(), Decision::Kind::kInvalid);
  EXPECT_EQ(result->outcomes[3].decision.message(), "too big");
  EXPECT_EQ(engine_->writes, writes_before);
  EXPECT_EQ(get(first_, "a"), item_of("a", 1));
  EXPECT_EQ(get(first_, "b"), item_of("b", 2));
  EXPECT_EQ(get(first_, "c"), std::nullopt);
  EXPECT_EQ(stats(20).item_count, 2);
}

TEST_F(MultiItemWriteTest, TheSameItemTwiceIsRefusedWithNothingWritten) {
  const Item k1 = key_of("a"), k2 = key_of("a");
  const Item one = item_of("a", 1), two = item_of("a", 2);
  std::vector<ItemWrite> writes = {
      {&first_, &k1, [&](const StoredItem&) { return Decision::put(one); }},
      {&first_, &k2, [&](const StoredItem&) { return Decision::put(two); }},
  };
  auto result = store_->write(writes);
  ASSERT_FALSE(result.is_ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(get(first_, "a"), std::nullopt);
  // The same key in two tables is two items.
  writes[1].table = &second_;
  EXPECT_TRUE(store_->write(writes).is_ok());
}

// Keys of `table` whose lock stripes are the same: found by trying.
std::pair<std::string, std::string> keys_sharing_a_stripe(const TableSchema& table) {
  std::map<std::size_t, std::string> by_stripe;
  for (int i = 0;; ++i) {
    const std::string pk = "k" + std::to_string(i);
    const std::size_t stripe = StripeLocks::stripe_of(ItemStore::storage_key(table, key_of(pk)));
    auto [it, inserted] = by_stripe.emplace(stripe, pk);
    if (!inserted) return {it->second, pk};
  }
}

TEST_F(MultiItemWriteTest, TwoKeysInOneStripeAreLockedOnce) {
  const auto [x, y] = keys_sharing_a_stripe(first_);
  ASSERT_NE(x, y);
  // Several threads write the pair, in both orders: a stripe locked twice by
  // one write would deadlock, two writes locking in different orders too.
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const Item kx = key_of(x), ky = key_of(y);
        const Item vx = item_of(x, t), vy = item_of(y, t);
        std::vector<ItemWrite> writes = {{&first_, &kx, [&](const StoredItem&) { return Decision::put(vx); }},
                                         {&first_, &ky, [&](const StoredItem&) { return Decision::put(vy); }}};
        if (t % 2 == 1) std::swap(writes[0], writes[1]);
        auto result = store_->write(writes);
        if (!result.is_ok() || !result->committed) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  // Both items carry the same writer's value: the pair was written atomically.
  EXPECT_EQ(get(first_, x)->at("n"), get(first_, y)->at("n"));
}

// 32 threads move amounts between random sets of 2 to 5 of 100 items; each
// move is one conditional multi-item write (no item may go negative) whose
// amounts sum to zero, so the sum of all items is the same after every
// write, whatever interleaves; a lost or half-applied write would change it.
TEST_F(MultiItemWriteTest, RandomConcurrentTransfersKeepTheSum) {
  constexpr int kKeys = 100, kThreads = 32, kMovesPerThread = 150;
  constexpr std::int64_t kStart = 1000;
  for (int k = 0; k < kKeys; ++k) put(first_, item_of("acct" + std::to_string(k), kStart));

  std::atomic<int> committed{0}, refused{0}, errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(t));
      for (int m = 0; m < kMovesPerThread; ++m) {
        const int count = 2 + static_cast<int>(rng() % 4);
        std::set<int> chosen;
        while (static_cast<int>(chosen.size()) < count) chosen.insert(static_cast<int>(rng() % kKeys));
        std::vector<Item> keys;
        for (int k : chosen) keys.push_back(key_of("acct" + std::to_string(k)));
        // Random amounts that sum to zero: the last item balances the others.
        std::vector<std::int64_t> amounts;
        std::int64_t balance = 0;
        for (int i = 0; i + 1 < count; ++i) {
          amounts.push_back(static_cast<std::int64_t>(rng() % 41) - 20);
          balance -= amounts.back();
        }
        amounts.push_back(balance);
        std::vector<ItemWrite> writes;
        for (std::size_t i = 0; i < keys.size(); ++i) {
          writes.push_back({&first_, &keys[i], [amount = amounts[i]](const StoredItem& current) {
                              if (!current) return Decision::invalid("missing");
                              Item next = *current;
                              const std::int64_t n = n_of(next) + amount;
                              if (n < 0) return Decision::condition_failed();
                              next["n"] = AttributeValue::number(std::to_string(n));
                              return Decision::put_new(std::move(next));
                            }});
        }
        auto result = store_->write(writes);
        if (!result.is_ok()) {
          ++errors;
        } else if (result->committed) {
          ++committed;
        } else {
          ++refused;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(errors, 0);
  EXPECT_GT(committed, kThreads * kMovesPerThread / 2);
  std::int64_t sum = 0;
  for (int k = 0; k < kKeys; ++k) {
    const auto item = get(first_, "acct" + std::to_string(k));
    ASSERT_TRUE(item.has_value());
    EXPECT_GE(n_of(*item), 0);
    sum += n_of(*item);
  }
  EXPECT_EQ(sum, kKeys * kStart);
  EXPECT_EQ(stats(20).item_count, kKeys);
}

TEST(MultiItemWriteSchemaTest, AWriteFollowsTheLatestSchemaAndFailsOnADroppedTable) {
  auto engine = testutil::open_in_memory_engine();
  ASSERT_NE(engine, nullptr);
  TestSchemas schemas;
  ItemStore store(*engine, &schemas);
  const TableSchema seen = table_with_id(30);  // what the request started with: no index

  // Meanwhile a GSI on "g" was added: the write maintains it.
  auto latest = std::make_shared<TableSchema>(seen);
  MaintainedIndex gsi;
  gsi.schema.name = "by-g";
  gsi.schema.index_id = 31;
  gsi.schema.hash_keys = {{"g", model::ScalarType::kString}};
  latest->indexes.push_back(gsi);
  schemas.schemas = {latest};
  Item item = key_of("a");
  item["g"] = AttributeValue::string("x");
  const Item key = key_of("a");
  auto written = store.write(ItemWrite{&seen, &key, [&](const StoredItem&) { return Decision::put(item); }});
  ASSERT_TRUE(written.is_ok()) << written.status().to_string();
  EXPECT_EQ(store.stats_of(31)->item_count, 1);

  // Dropped: refused, nothing written.
  schemas.schemas.clear();
  const Item other = key_of("b");
  auto refused = store.write(ItemWrite{&seen, &other, [&](const StoredItem&) { return Decision::erase(); }});
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store.stats_of(30)->item_count, 1);
}

// Records every change it sees and writes a marker per item into the batch.
class RecordingHook final : public WriteHook {
 public:
  Status plan(const ItemChange& change, WritePlan& plan) const override {
    seen.push_back({change.old_item ? n_of(*change.old_item) : -1, change.new_item ? n_of(*change.new_item) : -1});
    if (fail) return Status::internal("hook failed");
    plan.batch().put(storage::Column::kSystem, "hook/" + std::string(change.storage_key), "seen");
    plan.add_counters("hook-counter", {1, 0});
    return Status::ok();
  }
  mutable std::vector<std::pair<std::int64_t, std::int64_t>> seen;  // (old n, new n)
  bool fail = false;
};

TEST_F(MultiItemWriteTest, AnAddedHookPlansIntoTheSameBatch) {
  auto hook = std::make_unique<RecordingHook>();
  auto* recording = hook.get();
  store_->add_hook(std::move(hook));
  put(first_, item_of("a", 1));
  const Item ka = key_of("a"), kb = key_of("b"), kc = key_of("c");
  const Item a2 = item_of("a", 2), b = item_of("b", 5);
  std::vector<ItemWrite> writes = {{&first_, &ka, [&](const StoredItem&) { return Decision::put(a2); }},
                                   {&first_, &kb, [&](const StoredItem&) { return Decision::put(b); }},
                                   {&first_, &kc, [](const StoredItem&) { return Decision::keep(); }}};
  const int writes_before = engine_->writes;
  ASSERT_TRUE(store_->write(writes).is_ok());
  EXPECT_EQ(engine_->writes - writes_before, 1);
  // Unchanged items are not shown to hooks.
  EXPECT_EQ(recording->seen, (std::vector<std::pair<std::int64_t, std::int64_t>>{{-1, 1}, {1, 2}, {-1, 5}}));
  EXPECT_EQ(engine_->get_counters(storage::Column::kStats, "hook-counter")->first, 3);
  const auto marker = engine_->get(storage::Column::kSystem, "hook/" + ItemStore::storage_key(first_, kb));
  ASSERT_TRUE(marker.is_ok());
  EXPECT_EQ(marker.value(), std::optional<std::string>("seen"));

  // A hook's error calls the write off.
  recording->fail = true;
  const Item b9 = item_of("b", 9);
  auto failed = store_->write(ItemWrite{&first_, &kb, [&](const StoredItem&) { return Decision::put(b9); }});
  ASSERT_FALSE(failed.is_ok());
  EXPECT_EQ(get(first_, "b"), b);
}

TEST_F(MultiItemWriteTest, TheItemCollectionLimitCountsEveryItemOfTheWrite) {
  TableSchema table = table_with_id(40);
  table.key_schema.range = model::KeyAttribute{"sk", model::ScalarType::kNumber};
  MaintainedIndex lsi;
  lsi.schema.name = "by-n";
  lsi.schema.kind = model::IndexKind::kLocal;
  lsi.schema.index_id = 41;
  lsi.schema.hash_keys = {{"pk", model::ScalarType::kString}};
  lsi.schema.range_keys = {{"n", model::ScalarType::kNumber}};
  table.indexes = {lsi};
  store_->test_set_item_collection_limit(550);
  std::vector<Item> items, keys;
  for (int i = 0; i < 3; ++i) {
    Item key = key_of("p");
    key["sk"] = AttributeValue::number(std::to_string(i));
    Item item = key;
    item["n"] = AttributeValue::number("1");
    item["pad"] = AttributeValue::string(std::string(100, 'x'));  // each item and its entry ~2 x 120 bytes
    keys.push_back(key);
    items.push_back(item);
  }
  std::vector<ItemWrite> writes;
  for (int i = 0; i < 3; ++i) {
    writes.push_back({&table, &keys[i], [&items, i](const StoredItem&) { return Decision::put(items[i]); }});
  }
  auto all = store_->write(writes);
  ASSERT_FALSE(all.is_ok());
  EXPECT_EQ(all.status().code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(store_->item_collection_size(40, AttributeValue::string("p")).value(), 0);
  // Two of them fit.
  writes.pop_back();
  auto two = store_->write(writes);
  ASSERT_TRUE(two.is_ok()) << two.status().to_string();
  EXPECT_TRUE(two->committed);
  EXPECT_GT(store_->item_collection_size(40, AttributeValue::string("p")).value(), 400);
}

TEST_F(MultiItemWriteTest, ExtraOperationsCommitWithTheItemsOrNotAtAll) {
  storage::WriteBatch also;
  also.put(storage::Column::kSystem, "record", "r");
  const Item ka = key_of("a");
  const Item a = item_of("a", 1);
  std::vector<ItemWrite> refused = {{&first_, &ka, [](const StoredItem&) { return Decision::condition_failed(); }}};
  ASSERT_TRUE(store_->write(refused, &also).is_ok());
  EXPECT_FALSE(engine_->get(storage::Column::kSystem, "record")->has_value());
  const int writes_before = engine_->writes;
  std::vector<ItemWrite> accepted = {{&first_, &ka, [&](const StoredItem&) { return Decision::put(a); }}};
  ASSERT_TRUE(store_->write(accepted, &also).is_ok());
  EXPECT_EQ(engine_->writes - writes_before, 1);
  EXPECT_EQ(engine_->get(storage::Column::kSystem, "record").value(), std::optional<std::string>("r"));
  EXPECT_EQ(get(first_, "a"), a);
}

TEST_F(MultiItemWriteTest, AConsistentReadSeesEveryItemAtOnePointInTime) {
  for (int i = 0; i < 10; ++i) put(first_, item_of("acct" + std::to_string(i), 100));
  std::vector<Item> keys;
  for (int i = 0; i < 10; ++i) keys.push_back(key_of("acct" + std::to_string(i)));
  keys.push_back(key_of("absent"));
  std::vector<ItemRead> reads;
  for (const auto& key : keys) reads.push_back({&first_, &key});
  std::atomic<bool> stop{false};
  std::thread mover([&] {
    std::mt19937 rng(3);
    for (int m = 0; m < 2000 && !stop; ++m) {
      const Item from = key_of("acct" + std::to_string(rng() % 10));
      const Item to = key_of("acct" + std::to_string(rng() % 10));
      if (from == to) continue;
      std::vector<ItemWrite> writes;
      for (const Item* key : std::initializer_list<const Item*>{&from, &to}) {
        const std::int64_t delta = key == &from ? -1 : 1;
        writes.push_back({&first_, key, [delta](const StoredItem& current) {
                            Item next = *current;
                            next["n"] = AttributeValue::number(std::to_string(n_of(next) + delta));
                            return Decision::put_new(std::move(next));
                          }});
      }
      ASSERT_TRUE(store_->write(writes).is_ok());
    }
  });
  for (int round = 0; round < 200; ++round) {
    auto items = store_->get_consistent(reads);
    ASSERT_TRUE(items.is_ok()) << items.status().to_string();
    ASSERT_EQ(items->size(), keys.size());
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < 10; ++i) sum += n_of(model::decode_item(*items.value()[i]).value());
    EXPECT_EQ(sum, 1000) << "round " << round;
    EXPECT_FALSE(items->back().has_value());
  }
  stop = true;
  mover.join();
}

}  // namespace
}  // namespace dynastore::partition
