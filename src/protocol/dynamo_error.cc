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
constexpr std::string_view kAvailabilityNamespace = "com.amazon.coral.availability";
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
DynamoError DynamoError::unknown_operation_not_found() {
  return {kServiceNamespace, "UnknownOperationException", "", 404};
}
DynamoError DynamoError::unimplemented_operation(std::string_view operation) {
  return {kServiceNamespace, "UnknownOperationException",
          "The operation " + std::string(operation) +
              " is part of the DynamoDB API but is not implemented by this server (Dynastore); "
              "docs/compatibility.md lists what is",
          400};
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
DynamoError DynamoError::duplicate_item(std::string message) {
  return {kDynamoNamespace, "DuplicateItemException", std::move(message), 400};
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
DynamoError DynamoError::transaction_canceled(std::string message) {
  return {kDynamoNamespace, "TransactionCanceledException", std::move(message), 400};
}
DynamoError DynamoError::transaction_conflict(std::string message) {
  return {kDynamoNamespace, "TransactionConflictException", std::move(message), 400};
}
DynamoError DynamoError::idempotent_parameter_mismatch(std::string message) {
  return {kDynamoNamespace, "IdempotentParameterMismatchException", std::move(message), 400};
}
DynamoError DynamoError::transaction_in_progress(std::string message) {
  return {kDynamoNamespace, "TransactionInProgressException", std::move(message), 400};
}
DynamoError DynamoError::provisioned_throughput_exceeded(std::string message) {
  return {kDynamoNamespace, "ProvisionedThroughputExceededException", std::move(message), 400};
}
DynamoError DynamoError::throttling(std::string message) {
  return {kAvailabilityNamespace, "ThrottlingException", std::move(message), 400};
}
DynamoError DynamoError::expired_iterator(std::string message) {
  return {kDynamoNamespace, "ExpiredIteratorException", std::move(message), 400};
}
DynamoError DynamoError::trimmed_data_access(std::string message) {
  return {kDynamoNamespace, "TrimmedDataAccessException", std::move(message), 400};
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
    // SerializationException (one of coral's own) and
    // TransactionCanceledException capitalise the key, as DynamoDB sends them.
    const bool capitalised = name_ == "SerializationException" || name_ == "TransactionCanceledException";
    writer.Key(capitalised ? "Message" : "message");
    // A message may quote a header the client sent; invalid bytes in it
    // would make the whole answer unreadable to SDKs.
    if (json::is_utf8(message_)) {
      json::write_string(writer, message_);
    } else {
      json::write_string(writer, json::to_utf8_lossy(message_));
    }
  }
  for (const auto& [name, member_json] : members_) {
    json::write_key(writer, name);
    writer.RawValue(member_json.data(), member_json.size(), json::kObjectType);
  }
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace dynastore::protocol
