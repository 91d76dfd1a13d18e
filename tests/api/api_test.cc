#include "dynastore/api/api.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dynastore/json/json.h"
#include "dynastore/model/item_size.h"
#include "dynastore/protocol/wire.h"
#include "dynastore/storage/kv_engine.h"

#include "testutil/engine.h"

namespace dynastore::api {
namespace {

// Bitwise CRC-32 (IEEE 802.3, reflected, as zlib computes it): an oracle
// independent of the code under test.
std::uint32_t reference_crc32(std::string_view data) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : data) {
    crc ^= c;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

constexpr std::string_view kContentType = "application/x-amz-json-1.0";
const std::string kAuthorization =
    "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, "
    "Signature=" +
    std::string(64, 'a');

struct Response {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  std::string header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (key.size() == name.size() &&
          std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
          })) {
        return value;
      }
    }
    return "<missing>";
  }
};

// The error type (after '#') and message of an error response.
struct ErrorBody {
  std::string type;
  std::string message;
};

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    engine_ = testutil::open_in_memory_engine();
    ASSERT_NE(engine_, nullptr);
    auto catalog = catalog::Catalog::open(*engine_);
    ASSERT_TRUE(catalog.is_ok()) << catalog.status().to_string();
    catalog_ = std::move(catalog).value();
    items_ = std::make_unique<partition::ItemStore>(*engine_);
    verifier_ = std::make_unique<auth::SigV4Verifier>(nullptr, "dynamodb");
    tokens_ = std::make_unique<txn::ClientTokens>(*engine_);
    api_ = std::make_unique<Api>(ApiConfig{"us-east-1"}, *catalog_, *items_, *tokens_, *verifier_);
  }

  // Sends `body` as a signed-looking POST. `headers` replaces the default set when given.
  Response send(std::string_view method, std::string_view body,
                std::vector<std::pair<std::string, std::string>> headers) const {
    ApiRequest request;
    request.method = method;
    request.path = "/";
    for (const auto& [name, value] : headers) request.headers.emplace_back(name, value);
    std::string writable_body(body);
    request.body = &writable_body;
    ApiResponse raw = api_->handle(request);
    return {raw.status, std::move(raw.headers), std::move(raw.body)};
  }

  static std::vector<std::pair<std::string, std::string>> default_headers(std::string_view target) {
    return {
        {"Host", "localhost:8000"},
        {"X-Amz-Date", "20260101T000000Z"},
        {"X-Amz-Target", std::string(target)},
        {"Content-Type", std::string(kContentType)},
        {"Authorization", kAuthorization},
    };
  }

  Response call(std::string_view operation, std::string_view body) const {
    return send("POST", body, default_headers("DynamoDB_20120810." + std::string(operation)));
  }

  // A successful call's parsed body.
  json::Document ok(std::string_view operation, std::string_view body) const {
    const Response r = call(operation, body);
    EXPECT_EQ(r.status, 200) << operation << " " << body.substr(0, 300) << " -> " << r.body;
    json::Document doc;
    EXPECT_EQ(json::parse(r.body, doc), "") << r.body;
    return doc;
  }

  static ErrorBody error_of(const Response& r) {
    json::Document doc;
    if (!json::parse(r.body, doc).empty() || !doc.IsObject() || !doc.HasMember("__type")) return {"<not an error>", r.body};
    std::string type = doc["__type"].GetString();
    type = type.substr(type.find('#') + 1);
    std::string message;
    if (doc.HasMember("message")) message = doc["message"].GetString();
    if (doc.HasMember("Message")) message = doc["Message"].GetString();
    return {type, message};
  }

  // Expects `operation` to fail with `type` and exactly `message`.
  void expect_error(std::string_view operation, std::string_view body, std::string_view type,
                    std::string_view message, int status = 400) const {
    const Response r = call(operation, body);
    EXPECT_EQ(r.status, status) << body.substr(0, 300);
    const ErrorBody e = error_of(r);
    EXPECT_EQ(e.type, type) << body.substr(0, 300);
    EXPECT_EQ(e.message, message) << body.substr(0, 300);
  }

  void expect_validation(std::string_view operation, std::string_view body, std::string_view message) const {
    expect_error(operation, body, "ValidationException", message);
  }

  void create_table(const std::string& name, const std::string& extra = "") const {
    ok("CreateTable", R"({"TableName":")" + name +
                          R"(","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},)"
                          R"({"AttributeName":"sk","AttributeType":"N"}],)"
                          R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],)"
                          R"("ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5})" +
                          extra + "}");
  }

  void create_hash_table(const std::string& name, const std::string& type = "S", const std::string& extra = "") const {
    ok("CreateTable", R"({"TableName":")" + name + R"(","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":")" +
                          type + R"("}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST")" +
                          extra + "}");
  }

  std::unique_ptr<storage::KvEngine> engine_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<partition::ItemStore> items_;
  std::unique_ptr<txn::ClientTokens> tokens_;
  std::unique_ptr<auth::SigV4Verifier> verifier_;
  std::unique_ptr<Api> api_;
};

// A CreateTable body with the given members spliced in (TableName "tbl" unless overridden).
std::string create_body(const std::string& defs, const std::string& keys, const std::string& rest) {
  std::string body = "{";
  if (!defs.empty()) body += R"("AttributeDefinitions":)" + defs + ",";
  if (!keys.empty()) body += R"("KeySchema":)" + keys + ",";
  body += rest + "}";
  return body;
}

