#include "dynastore/streams/trigger_config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <thread>

#include "dynastore/streams/trigger_target.h"

namespace dynastore::streams {
namespace {

TEST(TriggerConfigTest, DefaultsAreLambdasEventSourceMappingDefaults) {
  auto config = parse_trigger_config("table=Orders,target=http://127.0.0.1:9000/");
  ASSERT_TRUE(config.is_ok()) << config.status().to_string();
  EXPECT_EQ(config->table, "Orders");
  EXPECT_EQ(config->target, "http://127.0.0.1:9000/");
  EXPECT_EQ(config->batch_size, 100u);
  EXPECT_EQ(config->batching_window.count(), 0);
  EXPECT_EQ(config->starting_position, StartingPosition::kTrimHorizon);
  EXPECT_EQ(config->max_retries, -1);
  EXPECT_FALSE(config->report_batch_item_failures);
  EXPECT_TRUE(config->dead_letter_dir.empty());
}

TEST(TriggerConfigTest, ReadsEverySetting) {
  auto config = parse_trigger_config(
      "table=T1,batch-size=10,batching-window-ms=500,starting-position=LATEST,max-retries=2,retry-backoff-ms=50,"
      "timeout-ms=2000,account-id=123456789012,dead-letter-dir=/tmp/dlq,target=cmd:a, b, c");
  ASSERT_TRUE(config.is_ok()) << config.status().to_string();
  EXPECT_EQ(config->batch_size, 10u);
  EXPECT_EQ(config->batching_window.count(), 500);
  EXPECT_EQ(config->starting_position, StartingPosition::kLatest);
  EXPECT_EQ(config->max_retries, 2);
  EXPECT_EQ(config->retry_backoff.count(), 50);
  EXPECT_EQ(config->timeout.count(), 2000);
  EXPECT_EQ(config->account_id, "123456789012");
  EXPECT_EQ(config->dead_letter_dir, "/tmp/dlq");
  EXPECT_EQ(config->target, "cmd:a, b, c");  // the target runs to the end, commas and all
}

TEST(TriggerConfigTest, ReportsBatchItemFailuresOfHttpTargets) {
  auto config = parse_trigger_config("table=T,report-batch-item-failures=true,target=http://127.0.0.1:1/");
  ASSERT_TRUE(config.is_ok()) << config.status().to_string();
  EXPECT_TRUE(config->report_batch_item_failures);
}

TEST(TriggerConfigTest, RefusesWhatLambdaWouldAndSaysWhy) {
  const std::pair<const char*, const char*> cases[] = {
      {"target=http://h/", "table= is missing"},
      {"table=T", "target= is missing"},
      {"table=T,target=https://h/", "target must be"},
      {"table=T,batch-size=0,target=cmd:x", "batch-size=0"},
      {"table=T,batch-size=10001,target=cmd:x", "batch-size=10001"},
      {"table=T,batching-window-ms=300001,target=cmd:x", "batching-window-ms"},
      {"table=T,max-retries=-2,target=cmd:x", "max-retries"},
      {"table=T,starting-position=AT_TIMESTAMP,target=cmd:x", "TRIM_HORIZON or LATEST"},
      {"table=T,report-batch-item-failures=yes,target=cmd:x", "true or false"},
      {"table=T,report-batch-item-failures=true,target=cmd:x", "needs an http:// target"},
      {"table=T,account-id=12345,target=cmd:x", "12 digits"},
      {"table=T,colour=blue,target=cmd:x", "unknown setting \"colour\""},
      {"table=T,batch-size,target=cmd:x", "is not key=value"},
  };
  for (const auto& [text, reason] : cases) {
    auto config = parse_trigger_config(text);
    ASSERT_FALSE(config.is_ok()) << text;
    EXPECT_NE(config.status().message().find(reason), std::string::npos) << text << ": " << config.status().message();
  }
}

TEST(TriggerTargetTest, MakesHttpAndCommandTargetsOnly) {
  EXPECT_TRUE(make_trigger_target("http://127.0.0.1:9/x").is_ok());
  EXPECT_TRUE(make_trigger_target("cmd:true").is_ok());
  EXPECT_FALSE(make_trigger_target("cmd:").is_ok());
  EXPECT_FALSE(make_trigger_target("http://").is_ok());
  EXPECT_FALSE(make_trigger_target("http://user@host/").is_ok());
  EXPECT_FALSE(make_trigger_target("ftp://host/").is_ok());
}

TEST(TriggerTargetTest, ACommandSucceedsOnExitZeroAndGetsTheEventOnStandardInput) {
  std::atomic<bool> cancel{false};
  auto ok = make_trigger_target("cmd:test \"$(cat)\" = '{\"Records\":[]}'");
  ASSERT_TRUE(ok.is_ok());
  EXPECT_TRUE(ok.value()->deliver("{\"Records\":[]}", std::chrono::seconds(10), cancel).is_ok());
  auto failing = make_trigger_target("cmd:cat >/dev/null; exit 3");
  auto result = failing.value()->deliver("{}", std::chrono::seconds(10), cancel);
  ASSERT_FALSE(result.is_ok());
  EXPECT_NE(result.status().message().find("exit status 3"), std::string::npos) << result.status().message();
}

TEST(TriggerTargetTest, ACommandThatOutlivesTheTimeoutIsKilled) {
  std::atomic<bool> cancel{false};
  auto slow = make_trigger_target("cmd:exec sleep 30");
  const auto started = std::chrono::steady_clock::now();
  auto result = slow.value()->deliver("{}", std::chrono::milliseconds(200), cancel);
  ASSERT_FALSE(result.is_ok());
  EXPECT_NE(result.status().message().find("timed out"), std::string::npos) << result.status().message();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

TEST(TriggerTargetTest, ATimedOutCommandIsStoppedWithWhatItStarted) {
  // The shell starts a child that would outlive it; both must go.
  char pattern[] = "/tmp/dynastore-trigger-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern), nullptr);
  const std::string marker = std::string(pattern) + "/late";
  std::atomic<bool> cancel{false};
  auto slow = make_trigger_target("cmd:sleep 1 && touch " + marker + " & wait");
  auto result = slow.value()->deliver("{}", std::chrono::milliseconds(200), cancel);
  ASSERT_FALSE(result.is_ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_FALSE(std::filesystem::exists(marker)) << "the command's child ran on";
  std::filesystem::remove_all(pattern);
}

}  // namespace
}  // namespace dynastore::streams
