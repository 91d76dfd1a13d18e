// DeferredCommit: the outcome, told once from any thread, reaches what the
// write holds and the answer in that order, whichever side comes first.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "dynastore/storage/deferred_commit.h"

namespace dynastore::storage {
namespace {

TEST(DeferredCommitTest, ScopesNestAndEndWithTheirThread) {
  EXPECT_EQ(DeferredCommit::current(), nullptr);
  DeferredCommit outer, inner;
  {
    const DeferredCommit::Scope a(&outer);
    EXPECT_EQ(DeferredCommit::current(), &outer);
    {
      const DeferredCommit::Scope b(&inner);
      EXPECT_EQ(DeferredCommit::current(), &inner);
      std::thread([] { EXPECT_EQ(DeferredCommit::current(), nullptr); }).join();
    }
    EXPECT_EQ(DeferredCommit::current(), &outer);
    const DeferredCommit::Scope none(nullptr);
    EXPECT_EQ(DeferredCommit::current(), nullptr);
  }
  EXPECT_EQ(DeferredCommit::current(), nullptr);
}

TEST(DeferredCommitTest, OneWriteClaimsIt) {
  DeferredCommit commit;
  EXPECT_FALSE(commit.claimed());
  auto done = commit.claim();
  EXPECT_TRUE(commit.claimed());
  done(Status::ok());
}

TEST(DeferredCommitTest, ReleasesRunBeforeTheAnswerWhenTheOutcomeComesLast) {
  DeferredCommit commit;
  auto done = commit.claim();
  std::vector<std::string> order;
  commit.after_outcome([&](const Status&) { order.push_back("locks"); });
  commit.after_outcome([&](const Status&) { order.push_back("stream"); });
  commit.when_known([&](const Status& outcome) { order.push_back(outcome.is_ok() ? "answer" : "error"); });
  EXPECT_TRUE(order.empty());
  std::thread([&] { done(Status::ok()); }).join();
  EXPECT_EQ(order, (std::vector<std::string>{"locks", "stream", "answer"}));
}

TEST(DeferredCommitTest, WhatComesAfterAKnownOutcomeRunsAtOnce) {
  DeferredCommit commit;
  auto done = commit.claim();
  done(Status::unavailable("no quorum"));
  std::optional<Status> released;
  commit.after_outcome([&](const Status& outcome) { released = outcome; });
  ASSERT_TRUE(released.has_value());
  EXPECT_EQ(released->code(), StatusCode::kUnavailable);
  std::optional<Status> told;
  commit.when_known([&](const Status& outcome) { told = outcome; });
  ASSERT_TRUE(told.has_value());
  EXPECT_EQ(told->code(), StatusCode::kUnavailable);
}

TEST(DeferredCommitTest, OnlyTheFirstOutcomeCounts) {
  DeferredCommit commit;
  auto done = commit.claim();
  int releases = 0;
  commit.after_outcome([&](const Status&) { ++releases; });
  done(Status::unavailable("timed out"));
  done(Status::ok());
  EXPECT_EQ(releases, 1);
  std::optional<Status> told;
  commit.when_known([&](const Status& outcome) { told = outcome; });
  EXPECT_EQ(told->code(), StatusCode::kUnavailable);
}

TEST(DeferredCommitTest, SettleWaitsForTheOutcomeOfAClaimedWriteOnly) {
  DeferredCommit unclaimed;
  unclaimed.settle();  // nothing to wait for

  DeferredCommit commit;
  auto done = commit.claim();
  auto settled = std::async(std::launch::async, [&] { commit.settle(); });
  EXPECT_EQ(settled.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout);
  done(Status::ok());
  EXPECT_EQ(settled.wait_for(std::chrono::seconds(10)), std::future_status::ready);
}

TEST(DeferredCommitTest, TheOutcomeMayOutliveTheRequestsObject) {
  DeferredCommit::Done done;
  std::atomic<int> released{0};
  {
    DeferredCommit commit;
    done = commit.claim();
    commit.after_outcome([&](const Status&) { ++released; });
  }
  done(Status::ok());
  EXPECT_EQ(released, 1);
}

}  // namespace
}  // namespace dynastore::storage
