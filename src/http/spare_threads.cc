#include "http/spare_threads.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "http/event_loop.h"

namespace dynastore::http::detail {

namespace {

// A lending spare checks this often whether it is still needed while no
// handler is ready to run.
constexpr std::chrono::milliseconds kIdleCheck{20};

}  // namespace

void SpareThreads::entering() {
  std::lock_guard lock(mutex_);
  ++waiting_;
  if (stopping_ || lending_ >= waiting_) return;
  if (idle_ > 0) {
    wanted_.notify_one();
    return;
  }
  if (spares_.size() >= max_spares_) return;
  try {
    spares_.emplace_back([this] { run_spare(); });
  } catch (const std::system_error& e) {
    // Out of threads: this one waits without a stand-in.
    spdlog::warn("http: cannot start a spare I/O thread: {}", e.what());
  }
}

void SpareThreads::left() {
  std::lock_guard lock(mutex_);
  --waiting_;
}

void SpareThreads::run_spare() {
  // A spare may wait too (its handler relays a request, say): then another
  // stands in for it.
  BlockingRegion::observe_this_thread(this);
  set_this_threads_loop(&ioc_);
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (lending_ >= waiting_) {
      ++idle_;
      wanted_.wait(lock);
      --idle_;
      continue;
    }
    ++lending_;
    while (!stopping_ && lending_ <= waiting_) {
      lock.unlock();
      try {
        ioc_.run_one_for(kIdleCheck);
      } catch (const std::exception& e) {
        spdlog::warn("http: exception escaped an I/O handler: {}", e.what());
      } catch (...) {
        spdlog::warn("http: unknown exception escaped an I/O handler");
      }
      lock.lock();
      if (ioc_.stopped()) stopping_ = true;
    }
    --lending_;
  }
}

void SpareThreads::stop() {
  std::vector<std::thread> spares;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    spares.swap(spares_);
  }
  wanted_.notify_all();
  for (auto& spare : spares) spare.join();
}

std::size_t SpareThreads::started() const {
  std::lock_guard lock(mutex_);
  return spares_.size();
}

}  // namespace dynastore::http::detail
