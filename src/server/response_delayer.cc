#include "server/response_delayer.h"

#include <utility>
#include <vector>

namespace dynastore::server {

void ResponseDelayer::start() {
  std::lock_guard lock(mutex_);
  if (running_) return;
  running_ = true;
  thread_ = std::thread([this] { loop(); });
}

void ResponseDelayer::stop() {
  {
    std::lock_guard lock(mutex_);
    if (!running_) return;
    running_ = false;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ResponseDelayer::after(std::chrono::milliseconds delay, std::function<void()> send) {
  {
    std::lock_guard lock(mutex_);
    if (running_) {
      due_.emplace(std::chrono::steady_clock::now() + delay, std::move(send));
      wake_.notify_all();
      return;
    }
  }
  send();
}

void ResponseDelayer::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (!running_) break;
    if (due_.empty()) {
      wake_.wait(lock);
      continue;
    }
    const auto next = due_.begin()->first;
    if (std::chrono::steady_clock::now() < next) {
      wake_.wait_until(lock, next);
      continue;
    }
    auto send = std::move(due_.begin()->second);
    due_.erase(due_.begin());
    lock.unlock();
    send();
    lock.lock();
  }
  // Stopping: whatever is still waiting goes out now.
  std::vector<std::function<void()>> left;
  for (auto& [when, send] : due_) left.push_back(std::move(send));
  due_.clear();
  lock.unlock();
  for (auto& send : left) send();
}

}  // namespace dynastore::server
