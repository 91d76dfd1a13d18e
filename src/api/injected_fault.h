// How a request that an armed fault (dynastore/api/fault_injector.h) picks
// is answered: which tables it names, for the rules' table filter, and the
// error DynamoDB would give in its place.
#pragma once

#include <string_view>
#include <vector>

#include "dynastore/api/fault_injector.h"
#include "dynastore/json/json.h"
#include "dynastore/protocol/dynamo_error.h"

namespace dynastore::api {

// The tables a (shape-valid) request names, as it names them: TableName,
// RequestItems' keys (batches), TransactItems' TableNames (transactions).
// Views into `request`.
std::vector<std::string_view> request_tables(const json::Value& request);

// The error `kind` as DynamoDB answers it to `operation` (never kDelay).
// `request` is the request, for the cancellation reasons of a transaction.
protocol::DynamoError injected_error(FaultKind kind, std::string_view operation, const json::Value& request);

}  // namespace dynastore::api
