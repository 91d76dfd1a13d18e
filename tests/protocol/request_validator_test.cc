#include "dynastore/protocol/request_validator.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "dynastore/protocol/dynamo_error.h"

namespace dynastore::protocol {
namespace {

// What validate_request_shape() throws for `body`: "<exception>: <message>",
// or "" when the request passes.
std::string outcome(RequestShape shape, std::string_view body) {
  json::Document document;
  const std::string error = json::parse(body, document);
  EXPECT_EQ(error, "") << body;
  try {
    validate_request_shape(shape, document);
  } catch (const DynamoError& e) {
    return e.name() + ": " + e.message();
  }
  return "";
}

constexpr std::string_view kOne = "ValidationException: 1 validation error detected: ";

TEST(RequestValidatorTest, ValidRequestsPass) {
  EXPECT_EQ(outcome(RequestShape::kGetItem, R"({"TableName":"abc","Key":{"pk":{"S":"x"}}})"), "");
  EXPECT_EQ(outcome(RequestShape::kPutItem, R"({"TableName":"arn:aws:dynamodb:us-east-1:1:table/t","Item":{}})"), "");
  EXPECT_EQ(outcome(RequestShape::kListTables, "{}"), "");
  EXPECT_EQ(outcome(RequestShape::kNone, R"({"anything":1})"), "");
}

TEST(RequestValidatorTest, MissingRequiredMembers) {
  EXPECT_EQ(outcome(RequestShape::kGetItem, "{}"),
            "ValidationException: 2 validation errors detected: "
            "Value null at 'key' failed to satisfy constraint: Member must not be null; "
            "Value null at 'tableName' failed to satisfy constraint: Member must not be null");
  // A JSON null is a missing member.
  EXPECT_EQ(outcome(RequestShape::kGetItem, R"({"TableName":null,"Key":{}})"),
            std::string(kOne) + "Value null at 'tableName' failed to satisfy constraint: Member must not be null");
}

TEST(RequestValidatorTest, TableNamesGetTableNameRules) {
  EXPECT_EQ(outcome(RequestShape::kDescribeTable, R"({"TableName":"a!"})"),
            "ValidationException: 2 validation errors detected: "
            "Value 'a!' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3; "
            "Value 'a!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: "
            "[a-zA-Z0-9_.-]+");
  const std::string long_name(256, 'a');
  EXPECT_EQ(outcome(RequestShape::kDescribeTable, R"({"TableName":")" + long_name + R"("})"),
            std::string(kOne) + "Value '" + long_name +
                "' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255");
}

TEST(RequestValidatorTest, AnEmptyTableNameBreaksOnlyTheArnLength) {
  // Every required member present: that error alone.
  EXPECT_EQ(outcome(RequestShape::kPutItem, R"({"TableName":"","Item":{},"ReturnValues":"X"})"),
            std::string(kOne) + "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater "
                                "than or equal to 1");
  // Only where the model has such a member: BatchGetItem ignores it.
  EXPECT_EQ(outcome(RequestShape::kBatchGetItem, R"({"TableName":"","RequestItems":{"abc":{"Keys":[{}]}}})"), "");
  // A required member missing: listed with the rest.
  EXPECT_EQ(outcome(RequestShape::kPutItem, R"({"TableName":""})"),
            "ValidationException: 2 validation errors detected: "
            "Value null at 'item' failed to satisfy constraint: Member must not be null; "
            "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1");
}

TEST(RequestValidatorTest, EnumsRangesAndOrder) {
  // TransactWriteItems' members in DynamoDB's order: clientRequestToken,
  // returnConsumedCapacity, returnItemCollectionMetrics.
  const std::string token(37, 't');
  EXPECT_EQ(outcome(RequestShape::kTransactWriteItems,
                    R"({"TransactItems":[{}],"ReturnItemCollectionMetrics":"X","ReturnConsumedCapacity":"Y",)"
                    R"("ClientRequestToken":")" + token + R"("})"),
            "ValidationException: 3 validation errors detected: "
            "Value '" + token + "' at 'clientRequestToken' failed to satisfy constraint: Member must have length less "
            "than or equal to 36; "
            "Value 'Y' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: "
            "[INDEXES, TOTAL, NONE]; "
            "Value 'X' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value "
            "set: [SIZE, NONE]");
  EXPECT_EQ(outcome(RequestShape::kScan, R"({"TableName":"abc","Segment":1000000,"TotalSegments":0})"),
            "ValidationException: 2 validation errors detected: "
            "Value '0' at 'totalSegments' failed to satisfy constraint: Member must have value greater than or equal to 1; "
            "Value '1000000' at 'segment' failed to satisfy constraint: Member must have value less than or equal to "
            "999999");
}

TEST(RequestValidatorTest, NestedPathsInListsAndMaps) {
  EXPECT_EQ(outcome(RequestShape::kCreateTable,
                    R"({"TableName":"abc","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],)"
                    R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"X"}]})"),
            std::string(kOne) + "Value 'X' at 'keySchema.2.member.keyType' failed to satisfy constraint: Member must "
                                "satisfy enum value set: [HASH, RANGE]");
  EXPECT_EQ(outcome(RequestShape::kUpdateTable,
                    R"({"TableName":"abc","GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"i",)"
                    R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"Projection":{}}}]})"),
            std::string(kOne) + "Value 'i' at 'globalSecondaryIndexUpdates.1.member.create.indexName' failed to "
                                "satisfy constraint: Member must have length greater than or equal to 3");
  // In the newer form: no value, members named as on the wire.
  EXPECT_EQ(outcome(RequestShape::kBatchGetItem, R"({"RequestItems":{"abc":{"Keys":[]}}})"),
            std::string(kOne) + "Value at 'RequestItems.abc.member.Keys' failed to satisfy constraint: Member "
                                "must have length greater than or equal to 1");
  // A map value (a list) breaking its own constraint is reported for the map.
  EXPECT_EQ(outcome(RequestShape::kBatchWriteItem, R"({"RequestItems":{"abc":[]}})"),
            std::string(kOne) + "Value '{abc=[]}' at 'requestItems' failed to satisfy constraint: Map value must "
                                "satisfy constraint: [Member must have length less than or equal to 25, Member must "
                                "have length greater than or equal to 1]");
  EXPECT_EQ(outcome(RequestShape::kBatchWriteItem, R"({"RequestItems":{"abc":[{"PutRequest":{}}]}})"),
            std::string(kOne) + "Value null at 'requestItems.abc.member.1.member.putRequest.item' failed to satisfy "
                                "constraint: Member must not be null");
}