const std::string kPkDef = R"([{"AttributeName":"pk","AttributeType":"S"}])";
const std::string kPkKey = R"([{"AttributeName":"pk","KeyType":"HASH"}])";
const std::string kThroughput = R"("ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1})";
const std::string kName = R"("TableName":"tbl")";

// ---- Pipeline --------------------------------------------------------------------------------

TEST(ReferenceCrc32Test, MatchesTheStandardCheckValue) { EXPECT_EQ(reference_crc32("123456789"), 0xCBF43926u); }

TEST_F(ApiTest, SuccessfulResponseHasDynamoDbHeaders) {
  const Response r = call("ListTables", "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, R"({"TableNames":[]})");
  EXPECT_EQ(r.header("Content-Type"), kContentType);
  const std::string id = r.header("x-amzn-RequestId");
  EXPECT_EQ(id.size(), 52u);
  EXPECT_TRUE(std::all_of(id.begin(), id.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)); })) << id;
  EXPECT_EQ(r.header("x-amz-crc32"), std::to_string(reference_crc32(r.body)));
}

TEST_F(ApiTest, ErrorResponsesCarryTheSameHeaders) {
  const Response r = call("NoSuchOperation", "{}");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.header("Content-Type"), kContentType);
  EXPECT_EQ(r.header("x-amzn-RequestId").size(), 52u);
  EXPECT_EQ(r.header("x-amz-crc32"), std::to_string(reference_crc32(r.body)));
}

TEST_F(ApiTest, RequestIdsDiffer) {
  EXPECT_NE(call("ListTables", "{}").header("x-amzn-RequestId"), call("ListTables", "{}").header("x-amzn-RequestId"));
}

TEST_F(ApiTest, UnknownTargetIsUnknownOperation) {
  const Response r = call("NoSuchOperation", "{}");
  EXPECT_EQ(r.body, R"({"__type":"com.amazon.coral.service#UnknownOperationException"})");
  // Wrong API version prefix, or no target at all.
  auto headers = default_headers("DynamoDB_20111205.ListTables");
  EXPECT_EQ(error_of(send("POST", "{}", headers)).type, "UnknownOperationException");
  headers = default_headers("");
  EXPECT_EQ(error_of(send("POST", "{}", headers)).type, "UnknownOperationException");
  EXPECT_EQ(error_of(call("listtables", "{}")).type, "UnknownOperationException");
}

TEST_F(ApiTest, BadJsonIsSerializationException) {
  for (std::string_view body : {"{", "not json", "{} trailing", ""}) {
    const Response r = call("ListTables", body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(error_of(r).type, "SerializationException") << body;
    EXPECT_NE(r.body.find("\"Message\""), std::string::npos) << r.body;
  }
  expect_error("ListTables", "[]", "SerializationException", "Start of structure or map expected");
}

TEST_F(ApiTest, HostileNestingIsRejectedNotCrashed) {
  const Response r = call("PutItem", std::string(100000, '['));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_of(r).type, "SerializationException");
}

TEST_F(ApiTest, MissingAuthorizationIsMissingAuthenticationToken) {
  auto headers = default_headers("DynamoDB_20120810.ListTables");
  std::erase_if(headers, [](const auto& h) { return h.first == "Authorization"; });
  const Response r = send("POST", "{}", headers);
  EXPECT_EQ(r.status, 400);
  const ErrorBody e = error_of(r);
  EXPECT_EQ(e.type, "MissingAuthenticationTokenException");
  EXPECT_EQ(e.message, "Request is missing Authentication Token");
  // Authentication comes before the target is looked at.
  headers = default_headers("DynamoDB_20120810.NoSuchOperation");
  std::erase_if(headers, [](const auto& h) { return h.first == "Authorization"; });
  EXPECT_EQ(error_of(send("POST", "{}", headers)).type, "MissingAuthenticationTokenException");
}

TEST_F(ApiTest, DevelopmentModeStillRefusesMalformedAuthorization) {
  auto headers = default_headers("DynamoDB_20120810.ListTables");
  for (auto& [name, value] : headers) {
    if (name == "Authorization") value = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request";
  }
  EXPECT_EQ(error_of(send("POST", "{}", headers)).type, "IncompleteSignatureException");
}

TEST_F(ApiTest, GetIsAHealthCheck) {
  const Response r = send("GET", "", {});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "healthy: dynamodb.us-east-1.amazonaws.com ");
  EXPECT_EQ(r.header("Content-Type"), "text/plain");
  EXPECT_EQ(r.header("x-amzn-RequestId").size(), 52u);
}

TEST_F(ApiTest, OtherMethodsAreUnknownOperations) {
  const Response r = send("PUT", "{}", default_headers("DynamoDB_20120810.ListTables"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_of(r).type, "UnknownOperationException");
}

TEST_F(ApiTest, RejectAnswersOversizedBodiesWith413) {
  ApiResponse r = api_->reject(413, "Request too large");
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.body, R"({"__type":"com.amazon.coral.service#RequestEntityTooLarge","message":"Request too large"})");
  Response wrapped{r.status, r.headers, r.body};
  EXPECT_EQ(wrapped.header("x-amz-crc32"), std::to_string(reference_crc32(r.body)));
  EXPECT_EQ(wrapped.header("x-amzn-RequestId").size(), 52u);
}

TEST_F(ApiTest, RejectAnswersOtherRefusalsAsSerializationErrors) {
  ApiResponse r = api_->reject(400, "Malformed request");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"__type":"com.amazon.coral.service#SerializationException","Message":"Malformed request"})");
}

