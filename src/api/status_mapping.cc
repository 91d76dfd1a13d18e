#include "api/status_mapping.h"

#include <spdlog/spdlog.h>

namespace dynastore::api {

void throw_internal(const Status& status) {
  // The engine reports a table dropped while the request ran as NotFound.
  if (status.code() == StatusCode::kNotFound) {
    throw protocol::DynamoError::resource_not_found("Requested resource not found");
  }
  if (status.code() == StatusCode::kFailedPrecondition) {
    throw protocol::DynamoError::resource_in_use(status.message());
  }
  // A request the state below refuses (e.g. enabling a stream that is
  // already enabled): the status carries DynamoDB's message.
  if (status.code() == StatusCode::kInvalidArgument) throw protocol::DynamoError::validation(status.message());
  if (status.code() == StatusCode::kLimitExceeded) {
    throw protocol::DynamoError::item_collection_size_limit_exceeded(status.message());
  }
  // Writes stopped by the disk: the engine logged why, once, not per request.
  if (status.code() == StatusCode::kUnavailable) throw protocol::DynamoError::internal_server_error();
  spdlog::error("internal error: {}", status.to_string());
  throw protocol::DynamoError::internal_server_error();
}

}  // namespace dynastore::api
