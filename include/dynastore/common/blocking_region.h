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
// Thread-safety: the observer is per thread; regions nest.
#pragma once

namespace dynastore {

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

 private:
  BlockingObserver* observer_;
};

}  // namespace dynastore
