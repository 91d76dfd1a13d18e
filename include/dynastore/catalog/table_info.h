// TableInfo: everything the server knows about one table. Immutable once
// published: the catalog hands out shared_ptr<const TableInfo> snapshots and
// replaces them whole on change, so readers never lock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dynastore/model/index_schema.h"
#include "dynastore/model/key_schema.h"
#include "dynastore/partition/table_schema.h"

namespace dynastore::catalog {

// Frozen: stored in catalog entries by number (table_codec.cc). Never renumber.
enum class TableStatus : std::uint8_t { kCreating = 0, kActive = 1, kUpdating = 2, kDeleting = 3 };
enum class IndexStatus : std::uint8_t { kCreating = 0, kUpdating = 1, kDeleting = 2, kActive = 3 };
enum class BillingMode : std::uint8_t { kProvisioned = 0, kPayPerRequest = 1 };

// Frozen: stored in catalog entries by number (table_codec.cc).
enum class StreamViewType : std::uint8_t { kKeysOnly = 1, kNewImage = 2, kOldImage = 3, kNewAndOldImages = 4 };
enum class StreamStatus : std::uint8_t { kEnabling = 0, kEnabled = 1, kDisabling = 2, kDisabled = 3 };
enum class TtlStatus : std::uint8_t { kDisabled = 0, kEnabled = 1 };

std::string_view table_status_name(TableStatus status);  // "ACTIVE", ...
std::string_view stream_view_type_name(StreamViewType type);  // "NEW_AND_OLD_IMAGES", ...
std::optional<StreamViewType> parse_stream_view_type(std::string_view name);
std::string_view stream_status_name(StreamStatus status);   // "ENABLED", ...
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

// One shard of a stream: the records whose sequence numbers run from
// start_sequence up to the next shard's (the last shard is open while its
// stream is enabled; a disabled stream's last shard ends at end_sequence).
struct StreamShard {
  std::string shard_id;  // DynamoDB's format: shardId-<20 digits>-<8 hex digits>
  std::uint64_t start_sequence = 0;
  double created = 0;  // epoch seconds
};

// A DynamoDB stream of a table (Developer Guide, "Change data capture for
// DynamoDB Streams"). Enabling a stream makes a new one; a disabled one stays
// readable for the retention period.
struct StreamInfo {
  std::uint32_t stream_id = 0;  // storage prefix of its records, from the table id space
  std::string label;            // its creation time, "2026-12-06T20:50:00.123"
  StreamViewType view_type = StreamViewType::kNewAndOldImages;
  StreamStatus status = StreamStatus::kEnabled;
  double created = 0;           // CreationRequestDateTime, epoch seconds
  double disabled = 0;          // when it was disabled; 0 while enabled
  std::uint64_t end_sequence = 0;  // once disabled: the sequence number after its last record
  // Records numbered below it were removed after the retention period
  // (reading from there is TrimmedDataAccessException); 0: none yet.
  std::uint64_t trimmed_before = 0;
  std::vector<StreamShard> shards;  // oldest first

  bool enabled() const { return status == StreamStatus::kEnabled || status == StreamStatus::kEnabling; }
};

// Time to Live (UpdateTimeToLive): items whose `attribute` holds a past
// epoch-seconds Number are deleted in the background.
struct TimeToLive {
  TtlStatus status = TtlStatus::kDisabled;
  std::string attribute;
  std::uint32_t index_id = 0;  // storage prefix of the expiry index while enabled
  // Items written before TTL was enabled are not in the expiry index yet;
  // the sweeper indexes them first (resuming after this base-table key).
  bool indexing = false;
  std::string indexing_resume_key;
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
  std::vector<StreamInfo> streams;  // oldest first; only the last may be enabled
  TimeToLive ttl;
  // What the partition layer needs of the table, derived from the fields
  // above by the catalog each time it publishes the table (see
  // write_schema_of); null in a TableInfo the catalog has not published.
  partition::SchemaPtr write_schema;

  // The stream writes add records to, if any.
  const StreamInfo* enabled_stream() const {
    return !streams.empty() && streams.back().enabled() ? &streams.back() : nullptr;
  }

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
