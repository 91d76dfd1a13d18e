// TableInfo: everything the server knows about one table. Immutable once
// published: the catalog hands out shared_ptr<const TableInfo> snapshots and
// replaces them whole on change, so readers never lock.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dynastore/model/index_schema.h"
#include "dynastore/model/key_schema.h"
#include "dynastore/partition/table_schema.h"

namespace dynastore::catalog {

// Frozen: stored in catalog entries by number (table_codec.cc). Never renumber.
enum class TableStatus : std::uint8_t { kCreating = 0, kActive = 1, kUpdating = 2, kDeleting = 3 };
enum class IndexStatus : std::uint8_t { kCreating = 0, kUpdating = 1, kDeleting = 2, kActive = 3 };
enum class BillingMode : std::uint8_t { kProvisioned = 0, kPayPerRequest = 1 };

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
  // A transient status (CREATING, UPDATING, DELETING) lasts at least until
  // this time, epoch seconds; 0 = only as long as its work (see Catalog::
  // complete_transitions).
  double status_until = 0;
  ProvisionedThroughput throughput;  // GSIs of provisioned tables
  OnDemandThroughput on_demand;
};

struct TableInfo {
  std::string name;
  // Whose table it is: "" for tables every caller shares (the default);
  // "<access key id>_<region>" when tables are kept apart per caller, as
  // DynamoDB Local does without -sharedDb. See table_key().
  std::string scope;
  std::uint32_t table_id = 0;  // storage key prefix; never reused
  std::string table_uuid;      // DynamoDB's TableId
  model::KeySchema key_schema;
  std::vector<AttributeDefinition> attribute_definitions;
  BillingMode billing_mode = BillingMode::kProvisioned;
  double billing_mode_update_time = 0;  // LastUpdateToPayPerRequestDateTime
  ProvisionedThroughput throughput;
  OnDemandThroughput on_demand;
  TableStatus status = TableStatus::kActive;
  // CREATING, UPDATING and DELETING end at this time, epoch seconds (see
  // Catalog::complete_transitions); 0 when the status is not transient.
  double status_until = 0;
  double creation_time = 0;  // epoch seconds, millisecond precision
  bool deletion_protection = false;
  std::string table_class = "STANDARD";
  std::vector<Tag> tags;
  std::vector<IndexInfo> indexes;  // GSIs and LSIs, in creation order
  // What the partition layer needs of the table, derived from the fields
  // above by the catalog each time it publishes the table (see
  // write_schema_of); null in a TableInfo the catalog has not published.
  partition::SchemaPtr write_schema;

  const IndexInfo* find_index(std::string_view index_name) const {
    for (const auto& index : indexes) {
      if (index.schema.name == index_name) return &index;
    }
    return nullptr;
  }
};

// The catalog's key for table `name` in `scope`: the bare name in the
// shared scope, "<scope>/<name>" otherwise ('/' appears in no table name).
std::string table_key(std::string_view scope, std::string_view name);
inline std::string table_key(const TableInfo& table) { return table_key(table.scope, table.name); }

// The table as partition/ sees it: its id, key and the indexes writes
// maintain (every index but those being deleted).
partition::SchemaPtr write_schema_of(const TableInfo& table);

}  // namespace dynastore::catalog
