#include "dynastore/storage/snapshot_history.h"

#include <algorithm>

namespace dynastore::storage {

namespace {

// Sixteen snapshots per max_age: a read's staleness is drawn to within
// max_age / 16, for a bounded number of snapshots held.
constexpr int kSnapshotsPerMaxAge = 16;

std::chrono::milliseconds interval_for(std::chrono::milliseconds max_age) {
  return std::max(std::chrono::milliseconds(1), max_age / kSnapshotsPerMaxAge);
}

}  // namespace

SnapshotHistory::SnapshotHistory(KvEngine& engine, std::chrono::milliseconds max_age, std::uint64_t seed,
                                 std::function<Clock::time_point()> now)
    : engine_(engine),
      max_age_(max_age),
      interval_(interval_for(max_age)),
      now_(std::move(now)),
      random_(seed),
      worker_("snapshot history", interval_, [this] {
        capture();
        return false;  // then sleep one interval
      }) {}

SnapshotHistory::~SnapshotHistory() { stop(); }

void SnapshotHistory::start() { worker_.start(); }

void SnapshotHistory::stop() { worker_.stop(); }

void SnapshotHistory::capture() {
  // The time first: a write finished before it is in the snapshot, so a
  // snapshot is never older than its time says.
  const Clock::time_point at = now_();
  std::shared_ptr<const Snapshot> snapshot = engine_.snapshot();
  std::lock_guard lock(mutex_);
  taken_.push_back({at, std::move(snapshot)});
  drop_older_than_max_age(at);
}

void SnapshotHistory::drop_older_than_max_age(Clock::time_point now) {
  while (!taken_.empty() && now - taken_.front().at > max_age_) taken_.pop_front();
}

std::shared_ptr<const Snapshot> SnapshotHistory::pick() {
  const Clock::time_point now = now_();
  std::lock_guard lock(mutex_);
  drop_older_than_max_age(now);
  if (taken_.empty()) return nullptr;
  // A whole number of microseconds in [0, max_age]: the modulo's bias is
  // below 2^-40 for any lag a flag allows.
  const auto span_us = std::chrono::duration_cast<std::chrono::microseconds>(max_age_).count();
  const auto back = std::chrono::microseconds(static_cast<std::int64_t>(random_() % (span_us + 1)));
  const Clock::time_point moment = now - back;
  // The newest snapshot taken at or before the moment; the oldest held
  // (young enough: dropped above otherwise) when the moment predates all.
  auto after = std::upper_bound(taken_.begin(), taken_.end(), moment,
                                [](Clock::time_point m, const Taken& t) { return m < t.at; });
  return after == taken_.begin() ? taken_.front().snapshot : std::prev(after)->snapshot;
}

std::size_t SnapshotHistory::size() const {
  std::lock_guard lock(mutex_);
  return taken_.size();
}

}  // namespace dynastore::storage
