#include "api/status_mapping.h"

#include <spdlog/spdlog.h>

namespace dynastore::api {

void throw_internal(const Status& status) {
  spdlog::error("internal error: {}", status.to_string());
  throw protocol::DynamoError::internal_server_error();
}

}  // namespace dynastore::api
