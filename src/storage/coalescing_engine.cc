#include "dynastore/storage/coalescing_engine.h"

#include <algorithm>
#include <utility>

namespace dynastore::storage {

namespace {

// A group this large is written at once rather than at the turn's end: the
// turn's other writes need not wait behind a bulk load's (and memory stays
// bounded whatever a turn reads).
constexpr std::size_t kMaxGroupBytes = 4u << 20;
// Distinct counters summed per group: past this, more additions are
// appended as they come (a table with a local secondary index has one per
// item collection, and the search for a match is linear).
constexpr std::size_t kMaxSummedCounters = 32;

// After this many groups of one write in a row, writes are made at once...
constexpr std::size_t kLoneGroupsBeforeAtOnce = 4;
// ...but one in this many is still gathered, to notice company.
constexpr std::size_t kProbeEvery = 16;

std::size_t byte_size(const WriteBatch::Op& op) { return op.key.size() + op.value.size() + 16; }

}  // namespace

CoalescingEngine::CoalescingEngine(std::unique_ptr<KvEngine> inner, AfterTurn after_turn)
    : inner_(std::move(inner)), after_turn_(std::move(after_turn)) {}

CoalescingEngine::~CoalescingEngine() { write_group(); }

Status CoalescingEngine::write_deferred(WriteBatch&& batch, DeferredCommit& commit) {
  bool first = false;
  bool full = false;
  {
    std::unique_lock lock(mutex_);
    first = pending_.done.empty();
    if (first && lone_groups_ >= kLoneGroupsBeforeAtOnce && ++made_at_once_ % kProbeEvery != 0) {
      lock.unlock();
      return inner_->write(batch);  // unclaimed: answered as any write is
    }
    add(std::move(batch), pending_);
    pending_.done.push_back(commit.claim());
    full = pending_.bytes >= kMaxGroupBytes;
  }
  if (full || (first && !after_turn_([this] { write_group(); }))) write_group();
  return Status::ok();
}

Status CoalescingEngine::write(const WriteBatch& batch) {
  write_group();
  return inner_->write(batch);
}

Status CoalescingEngine::checkpoint(const std::string& directory) {
  write_group();
  return inner_->checkpoint(directory);
}

void CoalescingEngine::stats(std::vector<EngineStat>& out) const {
  inner_->stats(out);
  out.push_back({"write_groups_total",
                 "Store writes made for item writes gathered in an event-loop turn (one per group).", true,
                 static_cast<double>(groups_written_.load(std::memory_order_relaxed))});
  out.push_back({"grouped_writes_total", "Item writes made as part of such a group.", true,
                 static_cast<double>(writes_grouped_.load(std::memory_order_relaxed))});
}

void CoalescingEngine::add(WriteBatch&& batch, Group& group) {
  group.batch.reserve(group.batch.size() + batch.size());
  for (WriteBatch::Op& op : batch.take_ops()) {
    group.bytes += byte_size(op);
    if (op.kind == WriteBatch::OpKind::kAddCounters) {
      // Additions commute: one of their sum, where the first was, reads the
      // same once the group is written, for one merge instead of many.
      auto same = std::find_if(group.counters.begin(), group.counters.end(), [&](const SummedCounter& counter) {
        return counter.column == op.column && counter.key == op.key;
      });
      if (same != group.counters.end()) {
        group.batch.add_to_counters(same->at, decode_counters(op.value));
        continue;
      }
      if (group.counters.size() < kMaxSummedCounters) group.counters.push_back({op.column, op.key, group.batch.size()});
    } else {
      // A counter set or removed outright: later additions to it must come
      // after that (summed with each other from here on, not with earlier
      // ones).
      std::erase_if(group.counters, [&](const SummedCounter& counter) {
        return counter.column == op.column &&
               (op.kind == WriteBatch::OpKind::kEraseRange
                    ? counter.key >= op.key && (op.value.empty() || counter.key < op.value)
                    : counter.key == op.key);
      });
    }
    group.batch.append(std::move(op));
  }
}

void CoalescingEngine::Group::clear() {
  batch.clear();
  done.clear();
  counters.clear();
  bytes = 0;
}

void CoalescingEngine::write_group() {
  std::vector<DeferredCommit::Done> done;
  Status written;
  {
    std::lock_guard writing(writing_);
    {
      std::lock_guard lock(mutex_);
      if (pending_.done.empty()) return;
      std::swap(in_flight_, pending_);
      lone_groups_ = in_flight_.done.size() == 1 ? lone_groups_ + 1 : 0;
    }
    written = inner_->write(in_flight_.batch);
    groups_written_.fetch_add(1, std::memory_order_relaxed);
    writes_grouped_.fetch_add(in_flight_.done.size(), std::memory_order_relaxed);
    done.swap(in_flight_.done);
    in_flight_.clear();
  }
  // Releases the items' locks and sends the answers (or their errors), not
  // holding writing_: what they run may write.
  for (auto& release : done) release(written);
}

}  // namespace dynastore::storage
