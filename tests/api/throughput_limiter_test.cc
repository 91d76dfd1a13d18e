#include "api/throughput_limiter.h"

#include <gtest/gtest.h>

#include <memory>

namespace dynastore::api {
namespace {

// A provisioned table: 2 RCU, 1 WCU; GSI "g": 5 RCU, 1 WCU.
catalog::TableInfo provisioned_table() {
  catalog::TableInfo table;
  table.name = "t";
  table.table_id = 1;
  table.billing_mode = catalog::BillingMode::kProvisioned;
  table.throughput.read_capacity_units = 2;
  table.throughput.write_capacity_units = 1;
  catalog::IndexInfo gsi;
  gsi.schema.name = "g";
  gsi.schema.kind = model::IndexKind::kGlobal;
  gsi.schema.index_id = 2;
  gsi.throughput.read_capacity_units = 5;
  gsi.throughput.write_capacity_units = 1;
  table.indexes.push_back(gsi);
  return table;
}

TableCapacity used(const catalog::TableInfo& table, double read, double write, double gsi_write = 0) {
  TableCapacity units;
  units.table = std::make_shared<const catalog::TableInfo>(table);
  units.read = read;
  units.write = write;
  if (gsi_write > 0) units.index(table.indexes[0].schema).write = gsi_write;
  return units;
}

class ThroughputLimiterTest : public ::testing::Test {
 protected:
  double now_ = 1000;
  ThroughputLimiter limiter_{/*burst_seconds=*/10, [this] { return now_; }};
};

TEST_F(ThroughputLimiterTest, ABurstIsAllowedThenTheRate) {
  const auto table = provisioned_table();
  // A new table starts with its burst: 10 s of 1 WCU.
  EXPECT_EQ(limiter_.test_balance(table, Access::kWrite), 10);
  for (int i = 0; i < 10; ++i) {
    ASSERT_FALSE(limiter_.check(table, Access::kWrite)) << i;
    limiter_.charge(used(table, 0, 1));
  }
  const auto throttle = limiter_.check(table, Access::kWrite);
  ASSERT_TRUE(throttle);
  EXPECT_EQ(throttle->index, nullptr);
  EXPECT_EQ(throttle->access, Access::kWrite);
  EXPECT_FALSE(throttle->on_demand);
  // Reads have a bucket of their own.
  EXPECT_FALSE(limiter_.check(table, Access::kRead));
  now_ += 0.5;  // half a unit back: not a write's worth
  EXPECT_TRUE(limiter_.check(table, Access::kWrite));
  now_ += 0.5;
  EXPECT_FALSE(limiter_.check(table, Access::kWrite));
  limiter_.charge(used(table, 0, 1));
  EXPECT_TRUE(limiter_.check(table, Access::kWrite));
}

TEST_F(ThroughputLimiterTest, UnusedCapacityIsKeptOnlyForTheBurstWindow) {
  const auto table = provisioned_table();
  limiter_.charge(used(table, 20, 0));  // all 20 read units (10 s of 2 RCU)
  EXPECT_TRUE(limiter_.check(table, Access::kRead));
  now_ += 1000;
  EXPECT_EQ(limiter_.test_balance(table, Access::kRead), 20);
}

TEST_F(ThroughputLimiterTest, ALargeReadLeavesADebt) {
  const auto table = provisioned_table();
  limiter_.charge(used(table, 26, 0));  // a 100 KB item read on the last units
  EXPECT_EQ(limiter_.test_balance(table, Access::kRead), -6);
  now_ += 3;
  EXPECT_TRUE(limiter_.check(table, Access::kRead));  // paid off exactly: nothing left yet
  now_ += 0.25;                                       // half a unit: the least a read costs
  EXPECT_FALSE(limiter_.check(table, Access::kRead));
}

TEST_F(ThroughputLimiterTest, PendingUnitsOfTheSameRequestCount) {
  const auto table = provisioned_table();
  EXPECT_FALSE(limiter_.check(table, Access::kWrite, nullptr, /*pending=*/9));
  EXPECT_TRUE(limiter_.check(table, Access::kWrite, nullptr, /*pending=*/9.5));
}

TEST_F(ThroughputLimiterTest, AGsiShortOfWriteCapacityHoldsBackTheTablesWrites) {
  const auto table = provisioned_table();
  limiter_.charge(used(table, 0, 1, /*gsi_write=*/10));
  const auto throttle = limiter_.check(table, Access::kWrite);
  ASSERT_TRUE(throttle);
  ASSERT_NE(throttle->index, nullptr);
  EXPECT_EQ(throttle->index->schema.name, "g");
  EXPECT_EQ(limiter_.test_balance(table, Access::kWrite), 9);  // the table's own bucket is not empty
}

TEST_F(ThroughputLimiterTest, AGsiReadUsesTheGsisCapacity) {
  const auto table = provisioned_table();
  const auto* gsi = &table.indexes[0];
  TableCapacity units = used(table, 0, 0);
  units.index(gsi->schema).read = 50;
  limiter_.charge(units);
  ASSERT_TRUE(limiter_.check(table, Access::kRead, gsi));
  EXPECT_FALSE(limiter_.check(table, Access::kRead));  // the table's reads are untouched
  EXPECT_EQ(limiter_.check(table, Access::kRead, gsi)->index, gsi);
}

TEST_F(ThroughputLimiterTest, LocalIndexUnitsAreTheTables) {
  auto table = provisioned_table();
  catalog::IndexInfo lsi;
  lsi.schema.name = "l";
  lsi.schema.kind = model::IndexKind::kLocal;
  lsi.schema.index_id = 3;
  table.indexes.push_back(lsi);
  TableCapacity units = used(table, 0, 0);
  units.index(lsi.schema).write = 10;
  limiter_.charge(units);
  EXPECT_EQ(limiter_.test_balance(table, Access::kWrite), 0);
}

TEST_F(ThroughputLimiterTest, ANewRateAppliesAtOnce) {
  auto table = provisioned_table();
  limiter_.charge(used(table, 0, 11));  // a unit in debt
  EXPECT_TRUE(limiter_.check(table, Access::kWrite));
  table.throughput.write_capacity_units = 100;  // UpdateTable
  now_ += 0.03;                                 // 3 units at the new rate
  EXPECT_FALSE(limiter_.check(table, Access::kWrite));
  EXPECT_NEAR(*limiter_.test_balance(table, Access::kWrite), 2, 1e-9);
}

TEST_F(ThroughputLimiterTest, OnDemandTablesHaveLimitsOnlyWhenAMaximumIsSet) {
  auto table = provisioned_table();
  table.billing_mode = catalog::BillingMode::kPayPerRequest;
  limiter_.charge(used(table, 1e6, 1e6));
  EXPECT_FALSE(limiter_.check(table, Access::kRead));
  EXPECT_FALSE(limiter_.check(table, Access::kWrite));
  EXPECT_FALSE(limiter_.test_balance(table, Access::kWrite));

  table.on_demand.max_write_request_units = 4;  // one second's worth of room, no burst
  EXPECT_EQ(limiter_.test_balance(table, Access::kWrite), 4);
  limiter_.charge(used(table, 0, 4));
  const auto throttle = limiter_.check(table, Access::kWrite);
  ASSERT_TRUE(throttle);
  EXPECT_TRUE(throttle->on_demand);
  EXPECT_FALSE(limiter_.check(table, Access::kRead));
  now_ += 1000;
  EXPECT_EQ(limiter_.test_balance(table, Access::kWrite), 4);
}

TEST_F(ThroughputLimiterTest, AnOnDemandGsiWithAReadMaximumIsChargedAlone) {
  auto table = provisioned_table();
  table.billing_mode = catalog::BillingMode::kPayPerRequest;
  table.indexes[0].on_demand.max_read_request_units = 2;
  const auto* gsi = &table.indexes[0];
  TableCapacity units = used(table, 5, 5);
  units.index(gsi->schema).read = 2;
  limiter_.charge(units);
  EXPECT_TRUE(limiter_.check(table, Access::kRead, gsi));
  EXPECT_FALSE(limiter_.check(table, Access::kRead));
}

TEST(ThroughputLimiter, BucketsHoldAtLeastOneSecond) {
  double now = 0;
  ThroughputLimiter limiter(/*burst_seconds=*/0, [&now] { return now; });
  const auto table = provisioned_table();
  EXPECT_EQ(limiter.test_balance(table, Access::kRead), 2);
}

}  // namespace
}  // namespace dynastore::api
