#include "storage/rocksdb/engine_stats.h"

#include <cstdint>
#include <string>

namespace dynastore::storage {

std::shared_ptr<rocksdb::Statistics> make_ticker_statistics() {
  auto statistics = rocksdb::CreateDBStatistics();
  statistics->set_stats_level(rocksdb::StatsLevel::kExceptHistogramOrTimers);
  return statistics;
}

void append_rocksdb_stats(rocksdb::DB& db, const rocksdb::Statistics* statistics, std::vector<EngineStat>& out) {
  struct Property {
    const char* property;
    bool aggregated;  // summed over the column families, else the database's own
    std::string_view name;
    std::string_view help;
  };
  static constexpr Property kProperties[] = {
      {"rocksdb.is-write-stopped", false, "rocksdb_write_stopped",
       "1 while RocksDB stops writes (too many memtables or level-0 files, or compaction debt)."},
      {"rocksdb.actual-delayed-write-rate", false, "rocksdb_delayed_write_rate_bytes",
       "The rate RocksDB slows writes to, in bytes a second; 0 when writes are not delayed."},
      {"rocksdb.estimate-pending-compaction-bytes", true, "rocksdb_pending_compaction_bytes",
       "Bytes compaction estimates it must rewrite to bring every level within its target (compaction debt)."},
      {"rocksdb.num-running-compactions", false, "rocksdb_running_compactions", "Compactions running now."},
      {"rocksdb.num-running-flushes", false, "rocksdb_running_flushes", "Memtable flushes running now."},
      {"rocksdb.cur-size-all-mem-tables", true, "rocksdb_memtable_bytes", "Bytes held in memtables."},
      {"rocksdb.total-sst-files-size", true, "rocksdb_sst_files_bytes", "Bytes of table files on disk."},
      {"rocksdb.estimate-num-keys", true, "rocksdb_estimated_keys",
       "RocksDB's estimate of its keys (items, index entries and records)."},
      {"rocksdb.block-cache-usage", false, "rocksdb_block_cache_bytes",
       "Bytes of table blocks in the block cache (--block-cache-mb)."},
      {"rocksdb.block-cache-capacity", false, "rocksdb_block_cache_capacity_bytes", "The block cache's capacity."},
  };
  for (const Property& p : kProperties) {
    std::uint64_t value = 0;
    const bool known = p.aggregated ? db.GetAggregatedIntProperty(p.property, &value)
                                    : db.GetIntProperty(std::string(p.property), &value);
    if (known) out.push_back({p.name, p.help, false, static_cast<double>(value)});
  }
  if (statistics == nullptr) return;
  struct Ticker {
    rocksdb::Tickers ticker;
    std::string_view name;
    std::string_view help;
    double scale;
  };
  static constexpr Ticker kTickers[] = {
      {rocksdb::BLOCK_CACHE_HIT, "rocksdb_block_cache_hits_total", "Table block reads answered by the block cache.",
       1},
      {rocksdb::BLOCK_CACHE_MISS, "rocksdb_block_cache_misses_total", "Table block reads that went to the files.",
       1},
      {rocksdb::STALL_MICROS, "rocksdb_write_stall_seconds_total",
       "Time writes spent waiting for RocksDB to catch up (stalls and slowdowns).", 1e-6},
  };
  for (const Ticker& t : kTickers) {
    out.push_back({t.name, t.help, true, static_cast<double>(statistics->getTickerCount(t.ticker)) * t.scale});
  }
}

}  // namespace dynastore::storage
