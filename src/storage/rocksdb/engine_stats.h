// What the RocksDB engine reports on the metrics page (KvEngine::stats):
// write stalls, compaction debt, memory tables, the block cache and its hit
// counts. Private to src/storage/rocksdb.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/statistics.h>

#include <memory>
#include <vector>

#include "dynastore/storage/kv_engine.h"

namespace dynastore::storage {

// Statistics that count tickers only (hits, misses, stall time): RocksDB's
// cheapest level, no timers or histograms on the read and write paths.
std::shared_ptr<rocksdb::Statistics> make_ticker_statistics();

void append_rocksdb_stats(rocksdb::DB& db, const rocksdb::Statistics* statistics, std::vector<EngineStat>& out);

}  // namespace dynastore::storage
