// KvEngine: the storage interface. Nothing above storage/ knows RocksDB; the
// RocksDB implementation lives in src/storage/rocksdb/ and is linked PRIVATE.
//
// Thread-safety: every method may be called concurrently. A WriteBatch is
// applied atomically (all or nothing, also across a crash). Iterators read a
// consistent snapshot taken when they were created; a Snapshot lets several
// reads, of any columns, share one such point in time. checkpoint() copies
// the whole store as of one point in time into a new directory.
//
// Durability: on disk, a write is in the operating system's hands when
// write() returns (its write-ahead-log record is written, not fsynced), so it
// survives the process being killed; sync_log() makes it survive the machine
// losing power too. storage::LogSyncer (log_syncer.h) shares one sync_log()
// among every write waiting at the same moment. With
// EngineOptions::log_written_by_sync, writes reach the operating system only
// through sync_log(): for callers that acknowledge nothing before it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dynastore/common/status.h"
#include "dynastore/storage/deferred_commit.h"
#include "dynastore/storage/write_batch.h"

namespace dynastore::storage {

class Iterator {
 public:
  virtual ~Iterator() = default;
  virtual bool valid() const = 0;
  virtual void next() = 0;
  virtual void prev() = 0;
  virtual void seek(std::string_view key) = 0;             // first key >= key
  virtual void seek_for_prev(std::string_view key) = 0;    // last key <= key
  virtual void seek_to_first() = 0;
  virtual void seek_to_last() = 0;
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;
  virtual Status status() const = 0;
};

// A point in time of the whole store, every column: reads through it see
// exactly the writes made before KvEngine::snapshot() returned, none after.
// get, get_counters and scan behave as KvEngine's do, at that point.
//
// Thread-safety: every method may be called concurrently, also while the
// engine is being written. Lifetime: the snapshot holds back the removal of
// old versions (on disk, space until compaction drops them) until it is
// destroyed, so keep it no longer than the reads need. It must be destroyed
// before the engine that made it, and its iterators before it.
class Snapshot {
 public:
  virtual ~Snapshot() = default;
  virtual Result<std::optional<std::string>> get(Column column, std::string_view key) const = 0;
  virtual Result<Counters> get_counters(Column column, std::string_view key) const = 0;
  virtual std::unique_ptr<Iterator> scan(Column column, std::string_view lower, std::string_view upper) const = 0;
};

struct EngineOptions {
  std::string path;          // data directory (ignored in memory)
  bool in_memory = false;    // keep everything in RAM; nothing survives the process
  std::size_t block_cache_bytes = 256u << 20;
  // Leave write-ahead-log records in the process until sync_log() (or a full
  // buffer) writes and syncs them together: one write() per group of writes
  // instead of one per write. Only for a caller that holds every answer
  // until a sync_log() has covered it (--sync): a killed process loses what
  // was not synced yet.
  bool log_written_by_sync = false;
  // Opening: a write-ahead log damaged before its end (not merely cut short
  // by a crash) fails the open with a Corruption status, unless this is set:
  // then the log is replayed up to the damage and the rest is dropped.
  bool tolerate_log_corruption = false;
};

// One measurement of an engine (KvEngine::stats): a name in Prometheus's
// spelling without the "dynastore_" prefix, what it means, and its value.
struct EngineStat {
  std::string_view name;
  std::string_view help;
  bool counter = false;  // only ever grows (else a gauge)
  double value = 0;
};

class KvEngine {
 public:
  virtual ~KvEngine() = default;

  // Returns the value, std::nullopt when absent, or an error.
  virtual Result<std::optional<std::string>> get(Column column, std::string_view key) = 0;
  virtual Status write(const WriteBatch& batch) = 0;
  // As write(), for an engine that may tell the outcome later: it then
  // claims `commit` and returns ok at once (deferred_commit.h). Others write
  // now and leave `commit` unclaimed. The batch is the engine's to keep
  // (or to take apart) until then, without a copy.
  virtual Status write_deferred(WriteBatch&& batch, DeferredCommit& commit) {
    (void)commit;
    return write(batch);
  }
  // Whether writes work: ok, or Unavailable with why not (a full or failing
  // disk), until a write works again.
  virtual Status write_health() const { return Status::ok(); }
  // How often writes resumed after such a failure. A resume flushes what
  // the engine held to synced table files and starts a new log.
  virtual std::uint64_t write_recoveries() const { return 0; }
  // Measurements of the engine for the metrics page, appended to `out`.
  virtual void stats(std::vector<EngineStat>& out) const { (void)out; }
  // Iterator over [lower, upper) of the column; empty upper = unbounded.
  virtual std::unique_ptr<Iterator> scan(Column column, std::string_view lower, std::string_view upper) = 0;
  virtual Result<Counters> get_counters(Column column, std::string_view key) = 0;

  // A number that grows with every write: whatever any read could have seen
  // so far was written at or below it.
  virtual std::uint64_t visible_sequence() const = 0;
  // Puts every write visible when called on stable storage (fsyncs the
  // write-ahead log). In memory there is nothing to sync: returns ok.
  virtual Status sync_log() = 0;

  // The store as it is now, for reads that must agree with each other (see
  // Snapshot). Never null.
  virtual std::unique_ptr<Snapshot> snapshot() = 0;

  // Writes a copy of the whole store, consistent at one point in time and
  // holding every write made before the call, to directory, which must not
  // exist yet (its parent must; a relative path is taken from the working
  // directory). The copy opens with open_rocksdb like any data directory,
  // and later writes here do not reach it. Table files are hard-linked when
  // directory is on the same filesystem (no extra space until compaction
  // replaces them), copied otherwise. May be called while writes go on.
  // Errors: already_exists when something is at directory already (nothing
  // is written); invalid_argument for an in-memory engine, which has no
  // files; io_error and others from the filesystem.
  virtual Status checkpoint(const std::string& directory) = 0;
};

// Opens (creating if needed) the RocksDB-backed engine.
Result<std::unique_ptr<KvEngine>> open_rocksdb(const EngineOptions& options);

}  // namespace dynastore::storage