TEST_F(ApiTest, RejectAnswersAnExhaustedBodyBudgetWith503ServiceUnavailable) {
  ApiResponse r = api_->reject(503, "The request has failed due to a temporary failure of the server.");
  EXPECT_EQ(r.status, 503);
  Response wrapped{r.status, r.headers, r.body};
  const ErrorBody e = error_of(wrapped);
  EXPECT_EQ(e.type, "ServiceUnavailable");
  EXPECT_EQ(e.message, "The request has failed due to a temporary failure of the server.");
}

// check_head answers, from the head alone, exactly what handle() would
// answer the whole request, and lets everything else through.
TEST_F(ApiTest, HeadCheckRefusesWhatTheHeadCondemnsAsHandleDoes) {
  auto without_authorization = default_headers("DynamoDB_20120810.ListTables");
  std::erase_if(without_authorization, [](const auto& h) { return h.first == "Authorization"; });
  auto wrong_content_type = default_headers("DynamoDB_20120810.ListTables");
  for (auto& [name, value] : wrong_content_type) {
    if (name == "Content-Type") value = "text/plain";
  }
  const std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> condemned = {
      {"POST", without_authorization},
      {"POST", wrong_content_type},
      {"PUT", default_headers("DynamoDB_20120810.ListTables")},
  };
  for (const auto& [method, headers] : condemned) {
    ApiRequest head;
    head.method = method;
    head.path = "/";
    for (const auto& [name, value] : headers) head.headers.emplace_back(name, value);
    const std::optional<ApiResponse> early = api_->check_head(head);
    ASSERT_TRUE(early.has_value()) << method;
    const Response full = send(method, "{}", headers);
    EXPECT_EQ(early->status, full.status);
    EXPECT_EQ(error_of({early->status, early->headers, early->body}).type, error_of(full).type);
    EXPECT_EQ(error_of({early->status, early->headers, early->body}).message, error_of(full).message);
  }
}

TEST_F(ApiTest, HeadCheckLetsGoodHeadsAndHealthChecksThrough) {
  const auto headers = default_headers("DynamoDB_20120810.ListTables");  // outlives the views below
  for (const std::string_view method : {"POST", "GET", "HEAD"}) {
    ApiRequest head;
    head.method = method;
    head.path = "/";
    for (const auto& [name, value] : headers) head.headers.emplace_back(name, value);
    const auto early = api_->check_head(head);
    EXPECT_FALSE(early.has_value()) << method << ": " << (early ? early->body : "");
  }
}

// ---- CreateTable validation -----------------------------------------------------------------

TEST_F(ApiTest, CreateTableNameTooShort) {
  expect_validation("CreateTable", create_body(kPkDef, kPkKey, R"("TableName":"ab",)" + kThroughput),
                    "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: "
                    "Member must have length greater than or equal to 3");
}

TEST_F(ApiTest, CreateTableNameWithBadCharacters) {
  expect_validation("CreateTable", create_body(kPkDef, kPkKey, R"("TableName":"bad name!",)" + kThroughput),
                    "1 validation error detected: Value 'bad name!' at 'tableName' failed to satisfy constraint: "
                    "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
}

TEST_F(ApiTest, CreateTableNameTooLong) {
  const std::string name(256, 'a');
  expect_validation("CreateTable", create_body(kPkDef, kPkKey, R"("TableName":")" + name + "\"," + kThroughput),
                    "1 validation error detected: Value '" + name +
                        "' at 'tableName' failed to satisfy constraint: "
                        "Member must have length less than or equal to 255");
  // 255 is fine.
  ok("CreateTable", create_body(kPkDef, kPkKey, R"("TableName":")" + std::string(255, 'a') + "\"," + kThroughput));
}

TEST_F(ApiTest, CreateTableNameShortAndBadReportsBoth) {
  expect_validation("CreateTable", create_body(kPkDef, kPkKey, R"("TableName":"a!",)" + kThroughput),
                    "2 validation errors detected: "
                    "Value 'a!' at 'tableName' failed to satisfy constraint: Member must have length greater than or "
                    "equal to 3; "
                    "Value 'a!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression "
                    "pattern: [a-zA-Z0-9_.-]+");
}

TEST_F(ApiTest, CreateTableMissingKeySchema) {
  expect_validation("CreateTable", create_body(kPkDef, "", kName + "," + kThroughput),
                    "1 validation error detected: Value null at 'keySchema' failed to satisfy constraint: "
                    "Member must not be null");
}

TEST_F(ApiTest, CreateTableMissingTableName) {
  // DynamoDB's own sentence, not a constraint of the model's.
  expect_validation("CreateTable", create_body(kPkDef, kPkKey, kThroughput),
                    "The parameter 'TableName' is required but was not present in the request");
}

TEST_F(ApiTest, CreateTableKeyNotInAttributeDefinitions) {
  expect_validation("CreateTable",
                    create_body(R"([{"AttributeName":"other","AttributeType":"S"}])", kPkKey, kName + "," + kThroughput),
                    "One or more parameter values were invalid: Some index key attributes are not defined in "
                    "AttributeDefinitions. Keys: [pk], AttributeDefinitions: [other]");
}

