#include "dynastore/streams/stream_trigger.h"

#include <gtest/gtest.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "dynastore/catalog/table_status.h"
#include "dynastore/json/json.h"
#include "testutil/store.h"
#include "testutil/temp_dir.h"

namespace dynastore::streams {
namespace {

// A target that records every event and answers from a script (success
// with an empty response once the script is used up).
struct ScriptedTarget final : TriggerTarget {
  struct Log {
    std::vector<std::vector<std::string>> batches;  // the pk of each record of each event
    std::deque<Result<std::string>> answers;
  };
  explicit ScriptedTarget(std::shared_ptr<Log> log) : log(std::move(log)) {}

  Result<std::string> deliver(std::string_view event, std::chrono::milliseconds, const std::atomic<bool>&) override {
    json::Document document;
    document.Parse(event.data(), event.size());
    std::vector<std::string> keys;
    for (const auto& record : document["Records"].GetArray()) {
      EXPECT_STREQ(record["eventSource"].GetString(), "aws:dynamodb");
      EXPECT_TRUE(std::string(record["eventSourceARN"].GetString()).starts_with("arn:aws:dynamodb:us-east-1:"));
      keys.emplace_back(record["dynamodb"]["Keys"]["pk"]["S"].GetString());
    }
    log->batches.push_back(std::move(keys));
    if (log->answers.empty()) return std::string();
    auto answer = std::move(log->answers.front());
    log->answers.pop_front();
    return answer;
  }
  std::shared_ptr<Log> log;
};

class StreamTriggerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(store_.open("orders", "pk", [](catalog::TableInfo& table) {
      catalog::add_stream(table, catalog::StreamViewType::kKeysOnly, "2026-12-06T10:00:00.000", "shardId-first", 0);
    }));
  }

  std::unique_ptr<StreamTrigger> trigger(TriggerConfig config = {}) {
    config.table = "orders";
    config.target = "test:";
    return std::make_unique<StreamTrigger>(*store_.catalog, *store_.items, *store_.engine, config,
                                           std::make_unique<ScriptedTarget>(log_), TriggerOrigin{});
  }

  void put(const std::string& pk) { store_.put_key(pk); }

  void disable_stream() {
    const auto id = store_.table()->streams.back().stream_id;
    store_.update([&](catalog::TableInfo& info) {
      catalog::disable_stream(info, store_.items->close_stream(id).value(), 1000);
    });
  }

  using Batches = std::vector<std::vector<std::string>>;
  testutil::TestStore store_;
  std::shared_ptr<ScriptedTarget::Log> log_ = std::make_shared<ScriptedTarget::Log>();
};

TEST_F(StreamTriggerTest, DeliversRecordsInOrderInBatches) {
  TriggerConfig config;
  config.batch_size = 2;
  auto t = trigger(config);
  EXPECT_FALSE(t->run_once(100));  // nothing yet
  for (const char* pk : {"a", "b", "c"}) put(pk);
  EXPECT_TRUE(t->run_once(100));
  EXPECT_TRUE(t->run_once(100));
  EXPECT_FALSE(t->run_once(100));
  EXPECT_EQ(log_->batches, (Batches{{"a", "b"}, {"c"}}));
}

TEST_F(StreamTriggerTest, RetriesTheSameBatchWithBackoffThenMovesOn) {
  TriggerConfig config;
  config.retry_backoff = std::chrono::milliseconds(1000);
  auto t = trigger(config);
  put("a");
  log_->answers.push_back(Status::io_error("HTTP 500"));
  log_->answers.push_back(Status::io_error("HTTP 500"));
  EXPECT_FALSE(t->run_once(100));    // fails; next try at 101
  put("b");
  EXPECT_FALSE(t->run_once(100.5));  // backing off: not tried
  EXPECT_FALSE(t->run_once(101));    // fails again; next at 103 (doubled)
  EXPECT_FALSE(t->run_once(102.9));
  EXPECT_TRUE(t->run_once(103));     // the same batch, delivered
  EXPECT_TRUE(t->run_once(103));     // then what came after it
  EXPECT_EQ(log_->batches, (Batches{{"a"}, {"a"}, {"a"}, {"b"}}));
}

TEST_F(StreamTriggerTest, DeadLettersABatchThatExhaustsItsRetries) {
  testutil::TempDir dir;
  TriggerConfig config;
  config.max_retries = 1;
  config.dead_letter_dir = dir.path() + "/dlq";
  auto t = trigger(config);
  put("a");
  log_->answers.push_back(Status::aborted("the command failed: exit status 1"));
  log_->answers.push_back(Status::aborted("the command failed: exit status 1"));
  EXPECT_FALSE(t->run_once(100));
  EXPECT_TRUE(t->run_once(200));  // second failure: dead-lettered
  put("b");
  EXPECT_TRUE(t->run_once(200));
  EXPECT_EQ(log_->batches, (Batches{{"a"}, {"a"}, {"b"}}));
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(config.dead_letter_dir)) files.push_back(entry.path());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].filename(), "orders-2026-12-06T10_00_00.000-000000000000000000001.json");
  std::ifstream in(files[0]);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  json::Document letter;
  letter.Parse(text.data(), text.size());
  ASSERT_FALSE(letter.HasParseError()) << text;
  EXPECT_STREQ(letter["requestContext"]["condition"].GetString(), "RetryAttemptsExhausted");
  EXPECT_EQ(letter["requestContext"]["approximateInvokeCount"].GetInt(), 2);
  EXPECT_STREQ(letter["responseContext"]["errorMessage"].GetString(), "the command failed: exit status 1");
  EXPECT_STREQ(letter["DDBStreamBatchInfo"]["startSequenceNumber"].GetString(), "000000000000000000001");
  EXPECT_STREQ(letter["DDBStreamBatchInfo"]["shardId"].GetString(), "shardId-first");
  EXPECT_EQ(letter["DDBStreamBatchInfo"]["batchSize"].GetInt(), 1);
  EXPECT_EQ(letter["event"]["Records"].Size(), 1u);
}

