// The RocksDB implementation of KvEngine: with the other files here, the only ones that include RocksDB.
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/perf_level.h>
#include <rocksdb/snapshot.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/utilities/options_util.h>

#include <array>
#include <filesystem>
#include <memory>

#include "dynastore/storage/kv_engine.h"
#include "storage/rocksdb/engine_stats.h"
#include "storage/rocksdb/rocksdb_logger.h"
#include "storage/rocksdb/write_recovery.h"

namespace dynastore::storage {

namespace {

// Column family names are on disk: frozen.
const char* column_name(Column column) {
  switch (column) {
    case Column::kSystem: return rocksdb::kDefaultColumnFamilyName.c_str();
    case Column::kItems: return "items";
    case Column::kStats: return "stats";
    case Column::kStreams: return "streams";
  }
  return "?";
}

// Stream records are appended in sequence-number order per stream, never
// changed, and removed from the front by the retention trim: a log, not a
// table. In their own column family they stay out of the items' memtable
// (where each record cost an insert among every item) and out of the items'
// compactions, and a trim's range removal does not touch the row cache.
// With keys that only grow, flushed files hardly overlap, so most
// compactions are trivial moves; what is left is not compressed (records
// are written once and read about once; snappy was ~6k instructions per
// streamed put in flushes and compactions). In memory, the items'
// small-buffer tuning (below) does not apply: it is for reads that walk
// overwritten versions, and records are never overwritten. (RocksDB's
// insert hint per key prefix would suit these keys, but Debian's 7.8 trips
// an assertion in its skip list with it.)
rocksdb::ColumnFamilyOptions stream_record_options(const rocksdb::ColumnFamilyOptions& base) {
  rocksdb::ColumnFamilyOptions options = base;
  options.compression = rocksdb::kNoCompression;
  return options;
}

// Items: every write first reads the item it replaces, and a new key's read
// misses. Without a filter that miss walks the whole memtable skiplist (a
// cache miss per level: ~11k instructions and 13% of the server's CPU per
// PutItem of a new key, docs/performance.md) before the insert walks it
// again. A whole-key bloom filter in the memtable answers most misses at
// once, for one filter update per insert. Sized at 2% of the write buffer:
// ~26 bits per 100-byte item in a full 64 MB memtable.
constexpr double kItemsMemtableBloomRatio = 0.02;

rocksdb::ColumnFamilyOptions item_options(const rocksdb::ColumnFamilyOptions& base) {
  rocksdb::ColumnFamilyOptions options = base;
  options.memtable_prefix_bloom_size_ratio = kItemsMemtableBloomRatio;
  options.memtable_whole_key_filtering = true;
  return options;
}

Status to_status(const rocksdb::Status& s) {
  if (s.ok()) return Status::ok();
  if (s.IsNotFound()) return Status::not_found(s.ToString());
  if (s.IsCorruption()) return Status::corruption(s.ToString());
  if (s.IsIOError()) return Status::io_error(s.ToString());
  if (s.IsBusy() || s.IsTryAgain()) return Status::busy(s.ToString());
  if (s.IsShutdownInProgress()) return Status::shutting_down(s.ToString());
  return Status::internal(s.ToString());
}

// Adds two little-endian int64 counters: lets writers adjust per-table
// statistics inside their own WriteBatch without reading them first.
class CountersAddOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice&, const rocksdb::Slice* existing, const rocksdb::Slice& value,
             std::string* new_value, rocksdb::Logger*) const override {
    Counters sum = existing ? decode_counters({existing->data(), existing->size()}) : Counters{};
    Counters delta = decode_counters({value.data(), value.size()});
    sum.first += delta.first;
    sum.second += delta.second;
    *new_value = encode_counters(sum);
    return true;
  }
  const char* Name() const override { return "dynastore.CountersAdd"; }
};

rocksdb::Slice slice(std::string_view s) { return {s.data(), s.size()}; }

// RocksDB counts into a thread-local perf context by default (kEnableCount):
// a TLS lookup and an increment on every memtable key comparison, ~2k
// instructions per PutItem, for counters nothing reads. The level is per
// thread, and the calling threads are not ours to start, so every entry
// point sets it (a thread-local store).
void skip_perf_counting() { rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable); }

constexpr std::size_t kInMemoryWriteBufferBytes = 8 << 20;
// A memtable's arena in blocks of 8 MiB (RocksDB's own choice for a 64 MiB
// buffer before 7.x capped it at 1 MiB): the server puts blocks of 2 MiB or
// more on transparent huge pages (src/server/huge_page_blocks.cc), where a
// random key's skip-list walk takes far fewer TLB misses.
constexpr std::size_t kDiskArenaBlockBytes = 8 << 20;
// RocksEngine::write's per-thread batch gives back a buffer past this.
constexpr std::size_t kMaxRetainedBatchBytes = 256 << 10;

