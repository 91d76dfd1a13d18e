#include "dynastore/catalog/catalog.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "dynastore/model/key_codec.h"
#include "dynastore/storage/kv_engine.h"

#include "testutil/engine.h"
#include "testutil/temp_dir.h"

namespace dynastore::catalog {
namespace {

using testutil::TempDir;

std::unique_ptr<storage::KvEngine> open_engine(const std::string& path = "") {
  return path.empty() ? testutil::open_in_memory_engine() : testutil::open_engine_at(path);
}

std::unique_ptr<Catalog> open_catalog(storage::KvEngine& engine) {
  auto catalog = Catalog::open(engine);
  EXPECT_TRUE(catalog.is_ok()) << catalog.status().to_string();
  return catalog.is_ok() ? std::move(catalog).value() : nullptr;
}

TableInfo table_named(std::string name) {
  TableInfo info;
  info.name = std::move(name);
  info.key_schema.hash = {"pk", model::ScalarType::kString};
  info.attribute_definitions = {{"pk", model::ScalarType::kString}};
  info.throughput.read_capacity_units = 5;
  info.throughput.write_capacity_units = 5;
  info.creation_time = 1700000000.123;
  return info;
}

// A table using every persisted field with non-default values.
TableInfo rich_table(std::string name) {
  TableInfo info = table_named(std::move(name));
  info.key_schema.hash = {"h", model::ScalarType::kBinary};
  info.key_schema.range = model::KeyAttribute{"r", model::ScalarType::kNumber};
  info.attribute_definitions = {{"h", model::ScalarType::kBinary}, {"r", model::ScalarType::kNumber}};
  info.billing_mode = BillingMode::kPayPerRequest;
  info.billing_mode_update_time = 1700000100.5;
  info.throughput = {11, 22, 1700000001.25, 1700000002.75, 3};
  info.on_demand = {100, 200};
  info.deletion_protection = true;
  info.table_class = "STANDARD_INFREQUENT_ACCESS";
  info.tags = {{"env", "test"}, {"owner", "\xc3\xa9quipe \"q\""}};
  info.status = TableStatus::kUpdating;
  info.status_until = 1700000200.5;
  return info;
}

TablePtr create_or_die(Catalog& catalog, TableInfo info) {
  auto created = catalog.create(std::move(info));
  EXPECT_TRUE(created.is_ok()) << created.status().to_string();
  return created.is_ok() ? created.value() : nullptr;
}

void expect_same_description(const TableInfo& a, const TableInfo& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.table_id, b.table_id);
  EXPECT_EQ(a.table_uuid, b.table_uuid);
  EXPECT_EQ(a.key_schema.hash.name, b.key_schema.hash.name);
  EXPECT_EQ(a.key_schema.hash.type, b.key_schema.hash.type);
  ASSERT_EQ(a.key_schema.range.has_value(), b.key_schema.range.has_value());
  if (a.key_schema.range) {
    EXPECT_EQ(a.key_schema.range->name, b.key_schema.range->name);
    EXPECT_EQ(a.key_schema.range->type, b.key_schema.range->type);
  }
  ASSERT_EQ(a.attribute_definitions.size(), b.attribute_definitions.size());
  for (std::size_t i = 0; i < a.attribute_definitions.size(); ++i) {
    EXPECT_EQ(a.attribute_definitions[i].name, b.attribute_definitions[i].name);
    EXPECT_EQ(a.attribute_definitions[i].type, b.attribute_definitions[i].type);
  }
  EXPECT_EQ(a.billing_mode, b.billing_mode);
  EXPECT_DOUBLE_EQ(a.billing_mode_update_time, b.billing_mode_update_time);
  EXPECT_EQ(a.throughput.read_capacity_units, b.throughput.read_capacity_units);
  EXPECT_EQ(a.throughput.write_capacity_units, b.throughput.write_capacity_units);
  EXPECT_DOUBLE_EQ(a.throughput.last_increase_time, b.throughput.last_increase_time);
  EXPECT_DOUBLE_EQ(a.throughput.last_decrease_time, b.throughput.last_decrease_time);
  EXPECT_EQ(a.throughput.decreases_today, b.throughput.decreases_today);
  EXPECT_EQ(a.on_demand.max_read_request_units, b.on_demand.max_read_request_units);
  EXPECT_EQ(a.on_demand.max_write_request_units, b.on_demand.max_write_request_units);
  EXPECT_DOUBLE_EQ(a.creation_time, b.creation_time);
  EXPECT_EQ(a.deletion_protection, b.deletion_protection);
  EXPECT_EQ(a.table_class, b.table_class);
  EXPECT_EQ(a.status, b.status);
  EXPECT_DOUBLE_EQ(a.status_until, b.status_until);
  ASSERT_EQ(a.tags.size(), b.tags.size());
  for (std::size_t i = 0; i < a.tags.size(); ++i) {
    EXPECT_EQ(a.tags[i].key, b.tags[i].key);
    EXPECT_EQ(a.tags[i].value, b.tags[i].value);
  }
}

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    engine_ = open_engine();
    ASSERT_NE(engine_, nullptr);
    catalog_ = open_catalog(*engine_);
    ASSERT_NE(catalog_, nullptr);
  }

  // Writes an item row and a stats row for `table_id` directly, as ItemStore would.
  void write_rows(std::uint32_t table_id, const std::string& pk) {
    std::string key;
    model::encode_item_key(table_id, model::AttributeValue::string(pk), nullptr, key);
    storage::WriteBatch batch;
    batch.put(storage::Column::kItems, key, "item");
    batch.add_counters(storage::Column::kStats, model::table_prefix(table_id), {1, 10});
    ASSERT_TRUE(engine_->write(batch).is_ok());
  }

  int rows_of(std::uint32_t table_id) {
    auto it = engine_->scan(storage::Column::kItems, model::table_prefix(table_id), model::table_prefix(table_id + 1));
    int count = 0;
    for (it->seek_to_first(); it->valid() && count < 1000; it->next()) ++count;
    return count;
  }

  storage::Counters stats_of(std::uint32_t table_id) {
    auto counters = engine_->get_counters(storage::Column::kStats, model::table_prefix(table_id));
    EXPECT_TRUE(counters.is_ok());
    return counters.is_ok() ? counters.value() : storage::Counters{-999, -999};
  }

  std::unique_ptr<storage::KvEngine> engine_;
  std::unique_ptr<Catalog> catalog_;
};

