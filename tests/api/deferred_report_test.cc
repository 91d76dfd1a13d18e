// An item write whose commit comes later (a cluster's leader,
// storage/deferred_commit.h) is reported to the request observers once its
// outcome is known: as answered when committed, as the InternalServerError
// its client gets when not. Until then a transaction's client token is in
// progress (its record is not written yet).
#include "dynastore/api/api.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "dynastore/metrics/request_record.h"
#include "dynastore/storage/deferred_commit.h"
#include "testutil/deferring_engine.h"
#include "testutil/engine.h"

namespace dynastore::api {
namespace {

using namespace std::chrono_literals;

// What observers were told, owned.
struct Told {
  std::string operation, table, error;
  int status = 0;
  std::chrono::nanoseconds latency{0};
  double write_units = 0;
};

class Recorder final : public metrics::RequestObserver {
 public:
  void on_request(const metrics::RequestRecord& record) override {
    Told told{std::string(record.operation), std::string(record.table), std::string(record.error), record.status,
              record.latency};
    for (const auto& capacity : record.capacity) told.write_units += capacity.write_units;
    std::lock_guard lock(mutex_);
    told_.push_back(std::move(told));
  }
  std::vector<Told> told() {
    std::lock_guard lock(mutex_);
    return told_;
  }

 private:
  std::mutex mutex_;
  std::vector<Told> told_;
};

class DeferredReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto inner = testutil::open_in_memory_engine();
    ASSERT_NE(inner, nullptr);
    engine_ = std::make_unique<testutil::DeferringEngine>(std::move(inner));
    catalog_ = std::move(catalog::Catalog::open(*engine_)).value();
    items_ = std::make_unique<partition::ItemStore>(*engine_, catalog_.get());
    verifier_ = std::make_unique<auth::SigV4Verifier>(nullptr, "dynamodb");
    tokens_ = std::make_unique<txn::ClientTokens>(*engine_);
    ApiConfig config{"us-east-1"};
    config.observers.push_back(&recorder_);
    api_ = std::make_unique<Api>(config, *catalog_, *items_, *tokens_, *verifier_);
    ASSERT_EQ(call("CreateTable",
                   R"({"TableName":"orders","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],)"
                   R"("KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"})")
                  .status,
              200);
  }

  ApiResponse call(std::string_view operation, std::string_view body) {
    ApiRequest request;
    request.method = "POST";
    request.path = "/";
    const std::string target = "DynamoDB_20120810." + std::string(operation);
    const std::string authorization =
        "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, "
        "Signature=" +
        std::string(64, 'a');
    request.headers = {{"Host", "localhost:8000"},
                       {"X-Amz-Date", "20260101T000000Z"},
                       {"X-Amz-Target", target},
                       {"Content-Type", "application/x-amz-json-1.0"},
                       {"Authorization", authorization}};
    std::string writable(body);
    request.body = &writable;
    return api_->handle(request);
  }

  // A PutItem whose write is deferred into `commit`.
  ApiResponse deferred_put(storage::DeferredCommit& commit) {
    const storage::DeferredCommit::Scope scope(&commit);
    return call("PutItem", R"({"TableName":"orders","Item":{"id":{"S":"a"}}})");
  }

  std::vector<Told> puts() {
    std::vector<Told> out;
    for (auto& told : recorder_.told()) {
      if (told.operation == "PutItem") out.push_back(told);
    }
    return out;
  }

  Recorder recorder_;
  std::unique_ptr<testutil::DeferringEngine> engine_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<partition::ItemStore> items_;
  std::unique_ptr<auth::SigV4Verifier> verifier_;
  std::unique_ptr<txn::ClientTokens> tokens_;
  std::unique_ptr<Api> api_;
};

TEST_F(DeferredReportTest, ACommittedWriteIsReportedWhenCommittedWithTheWaitInItsLatency) {
  storage::DeferredCommit commit;
  EXPECT_EQ(deferred_put(commit).status, 200);
  ASSERT_TRUE(commit.claimed());
  EXPECT_TRUE(puts().empty());  // not yet: its client has no answer
  std::this_thread::sleep_for(50ms);
  std::thread([this] { engine_->finish_oldest(true); }).join();
  const auto told = puts();
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].status, 200);
  EXPECT_EQ(told[0].error, "");
  EXPECT_EQ(told[0].table, "orders");
  EXPECT_EQ(told[0].write_units, 1.0);
  EXPECT_GE(told[0].latency, 50ms);
}

TEST_F(DeferredReportTest, AWriteThatWasNotCommittedIsReportedAsTheErrorItsClientGets) {
  storage::DeferredCommit commit;
  EXPECT_EQ(deferred_put(commit).status, 200);
  engine_->finish_oldest(false);
  const auto told = puts();
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].status, 500);
  EXPECT_EQ(told[0].error, "InternalServerError");
}

TEST_F(DeferredReportTest, ATransactionsTokenStaysInProgressUntilItsDeferredWriteIsKnown) {
  const std::string add_one =
      R"({"ClientRequestToken":"token-1","TransactItems":[{"Update":{"TableName":"orders",)"
      R"("Key":{"id":{"S":"t"}},"UpdateExpression":"ADD n :one",)"
      R"("ExpressionAttributeValues":{":one":{"N":"1"}}}}]})";
  storage::DeferredCommit commit;
  {
    const storage::DeferredCommit::Scope scope(&commit);
    EXPECT_EQ(call("TransactWriteItems", add_one).status, 200);
  }
  ASSERT_TRUE(commit.claimed());
  // A retry before the write is made must not run it a second time: it is
  // told so at once. (Had it run, it would wait for the item's lock: the
  // write is made after a bounded wait, so such a retry ends, and fails.)
  auto retry = std::async(std::launch::async, [&] { return call("TransactWriteItems", add_one); });
  const bool answered_at_once = retry.wait_for(5s) == std::future_status::ready;
  engine_->finish_oldest(true);
  const ApiResponse retried = retry.get();
  EXPECT_TRUE(answered_at_once);
  EXPECT_EQ(retried.status, 400);
  EXPECT_NE(retried.body.find("TransactionInProgressException"), std::string::npos) << retried.body;
  // Once written, a retry is a replay: answered, not applied again.
  EXPECT_EQ(call("TransactWriteItems", add_one).status, 200);
  const ApiResponse got =
      call("GetItem", R"({"TableName":"orders","Key":{"id":{"S":"t"}},"ConsistentRead":true})");
  EXPECT_NE(got.body.find(R"("n":{"N":"1"})"), std::string::npos) << got.body;
}

TEST_F(DeferredReportTest, WithoutADeferralTheWriteIsReportedAtOnce) {
  EXPECT_EQ(call("PutItem", R"({"TableName":"orders","Item":{"id":{"S":"a"}}})").status, 200);
  const auto told = puts();
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].status, 200);
  EXPECT_EQ(engine_->pending(), 0u);
}

}  // namespace
}  // namespace dynastore::api
