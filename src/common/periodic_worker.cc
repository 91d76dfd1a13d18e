#include "dynastore/common/periodic_worker.h"

#include <spdlog/spdlog.h>

namespace dynastore {

void PeriodicWorker::start(Gate gate) {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  gate_ = std::move(gate);
  thread_ = std::thread([this] { loop(); });
}

void PeriodicWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PeriodicWorker::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    bool worked = false;
    try {
      worked = (!gate_ || gate_()) && step_();
    } catch (const std::exception& e) {
      spdlog::error("{}: {}", name_, e.what());
    }
    lock.lock();
    if (!worked) wake_.wait_for(lock, idle_, [this] { return stopping_; });
  }
}

}  // namespace dynastore