TEST_F(ApiTest, CreateTableMoreKeysThanDefinitions) {
  expect_validation("CreateTable",
                    create_body(kPkDef,
                                R"([{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}])",
                                kName + "," + kThroughput),
                    "Invalid KeySchema: Some index key attribute have no definition");
}

TEST_F(ApiTest, CreateTableExtraAttributeDefinition) {
  expect_validation("CreateTable",
                    create_body(R"([{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"extra","AttributeType":"N"}])",
                                kPkKey, kName + "," + kThroughput),
                    "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly "
                    "match number of attributes defined in AttributeDefinitions");
}

TEST_F(ApiTest, CreateTableHashNotFirst) {
  expect_validation("CreateTable",
                    create_body(R"([{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"}])",
                                R"([{"AttributeName":"sk","KeyType":"RANGE"},{"AttributeName":"pk","KeyType":"HASH"}])",
                                kName + "," + kThroughput),
                    "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
}

TEST_F(ApiTest, CreateTableSecondNotRange) {
  expect_validation("CreateTable",
                    create_body(R"([{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"}])",
                                R"([{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"HASH"}])",
                                kName + "," + kThroughput),
                    "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
}

TEST_F(ApiTest, CreateTableDuplicateKeyNames) {
  const std::string keys = R"([{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"pk","KeyType":"RANGE"}])";
  expect_validation("CreateTable",
                    create_body(R"([{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"x","AttributeType":"S"}])",
                                keys, kName + "," + kThroughput),
                    "Both the Hash Key and the Range Key element in the KeySchema have the same name");
  // With a single definition DynamoDB reports the missing definition first.
  expect_validation("CreateTable", create_body(kPkDef, keys, kName + "," + kThroughput),
                    "Invalid KeySchema: Some index key attribute have no definition");
}

TEST_F(ApiTest, CreateTableDuplicateAttributeDefinitions) {
  expect_validation("CreateTable",
                    create_body(R"([{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"pk","AttributeType":"N"}])",
                                kPkKey, kName + "," + kThroughput),
                    "One or more parameter values were invalid: Duplicate AttributeName in AttributeDefinitions: pk");
}

TEST_F(ApiTest, CreateTableBadEnumValues) {
  expect_validation("CreateTable",
                    create_body(R"([{"AttributeName":"pk","AttributeType":"X"}])", kPkKey, kName + "," + kThroughput),
                    "1 validation error detected: Value 'X' at 'attributeDefinitions.1.member.attributeType' failed to "
                    "satisfy constraint: Member must satisfy enum value set: [B, N, S]");
  expect_validation("CreateTable",
                    create_body(kPkDef, R"([{"AttributeName":"pk","KeyType":"PRIMARY"}])", kName + "," + kThroughput),
                    "1 validation error detected: Value 'PRIMARY' at 'keySchema.1.member.keyType' failed to satisfy "
                    "constraint: Member must satisfy enum value set: [HASH, RANGE]");
}

TEST_F(ApiTest, CreateTablePayPerRequestWithThroughput) {
  expect_validation("CreateTable",
                    create_body(kPkDef, kPkKey, kName + R"(,"BillingMode":"PAY_PER_REQUEST",)" + kThroughput),
                    "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can "
                    "be specified when BillingMode is PAY_PER_REQUEST");
}

TEST_F(ApiTest, CreateTableProvisionedWithoutThroughput) {
  const std::string message =
      "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified "
      "when BillingMode is PROVISIONED";
  expect_validation("CreateTable", create_body(kPkDef, kPkKey, kName + R"(,"BillingMode":"PROVISIONED")"), message);
  // PROVISIONED is the default.
  expect_validation("CreateTable", create_body(kPkDef, kPkKey, kName), message);
}

TEST_F(ApiTest, CreateTableZeroReadCapacity) {
  expect_validation(
      "CreateTable",
      create_body(kPkDef, kPkKey, kName + R"(,"ProvisionedThroughput":{"ReadCapacityUnits":0,"WriteCapacityUnits":1})"),
      "1 validation error detected: Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy "
      "constraint: Member must have value greater than or equal to 1");
}

