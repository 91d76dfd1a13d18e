// Backfiller: indexes the existing items of a table into a GSI added by
// UpdateTable, in the background, while writes go on (they maintain the new
// index themselves from the moment it exists). Progress is persisted in the
// catalog after every step, so a crash resumes where it stopped; when the
// whole table is indexed the index becomes ACTIVE (or, with a status delay,
// when that has passed too).
//
// Thread-safety: start() and stop() from one thread; the work runs on the
// backfiller's own thread. It never throws: failures are logged and retried.
#pragma once

#include <atomic>
#include <cstdint>

#include "dynastore/catalog/catalog.h"
#include "dynastore/common/periodic_worker.h"
#include "dynastore/partition/item_store.h"

namespace dynastore::index {

class Backfiller {
 public:
  // Both references must outlive the backfiller.
  Backfiller(catalog::Catalog& catalog, partition::ItemStore& items);
  Backfiller(const Backfiller&) = delete;
  Backfiller& operator=(const Backfiller&) = delete;

  void start(PeriodicWorker::Gate gate = {}) { worker_.start(std::move(gate)); }
  void stop() { worker_.stop(); }

  // Does one step of pending work, if any; returns false when there was none.
  // Used by the thread, and by tests to drive backfills deterministically.
  bool run_once();

  // Items indexed per step (and per catalog progress write).
  static constexpr std::size_t kItemsPerStep = 1000;

  // Index entries written by backfills since the start, for the metrics.
  std::uint64_t entries_indexed() const { return entries_indexed_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> entries_indexed_{0};
  catalog::Catalog& catalog_;
  partition::ItemStore& items_;
  PeriodicWorker worker_;  // last: its thread uses the members above
};

}  // namespace dynastore::index
