// LogSyncer: group commit for `--sync`. Nobody hears of a write before it is
// on stable storage, yet no thread waits for an fsync of its own.
//
// Writes go to the engine unsynced (they are visible at once and survive a
// killed process, see kv_engine.h). A finished request asks after_durable()
// to be told when everything visible so far is synced; one background thread
// runs sync_log() for all the requests that asked meanwhile, then tells them.
// Readers wait too, so no client sees a write that a power loss could still
// take back: what RocksDB's per-write sync gave, without blocking a thread
// per write (which took dozens of I/O threads and ~80 us of CPU per put in
// context switches; docs/performance.md).
//
// Thread-safety: after_durable() may be called from any thread. start() and
// stop() from one owning thread. Callbacks run on the syncer's thread (or on
// the caller's, when nothing needs syncing) and must be quick: post the real
// work elsewhere.
//
// A failed sync cannot be retried safely (the kernel may have dropped the
// dirty pages it could not write, and a second fsync then succeeds without
// them), so after one every waiting and later caller is told the error -
// until the engine resumes writing (KvEngine::write_recoveries), which it
// does by flushing what it holds to synced table files and starting a new
// log.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "dynastore/common/status.h"
#include "dynastore/storage/kv_engine.h"

namespace dynastore::storage {

class LogSyncer {
 public:
  using Done = std::function<void(const Status&)>;

  explicit LogSyncer(KvEngine& engine) : engine_(engine) {}
  ~LogSyncer() { stop(); }
  LogSyncer(const LogSyncer&) = delete;
  LogSyncer& operator=(const LogSyncer&) = delete;

  void start();
  // Syncs once more for whoever is still waiting, tells them, and joins the
  // thread. Callers after stop() are answered on their own thread.
  void stop();

  // Calls `done` once every write visible now is durable, with ok, or with
  // the error of the sync that failed.
  void after_durable(Done done);

  // How many sync_log() calls were made (for tests and metrics).
  std::uint64_t syncs() const;

 private:
  struct Waiter {
    std::uint64_t sequence;
    Done done;
  };

  void loop();
  // Runs one sync for everyone waiting (the caller holds no lock).
  void sync_once();

  KvEngine& engine_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Waiter> waiters_;
  std::uint64_t durable_ = 0;  // every write at or below this is synced
  Status failure_;             // the first failed sync, latched until the engine resumes
  std::uint64_t recoveries_at_failure_ = 0;
  std::uint64_t syncs_ = 0;
  bool running_ = false;   // the thread takes waiters (until it decides to exit)
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace dynastore::storage
