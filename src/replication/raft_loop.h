// RaftLoop: one Raft server (canonical raft, libraft) and the libuv loop
// thread that owns it. The library is not thread-safe, so nothing but that
// thread touches it: other threads hand it proposals and barriers through a
// queue (a uv_async_t wakes the loop) and hear back through callbacks run on
// the loop thread. Nothing is proposed from inside a library callback
// (re-entering raft_apply there crashed 0.15 after a leadership loss):
// everything waits for the next turn of the loop.
#pragma once

#include "replication/raft_c.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "dynastore/common/status.h"
#include "dynastore/replication/replicated_engine.h"
#include "replication/nodelay_transport.h"

namespace dynastore::replication {

// What the log is applied to. Called on the loop thread only.
class StateMachine {
 public:
  virtual ~StateMachine() = default;
  // Takes the committed entry at `index` to write to the store, now or
  // later in order (replication/applier.h); `proposed_here` when this
  // node's own proposal (whose proposer updates its in-memory state
  // itself). Returns 0, or a raft error code that stops this replica (only
  // for a store that cannot be written).
  virtual int apply(std::uint64_t index, std::string_view entry, bool proposed_here) = 0;
  // Runs `then` once every entry taken by apply() so far is in the store
  // (ok), or cannot be (the store failed); on any thread.
  virtual void after_stored(std::function<void(const Status&)> then) = 0;
  // Returns once every entry taken by apply() so far is in the store.
  virtual void wait_stored() = 0;
  // Makes everything applied so far durable and describes it.
  virtual Result<std::string> snapshot(std::uint64_t index) = 0;
  // Takes the state a snapshot describes; false when this replica does not
  // hold it (it needs a copy of the data).
  virtual bool restore(std::string_view descriptor) = 0;
  // This node became the serving leader (it applied every earlier entry).
  virtual void on_serving() = 0;
  // restore() failed on a snapshot the leader sent.
  virtual void on_data_copy_needed() = 0;
  // The API address of a member (the member directory); empty if unknown.
  virtual std::string api_address_of(std::uint64_t id) const = 0;
};

class RaftLoop {
 public:
  using Done = std::function<void(const Status&)>;

  RaftLoop(ClusterOptions options, StateMachine& machine);
  ~RaftLoop();
  RaftLoop(const RaftLoop&) = delete;
  RaftLoop& operator=(const RaftLoop&) = delete;

  // Opens the log (bootstrapping a new cluster when it is empty), starts
  // the server and its thread. Returns the error that stopped it.
  Status start();
  // Stops the server; pending requests are told Unavailable.
  void stop();

  // Appends `entry` to the log; `done` runs on the loop thread once it is
  // committed and applied here (ok), or when it cannot be (not leader,
  // leadership lost).
  void propose(std::string entry, Done done);
  // `done` runs once a barrier entry appended after this call is applied:
  // this node was leader with a majority's agreement meanwhile.
  void barrier(Done done);

  // A change of the cluster's voters (Raft's configuration).
  enum class Change { kAddSpare, kMakeVoter, kRemove };
  // Proposes `change` of member `id` (at `raft_address` when added); `done`
  // runs once the new configuration is committed, or when it cannot be.
  // One change at a time: another in progress answers Busy.
  void change_member(Change change, std::uint64_t id, std::string raft_address, Done done);

  bool serving() const { return serving_.load(std::memory_order_acquire); }
  NodeStatus status() const;
  std::string leader_api_address() const;

