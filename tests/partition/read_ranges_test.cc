// Logical reads as key ranges (src/partition/read_ranges.h). The oracle is
// the key condition's own meaning: an entry's key lies in the range exactly
// when its item satisfies the condition.
#include "partition/read_ranges.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "dynastore/model/index_schema.h"
#include "dynastore/model/key_codec.h"

namespace dynastore::partition {
namespace {

using expr::KeyCondition;
using expr::SortKeyCondition;
using expr::SortKeyOp;
using model::AttributeValue;
using model::Item;

TableSchema table_with(model::ScalarType sort_type) {
  TableSchema table;
  table.table_id = 5;
  table.key_schema.hash = {"pk", model::ScalarType::kString};
  table.key_schema.range = model::KeyAttribute{"sk", sort_type};
  return table;
}

// An LSI of `table` on "alt", of the same type as the table's sort key.
model::IndexSchema local_index_of(const TableSchema& table) {
  model::IndexSchema index;
  index.name = "by-alt";
  index.kind = model::IndexKind::kLocal;
  index.index_id = 6;
  index.hash_keys = {table.key_schema.hash};
  index.range_keys = {{"alt", table.key_schema.range->type}};
  return index;
}

AttributeValue value_of(model::ScalarType type, int n, std::mt19937& rng) {
  switch (type) {
    case model::ScalarType::kNumber: return AttributeValue::number(std::to_string(n - 50) + (rng() % 2 ? ".5" : ""));
    case model::ScalarType::kString: {
      std::string s;
      for (int i = 0, len = 1 + static_cast<int>(rng() % 3); i < len; ++i) s += static_cast<char>('a' + rng() % 3);
      return AttributeValue::string(s);
    }
    case model::ScalarType::kBinary: {
      std::string b;
      for (int i = 0, len = 1 + static_cast<int>(rng() % 3); i < len; ++i) {
        b += static_cast<char>(std::vector<int>{0, 1, 0x7f, 0xff}[rng() % 4]);
      }
      return AttributeValue::binary(b);
    }
  }
  return {};
}

bool in_range(const RangeRead& range, const std::string& key) {
  return key >= range.lower && (range.upper.empty() || key < range.upper);
}

class KeyConditionRangeTest : public ::testing::TestWithParam<model::ScalarType> {};

TEST_P(KeyConditionRangeTest, AnEntryIsInTheRangeExactlyWhenItSatisfiesTheCondition) {
  const TableSchema table = table_with(GetParam());
  const model::IndexSchema index = local_index_of(table);
  std::mt19937 rng(7);
  for (int round = 0; round < 400; ++round) {
    SortKeyCondition sort;
    sort.op = static_cast<SortKeyOp>(rng() % 7);
    if (sort.op == SortKeyOp::kBeginsWith && GetParam() == model::ScalarType::kNumber) sort.op = SortKeyOp::kGe;
    sort.value = value_of(GetParam(), static_cast<int>(rng() % 100), rng);
    sort.upper = value_of(GetParam(), static_cast<int>(rng() % 100), rng);
    KeyCondition keys;
    keys.partition_values = {AttributeValue::string(round % 2 ? "p" : "q")};
    keys.sort = sort;
    const RangeRead table_range = key_condition_range({&table, nullptr}, keys, true);
    const RangeRead index_range = key_condition_range({&table, &index}, keys, true);
    for (int i = 0; i < 20; ++i) {
      const AttributeValue candidate = value_of(GetParam(), static_cast<int>(rng() % 100), rng);
      for (const char* pk : {"p", "q"}) {
        Item item{{"pk", AttributeValue::string(pk)}, {"sk", candidate}, {"alt", candidate}};
        const bool wanted = pk == keys.partition_values[0].scalar() && sort.matches(candidate);
        EXPECT_EQ(in_range(table_range, entry_key({&table, nullptr}, item)), wanted)
            << "table, op " << static_cast<int>(sort.op) << " round " << round;
        EXPECT_EQ(in_range(index_range, entry_key({&table, &index}, item)), wanted)
            << "index, op " << static_cast<int>(sort.op) << " round " << round;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(SortKeyTypes, KeyConditionRangeTest,
                         ::testing::Values(model::ScalarType::kString, model::ScalarType::kNumber,
                                           model::ScalarType::kBinary));

TEST(ReadRangesTest, MultiAttributeKeysNarrowByEveryEqualityThenTheLastCondition) {
  TableSchema table = table_with(model::ScalarType::kString);
  model::IndexSchema gsi;
  gsi.name = "multi";
  gsi.index_id = 9;
  gsi.hash_keys = {{"h1", model::ScalarType::kString}, {"h2", model::ScalarType::kNumber}};
  gsi.range_keys = {{"r1", model::ScalarType::kNumber}, {"r2", model::ScalarType::kString}};
  KeyCondition keys;
  keys.partition_values = {AttributeValue::string("a"), AttributeValue::number("7")};
  keys.sort_equalities = {AttributeValue::number("2")};
  keys.sort = SortKeyCondition{SortKeyOp::kBeginsWith, AttributeValue::string("b"), {}};
  const RangeRead range = key_condition_range({&table, &gsi}, keys, true);
  auto entry = [&](const char* h1, const char* h2, const char* r1, const char* r2) {
    Item item{{"pk", AttributeValue::string(std::string(h1) + r2)}, {"sk", AttributeValue::string("s")},
              {"h1", AttributeValue::string(h1)}, {"h2", AttributeValue::number(h2)},
              {"r1", AttributeValue::number(r1)}, {"r2", AttributeValue::string(r2)}};
    return entry_key({&table, &gsi}, item);
  };
  EXPECT_TRUE(in_range(range, entry("a", "7", "2", "b")));
  EXPECT_TRUE(in_range(range, entry("a", "7", "2", "bcd")));
  EXPECT_FALSE(in_range(range, entry("a", "7", "2", "a")));
  EXPECT_FALSE(in_range(range, entry("a", "7", "2", "c")));
  EXPECT_FALSE(in_range(range, entry("a", "7", "20", "b")));
  EXPECT_FALSE(in_range(range, entry("a", "7", "1", "b")));
  EXPECT_FALSE(in_range(range, entry("a", "8", "2", "b")));
  EXPECT_FALSE(in_range(range, entry("ab", "7", "2", "b")));
}

TEST(ReadRangesTest, AnExclusiveStartKeyNarrowsTheRangeInReadOrder) {
  const TableSchema table = table_with(model::ScalarType::kNumber);
  KeyCondition keys;
  keys.partition_values = {AttributeValue::string("p")};
  const Item start{{"pk", AttributeValue::string("p")}, {"sk", AttributeValue::number("5")}};
  auto key_at = [&](const char* sk) {
    return entry_key({&table, nullptr}, Item{{"pk", AttributeValue::string("p")}, {"sk", AttributeValue::number(sk)}});
  };
  const RangeRead forward = range_of(QueryRead{{&table, nullptr}, &keys, true, &start});
  EXPECT_FALSE(in_range(forward, key_at("5")));
  EXPECT_FALSE(in_range(forward, key_at("4")));
  EXPECT_TRUE(in_range(forward, key_at("5.001")));
  const RangeRead backward = range_of(QueryRead{{&table, nullptr}, &keys, false, &start});
  EXPECT_FALSE(backward.forward);
  EXPECT_FALSE(in_range(backward, key_at("5")));
  EXPECT_TRUE(in_range(backward, key_at("4.999")));
  EXPECT_FALSE(in_range(backward, key_at("6")));
}

TEST(ReadRangesTest, AQueryStartKeyMustLieInItsPartitionAndSatisfyItsSortCondition) {
  const TableSchema table = table_with(model::ScalarType::kNumber);
  KeyCondition keys;
  keys.partition_values = {AttributeValue::string("p")};
  keys.sort = SortKeyCondition{SortKeyOp::kGt, AttributeValue::number("3"), {}};
  auto fit = [&](const char* pk, const char* sk) {
    const Item start{{"pk", AttributeValue::string(pk)}, {"sk", AttributeValue::number(sk)}};
    return fit_of_start_key(QueryRead{{&table, nullptr}, &keys, true, &start});
  };
  EXPECT_EQ(fit("p", "4"), StartKeyFit::kInside);
  EXPECT_EQ(fit("p", "3"), StartKeyFit::kOutsideSortCondition);
  EXPECT_EQ(fit("other", "4"), StartKeyFit::kOutsidePartition);
  EXPECT_EQ(fit_of_start_key(QueryRead{{&table, nullptr}, &keys, true, nullptr}), StartKeyFit::kInside);
}

TEST(ReadRangesTest, ScanSegmentsSplitTheTableIntoContiguousDisjointParts) {
  const TableSchema table = table_with(model::ScalarType::kString);
  for (std::uint32_t total : {1u, 2u, 3u, 7u, 64u}) {
    std::vector<RangeRead> segments;
    for (std::uint32_t s = 0; s < total; ++s) segments.push_back(range_of(ScanRead{{&table, nullptr}, s, total, nullptr}));
    const auto whole = model::table_range(table.table_id);
    EXPECT_EQ(segments.front().lower, whole.lower);
    EXPECT_EQ(segments.back().upper, whole.upper);
    for (std::size_t s = 1; s < segments.size(); ++s) EXPECT_EQ(segments[s].lower, segments[s - 1].upper);
    // Every item lies in exactly one segment, and a start key in another
    // segment is reported.
    for (int i = 0; i < 50; ++i) {
      const Item item{{"pk", AttributeValue::string("k" + std::to_string(i))}, {"sk", AttributeValue::string("s")}};
      const std::string key = entry_key({&table, nullptr}, item);
      int containing = 0;
      for (std::uint32_t s = 0; s < total; ++s) {
        const bool inside = in_range(segments[s], key);
        containing += inside;
        EXPECT_EQ(fit_of_start_key(ScanRead{{&table, nullptr}, s, total, &item}) == StartKeyFit::kInside, inside);
      }
      EXPECT_EQ(containing, 1);
    }
  }
}

}  // namespace
}  // namespace dynastore::partition
