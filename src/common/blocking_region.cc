#include "dynastore/common/blocking_region.h"

#include <atomic>

namespace dynastore {

namespace {

std::atomic<PendingWork*> pending_work{nullptr};

thread_local BlockingObserver* thread_observer = nullptr;
// Only the outermost of nested regions is told: the thread waits once.
thread_local int thread_depth = 0;

}  // namespace

BlockingRegion::BlockingRegion() : observer_(thread_depth == 0 ? thread_observer : nullptr) {
  if (thread_depth++ == 0) {
    if (PendingWork* work = pending_work.load(std::memory_order_acquire)) work->finish_now();
  }
  if (observer_ != nullptr) observer_->entering();
}

BlockingRegion::~BlockingRegion() {
  --thread_depth;
  if (observer_ != nullptr) observer_->left();
}

void BlockingRegion::observe_this_thread(BlockingObserver* observer) { thread_observer = observer; }

void BlockingRegion::finish_before_waiting(PendingWork* work) { pending_work.store(work, std::memory_order_release); }

}  // namespace dynastore