TEST(RequestValidatorTest, LengthsCountUtf16Units) {
  // 128 characters is the longest tag key; "é" is one unit, "𝄞" two.
  std::string key;
  for (int i = 0; i < 128; ++i) key += "\xC3\xA9";
  const std::string arn = R"("ResourceArn":"arn:aws:dynamodb:us-east-1:1:table/t")";
  EXPECT_EQ(outcome(RequestShape::kTagResource, "{" + arn + R"(,"Tags":[{"Key":")" + key + R"(","Value":""}]})"), "");
  std::string clef_key;
  for (int i = 0; i < 64; ++i) clef_key += "\xF0\x9D\x84\x9E";
  EXPECT_EQ(outcome(RequestShape::kTagResource, "{" + arn + R"(,"Tags":[{"Key":")" + clef_key + R"(","Value":""}]})"), "");
  EXPECT_NE(outcome(RequestShape::kTagResource,
                    "{" + arn + R"(,"Tags":[{"Key":")" + clef_key + "x" + R"(","Value":""}]})"),
            "");
}

TEST(RequestValidatorTest, WrongTypesAreSerializationErrors) {
  EXPECT_EQ(outcome(RequestShape::kGetItem, R"({"TableName":5,"Key":{}})"),
            "SerializationException: Unexpected value type in payload");
  EXPECT_EQ(outcome(RequestShape::kQuery, R"({"TableName":"abc","Limit":1.5})"),
            "SerializationException: Unexpected value type in payload: expected an integer");
  EXPECT_EQ(outcome(RequestShape::kQuery, R"({"TableName":"abc","KeyConditions":[]})"),
            "SerializationException: Start of list found where not expected");
  // A wrong type wins over constraint errors found before it.
  EXPECT_EQ(outcome(RequestShape::kQuery, R"({"TableName":"a","Limit":0,"ConsistentRead":"yes"})"),
            "SerializationException: Unexpected value type in payload");
}

TEST(RequestValidatorTest, AtMostTenReported) {
  std::string body = R"({"TransactItems":[)";
  for (int i = 0; i < 12; ++i) body += std::string(i ? "," : "") + R"({"Put":{"TableName":"a","Item":{}}})";
  body += "]}";
  const std::string message = outcome(RequestShape::kTransactWriteItems, body);
  EXPECT_TRUE(message.starts_with("ValidationException: 10 validation errors detected: ")) << message;
}

}  // namespace
}  // namespace dynastore::protocol