TEST_F(ApiTest, CreateTableBadBillingMode) {
  expect_validation("CreateTable", create_body(kPkDef, kPkKey, kName + R"(,"BillingMode":"FREE")"),
                    "1 validation error detected: Value 'FREE' at 'billingMode' failed to satisfy constraint: Member "
                    "must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
}

TEST_F(ApiTest, CreateTableWrongMemberTypeIsSerializationException) {
  const Response r = call("CreateTable", create_body(kPkDef, kPkKey, R"("TableName":5)"));
  EXPECT_EQ(error_of(r).type, "SerializationException");
}

TEST_F(ApiTest, CreateTableReturnsTheDescription) {
  json::Document doc = ok("CreateTable", create_body(kPkDef, kPkKey, kName + "," + kThroughput));
  ASSERT_TRUE(doc.HasMember("TableDescription"));
  const auto& d = doc["TableDescription"];
  EXPECT_STREQ(d["TableName"].GetString(), "tbl");
  EXPECT_STREQ(d["TableStatus"].GetString(), "ACTIVE");
  EXPECT_STREQ(d["TableArn"].GetString(), "arn:aws:dynamodb:us-east-1:000000000000:table/tbl");
  EXPECT_EQ(json::to_string(d["KeySchema"]), R"([{"AttributeName":"pk","KeyType":"HASH"}])");
  EXPECT_EQ(d["ProvisionedThroughput"]["ReadCapacityUnits"].GetInt64(), 1);
  // And the table is there.
  json::Document described = ok("DescribeTable", R"({"TableName":"tbl"})");
  EXPECT_STREQ(described["Table"]["TableName"].GetString(), "tbl");
}

TEST_F(ApiTest, CreateTableTwiceIsResourceInUse) {
  create_hash_table("twice");
  expect_error("CreateTable", create_body(kPkDef, kPkKey, R"("TableName":"twice",)" + kThroughput),
               "ResourceInUseException", "Table already exists: twice");
}

// ---- Items -----------------------------------------------------------------------------------

const std::string kAllTypesItem =
    R"({"pk":{"S":"k1"},"sk":{"N":"1"},"b":{"B":"AAEC/w=="},"bool":{"BOOL":false},"bs":{"BS":["YQ==","Yg=="]},)"
    R"("l":{"L":[{"S":"x"},{"N":"2.5"},{"NULL":true}]},"m":{"M":{"deep":{"M":{"s":{"S":""}}}}},)"
    R"("n":{"N":"-0.001"},"ns":{"NS":["1","2","3"]},"null":{"NULL":true},"s":{"S":"h\u00e9llo"},)"
    R"("ss":{"SS":["a","b"]}})";

model::Item parse_item_text(const std::string& text) {
  json::Document doc;
  EXPECT_EQ(json::parse(text, doc), "") << text;
  return protocol::parse_item(doc);
}

TEST_F(ApiTest, PutGetDeleteRoundTrip) {
  create_table("items");
  json::Document put = ok("PutItem", R"({"TableName":"items","Item":)" + kAllTypesItem + "}");
  EXPECT_EQ(json::to_string(put), "{}");

  json::Document got = ok("GetItem", R"({"TableName":"items","Key":{"pk":{"S":"k1"},"sk":{"N":"1.0"}}})");
  ASSERT_TRUE(got.HasMember("Item"));
  EXPECT_EQ(protocol::parse_item(got["Item"]), parse_item_text(kAllTypesItem));

  json::Document deleted =
      ok("DeleteItem", R"({"TableName":"items","Key":{"pk":{"S":"k1"},"sk":{"N":"1"}},"ReturnValues":"ALL_OLD"})");
  ASSERT_TRUE(deleted.HasMember("Attributes"));
  EXPECT_EQ(protocol::parse_item(deleted["Attributes"]), parse_item_text(kAllTypesItem));

  json::Document gone = ok("GetItem", R"({"TableName":"items","Key":{"pk":{"S":"k1"},"sk":{"N":"1"}}})");
  EXPECT_FALSE(gone.HasMember("Item"));
  EXPECT_EQ(json::to_string(gone), "{}");
}

TEST_F(ApiTest, PutReturnsOldItemOnlyWithAllOld) {
  create_hash_table("rvt");
  json::Document first = ok("PutItem", R"({"TableName":"rvt","Item":{"pk":{"S":"a"},"v":{"N":"1"}},"ReturnValues":"ALL_OLD"})");
  EXPECT_FALSE(first.HasMember("Attributes"));
  json::Document second = ok("PutItem", R"({"TableName":"rvt","Item":{"pk":{"S":"a"},"v":{"N":"2"}},"ReturnValues":"ALL_OLD"})");
  ASSERT_TRUE(second.HasMember("Attributes"));
  EXPECT_EQ(json::to_string(second["Attributes"]), R"({"pk":{"S":"a"},"v":{"N":"1"}})");
  json::Document none = ok("PutItem", R"({"TableName":"rvt","Item":{"pk":{"S":"a"},"v":{"N":"3"}},"ReturnValues":"NONE"})");
  EXPECT_FALSE(none.HasMember("Attributes"));
  json::Document deleted = ok("DeleteItem", R"({"TableName":"rvt","Key":{"pk":{"S":"a"}}})");
  EXPECT_FALSE(deleted.HasMember("Attributes"));
}

TEST_F(ApiTest, ReturnValuesRules) {
  create_hash_table("rvt");
  for (const char* value : {"ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"}) {
    expect_validation("PutItem",
                      R"({"TableName":"rvt","Item":{"pk":{"S":"a"}},"ReturnValues":")" + std::string(value) + "\"}",
                      "ReturnValues can only be ALL_OLD or NONE");
    expect_validation("DeleteItem",
                      R"({"TableName":"rvt","Key":{"pk":{"S":"a"}},"ReturnValues":")" + std::string(value) + "\"}",
                      "ReturnValues can only be ALL_OLD or NONE");
  }
  expect_validation("PutItem", R"({"TableName":"rvt","Item":{"pk":{"S":"a"}},"ReturnValues":"BOGUS"})",
                    "1 validation error detected: Value 'BOGUS' at 'returnValues' failed to satisfy constraint: "
                    "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
  // A refused request writes nothing.
  json::Document got = ok("GetItem", R"({"TableName":"rvt","Key":{"pk":{"S":"a"}}})");
  EXPECT_FALSE(got.HasMember("Item"));
}

