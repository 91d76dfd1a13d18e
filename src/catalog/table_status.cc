#include "dynastore/catalog/table_status.h"

#include <algorithm>

namespace dynastore::catalog {

namespace {

IndexInfo* find_index(TableInfo& table, std::string_view name) {
  for (auto& index : table.indexes) {
    if (index.schema.name == name) return &index;
  }
  return nullptr;
}

}  // namespace

void start_creating(TableInfo& table, const StatusDelays& delays, double now) {
  if (delays.creating <= 0) {
    table.status = TableStatus::kActive;
    return;
  }
  table.status = TableStatus::kCreating;
  table.status_until = now + delays.creating;
  for (auto& index : table.indexes) {
    if (index.schema.kind != model::IndexKind::kGlobal) continue;  // an LSI has no status of its own
    index.status = IndexStatus::kCreating;
    index.status_until = table.status_until;
  }
}

Status start_updating(TableInfo& table, const StatusDelays& delays, double now) {
  if (table.status != TableStatus::kActive) return Status::failed_precondition("table " + table.name + " is not ACTIVE");
  if (delays.updating > 0) {
    table.status = TableStatus::kUpdating;
    table.status_until = now + delays.updating;
  }
  return Status::ok();
}

Status start_deleting(TableInfo& table, const StatusDelays& delays, double now) {
  if (table.status != TableStatus::kActive) return Status::failed_precondition("table " + table.name + " is not ACTIVE");
  table.status = TableStatus::kDeleting;
  table.status_until = now + delays.deleting;
  return Status::ok();
}

void add_global_index(TableInfo& table, IndexInfo index, const StatusDelays& delays, double now) {
  index.schema.index_id = 0;  // the catalog assigns a storage id
  index.status = IndexStatus::kCreating;
  index.backfilling = true;
  index.status_until = delays.creating > 0 ? now + delays.creating : 0;
  table.indexes.push_back(std::move(index));
}

void remove_global_index(TableInfo& table, std::string_view name, const StatusDelays& delays, double now) {
  if (delays.deleting <= 0) {
    std::erase_if(table.indexes, [&](const IndexInfo& index) { return index.schema.name == name; });
    return;
  }
  if (auto* index = find_index(table, name)) {
    index->status = IndexStatus::kDeleting;
    index->status_until = now + delays.deleting;
  }
}

void update_index_throughput(TableInfo& table, std::string_view name, std::int64_t read_capacity_units,
                             std::int64_t write_capacity_units, const StatusDelays& delays, double now) {
  auto* index = find_index(table, name);
  if (index == nullptr) return;
  index->throughput.read_capacity_units = read_capacity_units;
  index->throughput.write_capacity_units = write_capacity_units;
  if (delays.updating > 0) {
    index->status = IndexStatus::kUpdating;
    index->status_until = now + delays.updating;
  }
}

void add_stream(TableInfo& table, StreamViewType view, std::string label, std::string first_shard_id, double now) {
  StreamInfo stream;
  stream.label = std::move(label);
  stream.view_type = view;
  stream.status = StreamStatus::kEnabled;
  stream.created = now;
  stream.shards.push_back({std::move(first_shard_id), 1, now});  // sequence numbers start at 1
  table.streams.push_back(std::move(stream));  // its id (0) is assigned by the catalog
}

void disable_stream(TableInfo& table, std::uint64_t end_sequence, double now) {
  if (table.streams.empty() || !table.streams.back().enabled()) return;
  auto& stream = table.streams.back();
  stream.status = StreamStatus::kDisabled;
  stream.disabled = now;
  stream.end_sequence = end_sequence;
}

void add_stream_shard(TableInfo& table, std::uint32_t stream_id, std::string shard_id, std::uint64_t start,
                      double now) {
  for (auto& stream : table.streams) {
    if (stream.stream_id == stream_id && stream.enabled()) stream.shards.push_back({std::move(shard_id), start, now});
  }
}

void enable_ttl(TableInfo& table, std::string attribute) {
  table.ttl.status = TtlStatus::kEnabled;
  table.ttl.attribute = std::move(attribute);
  table.ttl.index_id = 0;  // a fresh expiry index: the catalog assigns its id
  table.ttl.indexing = true;
  table.ttl.indexing_resume_key.clear();
}

void disable_ttl(TableInfo& table) {
  table.ttl.status = TtlStatus::kDisabled;
  table.ttl.index_id = 0;  // its entries go with the catalog change
  table.ttl.indexing = false;
  table.ttl.indexing_resume_key.clear();
}

void record_ttl_indexing(TableInfo& table, const std::string& resume_key, bool done) {
  if (table.ttl.status != TtlStatus::kEnabled || !table.ttl.indexing) return;
  table.ttl.indexing_resume_key = resume_key;
  if (done) table.ttl.indexing = false;
}

void record_backfill_progress(TableInfo& table, std::string_view name, const std::string& resume_key, bool done,
                              double now) {
  auto* index = find_index(table, name);
  if (index == nullptr || !index->backfilling) return;
  index->backfill_resume_key = resume_key;
  if (!done) return;
  index->backfilling = false;
  complete_due_transitions(table, now);
}

bool in_transition(const TableInfo& table) {
  if (table.status != TableStatus::kActive) return true;
  for (const auto& index : table.indexes) {
    if (index.status != IndexStatus::kActive) return true;
  }
  return false;
}

bool complete_due_transitions(TableInfo& table, double now) {
  bool changed = false;
  if ((table.status == TableStatus::kCreating || table.status == TableStatus::kUpdating) && table.status_until <= now) {
    table.status = TableStatus::kActive;
    table.status_until = 0;
    changed = true;
  }
  changed |= std::erase_if(table.indexes, [&](const IndexInfo& index) {
               return index.status == IndexStatus::kDeleting && index.status_until <= now;
             }) > 0;
  for (auto& index : table.indexes) {
    const bool due = index.status_until <= now && !index.backfilling;
    if ((index.status == IndexStatus::kCreating || index.status == IndexStatus::kUpdating) && due) {
      index.status = IndexStatus::kActive;
      index.status_until = 0;
      changed = true;
    }
  }
  return changed;
}

}  // namespace dynastore::catalog
