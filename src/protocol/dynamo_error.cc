#include "dynastore/protocol/dynamo_error.h"

#include "dynastore/json/json.h"

namespace dynastore::protocol {

namespace {
// DynamoDB reports service-level errors under its own namespace, request
// validation under coral's validate namespace, and protocol/auth errors under
// coral's service namespace. Clients read the part after '#'.
constexpr std::string_view kDynamoNamespace = "com.amazonaws.dynamodb.v20120810";
constexpr std::string_view kValidateNamespace = "com.amazon.coral.validate";
constexpr std::string_view kServiceNamespace = "com.amazon.coral.service";
}  // namespace

DynamoError DynamoError::validation(std::string message) {
  return {kValidateNamespace, "ValidationException", std::move(message), 400};
}
DynamoError DynamoError::serialization(std::string message) {
  return {kServiceNamespace, "SerializationException", std::move(message), 400};
}
DynamoError DynamoError::unknown_operation() {
  return {kServiceNamespace, "UnknownOperationException", "", 400};
}
DynamoError DynamoError::resource_not_found(std::string message) {
  return {kDynamoNamespace, "ResourceNotFoundException", std::move(message), 400};
}
DynamoError DynamoError::resource_in_use(std::string message) {
  return {kDynamoNamespace, "ResourceInUseException", std::move(message), 400};
}
DynamoError DynamoError::limit_exceeded(std::string message) {
  return {kDynamoNamespace, "LimitExceededException", std::move(message), 400};
}
DynamoError DynamoError::conditional_check_failed(std::string message) {
  return {kDynamoNamespace, "ConditionalCheckFailedException", std::move(message), 400};
}
DynamoError DynamoError::item_collection_size_limit_exceeded(std::string message) {
  return {kDynamoNamespace, "ItemCollectionSizeLimitExceededException", std::move(message), 400};
}
DynamoError DynamoError::missing_authentication_token(std::string message) {
  return {kServiceNamespace, "MissingAuthenticationTokenException", std::move(message), 400};
}
DynamoError DynamoError::unrecognized_client(std::string message) {
  return {kServiceNamespace, "UnrecognizedClientException", std::move(message), 400};
}
DynamoError DynamoError::invalid_signature(std::string message) {
  return {kServiceNamespace, "InvalidSignatureException", std::move(message), 400};
}
DynamoError DynamoError::incomplete_signature(std::string message) {
  return {kServiceNamespace, "IncompleteSignatureException", std::move(message), 400};
}
DynamoError DynamoError::access_denied(std::string message) {
  return {kServiceNamespace, "AccessDeniedException", std::move(message), 400};
}
DynamoError DynamoError::request_entity_too_large(std::string message) {
  return {kServiceNamespace, "RequestEntityTooLarge", std::move(message), 413};
}
DynamoError DynamoError::internal_server_error() {
  return {kDynamoNamespace, "InternalServerError", "Internal server error", 500};
}
DynamoError DynamoError::from_name(std::string_view name, std::string message, int http_status) {
  return {kServiceNamespace, std::string(name), std::move(message), http_status};
}

std::string DynamoError::to_json() const {
  json::StringBuffer buffer;
  json::Writer writer(buffer);
  writer.StartObject();
  writer.Key("__type");
  const std::string type = namespace_ + "#" + name_;
  json::write_string(writer, type);
  if (!message_.empty()) {
    // SerializationException is one of coral's own and capitalises the key.
    writer.Key(name_ == "SerializationException" ? "Message" : "message");
    json::write_string(writer, message_);
  }
  if (!item_json_.empty()) {
    writer.Key("Item");
    writer.RawValue(item_json_.data(), item_json_.size(), json::kObjectType);
  }
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace dynastore::protocol
