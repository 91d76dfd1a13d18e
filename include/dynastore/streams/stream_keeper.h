// StreamKeeper: the background work of DynamoDB Streams. Per stream, it
// rolls the open shard over after a while (so consumers that follow shard
// lineage are exercised, as DynamoDB's shards roll over every few hours),
// removes records older than the retention period (24 hours, as DynamoDB),
// and forgets a disabled stream once its retention period has passed, also
// the streams of deleted tables (Catalog::retired_tables).
// Readers and writers never wait for it.
//
// Thread-safety: start() and stop() from one thread; run_once() from the
// keeper's thread (or a test). It never throws: failures are logged and
// retried on the next pass.
#pragma once

#include <chrono>
#include <functional>

#include "dynastore/catalog/catalog.h"
#include "dynastore/common/periodic_worker.h"
#include "dynastore/partition/item_store.h"

namespace dynastore::streams {

struct StreamSettings {
  double shard_rollover_seconds = 4 * 3600;
  double retention_seconds = 24 * 3600;
};

class StreamKeeper {
 public:
  // Both references must outlive the keeper.
  StreamKeeper(catalog::Catalog& catalog, partition::ItemStore& items, StreamSettings settings);
  StreamKeeper(const StreamKeeper&) = delete;
  StreamKeeper& operator=(const StreamKeeper&) = delete;

  void start(PeriodicWorker::Gate gate = {}) { worker_.start(std::move(gate)); }
  void stop() { worker_.stop(); }

  // One pass over every stream at `now` (epoch seconds); returns whether it
  // changed anything.
  bool run_once(double now);

  // Records trimmed per pass and stream, at most.
  static constexpr std::size_t kTrimBatch = 10000;

 private:
  using Mutation = std::function<Status(catalog::TableInfo&)>;
  // Applies a change to the table (live or retired) through the catalog.
  using Updater = std::function<Status(const Mutation&)>;
  bool keep_streams_of(const catalog::TableInfo& table, double now, const Updater& update);

  catalog::Catalog& catalog_;
  partition::ItemStore& items_;
  const StreamSettings settings_;
  PeriodicWorker worker_;  // last: its thread uses the members above
};

}  // namespace dynastore::streams
