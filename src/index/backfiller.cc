#include "dynastore/index/backfiller.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace dynastore::index {

namespace {
// How often an idle backfiller looks for new work: UpdateTable returns at
// once and the index shows CREATING/Backfilling until this picks it up.
constexpr auto kIdlePoll = std::chrono::milliseconds(100);
}  // namespace

void Backfiller::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void Backfiller::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool Backfiller::run_once() {
  for (const auto& table : catalog_.tables()) {
    for (const auto& index : table->indexes) {
      if (!index.backfilling) continue;
      auto progress = items_.backfill(*table, index.schema.name, index.backfill_resume_key, kItemsPerStep);
      if (!progress.is_ok()) {
        // The table or index went away meanwhile: nothing left to do for it.
        if (progress.status().code() != StatusCode::kNotFound) {
          spdlog::warn("backfill of {}.{} failed, will retry: {}", table->name, index.schema.name,
                       progress.status().to_string());
        }
        return false;
      }
      const auto& p = progress.value();
      auto updated = catalog_.update(table->name, [&](catalog::TableInfo& info) {
        for (auto& i : info.indexes) {
          if (i.schema.name != index.schema.name || !i.backfilling) continue;
          i.backfill_resume_key = p.last_key;
          if (p.done) {
            i.backfilling = false;
            i.status = catalog::IndexStatus::kActive;
          }
        }
        return Status::ok();
      });
      if (!updated.is_ok()) {
        spdlog::warn("backfill progress of {}.{} not saved: {}", table->name, index.schema.name,
                     updated.status().to_string());
      } else if (p.done) {
        spdlog::info("index {}.{} backfilled and ACTIVE", table->name, index.schema.name);
      }
      return true;
    }
  }
  return false;
}

void Backfiller::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    bool worked = false;
    try {
      worked = run_once();
    } catch (const std::exception& e) {
      spdlog::error("backfiller: {}", e.what());
    }
    lock.lock();
    if (!worked) wake_.wait_for(lock, kIdlePoll, [this] { return stopping_; });
  }
}

}  // namespace dynastore::index