TEST_F(ApiTest, ItemOperationsOnMissingTableAreResourceNotFound) {
  expect_error("PutItem", R"({"TableName":"nope","Item":{"pk":{"S":"a"}}})", "ResourceNotFoundException",
               "Requested resource not found");
  expect_error("GetItem", R"({"TableName":"nope","Key":{"pk":{"S":"a"}}})", "ResourceNotFoundException",
               "Requested resource not found");
  expect_error("DeleteItem", R"({"TableName":"nope","Key":{"pk":{"S":"a"}}})", "ResourceNotFoundException",
               "Requested resource not found");
}

TEST_F(ApiTest, KeyMustMatchTheSchema) {
  create_table("keys");
  const std::string mismatch = "The provided key element does not match the schema";
  expect_validation("GetItem", R"({"TableName":"keys","Key":{"pk":{"S":"a"}}})", mismatch);  // no sort key
  expect_validation("GetItem", R"({"TableName":"keys","Key":{"pk":{"S":"a"},"sk":{"S":"1"}}})", mismatch);  // type
  expect_validation("GetItem", R"({"TableName":"keys","Key":{"pk":{"S":"a"},"sk":{"N":"1"},"x":{"S":"y"}}})", mismatch);
  expect_validation("GetItem", R"({"TableName":"keys","Key":{"pk":{"S":"a"},"other":{"N":"1"}}})", mismatch);
  expect_validation("DeleteItem", R"({"TableName":"keys","Key":{"sk":{"N":"1"}}})", mismatch);
  expect_validation("GetItem", R"({"TableName":"keys"})",
                    "1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not "
                    "be null");
  expect_validation("PutItem", R"({"TableName":"keys"})",
                    "1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not "
                    "be null");
}

TEST_F(ApiTest, KeyValuesMustNotBeEmpty) {
  create_hash_table("strings");
  create_hash_table("binaries", "B");
  expect_validation("GetItem", R"({"TableName":"strings","Key":{"pk":{"S":""}}})",
                    "One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
                    "contain an empty string value. Key: pk");
  expect_validation("PutItem", R"({"TableName":"strings","Item":{"pk":{"S":""}}})",
                    "One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
                    "contain an empty string value. Key: pk");
  expect_validation("PutItem", R"({"TableName":"binaries","Item":{"pk":{"B":""}}})",
                    "One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
                    "contain an empty binary value. Key: pk");
}

TEST_F(ApiTest, PutItemKeyAttributesMustBePresentAndTyped) {
  create_table("typed");
  expect_validation("PutItem", R"({"TableName":"typed","Item":{"sk":{"N":"1"}}})",
                    "One or more parameter values were invalid: Missing the key pk in the item");
  expect_validation("PutItem", R"({"TableName":"typed","Item":{"pk":{"S":"a"}}})",
                    "One or more parameter values were invalid: Missing the key sk in the item");
  expect_validation("PutItem", R"({"TableName":"typed","Item":{"pk":{"N":"1"},"sk":{"N":"1"}}})",
                    "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N");
  expect_validation("PutItem", R"({"TableName":"typed","Item":{"pk":{"S":"a"},"sk":{"SS":["1"]}}})",
                    "One or more parameter values were invalid: Type mismatch for key sk expected: N actual: SS");
}

TEST_F(ApiTest, KeySizeLimits) {
  create_table("sizes");
  const std::string pk2048(2048, 'p');
  const std::string sk_table = R"({"TableName":"sizes","Item":{"pk":{"S":")";
  ok("PutItem", sk_table + pk2048 + R"("},"sk":{"N":"1"}}})");
  expect_validation("PutItem", sk_table + pk2048 + R"(p"},"sk":{"N":"1"}}})",
                    "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit "
                    "of2048 bytes");
  expect_validation("GetItem", R"({"TableName":"sizes","Key":{"pk":{"S":")" + pk2048 + R"(p"},"sk":{"N":"1"}}})",
                    "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit "
                    "of2048 bytes");
}

TEST_F(ApiTest, SortKeySizeLimit) {
  ok("CreateTable", create_body(R"([{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"}])",
                                R"([{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}])",
                                R"("TableName":"ranges",)" + kThroughput));
  const std::string prefix = R"({"TableName":"ranges","Item":{"pk":{"S":"p"},"sk":{"S":")";
  ok("PutItem", prefix + std::string(1024, 's') + R"("}}})");
  expect_validation("PutItem", prefix + std::string(1025, 's') + R"("}}})",
                    "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the "
                    "size limit of 1024 bytes");
}

TEST_F(ApiTest, AttributeNamesMustNotBeEmpty) {
  create_hash_table("names");
  expect_validation("PutItem", R"({"TableName":"names","Item":{"pk":{"S":"a"},"":{"S":"x"}}})",
                    "One or more parameter values were invalid: An attribute name cannot be empty");
}

TEST_F(ApiTest, AttributeNamesUpTo65535BytesAreAccepted) {
  create_hash_table("names");
  ok("PutItem", R"({"TableName":"names","Item":{"pk":{"S":"a"},")" + std::string(65535, 'n') + R"(":{"S":"x"}}})");
  expect_validation("PutItem",
                    R"({"TableName":"names","Item":{"pk":{"S":"b"},")" + std::string(65536, 'n') + R"(":{"S":"x"}}})",
                    "One or more parameter values were invalid: Attribute name is too large, must be less than 65536 "
                    "bytes");
}