TEST_F(StreamTriggerTest, WithoutADeadLetterDirAnExhaustedBatchIsDropped) {
  TriggerConfig config;
  config.max_retries = 0;
  auto t = trigger(config);
  put("a");
  put("b");
  log_->answers.push_back(Status::io_error("refused"));
  EXPECT_TRUE(t->run_once(100));
  put("c");
  EXPECT_TRUE(t->run_once(100));
  EXPECT_EQ(log_->batches, (Batches{{"a", "b"}, {"c"}}));
}

TEST_F(StreamTriggerTest, ReportedItemFailuresRetryFromTheLowestOne) {
  TriggerConfig config;
  config.report_batch_item_failures = true;
  config.retry_backoff = std::chrono::milliseconds(1);
  auto t = trigger(config);
  for (const char* pk : {"a", "b", "c"}) put(pk);
  log_->answers.push_back(std::string(R"({"batchItemFailures":[{"itemIdentifier":"000000000000000000002"}]})"));
  EXPECT_FALSE(t->run_once(100));
  EXPECT_TRUE(t->run_once(101));
  EXPECT_EQ(log_->batches, (Batches{{"a", "b", "c"}, {"b", "c"}}));
}

TEST_F(StreamTriggerTest, ResumesFromItsCheckpointAfterARestart) {
  put("a");
  EXPECT_TRUE(trigger()->run_once(100));
  put("b");
  put("c");
  auto restarted = trigger();
  EXPECT_TRUE(restarted->run_once(100));
  EXPECT_EQ(log_->batches, (Batches{{"a"}, {"b", "c"}}));
  EXPECT_EQ(store_.engine->get(storage::Column::kSystem, "trigger/orders/test:").value(),
            std::optional<std::string>("1|2026-12-06T10:00:00.000|4"));
}

TEST_F(StreamTriggerTest, LatestSkipsWhatWasWrittenBeforeItsFirstStart) {
  put("old");
  TriggerConfig config;
  config.starting_position = StartingPosition::kLatest;
  auto t = trigger(config);
  EXPECT_FALSE(t->run_once(100));
  put("new");
  EXPECT_TRUE(t->run_once(100));
  EXPECT_EQ(log_->batches, (Batches{{"new"}}));
}

TEST_F(StreamTriggerTest, WaitsForAFullBatchUpToTheBatchingWindow) {
  TriggerConfig config;
  config.batch_size = 3;
  config.batching_window = std::chrono::milliseconds(2000);
  auto t = trigger(config);
  put("a");
  EXPECT_FALSE(t->run_once(100));
  put("b");
  EXPECT_FALSE(t->run_once(101));
  EXPECT_TRUE(t->run_once(102));  // the window has passed: a partial batch
  for (const char* pk : {"c", "d", "e"}) put(pk);
  EXPECT_TRUE(t->run_once(102));  // a full batch goes at once
  EXPECT_EQ(log_->batches, (Batches{{"a", "b"}, {"c", "d", "e"}}));
}

TEST_F(StreamTriggerTest, FollowsTheNextStreamOnceADisabledOneIsReadToItsEnd) {
  auto t = trigger();
  EXPECT_FALSE(t->run_once(100));  // on the first stream (a new trigger starts on the latest)
  put("a");
  disable_stream();
  store_.update([](catalog::TableInfo& info) {
    catalog::add_stream(info, catalog::StreamViewType::kKeysOnly, "2026-12-06T11:00:00.000", "shardId-second", 0);
  });
  put("b");
  EXPECT_TRUE(t->run_once(100));
  EXPECT_TRUE(t->run_once(100));
  EXPECT_FALSE(t->run_once(100));
  EXPECT_EQ(log_->batches, (Batches{{"a"}, {"b"}}));
}

TEST_F(StreamTriggerTest, DeliversADeletedTablesLastRecords) {
  auto t = trigger();
  EXPECT_FALSE(t->run_once(100));
  put("a");
  disable_stream();
  ASSERT_TRUE(store_.catalog->drop("orders").is_ok());
  EXPECT_TRUE(t->run_once(100));
  EXPECT_FALSE(t->run_once(100));
  EXPECT_EQ(log_->batches, (Batches{{"a"}}));
}

}  // namespace
}  // namespace dynastore::streams
