// KeyConditionExpression → KeyQuery, for a table or an index (including
// multi-attribute GSI keys: equality on every partition attribute, then
// sort attributes left to right, all equalities but the last condition).
#pragma once

#include "api/key_query.h"
#include "api/read_target.h"
#include "dynastore/expr/condition.h"

namespace dynastore::api {

// `parsed` comes from parse_condition(kKeyCondition). Throws DynamoDB's
// ValidationExceptions for conditions no key range can serve.
KeyQuery key_query_from_expression(const expr::Condition& parsed, const ReadTarget& target);

}  // namespace dynastore::api
