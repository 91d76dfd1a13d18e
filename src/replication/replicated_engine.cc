#include "dynastore/replication/replicated_engine.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>

#include "dynastore/common/blocking_region.h"
#include "replication/applier.h"
#include "replication/apply_record.h"
#include "replication/raft_loop.h"

namespace dynastore::replication {

namespace {

// One request thread waiting for the loop thread's answer.
class Waiter {
 public:
  void finish(const Status& status) {
    {
      std::lock_guard lock(mutex_);
      status_ = status;
      done_ = true;
    }
    // After the lock: a thread woken while it is held only blocks on it
    // again (two more futex calls and a context switch per write). The
    // waiter's shared_ptr, held by the caller too, keeps this alive.
    ready_.notify_one();
  }
  // The answer, or nullopt when none came within `timeout`.
  std::optional<Status> wait(std::chrono::milliseconds timeout) {
    const BlockingRegion waiting;
    std::unique_lock lock(mutex_);
    if (!ready_.wait_for(lock, timeout, [this] { return done_; })) return std::nullopt;
    return status_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  bool done_ = false;
  Status status_;
};

class Replica final : public ReplicatedEngine, private StateMachine {
 public:
  Replica(const ClusterOptions& options, std::unique_ptr<storage::KvEngine> local, std::uint64_t applied,
          std::map<std::uint64_t, std::string> directory)
      : options_(options),
        local_(std::move(local)),
        applied_(applied),
        taken_(applied),
        directory_(std::move(directory)),
        applier_([this](std::uint64_t index, std::string_view entry,
                        bool proposed_here) { return store(index, entry, proposed_here); },
                 kMaxQueuedEntryBytes),
        loop_(options, *this) {}
  ~Replica() override { stop(); }

  Status start() { return loop_.start(); }
  void stop() override {
    loop_.stop();
    applier_.wait_idle();  // what was committed before is in the store
  }

  // Reads: this replica's applied state.
  Result<std::optional<std::string>> get(storage::Column column, std::string_view key) override {
    return local_->get(column, key);
  }
  std::unique_ptr<storage::Iterator> scan(storage::Column column, std::string_view lower,
                                          std::string_view upper) override {
    return local_->scan(column, lower, upper);
  }
  Result<storage::Counters> get_counters(storage::Column column, std::string_view key) override {
    return local_->get_counters(column, key);
  }
  std::unique_ptr<storage::Snapshot> snapshot() override { return local_->snapshot(); }
  std::uint64_t visible_sequence() const override { return local_->visible_sequence(); }
  Status sync_log() override { return local_->sync_log(); }
  Status checkpoint(const std::string& directory) override { return local_->checkpoint(directory); }
  Status write_health() const override { return local_->write_health(); }
  std::uint64_t write_recoveries() const override { return local_->write_recoveries(); }
  void stats(std::vector<storage::EngineStat>& out) const override { local_->stats(out); }

  Status write(const storage::WriteBatch& batch) override {
    if (!loop_.serving()) return Status::unavailable(std::string(kNotLeader));
    auto waiter = std::make_shared<Waiter>();
    loop_.propose(encode_entry(batch), [waiter](const Status& status) { waiter->finish(status); });
    return wait(*waiter, "the write");
  }

  // Proposed, and answered by the loop thread once applied (or failed):
  // no thread waits for it (storage/deferred_commit.h).
  Status write_deferred(storage::WriteBatch&& batch, storage::DeferredCommit& commit) override {
    if (!loop_.serving()) return Status::unavailable(std::string(kNotLeader));
    loop_.propose(encode_entry(batch), commit.claim());
    return Status::ok();
  }

  Status confirm_leadership() override {
    if (!loop_.serving()) return Status::unavailable(std::string(kNotLeader));
    auto waiter = std::make_shared<Waiter>();
    loop_.barrier([waiter](const Status& status) { waiter->finish(status); });
    return wait(*waiter, "leadership");
  }

  bool is_serving_leader() const override { return loop_.serving(); }
  std::uint64_t applied_index() const override { return applied_.load(std::memory_order_acquire); }

  // The member directory follows the entries that change it.
  void note_members(const storage::WriteBatch& batch) {
    for (const auto& op : batch.ops()) {
      if (op.column != storage::Column::kSystem) continue;
      auto id = member_of_key(op.key);
      if (!id) continue;
      std::lock_guard lock(directory_mutex_);
      if (op.kind == storage::WriteBatch::OpKind::kPut) {
        directory_[*id] = op.value;
      } else if (op.kind == storage::WriteBatch::OpKind::kErase) {
        directory_.erase(*id);
      }
    }
  }

