#include "storage/rocksdb/write_recovery.h"

#include <spdlog/spdlog.h>

namespace dynastore::storage {

namespace {

Status unavailable(const std::string& failure) {
  return Status::unavailable("writes are failing (" + failure + "); reads are served");
}

}  // namespace

Status WriteRecovery::before_write(rocksdb::DB& db) {
  if (!failing_.load(std::memory_order_acquire)) return Status::ok();
  std::lock_guard lock(mutex_);
  if (!failure_) return Status::ok();
  const auto now = std::chrono::steady_clock::now();
  if (now - last_attempt_ < kRetryInterval) return unavailable(*failure_);
  last_attempt_ = now;
  const auto resumed = db.Resume();
  if (!resumed.ok()) return unavailable(*failure_);
  spdlog::info("storage: writes work again (after: {})", *failure_);
  failure_.reset();
  recoveries_.fetch_add(1, std::memory_order_acq_rel);
  failing_.store(false, std::memory_order_release);
  return Status::ok();
}

bool WriteRecovery::stops_writes(const rocksdb::Status& written) {
  return written.IsIOError() || written.IsCorruption() || written.IsNoSpace();
}

Status WriteRecovery::stopped_by(const rocksdb::Status& written) {
  std::lock_guard lock(mutex_);
  if (!failure_) {
    failure_ = written.ToString();
    failing_.store(true, std::memory_order_release);
    last_attempt_ = std::chrono::steady_clock::now();
    spdlog::error("storage: writes are failing, reads are served; will retry every {} ms: {}",
                  kRetryInterval.count(), *failure_);
  }
  return unavailable(*failure_);
}

Status WriteRecovery::health() const {
  std::lock_guard lock(mutex_);
  return failure_ ? unavailable(*failure_) : Status::ok();
}

}  // namespace dynastore::storage
