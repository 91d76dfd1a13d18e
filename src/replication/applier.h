// Applier: writes committed log entries to the store on a thread of its own,
// in order, so that the Raft loop thread is not held by the store write.
//
// Why: the library applies a committed entry inside the loop turn that
// learns of its commit, and a follower only answers the leader's next
// append after it. With the store write on the loop thread, every round
// of a replicated write waited for two store writes one after the other
// (the follower's apply of the previous entry, then the leader's apply of
// this one) before the leader proposed the next entry (docs/replication.md).
// Here the loop thread hands the entry over and goes on; what must not
// happen before the entry is in the store (a client's answer, a consistent
// read, a snapshot) waits for the applier through then() or wait_idle().
// Private to src/replication.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "dynastore/common/status.h"

namespace dynastore::replication {

class Applier {
 public:
  // Writes one entry to the store (on the applier's thread).
  using ApplyOne = std::function<Status(std::uint64_t index, std::string_view entry, bool proposed_here)>;
  using Then = std::function<void(const Status&)>;

  // `max_queued_bytes`: push() waits while this much is queued (a follower
  // catching up must not queue its whole backlog in memory).
  Applier(ApplyOne apply_one, std::size_t max_queued_bytes);
  ~Applier();  // applies what is queued, then stops
  Applier(const Applier&) = delete;
  Applier& operator=(const Applier&) = delete;

  // Queues the entry at `index` (indexes come in increasing order); false,
  // queuing nothing, once a write failed.
  bool push(std::uint64_t index, std::string_view entry, bool proposed_here);
  // Runs `then` once every entry pushed so far is written: with ok, or with
  // the error that stopped the applier. Runs on the applier's thread, or at
  // once on the caller's when nothing is queued.
  void then(Then then);
  // Returns once every entry pushed so far is written or, after a failure,
  // passed over with its `then` told the error.
  void wait_idle();
  // The error of the write that failed, after which nothing more is written.
  Status failure() const;

 private:
  struct Task {
    std::uint64_t index = 0;  // 0: only `then`
    std::string entry;
    bool proposed_here = false;
    Then then;
  };
  void run();

  const ApplyOne apply_one_;
  const std::size_t max_queued_bytes_;
  mutable std::mutex mutex_;
  std::condition_variable work_;   // the thread waits for tasks
  std::condition_variable room_;   // push() and wait_idle() wait for progress
  std::deque<Task> tasks_;         // guarded by mutex_
  std::size_t queued_bytes_ = 0;   // guarded by mutex_
  bool busy_ = false;              // guarded by mutex_: a task is being run
  bool stopping_ = false;          // guarded by mutex_
  Status failure_;                 // guarded by mutex_
  std::thread thread_;
};

}  // namespace dynastore::replication
