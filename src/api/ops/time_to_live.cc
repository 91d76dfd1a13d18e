// UpdateTimeToLive and DescribeTimeToLive (API Reference). TTL is ENABLED or
// DISABLED at once (DynamoDB reports ENABLING/DISABLING for up to an hour;
// DynamoDB Local not at all); the hour-long "modified multiple times within a
// fixed interval" rule is not enforced, so tests can switch TTL freely.
// ttl/ttl_sweeper.h deletes what expires.
#include "api/operations.h"
#include "api/status_mapping.h"
#include "api/table_lookup.h"
#include "dynastore/catalog/table_status.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

using protocol::ConstraintErrors;
using protocol::DynamoError;

namespace {

constexpr std::size_t kMaxAttributeNameLength = 255;

}  // namespace

void update_time_to_live(RequestContext& context, const json::Value& request, json::Writer& response) {
  ConstraintErrors errors;
  const auto name = table_name_of(context, request, "TableName", "tableName", errors);
  const auto* spec = protocol::get_object(request, "TimeToLiveSpecification");
  std::optional<bool> enabled;
  std::string attribute;
  if (spec == nullptr) {
    errors.add(ConstraintErrors::kNull, "timeToLiveSpecification", "Member must not be null");
  } else {
    enabled = protocol::get_bool(*spec, "Enabled");
    if (!enabled) errors.add(ConstraintErrors::kNull, "timeToLiveSpecification.enabled", "Member must not be null");
    if (auto raw = protocol::get_string(*spec, "AttributeName")) {
      attribute = std::string(*raw);
      if (attribute.empty()) {
        errors.add(ConstraintErrors::quoted(attribute), "timeToLiveSpecification.attributeName",
                   "Member must have length greater than or equal to 1");
      } else if (attribute.size() > kMaxAttributeNameLength) {
        errors.add(ConstraintErrors::quoted(attribute), "timeToLiveSpecification.attributeName",
                   "Member must have length less than or equal to 255");
      }
    } else {
      errors.add(ConstraintErrors::kNull, "timeToLiveSpecification.attributeName", "Member must not be null");
    }
  }
  errors.throw_if_any();
  require_table(context, name, NotFoundStyle::kDataPlane);

  auto updated = context.catalog.update(context.table_key(name), [&](catalog::TableInfo& table) {
    const bool on = table.ttl.status == catalog::TtlStatus::kEnabled;
    if (*enabled) {
      if (on && table.ttl.attribute == attribute) return Status::invalid_argument("TimeToLive is already enabled");
      if (on) {
        return Status::invalid_argument("TimeToLive is active on a different AttributeName: current AttributeName is " +
                                        table.ttl.attribute);
      }
      catalog::enable_ttl(table, attribute);
      return Status::ok();
    }
    if (!on) return Status::invalid_argument("TimeToLive is already disabled");
    if (table.ttl.attribute != attribute) {
      return Status::invalid_argument("TimeToLive is active on a different AttributeName: current AttributeName is " +
                                      table.ttl.attribute);
    }
    catalog::disable_ttl(table);
    return Status::ok();
  });
  if (!updated.is_ok()) throw_table_change_error(updated.status(), name);

  response.StartObject();
  protocol::write_key(response, "TimeToLiveSpecification");
  response.StartObject();
  protocol::write_key(response, "Enabled");
  response.Bool(*enabled);
  protocol::write_key(response, "AttributeName");
  protocol::write_string(response, attribute);
  response.EndObject();
  response.EndObject();
}

void describe_time_to_live(RequestContext& context, const json::Value& request, json::Writer& response) {
  const auto name = table_name_of(context, request);
  const auto table = require_table(context, name, NotFoundStyle::kDataPlane);
  const bool on = table->ttl.status == catalog::TtlStatus::kEnabled;
  response.StartObject();
  protocol::write_key(response, "TimeToLiveDescription");
  response.StartObject();
  protocol::write_key(response, "TimeToLiveStatus");
  protocol::write_string(response, on ? "ENABLED" : "DISABLED");
  if (on) {
    protocol::write_key(response, "AttributeName");
    protocol::write_string(response, table->ttl.attribute);
  }
  response.EndObject();
  response.EndObject();
}

}  // namespace dynastore::api::ops
