#include "dynastore/index/backfiller.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "dynastore/catalog/table_status.h"
#include "dynastore/common/clock.h"

namespace dynastore::index {

namespace {
// How often an idle backfiller looks for new work: UpdateTable returns at
// once and the index shows CREATING/Backfilling until this picks it up.
constexpr auto kIdlePoll = std::chrono::milliseconds(100);
}  // namespace

Backfiller::Backfiller(catalog::Catalog& catalog, partition::ItemStore& items)
    : catalog_(catalog), items_(items), worker_("backfiller", kIdlePoll, [this] { return run_once(); }) {}

bool Backfiller::run_once() {
  for (const auto& table : catalog_.tables()) {
    for (const auto& index : table->indexes) {
      if (!index.backfilling) continue;
      auto progress = items_.backfill(*table->write_schema, index.schema.name, index.backfill_resume_key, kItemsPerStep);
      if (!progress.is_ok()) {
        // The table or index went away meanwhile: nothing left to do for it.
        if (progress.status().code() != StatusCode::kNotFound) {
          spdlog::warn("backfill of {}.{} failed, will retry: {}", table->name, index.schema.name,
                       progress.status().to_string());
        }
        return false;
      }
      const auto& p = progress.value();
      entries_indexed_.fetch_add(p.indexed, std::memory_order_relaxed);
      auto updated = catalog_.update(catalog::table_key(*table), [&](catalog::TableInfo& info) {
        catalog::record_backfill_progress(info, index.schema.name, p.last_key, p.done, epoch_seconds_now());
        return Status::ok();
      });
      if (!updated.is_ok()) {
        spdlog::warn("backfill progress of {}.{} not saved: {}", table->name, index.schema.name,
                     updated.status().to_string());
      } else if (p.done) {
        spdlog::info("index {}.{} backfilled", table->name, index.schema.name);
      }
      return true;
    }
  }
  return false;
}

}  // namespace dynastore::index
