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

#include <memory>

namespace dynastore::storage {

std::shared_ptr<rocksdb::Logger> make_rocksdb_logger();

}  // namespace dynastore::storage
