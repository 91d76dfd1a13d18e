// SnapshotHistory: the recent past of a KvEngine, for reads that may be
// stale by up to a bound. Eventually consistent reads under
// --eventual-consistency-lag-ms read through it, so that a test sees what an
// application meets on DynamoDB, where such a read may miss a write that has
// not reached every replica yet (Developer Guide, "Read consistency").
//
// A thread of its own takes a snapshot every interval() (max_age / 16, at
// least 1 ms) and lets go of those older than max_age, so at most
// max_age / interval() + 1 (17 for any max_age of 16 ms or more) are held.
//
// Cost: a snapshot holds back the removal of the versions it sees, so the
// engine keeps every version overwritten or deleted within the last max_age:
// in the memtable, and on disk until compaction drops it. At most about
// (bytes written per second) x max_age of extra memory or disk; nothing when
// nothing is written. Off by default (the server builds no history).
//
// Thread-safety: pick() may be called from any thread at any time;
// capture() too. start() and stop() from the owning thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <random>

#include "dynastore/common/periodic_worker.h"
#include "dynastore/storage/kv_engine.h"

namespace dynastore::storage {

class SnapshotHistory {
 public:
  using Clock = std::chrono::steady_clock;

  // `engine` must outlive the history. `seed` seeds the generator pick()
  // draws from: the same seed gives the same sequence of draws. `now` is the
  // clock (tests pass a fake one).
  SnapshotHistory(KvEngine& engine, std::chrono::milliseconds max_age, std::uint64_t seed,
                  std::function<Clock::time_point()> now = Clock::now);
  ~SnapshotHistory();  // stops the thread; snapshots still in readers' hands stay valid
  SnapshotHistory(const SnapshotHistory&) = delete;
  SnapshotHistory& operator=(const SnapshotHistory&) = delete;

  // Takes the first snapshot, then one every interval() on a thread of its
  // own, until stop().
  void start();
  void stop();

  // Takes a snapshot now and lets go of those older than max_age (what the
  // thread does every interval()).
  void capture();

  // A state of at most max_age ago for one read: a moment is drawn
  // uniformly from the last max_age, and the answer is the newest snapshot
  // taken at or before it (the oldest one still young enough when none
  // is). nullptr when no snapshot is young enough: read the latest state.
  // Keep the pointer for the whole read.
  std::shared_ptr<const Snapshot> pick();

  std::chrono::milliseconds max_age() const { return max_age_; }
  std::chrono::milliseconds interval() const { return interval_; }
  // Snapshots held now.
  std::size_t size() const;

 private:
  struct Taken {
    Clock::time_point at;  // read before the snapshot was taken: it holds every write finished by then
    std::shared_ptr<const Snapshot> snapshot;
  };
  // Lets go of snapshots past max_age at `now`. REQUIRES: mutex_ held.
  void drop_older_than_max_age(Clock::time_point now);

  KvEngine& engine_;
  const std::chrono::milliseconds max_age_;
  const std::chrono::milliseconds interval_;
  const std::function<Clock::time_point()> now_;
  mutable std::mutex mutex_;
  std::deque<Taken> taken_;  // oldest first
  std::mt19937_64 random_;   // guarded by mutex_
  PeriodicWorker worker_;
};

}  // namespace dynastore::storage