TEST_F(ApiTest, InvalidAttributeValuesAreRejected) {
  create_hash_table("values");
  // PutItem reports value errors inside the envelope (protocol::ValueWording).
  expect_validation("PutItem", R"({"TableName":"values","Item":{"pk":{"S":"a"},"x":{}}})",
                    "1 validation error detected: Supplied AttributeValue is empty, must contain exactly one of the "
                    "supported datatypes");
  expect_validation("PutItem", R"({"TableName":"values","Item":{"pk":{"S":"a"},"x":{"SS":[]}}})",
                    "1 validation error detected: One or more parameter values were invalid: An string set  may not be "
                    "empty");
  // BatchWriteItem keeps the older texts, bare.
  expect_validation("BatchWriteItem",
                    R"({"RequestItems":{"values":[{"PutRequest":{"Item":{"pk":{"S":"a"},"x":{"SS":["b","a","b"]}}}}]}})",
                    "One or more parameter values were invalid: Input collection [b, a, b] contains duplicates.");
  // GetItem the current ones, bare.
  expect_validation("GetItem", R"({"TableName":"values","Key":{"pk":{"SS":["b","a","b"]}}})",
                    R"(One or more parameter values were invalid: Input collection ["a", "b", "b"] contains duplicates.)");
  expect_error("PutItem", R"({"TableName":"values","Item":{"pk":{"S":"a"},"x":{"B":"abc"}}})",
               "SerializationException", "Base64 encoded length is expected a multiple of 4 bytes but found: 3");
}

TEST_F(ApiTest, ItemSizeLimitIsExactly400KB) {
  create_hash_table("big");
  // "pk" + "k" + "data" = 7 bytes of names and key; the payload fills the rest.
  const std::size_t payload = model::kMaxItemSize - 7;
  const std::string at_limit = R"({"TableName":"big","Item":{"pk":{"S":"k"},"data":{"S":")" + std::string(payload, 'x') + R"("}}})";
  ok("PutItem", at_limit);
  json::Document got = ok("GetItem", R"({"TableName":"big","Key":{"pk":{"S":"k"}}})");
  ASSERT_TRUE(got.HasMember("Item"));
  EXPECT_EQ(got["Item"]["data"]["S"].GetStringLength(), payload);

  const std::string over = R"({"TableName":"big","Item":{"pk":{"S":"k2"},"data":{"S":")" + std::string(payload, 'x') + R"("}}})";
  expect_validation("PutItem", over, "Item size has exceeded the maximum allowed size");
  json::Document missing = ok("GetItem", R"({"TableName":"big","Key":{"pk":{"S":"k2"}}})");
  EXPECT_FALSE(missing.HasMember("Item"));
}

TEST_F(ApiTest, TableArnIsAcceptedAsTableName) {
  create_hash_table("arned");
  ok("PutItem", R"({"TableName":"arn:aws:dynamodb:us-east-1:000000000000:table/arned","Item":{"pk":{"S":"a"}}})");
  json::Document got = ok("GetItem", R"({"TableName":"arned","Key":{"pk":{"S":"a"}}})");
  EXPECT_TRUE(got.HasMember("Item"));
}

TEST_F(ApiTest, TableArnOfAnotherAccountOrRegionIsRefused) {
  create_hash_table("arned");
  const std::string other_account = "arn:aws:dynamodb:us-east-1:111122223333:table/arned";
  expect_error("GetItem", R"({"TableName":")" + other_account + R"(","Key":{"pk":{"S":"a"}}})", "AccessDeniedException",
               "User: arn:aws:iam::000000000000:root is not authorized to perform: dynamodb:GetItem on resource: " +
                   other_account + " because no resource-based policy allows the dynamodb:GetItem action");
  expect_error("ListTagsOfResource", R"({"ResourceArn":")" + other_account + R"("})", "AccessDeniedException",
               "User: arn:aws:iam::000000000000:root is not authorized to perform: dynamodb:ListTagsOfResource on "
               "resource: " + other_account + " because no resource-based policy allows the dynamodb:ListTagsOfResource "
               "action");
  // A transaction item names its own action.
  expect_error("TransactWriteItems",
               R"({"TransactItems":[{"Put":{"TableName":")" + other_account + R"(","Item":{"pk":{"S":"a"}}}}]})",
               "AccessDeniedException",
               "User: arn:aws:iam::000000000000:root is not authorized to perform: dynamodb:PutItem on resource: " +
                   other_account + " because no resource-based policy allows the dynamodb:PutItem action");
  const std::string other_region = "arn:aws:dynamodb:eu-west-3:000000000000:table/arned";
  expect_validation("DescribeTable", R"({"TableName":")" + other_region + R"("})",
                    "1 validation error detected: Invalid AWS region in '" + other_region + "'");
  expect_validation("TagResource", R"({"ResourceArn":")" + other_region + R"(","Tags":[{"Key":"k","Value":"v"}]})",
                    "Invalid TableArn: Invalid ResourceArn provided as input " + other_region);
  // Account before region.
  const std::string both = "arn:aws:dynamodb:eu-west-3:111122223333:table/arned";
  EXPECT_EQ(error_of(call("DescribeTable", R"({"TableName":")" + both + R"("})")).type, "AccessDeniedException");
}

// {"M":{"a":...}} wrapped `levels` times around an empty map, like the conformance suite's _nested_maps().
std::string nested_maps(int levels) {
  std::string value = R"({"M":{}})";
  for (int i = 1; i < levels; ++i) value = R"({"M":{"a":)" + value + "}}";
  return value;
}

