#include "dynastore/storage/deferred_commit.h"

#include <condition_variable>
#include <mutex>
#include <utility>
#include <vector>

#include "dynastore/common/blocking_region.h"

namespace dynastore::storage {

namespace {

thread_local DeferredCommit* open_deferral = nullptr;

}  // namespace

// Shared by the request and the callback the engine holds: whichever of
// them goes last frees it.
struct DeferredCommit::State {
  std::mutex mutex;
  std::condition_variable known_changed;  // for settle()
  bool known = false;
  Status outcome;
  std::vector<Done> releases;  // in the order given: the answer's last

  void finish(const Status& status) {
    std::vector<Done> to_release;
    {
      std::lock_guard lock(mutex);
      if (known) return;
      known = true;
      outcome = status;
      to_release.swap(releases);
    }
    known_changed.notify_all();
    // In order, so what the write held goes before the answer: a client
    // told of the outcome may write the same items at once, or read the
    // stream record it made.
    for (auto& release : to_release) release(status);
  }
};

DeferredCommit::DeferredCommit() : state_(std::make_shared<State>()) {}

DeferredCommit::Scope::Scope(DeferredCommit* commit) : previous_(open_deferral) { open_deferral = commit; }

DeferredCommit::Scope::~Scope() { open_deferral = previous_; }

DeferredCommit* DeferredCommit::current() { return open_deferral; }

DeferredCommit::Done DeferredCommit::claim() {
  claimed_ = true;
  return [state = state_](const Status& status) { state->finish(status); };
}

void DeferredCommit::after_outcome(Done release) {
  Status outcome;
  {
    std::lock_guard lock(state_->mutex);
    if (!state_->known) {
      state_->releases.push_back(std::move(release));
      return;
    }
    outcome = state_->outcome;
  }
  release(outcome);
}

void DeferredCommit::settle() {
  if (!claimed_) return;
  const BlockingRegion waiting;
  std::unique_lock lock(state_->mutex);
  state_->known_changed.wait(lock, [this] { return state_->known; });
}

}  // namespace dynastore::storage
