// Keeps a flood of one event from becoming a flood of log lines: the first
// occurrence is logged at once, later ones at most once per interval, with
// how many went unlogged in between.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>

namespace dynastore {

// Thread-safe. The mutex is taken only for events worth a warning, which
// are rare by nature (refusals, failures), never on a request's good path.
class LogThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LogThrottle(Clock::duration interval) : interval_(interval) {}

  // Counts one event. Returns how many events to report (this one and those
  // held back since the last report) when it is time to log, else nullopt.
  std::optional<std::uint64_t> note(Clock::time_point now = Clock::now()) {
    std::lock_guard lock(mutex_);
    ++unlogged_;
    if (logged_once_ && now - last_logged_ < interval_) return std::nullopt;
    logged_once_ = true;
    last_logged_ = now;
    const std::uint64_t count = unlogged_;
    unlogged_ = 0;
    return count;
  }

 private:
  const Clock::duration interval_;
  std::mutex mutex_;
  bool logged_once_ = false;
  Clock::time_point last_logged_{};
  std::uint64_t unlogged_ = 0;
};

}  // namespace dynastore
