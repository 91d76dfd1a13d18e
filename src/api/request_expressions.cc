#include "api/request_expressions.h"

#include <algorithm>
#include <map>

#include "api/legacy_parameters.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

using protocol::DynamoError;

namespace {

constexpr std::string_view kEnvelope = "1 validation error detected: ";
constexpr std::size_t kMaxAttributeNameBytes = 65535;

bool present(const json::Value& spec, std::string_view member) { return protocol::find_member(spec, member) != nullptr; }

std::string braces(const std::vector<std::string_view>& names) {
  std::string out = "{";
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + std::string(names[i]);
  return out + "}";
}

// ConditionalOperator joins two or more legacy conditions: DynamoDB refuses
// it beside none (an absent or empty Expected, QueryFilter or ScanFilter)
// and beside one. The texts are DynamoDB Local's (its error codes
// COND_OP_WITHOUT_FILTER_OR_EXPECTED and COND_OP_WITH_ONE_ELEMENT), which
// ExtendDB's suite run against DynamoDB (2026) gets from DynamoDB too, after
// the mixing check and before Query's missing key condition.
void check_conditional_operator_use(const json::Value& spec, const ExpressionParameters& parameters) {
  if (!present(spec, "ConditionalOperator")) return;
  std::size_t conditions = 0;
  bool takes_it = false;
  for (auto name : parameters.legacy) {
    if (name == "ConditionalOperator") takes_it = true;
    if (name != "Expected" && name != "QueryFilter" && name != "ScanFilter") continue;
    if (const auto* map = protocol::get_object(spec, name)) conditions += map->MemberCount();
  }
  if (!takes_it) return;
  if (conditions == 0) throw DynamoError::validation("ConditionalOperator cannot be used without Filter or Expected");
  if (conditions == 1) {
    throw DynamoError::validation("ConditionalOperator can only be used when Filter or Expected has two or more elements");
  }
}

// DynamoDB refuses requests mixing the two styles and names both sides, each
// in the operation's order (ExpressionParameters lists them so).
void check_no_mixing(const json::Value& spec, const ExpressionParameters& parameters) {
  std::vector<std::string_view> legacy, expressions;
  for (auto name : parameters.legacy) {
    if (present(spec, name)) legacy.push_back(name);
  }
  for (auto name : parameters.expressions) {
    if (present(spec, name)) expressions.push_back(name);
  }
  for (auto [legacy_name, expression_name] : parameters.paired_legacy) {
    if (present(spec, legacy_name) && present(spec, expression_name)) legacy.push_back(legacy_name);
  }
  // Its type and value are checked even where nothing uses it, as every
  // other member's are (DynamoDB's deserializer reads the whole request).
  if (std::find(parameters.legacy.begin(), parameters.legacy.end(), "ConditionalOperator") != parameters.legacy.end()) {
    (void)conditional_operator(spec);
  }
  if (!legacy.empty() && !expressions.empty()) {
    throw DynamoError::validation(
        "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: " +
        braces(legacy) + " Expression parameters: " + braces(expressions));
  }
  check_conditional_operator_use(spec, parameters);
}

std::map<std::string, std::string> parse_names(const json::Value& spec, const ExpressionParameters& parameters) {
  std::map<std::string, std::string> names;
  const auto* object = protocol::get_object(spec, "ExpressionAttributeNames");
  if (object == nullptr) return names;
  bool any_expression = false;
  for (auto name : parameters.expressions) any_expression = any_expression || present(spec, name);
  if (!any_expression) {
    throw DynamoError::validation(std::string(parameters.enveloped_without_expression ? kEnvelope : "") +
                                  "ExpressionAttributeNames can only be specified when using expressions");
  }
  if (object->MemberCount() == 0) throw DynamoError::validation("ExpressionAttributeNames must not be empty");
  for (const auto& member : object->GetObject()) {
    if (!member.value.IsString()) throw DynamoError::serialization("Unexpected value type in payload");
    // A name stands for an attribute name, which DynamoDB bounds at 64 KB
    // (Developer Guide, "Attribute names"); a longer one could never name
    // an attribute, so it is refused here rather than carried through.
    if (member.value.GetStringLength() > kMaxAttributeNameBytes) {
      throw DynamoError::validation(
          "One or more parameter values were invalid: Attribute name is too large, must be less than 65536 bytes");
    }
    names.emplace(std::string(member.name.GetString(), member.name.GetStringLength()),
                  std::string(member.value.GetString(), member.value.GetStringLength()));
  }
  return names;
}

std::map<std::string, model::AttributeValue> parse_values(const json::Value& spec,
                                                          const ExpressionParameters& parameters) {
  std::map<std::string, model::AttributeValue> values;
  const auto* object = protocol::get_object(spec, "ExpressionAttributeValues");
  if (object == nullptr) return values;
  bool any_user = false;
  for (auto name : parameters.value_users) any_user = any_user || present(spec, name);
  if (!any_user && parameters.enveloped_without_expression) {
    throw DynamoError::validation(std::string(kEnvelope) +
                                  "ExpressionAttributeValues can only be specified when using expressions");
  }
  if (!any_user) {
    std::string missing;
    for (std::size_t i = 0; i < parameters.value_users.size(); ++i) {
      missing += (i ? " and " : "") + std::string(parameters.value_users[i]);
    }
    throw DynamoError::validation("ExpressionAttributeValues can only be specified when using expressions: " + missing +
                                  (parameters.value_users.size() > 1 ? " are null" : " is null"));
  }
  if (object->MemberCount() == 0) throw DynamoError::validation("ExpressionAttributeValues must not be empty");
  for (const auto& member : object->GetObject()) {
    std::string key(member.name.GetString(), member.name.GetStringLength());
    try {
      values.emplace(key, protocol::parse_attribute_value(member.value, parameters.wording));
    } catch (const DynamoError& error) {
      if (error.name() != "ValidationException" || parameters.wording != protocol::ValueWording::kOlder) throw;
      throw DynamoError::validation("ExpressionAttributeValues contains invalid value: " + error.message() +
                                    " for key " + key);
    }
  }
  return values;
}

}  // namespace

void throw_expression_error(const Status& status) { throw DynamoError::validation(status.message()); }

RequestExpressions::RequestExpressions(const json::Value& spec, const ExpressionParameters& parameters)
    : spec_(spec), wording_(parameters.wording) {
  check_no_mixing(spec, parameters);
  placeholders_ = expr::Placeholders(parse_names(spec, parameters), parse_values(spec, parameters));
  auto s = placeholders_.check_keys();
  if (!s.is_ok()) throw_expression_error(s);
}

std::optional<std::string_view> RequestExpressions::text(std::string_view member) const {
  return protocol::get_string(spec_, member);
}

std::optional<expr::Condition> RequestExpressions::condition(std::string_view member, expr::ExpressionKind kind) {
  auto expression = text(member);
  if (!expression) return std::nullopt;
  return value_or_throw(expr::parse_condition(*expression, kind, placeholders_));
}

std::optional<expr::UpdatePlan> RequestExpressions::update() {
  auto expression = text("UpdateExpression");
  if (!expression) return std::nullopt;
  return value_or_throw(expr::parse_update(*expression, placeholders_));
}

std::optional<expr::Projection> RequestExpressions::projection() {
  auto expression = text("ProjectionExpression");
  if (!expression) return std::nullopt;
  return value_or_throw(expr::parse_projection(*expression, placeholders_));
}

void RequestExpressions::finish() const {
  auto s = placeholders_.check_all_used();
  if (!s.is_ok()) throw_expression_error(s);
}

}  // namespace dynastore::api