TEST_F(CatalogTest, StartsEmpty) {
  EXPECT_EQ(catalog_->table_count(), 0u);
  EXPECT_EQ(catalog_->find("anything"), nullptr);
  EXPECT_TRUE(catalog_->list_names("", "", 100).empty());
}

TEST_F(CatalogTest, CreateAssignsIncreasingTableIds) {
  std::uint32_t previous = 0;
  for (const char* name : {"one", "two", "three", "four"}) {
    auto table = create_or_die(*catalog_, table_named(name));
    ASSERT_NE(table, nullptr);
    EXPECT_GT(table->table_id, previous) << name;
    EXPECT_GE(table->table_id, 1u);
    previous = table->table_id;
  }
  EXPECT_EQ(catalog_->table_count(), 4u);
}

TEST_F(CatalogTest, CreateIgnoresCallerSuppliedIds) {
  TableInfo info = table_named("t");
  info.table_id = 12345;
  info.table_uuid = "not-a-uuid";
  auto table = create_or_die(*catalog_, std::move(info));
  ASSERT_NE(table, nullptr);
  EXPECT_NE(table->table_id, 12345u);
  EXPECT_NE(table->table_uuid, "not-a-uuid");
}

TEST_F(CatalogTest, CreateAssignsDistinctUuidV4s) {
  const std::regex uuid_v4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    auto table = create_or_die(*catalog_, table_named("table" + std::to_string(i)));
    ASSERT_NE(table, nullptr);
    EXPECT_TRUE(std::regex_match(table->table_uuid, uuid_v4)) << table->table_uuid;
    seen.insert(table->table_uuid);
  }
  EXPECT_EQ(seen.size(), 50u);
}

TEST_F(CatalogTest, CreatePublishesTheTable) {
  auto created = create_or_die(*catalog_, rich_table("rich"));
  ASSERT_NE(created, nullptr);
  auto found = catalog_->find("rich");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found, created);
  EXPECT_EQ(found->deletion_protection, true);
  EXPECT_EQ(found->tags.size(), 2u);
  EXPECT_EQ(catalog_->find("RICH"), nullptr);  // names are case-sensitive
}

