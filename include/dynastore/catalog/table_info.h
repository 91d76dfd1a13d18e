// TableInfo: everything the server knows about one table. Immutable once
// published: the catalog hands out shared_ptr<const TableInfo> snapshots and
// replaces them whole on change, so readers never lock.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dynastore/model/index_schema.h"
#include "dynastore/model/key_schema.h"

namespace dynastore::catalog {

enum class TableStatus { kCreating, kActive, kUpdating, kDeleting };
enum class BillingMode { kProvisioned, kPayPerRequest };
enum class IndexStatus { kCreating, kUpdating, kDeleting, kActive };

std::string_view table_status_name(TableStatus status);  // "ACTIVE", ...
std::string_view billing_mode_name(BillingMode mode);    // "PROVISIONED", "PAY_PER_REQUEST"
std::string_view index_status_name(IndexStatus status);  // "CREATING", ...

struct AttributeDefinition {
  std::string name;
  model::ScalarType type;
};

struct ProvisionedThroughput {
  std::int64_t read_capacity_units = 0;
  std::int64_t write_capacity_units = 0;
  double last_increase_time = 0;  // epoch seconds; 0 = never
  double last_decrease_time = 0;
  std::int64_t decreases_today = 0;
};

struct OnDemandThroughput {
  std::int64_t max_read_request_units = -1;   // -1 = not set
  std::int64_t max_write_request_units = -1;
};

struct Tag {
  std::string key;
  std::string value;
};

struct IndexInfo {
  model::IndexSchema schema;
  IndexStatus status = IndexStatus::kActive;
  // A GSI added by UpdateTable is CREATING with backfilling set until every
  // existing item has been indexed; writes maintain it meanwhile.
  bool backfilling = false;
  std::string backfill_resume_key;  // base-table storage key indexed last
  ProvisionedThroughput throughput;  // GSIs of provisioned tables
  OnDemandThroughput on_demand;
};

struct TableInfo {
  std::string name;
  std::uint32_t table_id = 0;  // storage key prefix; never reused
  std::string table_uuid;      // DynamoDB's TableId
  model::KeySchema key_schema;
  std::vector<AttributeDefinition> attribute_definitions;
  BillingMode billing_mode = BillingMode::kProvisioned;
  double billing_mode_update_time = 0;  // LastUpdateToPayPerRequestDateTime
  ProvisionedThroughput throughput;
  OnDemandThroughput on_demand;
  TableStatus status = TableStatus::kActive;
  double creation_time = 0;  // epoch seconds, millisecond precision
  bool deletion_protection = false;
  std::string table_class = "STANDARD";
  std::vector<Tag> tags;
  std::vector<IndexInfo> indexes;  // GSIs and LSIs, in creation order

  const IndexInfo* find_index(std::string_view index_name) const {
    for (const auto& index : indexes) {
      if (index.schema.name == index_name) return &index;
    }
    return nullptr;
  }
};

}  // namespace dynastore::catalog
