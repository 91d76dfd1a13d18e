// An engine that defers every write it may (storage/deferred_commit.h), as
// a cluster's leader does, and holds it until the test commits or fails it.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <mutex>
#include <utility>
#include <vector>

#include "dynastore/storage/deferred_commit.h"
#include "testutil/forwarding_engine.h"

namespace dynastore::testutil {

// Holds each deferred batch until the test commits it, as a Raft log does
// until a majority has it: then writes it and tells the outcome.
class DeferringEngine final : public ForwardingEngine {
 public:
  using ForwardingEngine::ForwardingEngine;

  Status write(const storage::WriteBatch& batch) override {
    ++blocking_writes;
    return ForwardingEngine::write(batch);
  }
  Status write_deferred(storage::WriteBatch&& batch, storage::DeferredCommit& commit) override {
    std::lock_guard lock(mutex_);
    pending_.push_back({std::move(batch), commit.claim()});
    return Status::ok();
  }

  std::size_t pending() {
    std::lock_guard lock(mutex_);
    return pending_.size();
  }
  // Commits (writes) or fails the oldest pending batch, on this thread.
  void finish_oldest(bool commit) {
    Pending oldest;
    {
      std::lock_guard lock(mutex_);
      ASSERT_FALSE(pending_.empty());
      oldest = std::move(pending_.front());
      pending_.erase(pending_.begin());
    }
    if (commit) {
      auto s = inner().write(oldest.batch);
      ASSERT_TRUE(s.is_ok()) << s.to_string();
      oldest.done(Status::ok());
    } else {
      oldest.done(Status::unavailable("leadership lost"));
    }
  }

  std::atomic<int> blocking_writes{0};

 private:
  struct Pending {
    storage::WriteBatch batch;
    storage::DeferredCommit::Done done;
  };
  std::mutex mutex_;
  std::vector<Pending> pending_;
};

}  // namespace dynastore::testutil
