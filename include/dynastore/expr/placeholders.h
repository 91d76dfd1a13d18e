// Placeholders: the ExpressionAttributeNames ("#n" -> name) and ExpressionAttributeValues
// (":v" -> value) of one request, and which of them the request's expressions used.
//
// Usage: build one per request, pass it to every parse_* call of that request (in DynamoDB's
// order: UpdateExpression, ConditionExpression, KeyConditionExpression, FilterExpression,
// ProjectionExpression — dynalite validations/index.js validateExpressions), then call
// check_all_used(). Not thread-safe (lookups record use).
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "dynastore/common/status.h"
#include "dynastore/model/attribute_value.h"

namespace dynastore::expr {

class Placeholders {
 public:
  Placeholders() = default;
  Placeholders(std::map<std::string, std::string> names,
               std::map<std::string, model::AttributeValue> values);

  // The definition of "#key" / ":key" (placeholder text including its sigil), recording the
  // use; nullptr when undefined. Returned pointers stay valid for this object's lifetime.
  const std::string* name(std::string_view key);
  const model::AttributeValue* value(std::string_view key);

  // DynamoDB's syntax rule for the map keys: "#" or ":" then one or more of [A-Za-z0-9_].
  // Errors: "ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\"" and the
  // ExpressionAttributeValues twin (dynalite validateExpressions, tested against AWS).
  Status check_keys() const;

  // After every expression of the request was parsed: each defined placeholder must have been
  // used. Names are checked first. Errors (keys listed sorted, comma-separated):
  //   "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}"
  //   "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}"
  Status check_all_used() const;

  bool empty() const { return names_.empty() && values_.empty(); }

 private:
  std::map<std::string, std::string, std::less<>> names_;
  std::map<std::string, model::AttributeValue, std::less<>> values_;
  std::set<std::string, std::less<>> used_names_;
  std::set<std::string, std::less<>> used_values_;
};

}  // namespace dynastore::expr
