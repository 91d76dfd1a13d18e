// Parsing of table options shared by CreateTable and UpdateTable:
// BillingMode, ProvisionedThroughput, OnDemandThroughput, TableClass, Tags.
// Constraint violations are collected into `errors` with DynamoDB's paths.
#pragma once

#include <optional>
#include <vector>

#include "dynastore/catalog/table_info.h"
#include "dynastore/json/json.h"
#include "dynastore/protocol/constraint_errors.h"

namespace dynastore::api {

struct ThroughputRequest {
  std::optional<std::int64_t> read;
  std::optional<std::int64_t> write;
};

std::optional<catalog::BillingMode> parse_billing_mode(const json::Value& request, protocol::ConstraintErrors& errors);
// nullopt when ProvisionedThroughput is absent.
std::optional<ThroughputRequest> parse_throughput(const json::Value& request, protocol::ConstraintErrors& errors);
std::optional<catalog::OnDemandThroughput> parse_on_demand(const json::Value& request,
                                                           protocol::ConstraintErrors& errors);
std::optional<std::string> parse_table_class(const json::Value& request, protocol::ConstraintErrors& errors);
std::vector<catalog::Tag> parse_tags(const json::Value& tags_array, protocol::ConstraintErrors& errors,
                                     std::string_view path);

// Throws the documented error for throughput values above DynamoDB's bound.
void check_throughput_bounds(const ThroughputRequest& throughput);

}  // namespace dynastore::api
