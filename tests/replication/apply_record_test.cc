#include "replication/apply_record.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dynastore::replication {
namespace {

TEST(ApplyRecordTest, EntriesAreWholeWordsAndDecodeToTheirBatch) {
  for (int values = 0; values < 9; ++values) {
    storage::WriteBatch batch;
    batch.put(storage::Column::kItems, "key", std::string(values, 'v'));
    const std::string entry = encode_entry(batch);
    EXPECT_EQ(entry.size() % 8, 0u) << values;  // the Raft library's rule
    auto decoded = decode_entry(entry);
    ASSERT_TRUE(decoded.is_ok()) << decoded.status().to_string();
    EXPECT_EQ(decoded.value(), batch);
  }
}

TEST(ApplyRecordTest, DamagedEntriesAreRefused) {
  storage::WriteBatch batch;
  batch.put(storage::Column::kItems, "key", "value");
  const std::string entry = encode_entry(batch);
  EXPECT_FALSE(decode_entry(entry.substr(0, entry.size() - 8)).is_ok());
  EXPECT_FALSE(decode_entry(entry + std::string(8, '\0')).is_ok());
  std::string other_format = entry;
  other_format[0] = 2;
  EXPECT_FALSE(decode_entry(other_format).is_ok());
  ASSERT_GT(entry.size(), 8 + batch.encode().size());  // it has padding
  std::string junk_padding = entry;
  junk_padding.back() = 'x';
  EXPECT_FALSE(decode_entry(junk_padding).is_ok());
  EXPECT_FALSE(decode_entry("").is_ok());
}

TEST(ApplyRecordTest, AGroupEntryCarriesSeveralBatchesInOrder) {
  std::vector<storage::WriteBatch> batches(3);
  std::vector<std::string> entries;
  for (std::size_t i = 0; i < batches.size(); ++i) {
    batches[i].put(storage::Column::kItems, "key" + std::to_string(i), std::string(i * 3, 'v'));
    entries.push_back(encode_entry(batches[i]));
  }
  const std::string group = join_entries(entries);
  EXPECT_EQ(group.size() % 8, 0u);
  auto decoded = decode_entries(group);
  ASSERT_TRUE(decoded.is_ok()) << decoded.status().to_string();
  EXPECT_EQ(decoded.value(), batches);
  // A single entry decodes as a group of one.
  auto single = decode_entries(entries[1]);
  ASSERT_TRUE(single.is_ok());
  EXPECT_EQ(single.value(), std::vector<storage::WriteBatch>{batches[1]});
  // Damage is refused.
  EXPECT_FALSE(decode_entries(group.substr(0, group.size() - 8)).is_ok());
  EXPECT_FALSE(decode_entries(group + std::string(8, '\0')).is_ok());
}

TEST(ApplyRecordTest, IndexesAndSnapshotDescriptorsRoundTrip) {
  EXPECT_EQ(decode_applied_index(encode_applied_index(0)), 0u);
  EXPECT_EQ(decode_applied_index(encode_applied_index(18446744073709551615ull)), 18446744073709551615ull);
  EXPECT_FALSE(decode_applied_index("012"));
  EXPECT_FALSE(decode_applied_index("1x"));
  EXPECT_EQ(decode_snapshot_descriptor(encode_snapshot_descriptor(42)), 42u);
  EXPECT_FALSE(decode_snapshot_descriptor("dynastore-snapshot 2 42"));
}

}  // namespace
}  // namespace dynastore::replication
