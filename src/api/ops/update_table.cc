// UpdateTable: billing mode, provisioned throughput, on-demand limits,
// deletion protection, table class and global secondary index updates.
// Replica updates are refused until global tables land.
#include "api/gsi_updates.h"
#include "api/operations.h"
#include "api/status_mapping.h"
#include "api/stream_specification.h"
#include "api/table_description.h"
#include "api/table_lookup.h"
#include "api/table_options.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

using protocol::ConstraintErrors;
using protocol::DynamoError;

namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

std::string unchanged_throughput_message(const catalog::ProvisionedThroughput& current, const ThroughputRequest& t) {
  return "The provisioned throughput for the table will not change. The requested value equals the current value. "
         "Current ReadCapacityUnits provisioned for the table: " +
         std::to_string(current.read_capacity_units) + ". Requested ReadCapacityUnits: " + std::to_string(*t.read) +
         ". Current WriteCapacityUnits provisioned for the table: " + std::to_string(current.write_capacity_units) +
         ". Requested WriteCapacityUnits: " + std::to_string(*t.write) +
         ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.";
}

void apply_throughput(catalog::TableInfo& table, const ThroughputRequest& t, double now) {
  auto& pt = table.throughput;
  const bool increase = *t.read > pt.read_capacity_units || *t.write > pt.write_capacity_units;
  const bool decrease = *t.read < pt.read_capacity_units || *t.write < pt.write_capacity_units;
  if (increase) pt.last_increase_time = now;
  if (decrease) {
    pt.last_decrease_time = now;
    ++pt.decreases_today;
  }
  pt.read_capacity_units = *t.read;
  pt.write_capacity_units = *t.write;
}

}  // namespace

void update_table(RequestContext& context, const json::Value& request, json::Writer& response) {
  const auto name = table_name_of(context, request);
  ConstraintErrors errors;
  auto billing = parse_billing_mode(request, errors);
  auto throughput = parse_throughput(request, errors);
  auto on_demand = parse_on_demand(request, errors);
  auto table_class = parse_table_class(request, errors);
  const auto deletion_protection = protocol::get_bool(request, "DeletionProtectionEnabled");
  const auto stream = parse_stream_specification(request, errors);
  errors.throw_if_any();

  const auto* gsi_updates = protocol::get_array(request, "GlobalSecondaryIndexUpdates");
  const auto* replicas = protocol::get_array(request, "ReplicaUpdates");
  const bool has_sse = protocol::get_object(request, "SSESpecification") != nullptr;
  if (!billing && !throughput && !on_demand && !table_class && !deletion_protection && !gsi_updates && !stream &&
      !replicas && !has_sse && !protocol::find_member(request, "WarmThroughput")) {
    throw DynamoError::validation(
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or "
        "SSESpecification or ReplicaUpdates is required");
  }
  if (stream) {
    check_stream_update(*stream);
    if (gsi_updates) {
      throw DynamoError::validation(std::string(kInvalid) +
                                    "You cannot create or delete index while changing stream status");
    }
  }
  if (replicas && !replicas->Empty()) {
    throw DynamoError::validation(std::string(kInvalid) + "Global table replicas are not supported by this server");
  }
  const auto current = require_table(context, name, NotFoundStyle::kControlPlane);
  require_active(*current);

  const auto target_mode = billing.value_or(current->billing_mode);
  if (target_mode == catalog::BillingMode::kPayPerRequest && throughput) {
    throw DynamoError::validation(std::string(kInvalid) +
                                  "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
  }
  if (target_mode == catalog::BillingMode::kProvisioned && current->billing_mode == catalog::BillingMode::kPayPerRequest &&
      !throughput) {
    throw DynamoError::validation(std::string(kInvalid) +
                                  "ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
  }
  GsiUpdates index_updates;
  if (gsi_updates) index_updates = parse_gsi_updates(request, *gsi_updates, *current, target_mode);
  if (throughput) {
    check_throughput_bounds(*throughput);
    // Naming the billing mode the table already has changes nothing either
    // (nubo-db/dynamodb-conformance tests/tier1/updateTable/basic.test.ts,
    // run against DynamoDB: PROVISIONED with the same units is refused).
    const bool mode_unchanged = !billing || *billing == current->billing_mode;
    if (current->billing_mode == catalog::BillingMode::kProvisioned && mode_unchanged &&
        *throughput->read == current->throughput.read_capacity_units &&
        *throughput->write == current->throughput.write_capacity_units && !on_demand && !table_class &&
        !deletion_protection && index_updates.empty()) {
      throw DynamoError::validation(unchanged_throughput_message(current->throughput, *throughput));
    }
  }

  const double now = context.now;
  const auto& delays = context.status_delays;
  auto updated = context.catalog.update(context.table_key(name), [&](catalog::TableInfo& table) {
    if (!catalog::start_updating(table, delays, now).is_ok()) return not_active(table);
    if (billing && *billing != table.billing_mode) {
      table.billing_mode = *billing;
      table.billing_mode_update_time = now;
    }
    if (throughput) apply_throughput(table, *throughput, now);
    if (on_demand) table.on_demand = *on_demand;
    if (table_class) table.table_class = *table_class;
    if (deletion_protection) table.deletion_protection = *deletion_protection;
    if (gsi_updates) apply_gsi_updates(index_updates, table, delays, now);
    if (stream) return apply_stream_update(context, *stream, table);
    return Status::ok();
  });
  if (!updated.is_ok()) throw_table_change_error(updated.status(), name);
  // Without a deleting delay a deleted GSI is gone at once; the response
  // still shows it the way DynamoDB does while it is being removed.
  catalog::TableInfo described = *updated.value();
  for (const auto& name : delays.deleting > 0 ? std::vector<std::string>{} : index_updates.deletes) {
    if (const auto* deleted = current->find_index(name)) {
      described.indexes.push_back(*deleted);
      described.indexes.back().status = catalog::IndexStatus::kDeleting;
    }
  }
  response.StartObject();
  protocol::write_key(response, "TableDescription");
  write_table_description(response, context, described);
  response.EndObject();
}

}  // namespace dynastore::api::ops
