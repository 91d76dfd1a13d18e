#include "dynastore/protocol/dynamo_error.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dynastore/json/json.h"

namespace dynastore::protocol {
namespace {

constexpr std::string_view kDynamo = "com.amazonaws.dynamodb.v20120810#";
constexpr std::string_view kValidate = "com.amazon.coral.validate#";
constexpr std::string_view kService = "com.amazon.coral.service#";

struct Expected {
  DynamoError error;
  std::string type;  // full __type
  int status;
};

std::vector<Expected> all_factories() {
  auto t = [](std::string_view ns, std::string_view name) { return std::string(ns) + std::string(name); };
  return {
      {DynamoError::validation("m"), t(kValidate, "ValidationException"), 400},
      {DynamoError::serialization("m"), t(kService, "SerializationException"), 400},
      {DynamoError::unknown_operation(), t(kService, "UnknownOperationException"), 400},
      {DynamoError::resource_not_found("m"), t(kDynamo, "ResourceNotFoundException"), 400},
      {DynamoError::resource_in_use("m"), t(kDynamo, "ResourceInUseException"), 400},
      {DynamoError::limit_exceeded("m"), t(kDynamo, "LimitExceededException"), 400},
      {DynamoError::conditional_check_failed("m"), t(kDynamo, "ConditionalCheckFailedException"), 400},
      {DynamoError::missing_authentication_token("m"), t(kService, "MissingAuthenticationTokenException"), 400},
      {DynamoError::unrecognized_client("m"), t(kService, "UnrecognizedClientException"), 400},
      {DynamoError::invalid_signature("m"), t(kService, "InvalidSignatureException"), 400},
      {DynamoError::incomplete_signature("m"), t(kService, "IncompleteSignatureException"), 400},
      {DynamoError::access_denied("m"), t(kService, "AccessDeniedException"), 400},
      {DynamoError::request_entity_too_large("m"), t(kService, "RequestEntityTooLarge"), 413},
      {DynamoError::transaction_canceled("m"), t(kDynamo, "TransactionCanceledException"), 400},
      {DynamoError::idempotent_parameter_mismatch("m"), t(kDynamo, "IdempotentParameterMismatchException"), 400},
      {DynamoError::transaction_in_progress("m"), t(kDynamo, "TransactionInProgressException"), 400},
      {DynamoError::expired_iterator("m"), t(kDynamo, "ExpiredIteratorException"), 400},
      {DynamoError::trimmed_data_access("m"), t(kDynamo, "TrimmedDataAccessException"), 400},
      {DynamoError::internal_server_error(), t(kDynamo, "InternalServerError"), 500},
  };
}

json::Document parse_body(const std::string& body) {
  json::Document doc;
  EXPECT_EQ(json::parse(body, doc), "") << body;
  EXPECT_TRUE(doc.IsObject()) << body;
  return doc;
}

TEST(DynamoErrorTest, FactoriesSetNamespaceNameAndStatus) {
  for (const auto& e : all_factories()) {
    json::Document doc = parse_body(e.error.to_json());
    ASSERT_TRUE(doc.HasMember("__type"));
    EXPECT_EQ(std::string(doc["__type"].GetString()), e.type);
    EXPECT_EQ(e.error.http_status(), e.status) << e.type;
    EXPECT_EQ(e.type.substr(e.type.find('#') + 1), e.error.name());
  }
}

TEST(DynamoErrorTest, ValidationBodyHasLowercaseMessage) {
  EXPECT_EQ(DynamoError::validation("bad thing").to_json(),
            R"({"__type":"com.amazon.coral.validate#ValidationException","message":"bad thing"})");
}

TEST(DynamoErrorTest, SerializationBodyCapitalisesMessage) {
  EXPECT_EQ(DynamoError::serialization("oops").to_json(),
            R"({"__type":"com.amazon.coral.service#SerializationException","Message":"oops"})");
}

TEST(DynamoErrorTest, OnlySerializationAndTransactionCanceledUseCapitalMessage) {
  for (const auto& e : all_factories()) {
    if (e.error.message().empty()) continue;
    json::Document doc = parse_body(e.error.to_json());
    const bool capital = e.error.name() == "SerializationException" || e.error.name() == "TransactionCanceledException";
    EXPECT_EQ(doc.HasMember("Message"), capital) << e.type;
    EXPECT_EQ(doc.HasMember("message"), !capital) << e.type;
  }
}

TEST(DynamoErrorTest, AttachedMembersFollowTheMessageAsRawJson) {
  auto e = DynamoError::transaction_canceled("why");
  e.with_member_json("CancellationReasons", R"([{"Code":"None"}])");
  EXPECT_EQ(e.to_json(), R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException","Message":"why",)"
                         R"("CancellationReasons":[{"Code":"None"}]})");
  auto c = DynamoError::conditional_check_failed("failed");
  c.with_item_json(R"({"pk":{"S":"a"}})");
  EXPECT_EQ(c.to_json(), R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",)"
                         R"("message":"failed","Item":{"pk":{"S":"a"}}})");
}

TEST(DynamoErrorTest, EmptyMessageIsOmitted) {
  EXPECT_EQ(DynamoError::unknown_operation().to_json(),
            R"({"__type":"com.amazon.coral.service#UnknownOperationException"})");
  EXPECT_EQ(DynamoError::unknown_operation().message(), "");
}

TEST(DynamoErrorTest, InternalServerErrorHasAFixedMessage) {
  const auto e = DynamoError::internal_server_error();
  EXPECT_EQ(e.message(), "Internal server error");
  EXPECT_EQ(e.to_json(),
            R"({"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"Internal server error"})");
}

TEST(DynamoErrorTest, FromNameUsesTheCoralServiceNamespace) {
  const auto e = DynamoError::from_name("InvalidSignatureException", "sig", 400);
  EXPECT_EQ(e.name(), "InvalidSignatureException");
  EXPECT_EQ(e.http_status(), 400);
  EXPECT_EQ(e.to_json(), R"({"__type":"com.amazon.coral.service#InvalidSignatureException","message":"sig"})");
}

TEST(DynamoErrorTest, MessagesAreJsonEscaped) {
  const std::string message = "quote \" backslash \\ newline \n tab \t control \x01 utf8 \xc3\xa9";
  json::Document doc = parse_body(DynamoError::validation(message).to_json());
  ASSERT_TRUE(doc.HasMember("message"));
  EXPECT_EQ(std::string(doc["message"].GetString(), doc["message"].GetStringLength()), message);
}

TEST(DynamoErrorTest, WhatIsTheMessageAndItIsAnException) {
  try {
    throw DynamoError::resource_in_use("Table already exists: t");
  } catch (const std::exception& e) {
    EXPECT_STREQ(e.what(), "Table already exists: t");
  }
}

}  // namespace
}  // namespace dynastore::protocol
