#include "dynastore/common/token_bucket.h"

#include <gtest/gtest.h>

namespace dynastore {
namespace {

TEST(TokenBucket, StartsFullAndAdmitsWhatTheBalanceHolds) {
  TokenBucket bucket(3, 100.0);
  EXPECT_DOUBLE_EQ(bucket.balance(), 3);
  EXPECT_TRUE(bucket.admits(3));
  EXPECT_FALSE(bucket.admits(3.5));
  bucket.take(2);
  EXPECT_TRUE(bucket.admits(1));
  bucket.take(0.5);
  EXPECT_FALSE(bucket.admits(1));
  EXPECT_TRUE(bucket.admits(0.5));
}

TEST(TokenBucket, RefillsAtTheRateUpToTheCapacity) {
  TokenBucket bucket(10, 0.0);
  bucket.take(10);
  bucket.refill(/*rate=*/2, /*capacity=*/10, /*now=*/1.5);
  EXPECT_DOUBLE_EQ(bucket.balance(), 3);
  bucket.refill(2, 10, 100.0);  // unused capacity is kept only up to the capacity
  EXPECT_DOUBLE_EQ(bucket.balance(), 10);
}

TEST(TokenBucket, ADebtIsPaidOffByLaterRefills) {
  TokenBucket bucket(1, 0.0);
  bucket.take(5);  // a large item read on the last unit
  EXPECT_DOUBLE_EQ(bucket.balance(), -4);
  bucket.refill(1, 1, 4.0);
  EXPECT_FALSE(bucket.admits(0.5));  // exactly paid off: nothing left yet
  bucket.refill(1, 1, 4.5);
  EXPECT_TRUE(bucket.admits(0.5));
}

TEST(TokenBucket, RateAndCapacityChangeAtTheNextRefill) {
  TokenBucket bucket(300, 0.0);
  bucket.take(300);
  bucket.refill(1, 300, 1.0);
  EXPECT_DOUBLE_EQ(bucket.balance(), 1);
  bucket.refill(100, 300, 2.0);  // raised: the new rate from the last refill on
  EXPECT_DOUBLE_EQ(bucket.balance(), 101);
  bucket.refill(1, 5, 2.0);  // lowered capacity: the balance drops to it
  EXPECT_DOUBLE_EQ(bucket.balance(), 5);
}

TEST(TokenBucket, TimeGoingBackwardsAddsNothing) {
  TokenBucket bucket(2, 10.0);
  bucket.take(2);
  bucket.refill(1, 2, 9.0);
  EXPECT_DOUBLE_EQ(bucket.balance(), 0);
  bucket.refill(1, 2, 10.5);
  EXPECT_DOUBLE_EQ(bucket.balance(), 0.5);
}

}  // namespace
}  // namespace dynastore