using ColumnHandles = std::array<rocksdb::ColumnFamilyHandle*, kColumnCount>;

// The engine and its snapshots read alike; at == nullptr reads the latest.
Result<std::optional<std::string>> read_value(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf,
                                              std::string_view key, const rocksdb::Snapshot* at) {
  skip_perf_counting();
  rocksdb::ReadOptions read_options;
  read_options.snapshot = at;
  std::string value;
  auto s = db.Get(read_options, cf, slice(key), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return to_status(s);
  return std::optional<std::string>(std::move(value));
}

Result<Counters> read_counters(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf, std::string_view key,
                               const rocksdb::Snapshot* at) {
  auto value = read_value(db, cf, key, at);
  if (!value.is_ok()) return value.status();
  return value.value() ? decode_counters(*value.value()) : Counters{};
}

class RocksIterator final : public Iterator {
 public:
  // Owns copies of the bounds: RocksDB keeps pointers to them in ReadOptions.
  RocksIterator(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, std::string_view lower, std::string_view upper,
                const rocksdb::Snapshot* at)
      : lower_(lower), upper_(upper), lower_slice_(lower_), upper_slice_(upper_) {
    skip_perf_counting();
    rocksdb::ReadOptions read_options;
    read_options.snapshot = at;
    read_options.iterate_lower_bound = &lower_slice_;
    if (!upper_.empty()) read_options.iterate_upper_bound = &upper_slice_;
    it_.reset(db->NewIterator(read_options, cf));
  }
  bool valid() const override { return it_->Valid(); }
  void next() override { it_->Next(); }
  void prev() override { it_->Prev(); }
  void seek(std::string_view key) override { it_->Seek(slice(key)); }
  void seek_for_prev(std::string_view key) override { it_->SeekForPrev(slice(key)); }
  void seek_to_first() override { it_->SeekToFirst(); }
  void seek_to_last() override { it_->SeekToLast(); }
  std::string_view key() const override { return {it_->key().data(), it_->key().size()}; }
  std::string_view value() const override { return {it_->value().data(), it_->value().size()}; }
  Status status() const override { return to_status(it_->status()); }

 private:
  const std::string lower_, upper_;
  const rocksdb::Slice lower_slice_, upper_slice_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

// Pins one sequence number of the DB (RocksDB keeps every version a live
// snapshot can see) until destroyed.
class RocksSnapshot final : public Snapshot {
 public:
  RocksSnapshot(rocksdb::DB* db, const ColumnHandles& handles)
      : db_(db), handles_(handles), snapshot_(db->GetSnapshot()) {}
  ~RocksSnapshot() override { db_->ReleaseSnapshot(snapshot_); }
  RocksSnapshot(const RocksSnapshot&) = delete;
  RocksSnapshot& operator=(const RocksSnapshot&) = delete;

  Result<std::optional<std::string>> get(Column column, std::string_view key) const override {
    return read_value(*db_, handle(column), key, snapshot_);
  }
  Result<Counters> get_counters(Column column, std::string_view key) const override {
    return read_counters(*db_, handle(column), key, snapshot_);
  }
  std::unique_ptr<Iterator> scan(Column column, std::string_view lower, std::string_view upper) const override {
    return std::make_unique<RocksIterator>(db_, handle(column), lower, upper, snapshot_);
  }

 private:
  rocksdb::ColumnFamilyHandle* handle(Column column) const { return handles_[static_cast<int>(column)]; }

  rocksdb::DB* const db_;
  const ColumnHandles handles_;  // the engine's: they live as long as it does
  const rocksdb::Snapshot* const snapshot_;
};

class RocksEngine final : public KvEngine {
 public:
  ~RocksEngine() override {
    for (auto* handle : handles_) {
      if (handle != nullptr) db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
    }
    if (db_) db_->Close().PermitUncheckedError();
    db_.reset();
  }

  Status open(const EngineOptions& options) {
    in_memory_ = options.in_memory;
    // In memory, the write-ahead log would be one more in-memory copy of
    // every write that nothing ever reads back: the data dies with the
    // process either way. Skipping it saves ~7k instructions per PutItem.
    disable_wal_ = options.in_memory;
    rocksdb::Options db_options;
    db_options.create_if_missing = true;
    db_options.create_missing_column_families = true;
    db_options.IncreaseParallelism(2);
    db_options.enable_pipelined_write = true;
    auto logger = std::make_shared<RocksdbLogger>();
    db_options.info_log = logger;  // no LOG file: see rocksdb_logger.h
    // RocksDB's default (point in time) stops replaying the log at the first
    // damaged record and opens as if the log ended there: a flipped byte in
    // the middle silently dropped every acknowledged write after it. A log
    // cut short by a crash ends in an incomplete record, which this mode
    // still accepts; damage anywhere else fails the open.
    db_options.wal_recovery_mode = options.tolerate_log_corruption
                                       ? rocksdb::WALRecoveryMode::kPointInTimeRecovery
                                       : rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
    manual_log_writes_ = options.log_written_by_sync && !options.in_memory;
    db_options.manual_wal_flush = manual_log_writes_;
    if (options.in_memory) {
      mem_env_.reset(rocksdb::NewMemEnv(rocksdb::Env::Default()));
      db_options.env = mem_env_.get();
    }

    statistics_ = make_ticker_statistics();
    db_options.statistics = statistics_;

    rocksdb::BlockBasedTableOptions table_options;
    table_options.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
    table_options.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10, false));
    table_options.whole_key_filtering = true;

    rocksdb::ColumnFamilyOptions cf_options(db_options);
    cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table_options));
    const rocksdb::ColumnFamilyOptions streams_options = stream_record_options(cf_options);
    if (options.in_memory) {
      // Every overwrite stays in the memtable until it is flushed, and every
      // read and scan walks those versions: with the default 64 MB buffer a
      // 100-item Scan page after a put run cost ~250 us of server CPU. Small
      // buffers flush (to the in-memory Env) often, and flushing drops
      // versions no snapshot needs; reads then come from the block cache,
      // through bloom filters. Measured with bench/ (docs/performance.md):
      // with 8 MB, put and get cost less and a Scan page ~70-130 us.
      cf_options.write_buffer_size = kInMemoryWriteBufferBytes;
      // Those frequent flushes leave level-0 files, and every read merges
      // all of them (each holds a version of most hot keys). Compacting at
      // two instead of four: a 100-item Scan page after put and update runs
      // cost 93 to 151 us of server CPU instead of 218 to 459 us, for ~2k
      // more instructions per put in compactions (bench/, 2026-12-03,
      // docs/performance.md).
      cf_options.level0_file_num_compaction_trigger = 2;
    } else {
      cf_options.arena_block_size = kDiskArenaBlockBytes;
    }
    const rocksdb::ColumnFamilyOptions items_options = item_options(cf_options);
    rocksdb::ColumnFamilyOptions stats_options = cf_options;
    stats_options.merge_operator = std::make_shared<CountersAddOperator>();
    // Every write adds to its table's counters (and, with a local secondary
    // index, to its item collection's) by a merge; a read of a counter
    // folds every merge still in the memtable, up to a million between two
    // flushes of this column family. A table's DescribeTable grew to 10 ms
    // after 28,000 puts, and a write that grows an item collection reads
    // its counter: in an LSI table's hot partition each put cost more than
    // the last (1.2 ms -> 7.4 ms over 28,000 puts through boto3). Past 8
    // merges in a row RocksDB folds them into one value as it writes: both
    // stay flat (1.2 ms), for ~3k more instructions per write (callgrind
    // put-new on disk 73.0k -> 76.0k; 4 and 16 cost as much).
    stats_options.max_successive_merges = 8;

    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    for (int i = 0; i < kColumnCount; ++i) {
      auto column = static_cast<Column>(i);
      descriptors.emplace_back(column_name(column), column == Column::kStats     ? stats_options
                                                    : column == Column::kStreams ? streams_options
                                                    : column == Column::kItems   ? items_options
                                                                                 : cf_options);
    }
    rocksdb::DB* raw = nullptr;
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    const std::string path = options.in_memory ? "/dynastore-memory" : options.path;
    logger->set_opening(true);
    auto s = rocksdb::DB::Open(db_options, path, descriptors, &handles, &raw);
    logger->set_opening(false);
    if (!s.ok()) return to_status(s);
    db_.reset(raw);
    for (int i = 0; i < kColumnCount; ++i) handles_[i] = handles[i];
    return Status::ok();
  }

  Result<std::optional<std::string>> get(Column column, std::string_view key) override {
    return read_value(*db_, handle(column), key, nullptr);
  }

  Status write(const WriteBatch& batch) override {
    skip_perf_counting();
    if (auto s = recovery_.before_write(*db_); !s.is_ok()) return s;
    // One batch per thread, cleared and reused: it keeps its buffer, where
    // a fresh one grew its string by reallocation at nearly every write.
    // DB::Write keeps no reference to it after returning. A buffer grown
    // by a large write (a 16 MB BatchWriteItem) is given back after it.
    thread_local std::unique_ptr<rocksdb::WriteBatch> reused;
    if (!reused || reused->GetDataSize() > kMaxRetainedBatchBytes) {
      reused = std::make_unique<rocksdb::WriteBatch>();
    } else {
      reused->Clear();
    }
    rocksdb::WriteBatch& wb = *reused;
    for (const auto& op : batch.ops()) {
      auto* cf = handle(op.column);
      rocksdb::Status s;
      switch (op.kind) {
        case WriteBatch::OpKind::kPut: s = wb.Put(cf, op.key, op.value); break;
        case WriteBatch::OpKind::kErase: s = wb.Delete(cf, op.key); break;
        case WriteBatch::OpKind::kEraseRange: s = wb.DeleteRange(cf, op.key, op.value); break;
        case WriteBatch::OpKind::kAddCounters: s = wb.Merge(cf, op.key, op.value); break;
      }
      if (!s.ok()) return to_status(s);
    }
    rocksdb::WriteOptions write_options;  // not synced: see sync_log()
    write_options.disableWAL = disable_wal_;
    const auto written = db_->Write(write_options, &wb);
    if (wb.GetDataSize() > kMaxRetainedBatchBytes) reused.reset();
    if (WriteRecovery::stops_writes(written)) return recovery_.stopped_by(written);
    return to_status(written);
  }

  Status write_health() const override { return recovery_.health(); }
  std::uint64_t write_recoveries() const override { return recovery_.recoveries(); }

  void stats(std::vector<EngineStat>& out) const override { append_rocksdb_stats(*db_, statistics_.get(), out); }

  std::unique_ptr<Iterator> scan(Column column, std::string_view lower, std::string_view upper) override {
    return std::make_unique<RocksIterator>(db_.get(), handle(column), lower, upper, nullptr);
  }

  Result<Counters> get_counters(Column column, std::string_view key) override {
    return read_counters(*db_, handle(column), key, nullptr);
  }

  std::uint64_t visible_sequence() const override { return db_->GetLatestSequenceNumber(); }

  Status sync_log() override {
    // A write's log record is written before the write becomes visible (its
    // sequence number is published after its memtable insert), so syncing the
    // log now covers everything visible_sequence() has reported. SyncWAL
    // syncs every live log file, older ones left unsynced by a memtable
    // switch included.
    if (disable_wal_) return Status::ok();
    // FlushWAL writes the buffered records first (visible writes included:
    // a record is buffered before its write becomes visible), then syncs
    // the same way.
    return to_status(manual_log_writes_ ? db_->FlushWAL(/*sync=*/true) : db_->SyncWAL());
  }

  std::unique_ptr<Snapshot> snapshot() override { return std::make_unique<RocksSnapshot>(db_.get(), handles_); }

  Status checkpoint(const std::string& directory) override {
    if (in_memory_) return Status::invalid_argument("checkpoint: an in-memory engine has no files to copy");
    std::error_code error;
    // RocksDB wants an absolute path; the data directory may be relative.
    const std::filesystem::path target = std::filesystem::absolute(directory, error);
    if (error) return Status::invalid_argument("checkpoint: bad directory " + directory + ": " + error.message());
    // RocksDB would refuse too, but as a bare InvalidArgument; checked
    // here, the caller can tell this case from the others.
    if (std::filesystem::exists(std::filesystem::symlink_status(target, error))) {
      return Status::already_exists("checkpoint: " + target.string() + " already exists");
    }
    rocksdb::Checkpoint* raw = nullptr;
    auto s = rocksdb::Checkpoint::Create(db_.get(), &raw);
    if (!s.ok()) return to_status(s);
    std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
    // log_size_for_flush 0: flush the memtables first, so the copy holds
    // every write in table files, whatever the log held (manual_wal_flush
    // keeps records in the process until sync_log()).
    return to_status(checkpoint->CreateCheckpoint(target.string(), /*log_size_for_flush=*/0));
  }

 private:
  rocksdb::ColumnFamilyHandle* handle(Column column) { return handles_[static_cast<int>(column)]; }

  std::unique_ptr<rocksdb::Env> mem_env_;  // declared before db_: destroyed after it
  std::shared_ptr<rocksdb::Statistics> statistics_;  // tickers for stats()
  std::unique_ptr<rocksdb::DB> db_;
  ColumnHandles handles_{};
  bool in_memory_ = false;
  bool disable_wal_ = false;
  bool manual_log_writes_ = false;  // EngineOptions::log_written_by_sync
  WriteRecovery recovery_;
};

}  // namespace

Result<std::unique_ptr<KvEngine>> open_rocksdb(const EngineOptions& options) {
  auto engine = std::make_unique<RocksEngine>();
  auto s = engine->open(options);
  if (!s.is_ok()) return s;
  return std::unique_ptr<KvEngine>(std::move(engine));
}

}  // namespace dynastore::storage
