#include "dynastore/ttl/ttl_sweeper.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

#include "dynastore/catalog/table_status.h"
#include "dynastore/common/clock.h"
#include "dynastore/partition/ttl_expiry.h"

namespace dynastore::ttl {

namespace {

constexpr std::size_t kIndexingStep = 1000;

}  // namespace

TtlSweeper::TtlSweeper(catalog::Catalog& catalog, partition::ItemStore& items, std::chrono::milliseconds interval)
    : catalog_(catalog), items_(items), worker_("ttl sweeper", interval, [this] { return run_once(epoch_seconds_now()); }) {}

bool TtlSweeper::run_once(double now) {
  bool worked = false;
  const auto seconds = static_cast<std::uint64_t>(std::max(0.0, now));
  const std::uint64_t oldest = seconds > kMaxAgeSeconds ? seconds - kMaxAgeSeconds : 0;
  for (const auto& table : catalog_.tables()) {
    if (table->ttl.status != catalog::TtlStatus::kEnabled || !table->write_schema->ttl) continue;
    const auto& schema = *table->write_schema;
    if (table->ttl.indexing) {
      auto progress = items_.index_ttl(schema, table->ttl.indexing_resume_key, kIndexingStep);
      if (!progress.is_ok()) {
        if (progress.status().code() != StatusCode::kNotFound) {
          spdlog::warn("TTL indexing of {} failed, will retry: {}", table->name, progress.status().to_string());
        }
        continue;
      }
      auto updated = catalog_.update(catalog::table_key(*table), [&](catalog::TableInfo& info) {
        catalog::record_ttl_indexing(info, progress->last_key, progress->done);
        return Status::ok();
      });
      if (!updated.is_ok() && updated.status().code() != StatusCode::kNotFound) {
        spdlog::warn("TTL indexing progress of {} not saved: {}", table->name, updated.status().to_string());
      }
      worked = true;
      continue;
    }
    const std::uint32_t index_id = schema.ttl->index_id;
    const auto cursor = pass_cursors_.find(index_id);
    const bool resuming = cursor != pass_cursors_.end();
    auto expiring = items_.expiring_items(schema, oldest, seconds, kBatch, resuming ? cursor->second : "");
    if (expiring.is_ok() && expiring->keys.empty() && resuming) {
      pass_cursors_.erase(cursor);  // the pass is over: a new one starts from the oldest expiry
      expiring = items_.expiring_items(schema, oldest, seconds, kBatch);
    }
    if (!expiring.is_ok()) {
      spdlog::warn("cannot read the expiry index of {}: {}", table->name, expiring.status().to_string());
      continue;
    }
    if (expiring->keys.empty()) continue;
    const std::string attribute = table->ttl.attribute;
    std::vector<partition::ItemWrite> deletes;
    for (const auto& key : expiring->keys) {
      deletes.push_back({&schema, &key,
                         [&attribute, oldest, seconds](const partition::StoredItem& current) {
                           // Decided on the item as it is now: a write since
                           // the index was read may have extended its life.
                           const auto expiry = current ? partition::ttl_expiry(*current, attribute) : std::nullopt;
                           if (!expiry || *expiry > seconds || *expiry < oldest) return partition::Decision::keep();
                           return partition::Decision::erase();
                         },
                         /*by_service=*/true});
    }
    auto deleted = items_.write(deletes);
    if (!deleted.is_ok() && deleted.status().code() != StatusCode::kNotFound) {
      spdlog::warn("TTL deletions in {} failed, will retry: {}", table->name, deleted.status().to_string());
      continue;
    }
    if (expiring->keys.size() < kBatch) {
      pass_cursors_.erase(index_id);
    } else {
      pass_cursors_[index_id] = std::move(expiring->resume_after);
    }
    worked = true;
  }
  return worked;
}

}  // namespace dynastore::ttl
