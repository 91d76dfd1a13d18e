#include "dynastore/storage/log_syncer.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <utility>

namespace dynastore::storage {

namespace {

// A callback must not take the syncer's thread down with it.
void notify(const LogSyncer::Done& done, const Status& status) {
  try {
    done(status);
  } catch (const std::exception& e) {
    spdlog::error("log syncer: a waiter's callback threw: {}", e.what());
  } catch (...) {
    spdlog::error("log syncer: a waiter's callback threw a non-exception");
  }
}

}  // namespace

void LogSyncer::start() {
  std::lock_guard lock(mutex_);
  if (running_) return;
  running_ = true;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void LogSyncer::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t LogSyncer::syncs() const {
  std::lock_guard lock(mutex_);
  return syncs_;
}

void LogSyncer::after_durable(Done done) {
  // Read before taking the lock: whatever the caller saw is at or below it.
  const std::uint64_t sequence = engine_.visible_sequence();
  std::unique_lock lock(mutex_);
  if (!failure_.is_ok() && engine_.write_recoveries() != recoveries_at_failure_) {
    // The engine resumed since: it flushed everything visible then to
    // synced table files and logs to a new file, so syncing is sound again.
    spdlog::info("log syncer: the store resumed writing; acknowledging writes again");
    failure_ = Status::ok();
  }
  if (!failure_.is_ok() || sequence <= durable_) {
    const Status status = failure_;
    lock.unlock();
    notify(done, status);
    return;
  }
  waiters_.push_back({sequence, std::move(done)});
  if (running_) {
    lock.unlock();
    wake_.notify_one();
    return;
  }
  // No thread (not started, or stopped): sync on the caller's.
  lock.unlock();
  sync_once();
}

void LogSyncer::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !waiters_.empty(); });
    if (waiters_.empty()) {
      // Stopping, and nobody is left waiting. Whoever comes next syncs on
      // their own thread: said under the same lock that saw no waiter, so
      // none can be left behind.
      running_ = false;
      return;
    }
    lock.unlock();
    sync_once();
    lock.lock();
  }
}

void LogSyncer::sync_once() {
  // Read before syncing: it covers every waiter registered so far, and the
  // sync covers everything visible at this point (kv_engine.h).
  const std::uint64_t target = engine_.visible_sequence();
  const Status status = engine_.sync_log();
  std::vector<Waiter> ready;
  Status outcome;
  {
    std::lock_guard lock(mutex_);
    ++syncs_;
    if (status.is_ok()) {
      durable_ = std::max(durable_, target);
    } else if (failure_.is_ok()) {
      spdlog::critical("log syncer: syncing the write-ahead log failed, refusing to acknowledge writes from now "
                       "on: {}", status.to_string());
      failure_ = status;
      recoveries_at_failure_ = engine_.write_recoveries();
    }
    outcome = failure_;
    // After a failure everyone hears of it; otherwise those now covered.
    const auto still_waiting = std::stable_partition(waiters_.begin(), waiters_.end(), [&](const Waiter& waiter) {
      return failure_.is_ok() && waiter.sequence > durable_;
    });
    ready.assign(std::make_move_iterator(still_waiting), std::make_move_iterator(waiters_.end()));
    waiters_.erase(still_waiting, waiters_.end());
  }
  for (const Waiter& waiter : ready) notify(waiter.done, outcome);
}

}  // namespace dynastore::storage
