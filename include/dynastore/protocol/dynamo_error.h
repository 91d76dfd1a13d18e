// DynamoError: an error exactly as a DynamoDB client sees it — exception
// name, message and HTTP status. Exception names are spelled here and only
// here. Thrown while validating a request (the request is rejected anyway) or
// returned on hot failure paths; the dispatcher turns it into the body
// {"__type": "<namespace>#<Name>", "message": "..."}.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dynastore::protocol {

class DynamoError : public std::exception {
 public:
  // --- 400, client errors (DynamoDB API Reference, "Common Errors" and each operation's Errors)
  static DynamoError validation(std::string message);
  static DynamoError serialization(std::string message);
  static DynamoError unknown_operation();
  // The same, HTTP 404: what DynamoDB answers a request whose Content-Type
  // is not one of its JSON media types.
  static DynamoError unknown_operation_not_found();
  // UnknownOperationException for an operation DynamoDB has (the botocore
  // model names it) that this server does not implement, saying so.
  static DynamoError unimplemented_operation(std::string_view operation);
  static DynamoError resource_not_found(std::string message);
  static DynamoError resource_in_use(std::string message);
  static DynamoError limit_exceeded(std::string message);
  static DynamoError conditional_check_failed(std::string message);
  // A PartiQL INSERT of a key the table has (API Reference, ExecuteStatement, "Errors").
  static DynamoError duplicate_item(std::string message);
  static DynamoError item_collection_size_limit_exceeded(std::string message);
  static DynamoError missing_authentication_token(std::string message);
  static DynamoError unrecognized_client(std::string message);
  static DynamoError invalid_signature(std::string message);
  static DynamoError incomplete_signature(std::string message);
  static DynamoError access_denied(std::string message);
  static DynamoError request_entity_too_large(std::string message);
  // Transactions (API Reference, TransactWriteItems and TransactGetItems, "Errors").
  // TransactionConflictException: PutItem, UpdateItem, DeleteItem on an item
  // a transaction is changing.
  static DynamoError transaction_conflict(std::string message);
  static DynamoError transaction_canceled(std::string message);
  static DynamoError idempotent_parameter_mismatch(std::string message);
  static DynamoError transaction_in_progress(std::string message);
  // Throughput limits (--enforce-capacity): a provisioned table's or GSI's
  // (ProvisionedThroughputExceededException), an on-demand table's maximum
  // (ThrottlingException, which DynamoDB sends from its coral availability
  // layer). Both carry ThrottlingReasons (with_member_json).
  static DynamoError provisioned_throughput_exceeded(std::string message);
  static DynamoError throttling(std::string message);
  // DynamoDB Streams (API Reference, GetRecords and GetShardIterator, "Errors").
  static DynamoError expired_iterator(std::string message);
  static DynamoError trimmed_data_access(std::string message);
  // --- 500
  static DynamoError internal_server_error();

  // Builds an auth error from its DynamoDB exception name (auth/ names it).
  static DynamoError from_name(std::string_view name, std::string message, int http_status);

  const std::string& name() const { return name_; }
  const std::string& message() const { return message_; }
  int http_status() const { return http_status_; }
  const char* what() const noexcept override { return message_.c_str(); }

  // Attaches the item ConditionalCheckFailedException returns with
  // ReturnValuesOnConditionCheckFailure=ALL_OLD, as its wire JSON.
  DynamoError& with_item_json(std::string item_json) { return with_member_json("Item", std::move(item_json)); }

  // Attaches a member of the error body, as its wire JSON (an object or an
  // array), e.g. TransactionCanceledException's CancellationReasons.
  DynamoError& with_member_json(std::string name, std::string json) {
    members_.emplace_back(std::move(name), std::move(json));
    return *this;
  }

  // The JSON body DynamoDB sends for this error.
  std::string to_json() const;

 private:
  DynamoError(std::string_view error_namespace, std::string name, std::string message, int http_status)
      : namespace_(error_namespace), name_(std::move(name)), message_(std::move(message)), http_status_(http_status) {}

  std::string namespace_;
  std::string name_;
  std::string message_;
  int http_status_;
  std::vector<std::pair<std::string, std::string>> members_;  // name, wire JSON
};

}  // namespace dynastore::protocol
