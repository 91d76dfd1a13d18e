// The on-disk format guard: tests/fixtures/datadir-v1 is a data directory
// written by the release of 2026-12-06 (tests/fixtures/make_datadir.py), with
// the requests that read it back and the answers that release gave. Today's
// code opens a copy and must answer every request the same, so a change to
// item or index keys, the item encoding, catalog entries, table counters or
// item collections cannot slip in unnoticed (docs/storage-format.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "dynastore/api/api.h"
#include "dynastore/catalog/catalog.h"
#include "dynastore/json/json.h"
#include "dynastore/partition/item_store.h"

#include "testutil/engine.h"
#include "testutil/temp_dir.h"

namespace dynastore::api {
namespace {

const std::filesystem::path kFixture = std::filesystem::path(DYNASTORE_SOURCE_DIR) / "tests/fixtures/datadir-v1";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string string_of(const json::Value& value) { return {value.GetString(), value.GetStringLength()}; }

class StorageFormatFixtureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // RocksDB writes to a directory it opens: work on a copy.
    std::filesystem::copy(kFixture / "data", copy_.path(), std::filesystem::copy_options::recursive);
    engine_ = testutil::open_engine_at(copy_.path());
    ASSERT_NE(engine_, nullptr);
    auto catalog = catalog::Catalog::open(*engine_);
    ASSERT_TRUE(catalog.is_ok()) << catalog.status().to_string();
    catalog_ = std::move(catalog).value();
    items_ = std::make_unique<partition::ItemStore>(*engine_, catalog_.get());
    verifier_ = std::make_unique<auth::SigV4Verifier>(nullptr, "dynamodb");
    ApiConfig shared{"us-east-1"};
    ApiConfig scoped{"us-east-1"};
    scoped.tables_per_access_key = true;
    tokens_ = std::make_unique<txn::ClientTokens>(*engine_);
    shared_api_ = std::make_unique<Api>(shared, *catalog_, *items_, *tokens_, *verifier_);
    scoped_api_ = std::make_unique<Api>(scoped, *catalog_, *items_, *tokens_, *verifier_);
  }

  ApiResponse send(const Api& api, const std::string& access_key, const std::string& target, std::string body) const {
    ApiRequest request;
    request.method = "POST";
    request.path = "/";
    const std::string full_target = "DynamoDB_20120810." + target;
    const std::string authorization = "AWS4-HMAC-SHA256 Credential=" + access_key +
                                      "/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, "
                                      "Signature=" + std::string(64, 'a');
    request.headers = {{"Host", "localhost:8000"},
                       {"X-Amz-Date", "20260101T000000Z"},
                       {"X-Amz-Target", full_target},
                       {"Content-Type", "application/x-amz-json-1.0"},
                       {"Authorization", authorization}};
    request.body = &body;
    return api.handle(request);
  }

  testutil::TempDir copy_;
  std::unique_ptr<storage::KvEngine> engine_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<partition::ItemStore> items_;
  std::unique_ptr<txn::ClientTokens> tokens_;
  std::unique_ptr<auth::SigV4Verifier> verifier_;
  std::unique_ptr<Api> shared_api_;
  std::unique_ptr<Api> scoped_api_;
};

TEST_F(StorageFormatFixtureTest, TodaysCodeReadsTheFixtureAsItsReleaseDid) {
  json::Document recorded;
  ASSERT_EQ(json::parse(read_file(kFixture / "requests.json"), recorded), "");
  ASSERT_TRUE(recorded.IsArray());
  ASSERT_GE(recorded.Size(), 30u);
  for (const auto& entry : recorded.GetArray()) {
    const std::string target = string_of(entry["target"]);
    const std::string request = json::to_string(entry["request"]);
    const Api& api = string_of(entry["mode"]) == "scoped" ? *scoped_api_ : *shared_api_;
    const ApiResponse answer = send(api, string_of(entry["access_key"]), target, request);
    SCOPED_TRACE(target + " " + request.substr(0, 200));
    EXPECT_EQ(answer.status, entry["status"].GetInt());
    json::Document got;
    ASSERT_EQ(json::parse(answer.body, got), "") << answer.body;
    // Object members compare regardless of order; arrays (items in storage
    // order) in order.
    EXPECT_TRUE(got == entry["response"]) << "got:      " << answer.body.substr(0, 2000)
                                          << "\nexpected: " << json::to_string(entry["response"]).substr(0, 2000);
  }
}

}  // namespace
}  // namespace dynastore::api
