// The table and index status state machine (Developer Guide, "TableStatus",
// "IndexStatus"), in one place:
//
//   table:  CREATING ──▶ ACTIVE ◀──▶ UPDATING          ACTIVE ──▶ DELETING ──▶ dropped
//   GSI:    CREATING (+ backfilling) ──▶ ACTIVE ◀──▶ UPDATING    ACTIVE ──▶ DELETING ──▶ removed
//
// A transient status lasts at least its StatusDelays (zero by default: only
// as long as its work, as with DynamoDB Local) and, for a GSI added to a
// table, until its backfill is done. api/ decides what a request asks for and
// calls these; Catalog::complete_transitions ends what is due.
//
// All functions change a TableInfo copy inside Catalog::update (or before
// Catalog::create); none persists anything itself.
#pragma once

#include <string>
#include <string_view>

#include "dynastore/catalog/table_info.h"
#include "dynastore/common/status.h"

namespace dynastore::catalog {

// How long tables and indexes stay CREATING, UPDATING or DELETING, in
// seconds. Zero: no longer than the work takes, so tables are ACTIVE at once.
// More exercises applications' waiters the way DynamoDB does
// (-delayTransientStatuses).
struct StatusDelays {
  double creating = 0;
  double updating = 0;
  double deleting = 0;
};

// A new table (and its GSIs): CREATING for the creating delay, else ACTIVE.
void start_creating(TableInfo& table, const StatusDelays& delays, double now);

// An UpdateTable: UPDATING for the updating delay. Errors: FailedPrecondition
// when the table is not ACTIVE (nothing changes).
Status start_updating(TableInfo& table, const StatusDelays& delays, double now);

// A DeleteTable with a deleting delay: DELETING (refused to data operations,
// still described) until Catalog::complete_transitions drops it. Errors:
// FailedPrecondition when the table is not ACTIVE. Without a delay the
// caller drops the table at once (Catalog::drop).
Status start_deleting(TableInfo& table, const StatusDelays& delays, double now);

// A GSI added by UpdateTable: CREATING and backfilling (writes maintain it
// from now on, index/backfiller indexes the items already there). Its
// index_id is 0 until the catalog assigns one.
void add_global_index(TableInfo& table, IndexInfo index, const StatusDelays& delays, double now);

// A GSI deleted by UpdateTable: at once without a deleting delay (its data
// goes in the same catalog write), else DELETING for the delay (writes stop
// maintaining it and reads no longer find it at once).
void remove_global_index(TableInfo& table, std::string_view name, const StatusDelays& delays, double now);

// New provisioned throughput for a GSI: UPDATING for the updating delay.
void update_index_throughput(TableInfo& table, std::string_view name, std::int64_t read_capacity_units,
                             std::int64_t write_capacity_units, const StatusDelays& delays, double now);

// A backfill step of index `name` indexed every item up to `resume_key`;
// `done` when that was the last of them (the index may then become ACTIVE).
void record_backfill_progress(TableInfo& table, std::string_view name, const std::string& resume_key, bool done,
                              double now);

// ---- Streams (a stream is ENABLED at once and DISABLED at once: its
// records begin and end at sequence numbers, so nothing is in between) ----

// A new stream with one open shard. Precondition: no stream is enabled.
void add_stream(TableInfo& table, StreamViewType view, std::string label, std::string first_shard_id, double now);
// Disables the enabled stream; its records end before `end_sequence`. A
// disabled stream stays readable until the retention period ends.
void disable_stream(TableInfo& table, std::uint64_t end_sequence, double now);
// Opens a new shard of stream `stream_id` from `start` on; the previous
// shard ends there (its child).
void add_stream_shard(TableInfo& table, std::uint32_t stream_id, std::string shard_id, std::uint64_t start, double now);

// ---- Time to Live ----

// TTL on `attribute`: ENABLED; the items already there are indexed in the
// background (TimeToLive::indexing).
void enable_ttl(TableInfo& table, std::string attribute);
void disable_ttl(TableInfo& table);
// The sweeper indexed the items up to `resume_key`; `done` when all.
void record_ttl_indexing(TableInfo& table, const std::string& resume_key, bool done);

// A table or index is in transition while CREATING, UPDATING or DELETING.
// A transition is due once its status_until has passed and its work is done
// (a GSI backfill).
bool in_transition(const TableInfo& table);

// Ends the transitions of `table` and its indexes that are due at `now`:
// CREATING/UPDATING become ACTIVE, DELETING indexes are removed. A DELETING
// table is left to the caller (it is dropped, not changed). Returns whether
// anything changed.
bool complete_due_transitions(TableInfo& table, double now);

}  // namespace dynastore::catalog
