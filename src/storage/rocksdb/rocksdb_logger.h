// RocksDB's own log, sent to the server's log instead of a LOG file in the
// data directory.
//
// Why: a LOG file lives on the data directory's disk. When that disk is
// full, RocksDB's write to it fails, and its next write to the same file
// (the error handler logging the failure) trips an assertion in Debian's
// RocksDB, which is built with assertions on: the process aborted instead of
// refusing writes. And what RocksDB said about corruption or a stalled
// disk went to a file nobody reads. Only warnings and worse are passed on
// (RocksDB's info level would add a line per flush and compaction).
#pragma once

#include <rocksdb/env.h>

#include <atomic>
#include <cstdarg>

namespace dynastore::storage {

class RocksdbLogger final : public rocksdb::Logger {
 public:
  RocksdbLogger();

  // While the store opens, RocksDB's messages go to the debug level: it
  // reports a fresh store's missing directory as an error, and what really
  // fails the open comes back as the open's status, which the caller logs.
  void set_opening(bool opening) { opening_.store(opening, std::memory_order_relaxed); }

  void LogHeader(const char* format, va_list ap) override;
  void Logv(const char* format, va_list ap) override;
  void Logv(const rocksdb::InfoLogLevel level, const char* format, va_list ap) override;

 private:
  std::atomic<bool> opening_{false};
};

}  // namespace dynastore::storage
