#include "dynastore/routing/router.h"

#include <gtest/gtest.h>

namespace dynastore::routing {
namespace {

constexpr std::string_view kGet = "DynamoDB_20120810.GetItem";

TEST(RouterTest, EventuallyConsistentReadsMayBeAnsweredByAnyReplica) {
  EXPECT_TRUE(readable_from_any_replica(kGet, R"({"TableName":"t","Key":{}})"));
  EXPECT_TRUE(readable_from_any_replica(kGet, R"({"TableName":"t","ConsistentRead":false})"));
  EXPECT_TRUE(readable_from_any_replica("DynamoDB_20120810.Query", R"({"TableName":"t"})"));
  EXPECT_TRUE(readable_from_any_replica("DynamoDB_20120810.Scan", R"({"TableName":"t"})"));
  EXPECT_TRUE(readable_from_any_replica("DynamoDB_20120810.DescribeLimits", "{}"));
  EXPECT_FALSE(needs_confirmed_leader(kGet, R"({"TableName":"t"})"));
}

TEST(RouterTest, ConsistentReadsNeedAConfirmedLeader) {
  const std::string_view consistent = R"({"TableName":"t","ConsistentRead":true})";
  EXPECT_FALSE(readable_from_any_replica(kGet, consistent));
  EXPECT_TRUE(needs_confirmed_leader(kGet, consistent));
  EXPECT_TRUE(needs_confirmed_leader("DynamoDB_20120810.Scan", consistent));
  // BatchGetItem: any table asking for it.
  const std::string_view batch =
      R"({"RequestItems":{"a":{"Keys":[]},"b":{"Keys":[],"ConsistentRead":true}}})";
  EXPECT_FALSE(readable_from_any_replica("DynamoDB_20120810.BatchGetItem", batch));
  EXPECT_TRUE(needs_confirmed_leader("DynamoDB_20120810.BatchGetItem", batch));
  EXPECT_TRUE(readable_from_any_replica("DynamoDB_20120810.BatchGetItem", R"({"RequestItems":{"a":{"Keys":[]}}})"));
  EXPECT_TRUE(needs_confirmed_leader("DynamoDB_20120810.TransactGetItems", "{}"));
  // A string that merely mentions it is not the flag.
  EXPECT_TRUE(readable_from_any_replica(kGet, R"({"TableName":"ConsistentRead"})"));
}

TEST(RouterTest, WritesAndTableOperationsGoToTheLeader) {
  for (std::string_view target :
       {"DynamoDB_20120810.PutItem", "DynamoDB_20120810.UpdateItem", "DynamoDB_20120810.BatchWriteItem",
        "DynamoDB_20120810.TransactWriteItems", "DynamoDB_20120810.CreateTable", "DynamoDB_20120810.DescribeTable",
        "DynamoDB_20120810.ListTables", "DynamoDBStreams_20120810.DescribeStream",
        "DynamoDBStreams_20120810.GetRecords", "", "garbage"}) {
    EXPECT_FALSE(readable_from_any_replica(target, "{}")) << target;
    EXPECT_FALSE(needs_confirmed_leader(target, "{}")) << target;
  }
}

TEST(RouterTest, OnePartitionCoversTheHashSpaceInPhaseOne) {
  auto map = PartitionMap::single_group({{1, "a:1", "a:2"}, {2, "b:1", "b:2"}, {3, "c:1", "c:2"}});
  ASSERT_EQ(map.partitions().size(), 1u);
  EXPECT_EQ(&map.partition_of(0), &map.partition_of(UINT64_MAX));
  EXPECT_EQ(map.partition_of(12345).replicas, (std::vector<std::uint64_t>{1, 2, 3}));
}

}  // namespace
}  // namespace dynastore::routing
