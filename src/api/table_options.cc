#include "api/table_options.h"

#include "api/tag_rules.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

using protocol::ConstraintErrors;
using protocol::get_integer;
using protocol::get_object;
using protocol::get_string;

namespace {
// DynamoDB refuses larger values outright (before account quotas apply).
constexpr std::int64_t kMaxThroughput = 1000000000000;
}  // namespace

std::optional<catalog::BillingMode> parse_billing_mode(const json::Value& request, ConstraintErrors& errors) {
  auto mode = get_string(request, "BillingMode");
  if (!mode) return std::nullopt;
  if (*mode == "PROVISIONED") return catalog::BillingMode::kProvisioned;
  if (*mode == "PAY_PER_REQUEST") return catalog::BillingMode::kPayPerRequest;
  errors.add(ConstraintErrors::quoted(*mode), "billingMode",
             "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
  return std::nullopt;
}

std::optional<ThroughputRequest> parse_throughput(const json::Value& request, ConstraintErrors& errors) {
  const auto* pt = get_object(request, "ProvisionedThroughput");
  if (pt == nullptr) return std::nullopt;
  ThroughputRequest out;
  out.read = get_integer(*pt, "ReadCapacityUnits");
  out.write = get_integer(*pt, "WriteCapacityUnits");
  // DynamoDB lists members in reverse declaration order.
  if (!out.write) {
    errors.add(ConstraintErrors::kNull, "provisionedThroughput.writeCapacityUnits", "Member must not be null");
  } else if (*out.write < 1) {
    errors.add(ConstraintErrors::quoted(std::to_string(*out.write)), "provisionedThroughput.writeCapacityUnits",
               "Member must have value greater than or equal to 1");
  }
  if (!out.read) {
    errors.add(ConstraintErrors::kNull, "provisionedThroughput.readCapacityUnits", "Member must not be null");
  } else if (*out.read < 1) {
    errors.add(ConstraintErrors::quoted(std::to_string(*out.read)), "provisionedThroughput.readCapacityUnits",
               "Member must have value greater than or equal to 1");
  }
  return out;
}

std::optional<catalog::OnDemandThroughput> parse_on_demand(const json::Value& request, ConstraintErrors& errors) {
  const auto* od = get_object(request, "OnDemandThroughput");
  if (od == nullptr) return std::nullopt;
  catalog::OnDemandThroughput out;
  if (auto r = get_integer(*od, "MaxReadRequestUnits")) out.max_read_request_units = *r;
  if (auto w = get_integer(*od, "MaxWriteRequestUnits")) out.max_write_request_units = *w;
  // -1 means "no limit" in DynamoDB; otherwise at least 1.
  if (out.max_read_request_units < -1 || out.max_read_request_units == 0) {
    errors.add(ConstraintErrors::quoted(std::to_string(out.max_read_request_units)),
               "onDemandThroughput.maxReadRequestUnits", "Member must have value greater than or equal to -1");
  }
  if (out.max_write_request_units < -1 || out.max_write_request_units == 0) {
    errors.add(ConstraintErrors::quoted(std::to_string(out.max_write_request_units)),
               "onDemandThroughput.maxWriteRequestUnits", "Member must have value greater than or equal to -1");
  }
  return out;
}

std::optional<std::string> parse_table_class(const json::Value& request, ConstraintErrors& errors) {
  auto table_class = get_string(request, "TableClass");
  if (!table_class) return std::nullopt;
  if (*table_class != "STANDARD" && *table_class != "STANDARD_INFREQUENT_ACCESS") {
    errors.add(ConstraintErrors::quoted(*table_class), "tableClass",
               "Member must satisfy enum value set: [STANDARD, STANDARD_INFREQUENT_ACCESS]");
    return std::nullopt;
  }
  return std::string(*table_class);
}

std::vector<catalog::Tag> parse_tags(const json::Value& tags_array, ConstraintErrors& errors, std::string_view path) {
  // Presence and lengths (in characters) were checked with the request's
  // shape (protocol/request_validator.h); the character set and the
  // reserved prefix are DynamoDB's own rules (api/tag_rules.h).
  std::vector<catalog::Tag> tags;
  int index = 0;
  for (const auto& element : tags_array.GetArray()) {
    ++index;
    if (!element.IsObject()) throw protocol::DynamoError::serialization("Unexpected value type in payload");
    const std::string prefix = std::string(path) + "." + std::to_string(index) + ".member.";
    auto key = get_string(element, "Key");
    auto value = get_string(element, "Value");
    if (key) add_tag_text_errors(*key, prefix + "key", errors);
    if (value) add_tag_text_errors(*value, prefix + "value", errors);
    if (key && value) tags.push_back({std::string(*key), std::string(*value)});
  }
  if (errors.empty()) {
    for (const auto& tag : tags) check_tag_key_prefix(tag.key);
  }
  return tags;
}

void check_throughput_bounds(const ThroughputRequest& throughput) {
  if (throughput.read && *throughput.read > kMaxThroughput) {
    throw protocol::DynamoError::validation("Given value " + std::to_string(*throughput.read) +
                                            " for ReadCapacityUnits is out of bounds");
  }
  if (throughput.write && *throughput.write > kMaxThroughput) {
    throw protocol::DynamoError::validation("Given value " + std::to_string(*throughput.write) +
                                            " for WriteCapacityUnits is out of bounds");
  }
}

}  // namespace dynastore::api
