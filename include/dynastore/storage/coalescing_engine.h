// CoalescingEngine: the item writes of one event-loop turn made as one store
// write, their answers held until it is done.
//
// Why: a PutItem of a new key on disk cost ~76k instructions, ~35k of them
// in RocksDB's write, and much of that is paid per write whatever its size:
// joining the write group, the log record's framing and its write() call,
// and the table's counters - a merge into the same key of the stats column,
// which climbs the whole memtable skip list each time (docs/performance.md).
// The requests an I/O thread reads in one turn arrive together anyway: their
// batches are gathered, the table's counter additions summed into one, and
// written together once the turn's other handlers have run
// (http::run_after_this_turn); each answer leaves after that write.
//
// How it plugs in: the HTTP adapter opens a storage::DeferredCommit for
// requests that end in an item write, as for the cluster; write_deferred
// claims it and adds the batch to the pending group. Until the group is
// written the item store keeps the items locked, so a later request that
// writes one of them waits - and a thread that is about to wait for
// anything first writes the pending group (BlockingRegion's pending work),
// so no thread waits for its own turn's end. A write() that does not defer
// writes the pending group first: on each thread, writes reach the store in
// the order they were made.
//
// Alone (one connection writing, or every write waiting for the one before,
// as on a hot item) a group holds one write, and holding its answer only
// costs a hop through the event loop: after a few groups of one, writes are
// made at once again, and one in kProbeEvery is gathered to see whether
// others now join it.
//
// Guarantees are those of the engine beneath: an answer leaves only after
// its write returned from it (on disk: the log record is written, so
// kill -9 loses nothing acknowledged); nothing reads a gathered write
// before it is written, and no answer has revealed it. The batches of a
// group are applied atomically together; a failed group write fails every
// write in it (each answered InternalServerError, as a failed write is).
//
// Thread-safety: every method may be called concurrently; a group is
// written by whichever thread comes first (the turn's end, a waiting
// thread, a write()).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "dynastore/common/blocking_region.h"
#include "dynastore/storage/kv_engine.h"

namespace dynastore::storage {

class CoalescingEngine final : public KvEngine, public PendingWork {
 public:
  // Runs a task once the calling thread's current turn is over; false when
  // it cannot (not an event-loop thread): the write is then made at once.
  using AfterTurn = std::function<bool(std::function<void()>)>;

  CoalescingEngine(std::unique_ptr<KvEngine> inner, AfterTurn after_turn);
  // Writes what is still gathered.
  ~CoalescingEngine() override;

  Status write_deferred(WriteBatch&& batch, DeferredCommit& commit) override;
  // PendingWork: writes the gathered group now.
  void finish_now() override { write_group(); }

  Result<std::optional<std::string>> get(Column column, std::string_view key) override {
    return inner_->get(column, key);
  }
  Status write(const WriteBatch& batch) override;
  Status write_health() const override { return inner_->write_health(); }
  std::uint64_t write_recoveries() const override { return inner_->write_recoveries(); }
  // The inner engine's, and how many groups were written with how many
  // writes in them.
  void stats(std::vector<EngineStat>& out) const override;
  std::unique_ptr<Iterator> scan(Column column, std::string_view lower, std::string_view upper) override {
    return inner_->scan(column, lower, upper);
  }
  Result<Counters> get_counters(Column column, std::string_view key) override {
    return inner_->get_counters(column, key);
  }
  std::uint64_t visible_sequence() const override { return inner_->visible_sequence(); }
  Status sync_log() override { return inner_->sync_log(); }
  std::unique_ptr<Snapshot> snapshot() override { return inner_->snapshot(); }
  Status checkpoint(const std::string& directory) override;

 private:
  // A counter addition in a group's batch that later ones are summed into.
  struct SummedCounter {
    Column column;
    std::string key;
    std::size_t at;  // its operation in the batch
  };
  // Batches gathered for one write, with the deferrals they answer.
  struct Group {
    WriteBatch batch;
    std::vector<DeferredCommit::Done> done;
    std::vector<SummedCounter> counters;
    std::size_t bytes = 0;
    // Empties it, keeping its vectors' room for the next group (hundreds
    // of operations: allocating that afresh each turn cost more than the
    // rest of the gathering).
    void clear();
  };
  void add(WriteBatch&& batch, Group& group);
  void write_group();

  std::unique_ptr<KvEngine> inner_;
  AfterTurn after_turn_;
  std::mutex mutex_;
  Group pending_;  // guarded by mutex_
  // Groups of one write in a row, and writes made at once since (mutex_).
  std::size_t lone_groups_ = 0;
  std::size_t made_at_once_ = 0;
  std::atomic<std::uint64_t> groups_written_{0};
  std::atomic<std::uint64_t> writes_grouped_{0};
  // Serialises group writes, so groups reach the store in the order they
  // were gathered (one writer finishing a group while the next gathers).
  std::mutex writing_;
  Group in_flight_;  // guarded by writing_: the group being written, then
                     // the emptied one the next group is gathered in
};

}  // namespace dynastore::storage