 private:
  struct Request {
    enum Kind { kPropose, kBarrier, kChange } kind = kPropose;
    std::string entry;  // kPropose: the entry; kChange: the added member's Raft address
    Done done;
    Change change = Change::kAddSpare;
    std::uint64_t member = 0;
    std::chrono::steady_clock::time_point queued_at{};  // kPropose: when propose() took it
  };
  // The proposals of one entry: told once, by applied() or by the deadline.
  using Dones = std::shared_ptr<std::vector<Done>>;
  struct Deadline {
    std::chrono::steady_clock::time_point due;
    Dones dones;
  };
  struct ApplyRequest;
  struct BarrierRequest;
  struct ChangeRequest;
  void start_change(Request& request);
  // Proposes `entries` (with their `dones`) as one log entry.
  void propose_group(std::vector<std::string> entries, std::vector<Done> dones,
                     std::chrono::steady_clock::time_point oldest);
  // Tells the proposals not applied within options_.commit_timeout of their
  // proposal that they were not (an answer must come even when the library
  // never tells: a leader keeping its majority while its own disk hangs).
  void expire_proposals();
  // Proposes what waits in unproposed_, in groups, while fewer than
  // kMaxEntriesInFlight of this node's entries await their outcome.
  void propose_unproposed();
  // One: the next group forms while the last is appended, sent and synced.
  // Put-new at 64 connections, alternating runs: 11.4k, 10.0k and 7.5k
  // req/s with one in flight, 10.2k, 7.9k and 7.5k with two, 9.8k, 9.2k and
  // 7.0k with no limit (groups of 24, 18 and 8 writes).
  static constexpr std::size_t kMaxEntriesInFlight = 1;
  static constexpr std::size_t kMaxGroupEntries = 256;
  static constexpr std::size_t kMaxGroupBytes = 4u << 20;
  // The fewest entries kept after a snapshot, however large they are: a
  // follower a moment behind takes them from the log, not by a data copy.
  static constexpr std::uint64_t kMinTrailing = 8;
  static void changed(struct raft_change* req, int status);

  void run(std::promise<Status>* started);
  Status open_server();
  void drain_requests();
  void start_barrier();
  void observe();  // after every turn: role changes, status
  void fail_all(std::deque<Request>& requests, const Status& status);
  void begin_close();
  void close_handles();  // once the server (if any) is closed

  static int fsm_apply(raft_fsm* fsm, const raft_buffer* buf, void** result);
  static int fsm_snapshot(raft_fsm* fsm, raft_buffer* bufs[], unsigned* n_bufs);
  static int fsm_restore(raft_fsm* fsm, raft_buffer* buf);
  static void applied(struct raft_apply* req, int status, void* result);
  static void barrier_done(struct raft_barrier* req, int status);

  ClusterOptions options_;
  StateMachine& machine_;
  std::thread thread_;

  // Loop-thread state.
  uv_loop_t loop_{};
  uv_async_t wake_{};
  uv_check_t check_{};
  NodelayTransport transport_;
  raft_io io_{};
  raft_fsm fsm_{};
  raft raft_{};
  bool io_initialized_ = false;
  bool raft_initialized_ = false;
  std::set<std::uint64_t> own_indexes_;     // proposed here, not yet applied
  std::deque<Request> unproposed_;          // proposals waiting for room (propose_unproposed)
  std::size_t entries_in_flight_ = 0;       // proposed here, outcome (applied()) not known yet
  std::deque<Deadline> deadlines_;          // this node's entries in flight, oldest first
  std::vector<Done> barrier_waiters_;       // waiting for the next barrier
  bool barrier_in_flight_ = false;
  std::uint64_t readiness_term_ = 0;        // the term whose readiness barrier was started
  // What was applied since the last snapshot, for the log's memory budget.
  std::uint64_t bytes_since_snapshot_ = 0;
  std::uint64_t entries_since_snapshot_ = 0;
  void account_applied(std::size_t entry_bytes);
  void note_snapshot();
  bool closing_ = false;

  // Shared with other threads.
  mutable std::mutex mutex_;
  std::deque<Request> requests_;  // guarded by mutex_
  bool stopping_ = false;         // guarded by mutex_
  bool running_ = false;          // guarded by mutex_: the loop takes requests
  NodeStatus status_;             // guarded by mutex_
  std::atomic<bool> serving_{false};
  std::atomic<bool> needs_data_copy_{false};
};

}  // namespace dynastore::replication
