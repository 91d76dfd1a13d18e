// Fuzz target: a DynamoDB request through the whole request pipeline
// (api::Api::handle): JSON parsing, the wire → model conversion and
// validation of every operation, expressions, and the engine behind them, in
// memory.
//
// The input is the X-Amz-Target value on the first line and the request body
// after it. The request is otherwise what an SDK sends (development-mode
// signature, JSON content type). Tables the corpus names exist (see
// kTables); what the inputs write stays from one input to the next and the
// whole store is rebuilt every kResetEvery inputs, so it stays small.
// Every answer must be a 200 or a 4xx, never a 5xx (an exception that
// escaped an operation); a JSON object in valid UTF-8 (or nothing), an
// error one with __type; with x-amz-crc32 matching the body.
#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dynastore/api/api.h"
#include "dynastore/auth/sigv4_verifier.h"
#include "dynastore/catalog/catalog.h"
#include "dynastore/json/json.h"
#include "dynastore/partition/item_store.h"
#include "dynastore/protocol/wire.h"
#include "dynastore/storage/kv_engine.h"
#include "dynastore/txn/client_tokens.h"
#include "fuzz_target.h"

namespace dynastore::fuzz {
namespace {

constexpr int kResetEvery = 2000;

// The tables the corpus (tests/fuzz/make_corpus.py) uses.
constexpr std::string_view kTables[] = {
    R"({"TableName":"Fuzz","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},)"
    R"({"AttributeName":"sk","AttributeType":"N"},{"AttributeName":"l","AttributeType":"S"},)"
    R"({"AttributeName":"g","AttributeType":"S"}],)"
    R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],)"
    R"("LocalSecondaryIndexes":[{"IndexName":"ByLocal","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},)"
    R"({"AttributeName":"l","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}}],)"
    R"("GlobalSecondaryIndexes":[{"IndexName":"ByGlobal","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],)"
    R"("Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["a"]}}],)"
    R"("StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"},)"
    R"("BillingMode":"PAY_PER_REQUEST"})",
    R"({"TableName":"FuzzHash","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],)"
    R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"})",
    R"({"TableName":"FuzzBinary","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"B"}],)"
    R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],)"
    R"("ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5}})",
};

struct Response {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// An in-memory server without HTTP, as src/server/main.cc assembles one.
class Server {
 public:
  Server() {
    storage::EngineOptions options;
    options.in_memory = true;
    options.block_cache_bytes = 1 << 20;
    auto engine = storage::open_rocksdb(options);
    FUZZ_CHECK(engine.is_ok(), engine.status().to_string());
    engine_ = std::move(engine).value();
    auto catalog = catalog::Catalog::open(*engine_);
    FUZZ_CHECK(catalog.is_ok(), catalog.status().to_string());
    catalog_ = std::move(catalog).value();
    items_ = std::make_unique<partition::ItemStore>(*engine_, catalog_.get());
    tokens_ = std::make_unique<txn::ClientTokens>(*engine_);
    api_ = std::make_unique<api::Api>(api::ApiConfig{}, *catalog_, *items_, *tokens_, verifier_);
    for (const std::string_view table : kTables) {
      const Response r = send("DynamoDB_20120810.CreateTable", std::string(table));
      FUZZ_CHECK(r.status == 200, r.body);
    }
    const Response ttl = send("DynamoDB_20120810.UpdateTimeToLive",
                              R"({"TableName":"Fuzz","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"ttl"}})");
    FUZZ_CHECK(ttl.status == 200, ttl.body);
  }

  Response send(std::string_view target, std::string body) const {
    api::ApiRequest request;
    request.method = "POST";
    request.path = "/";
    request.headers = {
        {"Host", "localhost:8000"},
        {"X-Amz-Date", "20261125T123456Z"},
        {"X-Amz-Target", target},
        {"Content-Type", "application/x-amz-json-1.0"},
        {"Authorization",
         "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/us-east-1/dynamodb/aws4_request, "
         "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
         "Signature=0000000000000000000000000000000000000000000000000000000000000000"},
    };
    request.body = &body;
    api::ApiResponse raw = api_->handle(request);
    return {raw.status, std::move(raw.headers), std::move(raw.body)};
  }

 private:
  // Destroyed in reverse: the Api first, the engine last.
  std::unique_ptr<storage::KvEngine> engine_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<partition::ItemStore> items_;
  std::unique_ptr<txn::ClientTokens> tokens_;
  auth::SigV4Verifier verifier_{nullptr, "dynamodb"};
  std::unique_ptr<api::Api> api_;
};

const std::string* header(const Response& r, std::string_view name) {
  for (const auto& [key, value] : r.headers) {
    if (key == name) return &value;
  }
  return nullptr;
}

void check_response(const Response& r, std::string_view target) {
  const std::string what = std::string(target) + " answered " + std::to_string(r.status) + " " + printable(r.body);
  FUZZ_CHECK(r.status == 200 || (r.status >= 400 && r.status < 500), what);
  FUZZ_CHECK(json::is_utf8(r.body), "not UTF-8: " + what);
  const std::string* crc = header(r, "x-amz-crc32");
  FUZZ_CHECK(crc != nullptr && *crc == std::to_string(protocol::crc32_of(r.body)), "x-amz-crc32 is wrong: " + what);
  // TagResource and UntagResource answer an empty body, as DynamoDB does.
  if (r.status == 200 && r.body.empty()) return;
  json::Document parsed;
  FUZZ_CHECK(json::parse(r.body, parsed).empty() && parsed.IsObject(), "not a JSON object: " + what);
  const json::Value& doc = parsed;  // const: one MemberIterator type to compare
  if (r.status != 200) {
    const auto type = doc.FindMember("__type");
    const auto message = doc.FindMember("message");
    const auto message_upper = doc.FindMember("Message");
    FUZZ_CHECK(type != doc.MemberEnd() && type->value.IsString(), "an error without __type: " + what);
    // A message is a string where there is one (DynamoDB's
    // UnknownOperationException has none).
    FUZZ_CHECK((message == doc.MemberEnd() || message->value.IsString()) &&
                   (message_upper == doc.MemberEnd() || message_upper->value.IsString()),
               "an error message that is not a string: " + what);
  }
}

}  // namespace
}  // namespace dynastore::fuzz

DYNASTORE_FUZZ_TARGET(api_request) {
  using namespace dynastore::fuzz;
  static int runs = 0;
  // Never destroyed at exit: RocksDB's own statics may be gone by then, and
  // closing the store after them aborts ("pthread lock: Invalid argument").
  static Server* server = nullptr;
  if (server == nullptr || ++runs % kResetEvery == 0) {
    spdlog::set_level(spdlog::level::off);  // a 5xx is reported here, with its request
    delete server;
    server = new Server();
  }
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view target = input.substr(0, newline);
  const std::string body(newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1));
  const Response r = server->send(target, body);
  check_response(r, target);
  return 0;
}