  bool wait_applied(std::uint64_t index, std::chrono::milliseconds limit) const override {
    if (applied_index() >= index) return true;
    const BlockingRegion waiting;
    std::unique_lock lock(applied_mutex_);
    ++applied_waiters_;
    const bool reached = applied_changed_.wait_for(lock, limit, [&] { return applied_index() >= index; });
    --applied_waiters_;
    return reached;
  }
  NodeStatus status() const override {
    // Applied by the loop (which a restarted replica replays from its last
    // snapshot) and in the store (which the loop's may be ahead of).
    NodeStatus now = loop_.status();
    now.applied_index = std::min(now.applied_index, applied_index());
    return now;
  }
  std::string leader_api_address() const override { return loop_.leader_api_address(); }
  std::string api_address_of(std::uint64_t member_id) const override {
    std::lock_guard lock(directory_mutex_);
    auto it = directory_.find(member_id);
    return it == directory_.end() ? std::string() : it->second;
  }

  Status add_member(const ClusterMember& member) override {
    // The directory first, so every node can relay to the member once it leads.
    storage::WriteBatch record;
    record.put(storage::Column::kSystem, member_key(member.id), member.api_address);
    if (auto s = write(record); !s.is_ok()) return s;
    if (auto s = change(RaftLoop::Change::kAddSpare, member.id, member.raft_address, options_.commit_timeout);
        !s.is_ok()) {
      return s;
    }
    return change(RaftLoop::Change::kMakeVoter, member.id, {}, kCatchUpTimeout);
  }

  Status remove_member(std::uint64_t member_id) override {
    if (auto s = change(RaftLoop::Change::kRemove, member_id, {}, options_.commit_timeout); !s.is_ok()) return s;
    storage::WriteBatch record;
    record.erase(storage::Column::kSystem, member_key(member_id));
    return write(record);
  }

  void add_apply_listener(ApplyListener listener) override {
    std::lock_guard lock(listeners_mutex_);
    apply_listeners_.push_back(std::move(listener));
  }
  void add_leadership_listener(std::function<void()> listener) override {
    std::lock_guard lock(listeners_mutex_);
    leadership_listeners_.push_back(std::move(listener));
  }
  void add_data_copy_listener(std::function<void()> listener) override {
    std::lock_guard lock(listeners_mutex_);
    data_copy_listeners_.push_back(std::move(listener));
  }

 private:
  // A member being made a voter first catches up with the log.
  static constexpr std::chrono::milliseconds kCatchUpTimeout{120000};

  Status wait(Waiter& waiter, std::string_view what, std::chrono::milliseconds timeout) {
    auto answer = waiter.wait(timeout);
    if (answer) return *answer;
    return Status::unavailable(std::string(what) + " was not confirmed by a majority of the cluster within " +
                               std::to_string(timeout.count()) + " ms (no quorum?)");
  }
  Status wait(Waiter& waiter, std::string_view what) { return wait(waiter, what, options_.commit_timeout); }

  Status change(RaftLoop::Change kind, std::uint64_t id, std::string raft_address, std::chrono::milliseconds timeout) {
    if (!loop_.serving()) return Status::unavailable(std::string(kNotLeader));
    auto waiter = std::make_shared<Waiter>();
    loop_.change_member(kind, id, std::move(raft_address), [waiter](const Status& status) { waiter->finish(status); });
    return wait(*waiter, "the membership change", timeout);
  }

  // StateMachine, on the loop thread: the applier writes the entry.
  int apply(std::uint64_t index, std::string_view entry, bool proposed_here) override {
    if (index <= taken_) return 0;  // replayed after a restart: the store has it
    if (!applier_.push(index, entry, proposed_here)) return RAFT_IOERR;
    taken_ = index;
    return 0;
  }
  void after_stored(std::function<void(const Status&)> then) override { applier_.then(std::move(then)); }
  void wait_stored() override { applier_.wait_idle(); }

