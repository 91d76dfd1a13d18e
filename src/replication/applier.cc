#include "replication/applier.h"

#include <pthread.h>

namespace dynastore::replication {

Applier::Applier(ApplyOne apply_one, std::size_t max_queued_bytes)
    : apply_one_(std::move(apply_one)), max_queued_bytes_(max_queued_bytes), thread_([this] { run(); }) {
  pthread_setname_np(thread_.native_handle(), "raft-apply");
}

Applier::~Applier() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_.notify_one();
  thread_.join();
}

bool Applier::push(std::uint64_t index, std::string_view entry, bool proposed_here) {
  std::unique_lock lock(mutex_);
  room_.wait(lock, [this] { return tasks_.empty() || queued_bytes_ < max_queued_bytes_ || !failure_.is_ok(); });
  if (!failure_.is_ok()) return false;
  queued_bytes_ += entry.size();
  tasks_.push_back(Task{index, std::string(entry), proposed_here, nullptr});
  const bool was_idle = tasks_.size() == 1 && !busy_;
  lock.unlock();
  if (was_idle) work_.notify_one();
  return true;
}

void Applier::then(Then then) {
  std::unique_lock lock(mutex_);
  if (tasks_.empty() && !busy_) {
    const Status outcome = failure_;
    lock.unlock();
    then(outcome);
    return;
  }
  // After the last entry queued, or as a task of its own behind one being run.
  if (!tasks_.empty() && tasks_.back().index != 0 && !tasks_.back().then) {
    tasks_.back().then = std::move(then);
  } else {
    tasks_.push_back(Task{0, {}, false, std::move(then)});
  }
}

void Applier::wait_idle() {
  std::unique_lock lock(mutex_);
  // Also after a failure: the entries queued behind it are passed over
  // quickly, each `then` told the error, and a caller that waited must see
  // them told (it returned before they were, under load).
  room_.wait(lock, [this] { return tasks_.empty() && !busy_; });
}

Status Applier::failure() const {
  std::lock_guard lock(mutex_);
  return failure_;
}

void Applier::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    work_.wait(lock, [this] { return !tasks_.empty() || stopping_; });
    if (tasks_.empty()) return;  // stopping, with everything written
    Task task = std::move(tasks_.front());
    tasks_.pop_front();
    busy_ = true;
    Status outcome = failure_;
    lock.unlock();
    if (task.index != 0 && outcome.is_ok()) outcome = apply_one_(task.index, task.entry, task.proposed_here);
    if (task.then) task.then(outcome);
    lock.lock();
    if (!outcome.is_ok() && failure_.is_ok()) failure_ = outcome;
    queued_bytes_ -= task.entry.size();
    busy_ = false;
    room_.notify_all();
  }
}

}  // namespace dynastore::replication