TEST_F(CatalogTest, DuplicateNameIsAlreadyExists) {
  auto first = create_or_die(*catalog_, table_named("dup"));
  ASSERT_NE(first, nullptr);
  auto second = catalog_->create(rich_table("dup"));
  ASSERT_FALSE(second.is_ok());
  EXPECT_EQ(second.status().code(), StatusCode::kAlreadyExists);
  // The original is untouched.
  EXPECT_EQ(catalog_->find("dup"), first);
  EXPECT_EQ(catalog_->table_count(), 1u);
}

TEST_F(CatalogTest, UpdateAppliesTheMutationAndPublishesANewSnapshot) {
  auto before = create_or_die(*catalog_, table_named("t"));
  ASSERT_NE(before, nullptr);
  auto updated = catalog_->update("t", [](TableInfo& info) {
    info.deletion_protection = true;
    info.throughput.read_capacity_units = 99;
    info.tags.push_back({"k", "v"});
    return Status::ok();
  });
  ASSERT_TRUE(updated.is_ok()) << updated.status().to_string();
  EXPECT_TRUE(updated.value()->deletion_protection);
  EXPECT_EQ(updated.value()->throughput.read_capacity_units, 99);
  EXPECT_EQ(catalog_->find("t"), updated.value());
  // Identity survives; the old snapshot is immutable.
  EXPECT_EQ(updated.value()->table_id, before->table_id);
  EXPECT_EQ(updated.value()->table_uuid, before->table_uuid);
  EXPECT_FALSE(before->deletion_protection);
  EXPECT_EQ(before->throughput.read_capacity_units, 5);
}

