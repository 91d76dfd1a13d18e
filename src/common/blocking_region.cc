#include "dynastore/common/blocking_region.h"

namespace dynastore {

namespace {

thread_local BlockingObserver* thread_observer = nullptr;
// Only the outermost of nested regions is told: the thread waits once.
thread_local int thread_depth = 0;

}  // namespace

BlockingRegion::BlockingRegion() : observer_(thread_depth++ == 0 ? thread_observer : nullptr) {
  if (observer_ != nullptr) observer_->entering();
}

BlockingRegion::~BlockingRegion() {
  --thread_depth;
  if (observer_ != nullptr) observer_->left();
}

void BlockingRegion::observe_this_thread(BlockingObserver* observer) { thread_observer = observer; }

}  // namespace dynastore
