// The legacy (pre-expression) parameters older SDK code still sends —
// Expected, QueryFilter/ScanFilter with ConditionalOperator, AttributeUpdates
// — parsed from the wire and built into the same expr:: objects the
// expressions produce, so one evaluator serves both. Throws DynamoError.
#pragma once

#include <optional>
#include <string_view>

#include "dynastore/expr/condition.h"
#include "dynastore/expr/key_condition.h"
#include "dynastore/expr/legacy.h"
#include "dynastore/expr/update.h"
#include "dynastore/json/json.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

// `wording` is the operation's (protocol::ValueWording) for malformed values.
// ConditionalOperator, when present: a string, AND or OR (SerializationException
// or DynamoDB's enum ValidationException otherwise), checked whether or not
// Expected or a legacy filter uses it. Returns AND when absent.
expr::ConditionalOperator conditional_operator(const json::Value& request);

std::optional<expr::Condition> parse_expected(const json::Value& request, protocol::ValueWording wording);
// `member` is "QueryFilter" or "ScanFilter".
std::optional<expr::Condition> parse_legacy_filter(const json::Value& request, std::string_view member,
                                                   protocol::ValueWording wording);
std::optional<expr::UpdatePlan> parse_attribute_updates(const json::Value& request, protocol::ValueWording wording);
// Query's KeyConditions, for the table or index whose key attributes are `keys`.
expr::KeyCondition parse_key_conditions(const json::Value& key_conditions, const expr::KeyAttributes& keys,
                                        protocol::ValueWording wording);

}  // namespace dynastore::api