TEST_F(CatalogTest, UpdateErrorFromMutateAbortsWithNothingChanged) {
  auto before = create_or_die(*catalog_, table_named("t"));
  ASSERT_NE(before, nullptr);
  auto updated = catalog_->update("t", [](TableInfo& info) {
    info.deletion_protection = true;  // changed, then abandoned
    return Status::invalid_argument("no thanks");
  });
  ASSERT_FALSE(updated.is_ok());
  EXPECT_EQ(updated.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(updated.status().message(), "no thanks");
  EXPECT_EQ(catalog_->find("t"), before);
  EXPECT_FALSE(catalog_->find("t")->deletion_protection);
  // Nor was anything persisted.
  auto reopened = open_catalog(*engine_);
  ASSERT_NE(reopened, nullptr);
  EXPECT_FALSE(reopened->find("t")->deletion_protection);
}

TEST_F(CatalogTest, UpdateOfMissingTableIsNotFoundWithoutCallingMutate) {
  bool called = false;
  auto updated = catalog_->update("missing", [&](TableInfo&) {
    called = true;
    return Status::ok();
  });
  ASSERT_FALSE(updated.is_ok());
  EXPECT_EQ(updated.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(called);
}

TEST_F(CatalogTest, DropRemovesTheTableItsItemsAndItsStatsOnly) {
  auto doomed = create_or_die(*catalog_, table_named("doomed"));
  auto kept = create_or_die(*catalog_, table_named("kept"));
  ASSERT_NE(doomed, nullptr);
  ASSERT_NE(kept, nullptr);
  for (const char* pk : {"a", "b", "c"}) {
    write_rows(doomed->table_id, pk);
    write_rows(kept->table_id, pk);
  }
  ASSERT_EQ(rows_of(doomed->table_id), 3);
  ASSERT_EQ(stats_of(doomed->table_id).first, 3);

  auto dropped = catalog_->drop("doomed");
  ASSERT_TRUE(dropped.is_ok()) << dropped.status().to_string();
  EXPECT_EQ(dropped.value()->name, "doomed");
  EXPECT_EQ(dropped.value()->table_id, doomed->table_id);
  EXPECT_EQ(catalog_->find("doomed"), nullptr);
  EXPECT_EQ(catalog_->table_count(), 1u);

  EXPECT_EQ(rows_of(doomed->table_id), 0);
  EXPECT_EQ(stats_of(doomed->table_id).first, 0);
  EXPECT_EQ(stats_of(doomed->table_id).second, 0);
  EXPECT_EQ(rows_of(kept->table_id), 3);
  EXPECT_EQ(stats_of(kept->table_id).first, 3);
  EXPECT_EQ(stats_of(kept->table_id).second, 30);
}

TEST_F(CatalogTest, DropOfMissingTableIsNotFound) {
  auto dropped = catalog_->drop("missing");
  ASSERT_FALSE(dropped.is_ok());
  EXPECT_EQ(dropped.status().code(), StatusCode::kNotFound);
}

TEST_F(CatalogTest, RecreatedTableGetsANewIdAndSeesNoOldItems) {
  auto old_table = create_or_die(*catalog_, table_named("t"));
  ASSERT_NE(old_table, nullptr);
  write_rows(old_table->table_id, "a");
  ASSERT_TRUE(catalog_->drop("t").is_ok());
  auto new_table = create_or_die(*catalog_, table_named("t"));
  ASSERT_NE(new_table, nullptr);
  EXPECT_GT(new_table->table_id, old_table->table_id);
  EXPECT_NE(new_table->table_uuid, old_table->table_uuid);
  EXPECT_EQ(rows_of(new_table->table_id), 0);
}

TEST_F(CatalogTest, ListNamesIsSortedWithExclusiveStartAndLimit) {
  for (const char* name : {"b", "a.b", "c", "A", "a", "a-1", "_z"}) ASSERT_NE(create_or_die(*catalog_, table_named(name)), nullptr);
  // Bytewise order: '-' < '.' < 'A' < '_' < 'a'.
  EXPECT_EQ(catalog_->list_names("", "", 100), (std::vector<std::string>{"A", "_z", "a", "a-1", "a.b", "b", "c"}));
  EXPECT_EQ(catalog_->list_names("", "a", 100), (std::vector<std::string>{"a-1", "a.b", "b", "c"}));
  EXPECT_EQ(catalog_->list_names("", "a", 2), (std::vector<std::string>{"a-1", "a.b"}));
  // A start name that is not a table continues from where it would sort.
  EXPECT_EQ(catalog_->list_names("", "az", 100), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(catalog_->list_names("", "c", 100), std::vector<std::string>{});
  EXPECT_EQ(catalog_->list_names("", "zzz", 100), std::vector<std::string>{});
  EXPECT_EQ(catalog_->list_names("", "", 0), std::vector<std::string>{});
  EXPECT_EQ(catalog_->list_names("", "", 3), (std::vector<std::string>{"A", "_z", "a"}));
}

TEST_F(CatalogTest, ListNamesPagesThroughEverything) {
  std::vector<std::string> expected;
  for (int i = 0; i < 25; ++i) {
    const std::string name = "t" + std::to_string(100 + i);
    expected.push_back(name);
    ASSERT_NE(create_or_die(*catalog_, table_named(name)), nullptr);
  }
  std::vector<std::string> all;
  std::string start;
  for (int page = 0; page < 100; ++page) {
    auto names = catalog_->list_names("", start, 4);
    EXPECT_LE(names.size(), 4u);
    if (names.empty()) break;
    all.insert(all.end(), names.begin(), names.end());
    start = names.back();
  }
  EXPECT_EQ(all, expected);
}

TEST_F(CatalogTest, OpeningASecondCatalogOnTheSameEngineSeesTheTables) {
  auto table = create_or_die(*catalog_, rich_table("rich"));
  ASSERT_NE(table, nullptr);
  auto other = open_catalog(*engine_);
  ASSERT_NE(other, nullptr);
  auto found = other->find("rich");
  ASSERT_NE(found, nullptr);
  expect_same_description(*found, *table);
}

TEST(CatalogPersistenceTest, ReopenRestoresEverythingAndNeverReusesIds) {
  TempDir dir;
  std::vector<TableInfo> expected;
  std::uint32_t highest_id = 0;
  {
    auto engine = open_engine(dir.path());
    ASSERT_NE(engine, nullptr);
    auto catalog = open_catalog(*engine);
    ASSERT_NE(catalog, nullptr);
    auto plain = create_or_die(*catalog, table_named("plain"));
    auto rich = create_or_die(*catalog, rich_table("rich"));
    auto highest = create_or_die(*catalog, table_named("highest"));
    ASSERT_NE(plain, nullptr);
    ASSERT_NE(rich, nullptr);
    ASSERT_NE(highest, nullptr);
    auto updated = catalog->update("plain", [](TableInfo& info) {
      info.table_class = "STANDARD_INFREQUENT_ACCESS";
      info.throughput.write_capacity_units = 42;
      return Status::ok();
    });
    ASSERT_TRUE(updated.is_ok());
    expected = {*updated.value(), *rich};
    highest_id = highest->table_id;
    // Dropping the table with the highest id must not let its id come back.
    ASSERT_TRUE(catalog->drop("highest").is_ok());
  }
  auto engine = open_engine(dir.path());
  ASSERT_NE(engine, nullptr);
  auto catalog = open_catalog(*engine);
  ASSERT_NE(catalog, nullptr);
  EXPECT_EQ(catalog->table_count(), 2u);
  EXPECT_EQ(catalog->find("highest"), nullptr);
  EXPECT_EQ(catalog->list_names("", "", 10), (std::vector<std::string>{"plain", "rich"}));
  for (const auto& table : expected) {
    auto found = catalog->find(table.name);
    ASSERT_NE(found, nullptr) << table.name;
    expect_same_description(*found, table);
  }
  auto next = create_or_die(*catalog, table_named("next"));
  ASSERT_NE(next, nullptr);
  EXPECT_GT(next->table_id, highest_id);
}

TEST(CatalogPersistenceTest, IdsKeepIncreasingAcrossSeveralReopens) {
  TempDir dir;
  std::uint32_t last = 0;
  for (int round = 0; round < 3; ++round) {
    auto engine = open_engine(dir.path());
    ASSERT_NE(engine, nullptr);
    auto catalog = open_catalog(*engine);
    ASSERT_NE(catalog, nullptr);
    auto table = create_or_die(*catalog, table_named("t"));
    ASSERT_NE(table, nullptr);
    EXPECT_GT(table->table_id, last) << "round " << round;
    last = table->table_id;
    ASSERT_TRUE(catalog->drop("t").is_ok());
  }
}

// --------------------------------------------------------------------------
// Scopes: tables kept apart per caller

TableInfo scoped(std::string name, std::string scope) {
  TableInfo info = table_named(std::move(name));
  info.scope = std::move(scope);
  return info;
}

TEST_F(CatalogTest, SameNameInDifferentScopesAreDifferentTables) {
  auto shared = create_or_die(*catalog_, table_named("orders"));
  auto alice = create_or_die(*catalog_, scoped("orders", "AKIAALICE_us-east-1"));
  auto alice_west = create_or_die(*catalog_, scoped("orders", "AKIAALICE_us-west-2"));
  ASSERT_NE(shared, nullptr);
  ASSERT_NE(alice, nullptr);
  ASSERT_NE(alice_west, nullptr);
  EXPECT_NE(shared->table_id, alice->table_id);
  EXPECT_NE(alice->table_id, alice_west->table_id);
  EXPECT_EQ(catalog_->find("orders"), shared);
  EXPECT_EQ(catalog_->find(table_key("AKIAALICE_us-east-1", "orders")), alice);
  EXPECT_FALSE(catalog_->create(scoped("orders", "AKIAALICE_us-east-1")).is_ok());

  ASSERT_TRUE(catalog_->drop(table_key(*alice)).is_ok());
  EXPECT_EQ(catalog_->find("orders"), shared);
  EXPECT_EQ(catalog_->find(table_key(*alice_west)), alice_west);
}

TEST_F(CatalogTest, ListNamesShowsOneScopeOnly) {
  for (const char* name : {"a", "c"}) ASSERT_NE(create_or_die(*catalog_, table_named(name)), nullptr);
  for (const char* name : {"b", "d", "e"}) ASSERT_NE(create_or_die(*catalog_, scoped(name, "K1_r")), nullptr);
  ASSERT_NE(create_or_die(*catalog_, scoped("z", "K2_r")), nullptr);
  EXPECT_EQ(catalog_->list_names("", "", 100), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(catalog_->list_names("K1_r", "", 100), (std::vector<std::string>{"b", "d", "e"}));
  EXPECT_EQ(catalog_->list_names("K1_r", "b", 1), (std::vector<std::string>{"d"}));
  EXPECT_EQ(catalog_->list_names("K1_r", "e", 100), std::vector<std::string>{});
  EXPECT_EQ(catalog_->list_names("K2_r", "", 100), (std::vector<std::string>{"z"}));
  EXPECT_EQ(catalog_->list_names("K3_r", "", 100), std::vector<std::string>{});
}

TEST(CatalogPersistenceTest, ScopesSurviveAReopen) {
  TempDir dir;
  {
    auto engine = open_engine(dir.path());
    ASSERT_NE(engine, nullptr);
    auto catalog = open_catalog(*engine);
    ASSERT_NE(catalog, nullptr);
    ASSERT_NE(create_or_die(*catalog, scoped("t1", "K1_r")), nullptr);
    ASSERT_NE(create_or_die(*catalog, table_named("t1")), nullptr);
  }
  auto engine = open_engine(dir.path());
  ASSERT_NE(engine, nullptr);
  auto catalog = open_catalog(*engine);
  ASSERT_NE(catalog, nullptr);
  const auto table = catalog->find(table_key("K1_r", "t1"));
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->scope, "K1_r");
  EXPECT_EQ(table->name, "t1");
  EXPECT_EQ(catalog->list_names("", "", 10), std::vector<std::string>{"t1"});
}

// --------------------------------------------------------------------------
// Transient statuses

IndexInfo global_index(std::string name, IndexStatus status, double until) {
  IndexInfo index;
  index.schema.name = std::move(name);
  index.schema.kind = model::IndexKind::kGlobal;
  index.schema.hash_keys = {{"g", model::ScalarType::kString}};
  index.status = status;
  index.status_until = until;
  return index;
}

TEST_F(CatalogTest, NothingInTransitionCompletesNothing) {
  ASSERT_NE(create_or_die(*catalog_, table_named("steady")), nullptr);
  EXPECT_EQ(catalog_->complete_transitions(2e9), 0u);
  EXPECT_EQ(catalog_->find("steady")->status, TableStatus::kActive);
}

TEST_F(CatalogTest, CreatingAndUpdatingTablesBecomeActiveWhenDue) {
  auto creating = table_named("creating");
  creating.status = TableStatus::kCreating;
  creating.status_until = 100;
  creating.indexes.push_back(global_index("g1", IndexStatus::kCreating, 100));
  auto updating = table_named("updating");
  updating.status = TableStatus::kUpdating;
  updating.status_until = 200;
  ASSERT_NE(create_or_die(*catalog_, creating), nullptr);
  ASSERT_NE(create_or_die(*catalog_, updating), nullptr);

  EXPECT_EQ(catalog_->complete_transitions(99), 0u);
  EXPECT_EQ(catalog_->find("creating")->status, TableStatus::kCreating);
  EXPECT_EQ(catalog_->complete_transitions(100), 1u);
  const auto created = catalog_->find("creating");
  EXPECT_EQ(created->status, TableStatus::kActive);
  EXPECT_EQ(created->status_until, 0);
  EXPECT_EQ(created->indexes[0].status, IndexStatus::kActive);
  EXPECT_EQ(catalog_->find("updating")->status, TableStatus::kUpdating);
  EXPECT_EQ(catalog_->complete_transitions(250), 1u);
  EXPECT_EQ(catalog_->find("updating")->status, TableStatus::kActive);
  EXPECT_EQ(catalog_->complete_transitions(1e9), 0u);
}

TEST_F(CatalogTest, DeletingTableIsDroppedWithItsDataWhenDue) {
  auto table = create_or_die(*catalog_, table_named("doomed"));
  ASSERT_NE(table, nullptr);
  write_rows(table->table_id, "a");
  ASSERT_TRUE(catalog_->update("doomed", [](TableInfo& info) {
    info.status = TableStatus::kDeleting;
    info.status_until = 500;
    return Status::ok();
  }).is_ok());
  EXPECT_EQ(catalog_->complete_transitions(499), 0u);
  EXPECT_NE(catalog_->find("doomed"), nullptr);
  EXPECT_EQ(rows_of(table->table_id), 1);
  EXPECT_EQ(catalog_->complete_transitions(500), 1u);
  EXPECT_EQ(catalog_->find("doomed"), nullptr);
  EXPECT_EQ(rows_of(table->table_id), 0);
}

TEST_F(CatalogTest, DeletingIndexIsRemovedWithItsEntriesWhenDue) {
  auto info = table_named("indexed");
  info.indexes.push_back(global_index("gone", IndexStatus::kActive, 0));
  info.indexes.push_back(global_index("kept", IndexStatus::kActive, 0));
  auto table = create_or_die(*catalog_, info);
  ASSERT_NE(table, nullptr);
  const auto gone_id = table->indexes[0].schema.index_id;
  write_rows(gone_id, "entry");
  ASSERT_TRUE(catalog_->update("indexed", [](TableInfo& t) {
    t.indexes[0].status = IndexStatus::kDeleting;
    t.indexes[0].status_until = 10;
    return Status::ok();
  }).is_ok());
  EXPECT_EQ(catalog_->complete_transitions(5), 0u);
  EXPECT_EQ(rows_of(gone_id), 1);
  EXPECT_EQ(catalog_->complete_transitions(10), 1u);
  const auto after = catalog_->find("indexed");
  ASSERT_EQ(after->indexes.size(), 1u);
  EXPECT_EQ(after->indexes[0].schema.name, "kept");
  EXPECT_EQ(rows_of(gone_id), 0);
}

TEST_F(CatalogTest, BackfillingIndexStaysCreatingUntilTheBackfillEnds) {
  auto info = table_named("backfill");
  info.indexes.push_back(global_index("new", IndexStatus::kCreating, 0));
  info.indexes[0].backfilling = true;
  ASSERT_NE(create_or_die(*catalog_, info), nullptr);
  EXPECT_EQ(catalog_->complete_transitions(1e9), 0u);
  EXPECT_EQ(catalog_->find("backfill")->indexes[0].status, IndexStatus::kCreating);
  ASSERT_TRUE(catalog_->update("backfill", [](TableInfo& t) {
    t.indexes[0].backfilling = false;
    return Status::ok();
  }).is_ok());
  EXPECT_EQ(catalog_->complete_transitions(1e9), 1u);
  EXPECT_EQ(catalog_->find("backfill")->indexes[0].status, IndexStatus::kActive);
}

TEST(CatalogPersistenceTest, TransitionsLeftByAStoppedServerCompleteAfterReopen) {
  TempDir dir;
  {
    auto engine = open_engine(dir.path());
    ASSERT_NE(engine, nullptr);
    auto catalog = open_catalog(*engine);
    ASSERT_NE(catalog, nullptr);
    auto doomed = table_named("doomed");
    doomed.status = TableStatus::kDeleting;
    doomed.status_until = 50;
    ASSERT_NE(create_or_die(*catalog, doomed), nullptr);
  }
  auto engine = open_engine(dir.path());
  ASSERT_NE(engine, nullptr);
  auto catalog = open_catalog(*engine);
  ASSERT_NE(catalog, nullptr);
  ASSERT_NE(catalog->find("doomed"), nullptr);
  EXPECT_EQ(catalog->find("doomed")->status, TableStatus::kDeleting);
  EXPECT_EQ(catalog->complete_transitions(60), 1u);
  EXPECT_EQ(catalog->find("doomed"), nullptr);
}

// A cluster replica: another catalog (the leader's) changes the shared
// store; reload() makes this one show exactly what the store holds.
TEST(CatalogPersistenceTest, ReloadFollowsChangesMadeThroughAnotherCatalog) {
  TempDir dir;
  auto engine = open_engine(dir.path());
  ASSERT_NE(engine, nullptr);
  auto follower = open_catalog(*engine);
  auto leader = open_catalog(*engine);
  ASSERT_NE(follower, nullptr);
  ASSERT_NE(leader, nullptr);
  auto gone = create_or_die(*leader, table_named("gone"));
  ASSERT_NE(gone, nullptr);
  ASSERT_TRUE(follower->reload().is_ok());
  EXPECT_NE(follower->find("gone"), nullptr);

  auto kept = create_or_die(*leader, table_named("kept"));
  ASSERT_NE(kept, nullptr);
  ASSERT_TRUE(leader->drop("gone").is_ok());
  EXPECT_NE(follower->find("gone"), nullptr);  // not until it reloads
  ASSERT_TRUE(follower->reload().is_ok());
  EXPECT_EQ(follower->find("gone"), nullptr);
  ASSERT_NE(follower->find("kept"), nullptr);
  EXPECT_EQ(follower->find("kept")->table_id, kept->table_id);
  EXPECT_EQ(follower->list_names("", "", 10), (std::vector<std::string>{"kept"}));
  // Its next id continues after the leader's: no id is handed out twice.
  auto mine = create_or_die(*follower, table_named("mine"));
  ASSERT_NE(mine, nullptr);
  EXPECT_GT(mine->table_id, kept->table_id);
}

}  // namespace
}  // namespace dynastore::catalog
