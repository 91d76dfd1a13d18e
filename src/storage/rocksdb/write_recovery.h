// What the engine does when the disk refuses a write (full, or failing).
//
// RocksDB then stops taking writes: it keeps the error as its "background
// error" and answers every later write with it, while reads go on. A write
// to the log that failed is a hard error RocksDB does not clear by itself,
// even once space returns, so this class asks it to (DB::Resume, which
// flushes the memtables and starts a new log) at most once a second, on
// the next write. Meanwhile writes are answered Unavailable at once, the
// cause is logged once when it starts and once when it ends (not per
// request), and write_health() tells the health check.
#pragma once

#include <rocksdb/db.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "dynastore/common/status.h"

namespace dynastore::storage {

class WriteRecovery {
 public:
  static constexpr std::chrono::milliseconds kRetryInterval{1000};

  // Before a write: ok, or the failure writes are stopped by (after trying
  // to resume, if it is time).
  Status before_write(rocksdb::DB& db);
  // Whether a write's error is the disk's (full, failing, corrupt), not the
  // request's own: RocksDB takes no more writes after it.
  static bool stops_writes(const rocksdb::Status& written);
  // A write failed so: Unavailable, and writes stop until resumed.
  Status stopped_by(const rocksdb::Status& written);
  Status health() const;
  std::uint64_t recoveries() const { return recoveries_.load(std::memory_order_acquire); }

 private:
  std::atomic<std::uint64_t> recoveries_{0};
  std::atomic<bool> failing_{false};  // failure_ is set: the write path reads only this
  mutable std::mutex mutex_;
  std::optional<std::string> failure_;  // why writes stopped, while they are stopped
  std::chrono::steady_clock::time_point last_attempt_{};
};

}  // namespace dynastore::storage
