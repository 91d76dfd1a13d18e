// UpdateTable's GlobalSecondaryIndexUpdates: Create (backfilled in the
// background), Update (throughput) and Delete of global secondary indexes.
#pragma once

#include <string>
#include <vector>

#include "api/table_options.h"
#include "dynastore/api/api.h"
#include "dynastore/catalog/table_info.h"
#include "dynastore/catalog/table_status.h"
#include "dynastore/json/json.h"

namespace dynastore::api {

struct GsiUpdates {
  std::vector<catalog::IndexInfo> creates;
  std::vector<std::string> deletes;
  std::vector<std::pair<std::string, ThroughputRequest>> throughput_updates;
  // The request's AttributeDefinitions merged into the table's.
  std::vector<catalog::AttributeDefinition> definitions;

  bool empty() const { return creates.empty() && deletes.empty() && throughput_updates.empty(); }
};

// Parses and checks the updates against the current table. Throws.
GsiUpdates parse_gsi_updates(const json::Value& request, const json::Value& updates, const catalog::TableInfo& table,
                             catalog::BillingMode mode);

// Applies them to a copy of the table at time `now`, through the catalog's
// status state machine (catalog/table_status.h).
void apply_gsi_updates(const GsiUpdates& updates, catalog::TableInfo& table, const catalog::StatusDelays& delays,
                       double now);

}  // namespace dynastore::api
