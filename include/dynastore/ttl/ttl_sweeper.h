// TtlSweeper: deletes expired items of tables with Time to Live, within a
// sweep interval of their expiry (DynamoDB takes up to a few days; a test
// wants seconds). It reads the expiry index (O(expired items), not a table
// scan) and deletes through the normal write path as the service, so
// indexes follow and stream records say who deleted (userIdentity). As in
// DynamoDB, an expired item stays readable until it is deleted, and items
// that expired more than five years ago are left alone. First, for a table
// whose TTL was just enabled, it indexes the items already there.
//
// Thread-safety: start() and stop() from one thread; run_once() from the
// sweeper's thread (or a test). It never throws: failures are logged and
// retried on the next pass.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <unordered_map>

#include "dynastore/catalog/catalog.h"
#include "dynastore/common/periodic_worker.h"
#include "dynastore/partition/item_store.h"

namespace dynastore::ttl {

class TtlSweeper {
 public:
  // Both references must outlive the sweeper.
  TtlSweeper(catalog::Catalog& catalog, partition::ItemStore& items, std::chrono::milliseconds interval);
  TtlSweeper(const TtlSweeper&) = delete;
  TtlSweeper& operator=(const TtlSweeper&) = delete;

  void start(PeriodicWorker::Gate gate = {}) { worker_.start(std::move(gate)); }
  void stop() { worker_.stop(); }

  // One step at `now` (epoch seconds): an indexing step or up to kBatch
  // deletions per table. Returns whether there was work (more may follow).
  bool run_once(double now);

  static constexpr std::size_t kBatch = 100;
  // DynamoDB ignores items whose TTL lies more than five years in the past.
  static constexpr std::uint64_t kMaxAgeSeconds = 5ull * 365 * 24 * 3600;

 private:
  catalog::Catalog& catalog_;
  partition::ItemStore& items_;
  // Per expiry index: the entry after which the pass under way continues.
  // Deleted items leave tombstones where their entries were; starting each
  // batch over from the oldest expiry would walk all of them again (a sweep
  // of 100,000 items slowed down as it went). A pass ends with a short batch,
  // and the next starts from the oldest expiry again, so an entry written
  // behind the cursor meanwhile (an expiry already past) is not missed.
  std::unordered_map<std::uint32_t, std::string> pass_cursors_;
  PeriodicWorker worker_;  // last: its thread uses the members above
};

}  // namespace dynastore::ttl
