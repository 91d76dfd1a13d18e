// BlockingRegion: marks where a thread may wait long for another thread or
// node - an item lock held by a write the cluster has not committed yet, a
// request relayed to the leader, a Raft barrier - so that whoever owns the
// thread can lend another meanwhile.
//
// In cluster mode the HTTP server runs as few I/O threads as a single node
// (a write's answer waits for its commit without a thread, see
// storage/deferred_commit.h); an I/O thread that waited would stall every
// connection it serves, so the server starts a spare thread on the
// io_context while one of its threads is in a region (http/spare_threads.h).
// Elsewhere (no observer on the thread) a region costs a thread-local read.
//
// A thread may also have left work for later that the very thing it is
// about to wait for needs: writes gathered for one store write at the end of
// its event-loop turn still hold their items' locks
// (storage/coalescing_engine.h). Every outermost region first finishes the
// process's pending work, so no thread waits for its own later turn.
//
// Thread-safety: the observer is per thread; regions nest. The pending
// work is the process's, set while no region can be entered.
#pragma once

namespace dynastore {

class PendingWork {
 public:
  virtual ~PendingWork() = default;
  // Does the work now, on the calling thread; nothing when none is pending.
  virtual void finish_now() = 0;
};

class BlockingObserver {
 public:
  virtual ~BlockingObserver() = default;
  // This thread is about to wait.
  virtual void entering() = 0;
  // It waits no longer.
  virtual void left() = 0;
};

class BlockingRegion {
 public:
  BlockingRegion();
  ~BlockingRegion();
  BlockingRegion(const BlockingRegion&) = delete;
  BlockingRegion& operator=(const BlockingRegion&) = delete;

  // Regions on this thread tell `observer` (nullptr: nobody) from now on.
  static void observe_this_thread(BlockingObserver* observer);
  // Regions on every thread finish `work` first (nullptr: none) from now on.
  static void finish_before_waiting(PendingWork* work);

 private:
  BlockingObserver* observer_;
};

}  // namespace dynastore