  // On the applier's thread, in order.
  Status store(std::uint64_t index, std::string_view entry, bool proposed_here) {
    auto batches = decode_entries(entry);
    if (!batches.is_ok()) {
      // Every replica holds the same bytes and fails the same way: skipping
      // keeps them equal (the leader encoded it, so this is a bug or damage).
      spdlog::error("replication: entry {} is not a write batch ({}); skipped", index, batches.status().to_string());
      batches = std::vector<storage::WriteBatch>();
    }
    // The proposals an entry carries apply in one write: each was planned
    // under its items' locks, so no two of them touch the same item.
    storage::WriteBatch changes;
    for (auto& batch : batches.value()) changes.append(std::move(batch));
    changes.put(storage::Column::kSystem, kAppliedIndexKey, encode_applied_index(index));
    if (auto s = local_->write(changes); !s.is_ok()) {
      spdlog::critical("replication: cannot apply entry {}: {}; this replica stops", index, s.to_string());
      return s;
    }
    note_members(changes);
    // Memory first, then the index: whoever waits for this index
    // (wait_applied) then reads a catalog that has the entry too.
    if (!proposed_here) {
      std::lock_guard lock(listeners_mutex_);
      for (const auto& listener : apply_listeners_) listener(changes);
    }
    {
      std::lock_guard lock(applied_mutex_);
      applied_.store(index, std::memory_order_release);
      if (applied_waiters_ > 0) applied_changed_.notify_all();
    }
    return Status::ok();
  }

  Result<std::string> snapshot(std::uint64_t index) override {
    applier_.wait_idle();
    if (auto failure = applier_.failure(); !failure.is_ok()) return failure;
    // The log before `index` is dropped after this: what it changed must be
    // on stable storage first, not only in the operating system's hands.
    if (auto s = local_->sync_log(); !s.is_ok()) return s;
    return encode_snapshot_descriptor(index);
  }

  bool restore(std::string_view descriptor) override {
    auto index = decode_snapshot_descriptor(descriptor);
    if (!index) {
      spdlog::error("replication: a snapshot descriptor that is not ours");
      return false;
    }
    applier_.wait_idle();
    const std::uint64_t applied = applied_.load(std::memory_order_relaxed);
    if (applied >= *index) return true;
    spdlog::error(
        "replication: this replica applied up to entry {} but the cluster's log now starts after {}: it needs a copy "
        "of the data (docs/replication.md, \"Replacing a node\")",
        applied, *index);
    return false;
  }

  void on_serving() override {
    std::lock_guard lock(listeners_mutex_);
    for (const auto& listener : leadership_listeners_) listener();
  }

  void on_data_copy_needed() override {
    std::lock_guard lock(listeners_mutex_);
    for (const auto& listener : data_copy_listeners_) listener();
  }

  // Entries taken and not yet written, at most (a follower catching up
  // takes them faster than the store writes them).
  static constexpr std::size_t kMaxQueuedEntryBytes = 64u << 20;

  const ClusterOptions options_;
  const std::unique_ptr<storage::KvEngine> local_;
  std::atomic<std::uint64_t> applied_;  // in the store
  std::uint64_t taken_;                 // loop thread: handed to the applier
  mutable std::mutex directory_mutex_;
  std::map<std::uint64_t, std::string> directory_;  // member id -> API address
  mutable std::mutex applied_mutex_;             // for waiters of applied_
  mutable std::condition_variable applied_changed_;
  mutable int applied_waiters_ = 0;              // guarded by applied_mutex_
  std::mutex listeners_mutex_;
  std::vector<ApplyListener> apply_listeners_;
  std::vector<std::function<void()>> leadership_listeners_;
  std::vector<std::function<void()>> data_copy_listeners_;
  Applier applier_;  // stopped after the loop: writes what it took first
  RaftLoop loop_;    // last: stopped (by ~Replica) before the rest goes
};

}  // namespace

Result<std::unique_ptr<ReplicatedEngine>> ReplicatedEngine::open(const ClusterOptions& options,
                                                                 std::unique_ptr<storage::KvEngine> local) {
  auto stored = local->get(storage::Column::kSystem, kAppliedIndexKey);
  if (!stored.is_ok()) return stored.status();
  std::uint64_t applied = 0;
  if (stored.value()) {
    auto decoded = decode_applied_index(*stored.value());
    if (!decoded) return Status::corruption("the stored replication index is damaged");
    applied = *decoded;
  }
  // The member directory: the members named at start, then those added since.
  std::map<std::uint64_t, std::string> directory;
  for (const auto& member : options.members) directory[member.id] = member.api_address;
  std::string end(kMemberPrefix);
  end.back() = static_cast<char>(end.back() + 1);
  auto records = local->scan(storage::Column::kSystem, kMemberPrefix, end);
  for (records->seek_to_first(); records->valid(); records->next()) {
    if (auto id = member_of_key(records->key())) directory[*id] = std::string(records->value());
  }
  if (!records->status().is_ok()) return records->status();
  records.reset();
  auto replica = std::make_unique<Replica>(options, std::move(local), applied, std::move(directory));
  if (auto s = replica->start(); !s.is_ok()) return s;
  return std::unique_ptr<ReplicatedEngine>(std::move(replica));
}

}  // namespace dynastore::replication