TEST_F(ApiTest, NestingWithinTheLimitIsStored) {
  create_hash_table("nest");
  const std::string item = R"({"pk":{"S":"a"},"nested":)" + nested_maps(31) + "}";
  ok("PutItem", R"({"TableName":"nest","Item":)" + item + "}");
  json::Document got = ok("GetItem", R"({"TableName":"nest","Key":{"pk":{"S":"a"}}})");
  ASSERT_TRUE(got.HasMember("Item"));
  EXPECT_EQ(protocol::parse_item(got["Item"]), parse_item_text(item));
}

TEST_F(ApiTest, NestingAFewLevelsTooDeepIsAValidationError) {
  create_hash_table("nest");
  expect_validation("PutItem", R"({"TableName":"nest","Item":{"pk":{"S":"a"},"nested":)" + nested_maps(35) + "}}",
                    "1 validation error detected: Nesting Levels have exceeded supported limits");
}

// A 50-level document (alternator's test_exceed_nested_level_a_little) must reach attribute
// validation and get DynamoDB's ValidationException, not a JSON-depth SerializationException.
TEST_F(ApiTest, NestingFiftyLevelsIsAValidationError) {
  create_hash_table("nest");
  expect_validation("PutItem", R"({"TableName":"nest","Item":{"pk":{"S":"a"},"nested":)" + nested_maps(50) + "}}",
                    "1 validation error detected: Nesting Levels have exceeded supported limits");
}

// ---- DeleteTable / ListTables ----------------------------------------------------------------

TEST_F(ApiTest, DeletionProtectionRefusesDeleteTable) {
  create_hash_table("guarded", "S", R"(,"DeletionProtectionEnabled":true)");
  expect_validation("DeleteTable", R"({"TableName":"guarded"})",
                    "Resource cannot be deleted as it is currently protected against deletion. Disable deletion "
                    "protection first.");
  ok("DescribeTable", R"({"TableName":"guarded"})");  // still there

  ok("UpdateTable", R"({"TableName":"guarded","DeletionProtectionEnabled":false})");
  json::Document deleted = ok("DeleteTable", R"({"TableName":"guarded"})");
  EXPECT_STREQ(deleted["TableDescription"]["TableStatus"].GetString(), "DELETING");
  expect_error("DescribeTable", R"({"TableName":"guarded"})", "ResourceNotFoundException",
               "Requested resource not found: Table: guarded not found");
  expect_error("DeleteTable", R"({"TableName":"guarded"})", "ResourceNotFoundException",
               "Requested resource not found: Table: guarded not found");
}

TEST_F(ApiTest, DeletedTableNameCanBeReusedWithoutOldItems) {
  create_hash_table("reuse");
  ok("PutItem", R"({"TableName":"reuse","Item":{"pk":{"S":"a"}}})");
  ok("DeleteTable", R"({"TableName":"reuse"})");
  create_hash_table("reuse");
  json::Document got = ok("GetItem", R"({"TableName":"reuse","Key":{"pk":{"S":"a"}}})");
  EXPECT_FALSE(got.HasMember("Item"));
}

std::vector<std::string> names_of(const json::Document& doc) {
  std::vector<std::string> names;
  for (const auto& n : doc["TableNames"].GetArray()) names.emplace_back(n.GetString());
  return names;
}

TEST_F(ApiTest, ListTablesPaginates) {
  for (const char* name : {"t-3", "t-1", "t-5", "t-2", "t-4"}) create_hash_table(name);
  json::Document all = ok("ListTables", "{}");
  EXPECT_EQ(names_of(all), (std::vector<std::string>{"t-1", "t-2", "t-3", "t-4", "t-5"}));
  EXPECT_FALSE(all.HasMember("LastEvaluatedTableName"));

  json::Document page1 = ok("ListTables", R"({"Limit":2})");
  EXPECT_EQ(names_of(page1), (std::vector<std::string>{"t-1", "t-2"}));
  ASSERT_TRUE(page1.HasMember("LastEvaluatedTableName"));
  EXPECT_STREQ(page1["LastEvaluatedTableName"].GetString(), "t-2");

  json::Document page2 = ok("ListTables", R"({"Limit":2,"ExclusiveStartTableName":"t-2"})");
  EXPECT_EQ(names_of(page2), (std::vector<std::string>{"t-3", "t-4"}));
  ASSERT_TRUE(page2.HasMember("LastEvaluatedTableName"));
  EXPECT_STREQ(page2["LastEvaluatedTableName"].GetString(), "t-4");

  json::Document page3 = ok("ListTables", R"({"Limit":2,"ExclusiveStartTableName":"t-4"})");
  EXPECT_EQ(names_of(page3), (std::vector<std::string>{"t-5"}));
  EXPECT_FALSE(page3.HasMember("LastEvaluatedTableName"));

  json::Document past_end = ok("ListTables", R"({"ExclusiveStartTableName":"t-5"})");
  EXPECT_TRUE(names_of(past_end).empty());
  EXPECT_FALSE(past_end.HasMember("LastEvaluatedTableName"));
}

TEST_F(ApiTest, ListTablesLimitBounds) {
  expect_validation("ListTables", R"({"Limit":0})",
                    "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have "
                    "value greater than or equal to 1");
  expect_validation("ListTables", R"({"Limit":101})",
                    "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must "
                    "have value less than or equal to 100");
  ok("ListTables", R"({"Limit":100})");
  ok("ListTables", R"({"Limit":1})");
}

}  // namespace
}  // namespace dynastore::api
