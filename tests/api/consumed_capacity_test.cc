#include "api/consumed_capacity.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "dynastore/json/json.h"

namespace dynastore::api {
namespace {

using model::AttributeValue;
using model::Item;

// A table with key pk (S), a GSI on g (S, KEYS_ONLY) and an LSI on l (S,
// projecting ALL).
catalog::TablePtr indexed_table() {
  catalog::TableInfo table;
  table.name = "t";
  table.table_id = 7;
  table.key_schema.hash = {"pk", model::ScalarType::kString};
  table.key_schema.range = model::KeyAttribute{"sk", model::ScalarType::kString};
  catalog::IndexInfo gsi;
  gsi.schema.name = "by_g";
  gsi.schema.kind = model::IndexKind::kGlobal;
  gsi.schema.index_id = 8;
  gsi.schema.hash_keys = {{"g", model::ScalarType::kString}};
  gsi.schema.projection = model::ProjectionType::kKeysOnly;
  catalog::IndexInfo lsi;
  lsi.schema.name = "by_l";
  lsi.schema.kind = model::IndexKind::kLocal;
  lsi.schema.index_id = 9;
  lsi.schema.hash_keys = {{"pk", model::ScalarType::kString}};
  lsi.schema.range_keys = {{"l", model::ScalarType::kString}};
  lsi.schema.projection = model::ProjectionType::kAll;
  table.indexes = {gsi, lsi};
  table.write_schema = catalog::write_schema_of(table);
  return std::make_shared<const catalog::TableInfo>(std::move(table));
}

Item item(std::initializer_list<std::pair<std::string, std::string>> strings) {
  Item out;
  for (const auto& [name, value] : strings) out[name] = AttributeValue::string(value);
  return out;
}

double gsi_writes(const TableCapacity& units) {
  return units.global_indexes.empty() ? 0 : units.global_indexes.front().write;
}
double lsi_writes(const TableCapacity& units) {
  return units.local_indexes.empty() ? 0 : units.local_indexes.front().write;
}

TEST(CapacityUnits, RoundUpPerItem) {
  EXPECT_EQ(write_capacity_units(0, 0), 1);  // deleting an absent item
  EXPECT_EQ(write_capacity_units(1024, 0), 1);
  EXPECT_EQ(write_capacity_units(1025, 10), 2);
  EXPECT_EQ(write_capacity_units(500, 2100), 3);  // the larger of before and after
  EXPECT_EQ(read_capacity_units(0, true), 1);
  EXPECT_EQ(read_capacity_units(4096, true), 1);
  EXPECT_EQ(read_capacity_units(4097, true), 2);
  EXPECT_EQ(read_capacity_units(10 * 1024, false), 1.5);  // 12 KB, eventually consistent
}

TEST(IndexWrites, AnItemEnteringAnIndexIsOneWriteLeavingItOne) {
  const auto table = indexed_table();
  TableCapacity units;
  const Item plain = item({{"pk", "a"}, {"sk", "1"}});
  const Item indexed = item({{"pk", "a"}, {"sk", "1"}, {"g", "x"}});
  add_index_writes(*table, nullptr, &indexed, units);  // a put into the GSI only
  EXPECT_EQ(gsi_writes(units), 1);
  EXPECT_TRUE(units.local_indexes.empty());
  add_index_writes(*table, &indexed, &plain, units);  // g removed: out of the GSI
  EXPECT_EQ(gsi_writes(units), 2);
  add_index_writes(*table, &plain, &plain, units);  // in neither index: nothing
  EXPECT_EQ(gsi_writes(units), 2);
  EXPECT_TRUE(units.local_indexes.empty());
}

TEST(IndexWrites, AChangedIndexKeyIsADeleteAndAPut) {
  const auto table = indexed_table();
  TableCapacity units;
  const Item before = item({{"pk", "a"}, {"sk", "1"}, {"g", "x"}, {"l", "p"}});
  const Item after = item({{"pk", "a"}, {"sk", "1"}, {"g", "y"}, {"l", "p"}});
  add_index_writes(*table, &before, &after, units);
  EXPECT_EQ(gsi_writes(units), 2);
  // The LSI projects ALL: its entry holds g, so it is rewritten in place.
  EXPECT_EQ(lsi_writes(units), 1);
}

TEST(IndexWrites, UnprojectedChangesCostTheIndexNothing) {
  const auto table = indexed_table();
  TableCapacity units;
  const Item before = item({{"pk", "a"}, {"sk", "1"}, {"g", "x"}, {"other", "1"}});
  const Item after = item({{"pk", "a"}, {"sk", "1"}, {"g", "x"}, {"other", "2"}});
  add_index_writes(*table, &before, &after, units);  // KEYS_ONLY: the entry is unchanged
  EXPECT_EQ(gsi_writes(units), 0);
  EXPECT_TRUE(units.global_indexes.empty());
}

TEST(IndexWrites, ALargeProjectionCostsPerKilobyte) {
  const auto table = indexed_table();
  TableCapacity units;
  const Item big = item({{"pk", "a"}, {"sk", "1"}, {"l", "p"}, {"payload", std::string(3000, 'z')}});
  add_index_writes(*table, nullptr, &big, units, /*factor=*/2.0);
  EXPECT_EQ(lsi_writes(units), 6);    // ~3 KB entry (ALL), doubled
  EXPECT_EQ(units.table_write(), 6);  // an LSI spends the table's throughput
  EXPECT_EQ(units.all_write(), 6);
}

std::string written(const ConsumedCapacity& consumed, ReturnCapacity mode, bool list) {
  json::StringBuffer buffer;
  json::Writer writer(buffer);
  writer.StartObject();
  if (list) {
    consumed.write_list(writer, mode);
  } else {
    consumed.write_object(writer, mode, "t");
  }
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

TEST(ConsumedCapacity, WritesTotalsAndIndexes) {
  const auto table = indexed_table();
  ConsumedCapacity consumed;
  auto& units = consumed.of("t", table);
  units.write = 1;
  units.index(table->indexes[0].schema).write = 2;
  units.index(table->indexes[1].schema).write = 1;
  EXPECT_EQ(consumed.write_total(), 4);
  EXPECT_EQ(consumed.read_total(), 0);
  EXPECT_EQ(written(consumed, ReturnCapacity::kNone, false), "{}");
  EXPECT_EQ(written(consumed, ReturnCapacity::kTotal, false),
            R"({"ConsumedCapacity":{"TableName":"t","CapacityUnits":4.0}})");
  EXPECT_EQ(written(consumed, ReturnCapacity::kIndexes, false),
            R"({"ConsumedCapacity":{"TableName":"t","CapacityUnits":4.0,"Table":{"CapacityUnits":1.0},)"
            R"("LocalSecondaryIndexes":{"by_l":{"CapacityUnits":1.0}},)"
            R"("GlobalSecondaryIndexes":{"by_g":{"CapacityUnits":2.0}}}})");
}

TEST(ConsumedCapacity, ATableThatConsumedNothingReportsZero) {
  ConsumedCapacity consumed;
  EXPECT_EQ(written(consumed, ReturnCapacity::kTotal, false),
            R"({"ConsumedCapacity":{"TableName":"t","CapacityUnits":0.0}})");
  EXPECT_EQ(written(consumed, ReturnCapacity::kTotal, true), R"({"ConsumedCapacity":[]})");
}

TEST(ConsumedCapacity, ListsTablesInOrderOfFirstUse) {
  const auto table = indexed_table();
  ConsumedCapacity consumed;
  consumed.of("b", table).read += 1;
  consumed.of("a", table).read += 0.5;
  consumed.of("b", table).read += 1;
  EXPECT_EQ(written(consumed, ReturnCapacity::kTotal, true),
            R"({"ConsumedCapacity":[{"TableName":"b","CapacityUnits":2.0},{"TableName":"a","CapacityUnits":0.5}]})");
}

}  // namespace
}  // namespace dynastore::api
