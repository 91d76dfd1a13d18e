// The one place that decides what an internal Status becomes for a client.
// Storage and engine failures are not the client's fault: InternalServerError
// (500), with the detail only in the server log. NotFound (a table dropped
// while the request ran) is ResourceNotFoundException; LimitExceeded (an
// LSI item collection over 10 GB) is ItemCollectionSizeLimitExceededException;
// FailedPrecondition (a change to a table that is not ACTIVE, see
// table_lookup.h) is ResourceInUseException with the status's message.
#pragma once

#include <utility>

#include "dynastore/common/status.h"
#include "dynastore/protocol/dynamo_error.h"

namespace dynastore::api {

[[noreturn]] void throw_internal(const Status& status);

// Returns the value, or throws the DynamoError its Status maps to.
template <typename T>
T unwrap(Result<T> result) {
  if (!result.is_ok()) throw_internal(result.status());
  return std::move(result).value();
}

inline void check(const Status& status) {
  if (!status.is_ok()) throw_internal(status);
}

}  // namespace dynastore::api
