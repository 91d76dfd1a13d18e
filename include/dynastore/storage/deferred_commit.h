// DeferredCommit: a request's write whose outcome is told later, on another
// thread, and the answer that waits for it - so no thread sleeps meanwhile.
//
// A replicated write is committed by the Raft loop's thread. Blocking the
// request's thread until then took 64 I/O threads and three context
// switches per write on the leader (docs/replication.md). Instead a request
// that may (the HTTP adapter opens a Scope for operations whose one item
// write ends them) lets the engine propose its write and return at once; the
// item store hands what it must keep until the outcome (the items' locks,
// stream positions) to after_outcome(); the answer, built as if the write
// succeeded, is held until when_known() hears the outcome: sent when the
// write is committed and applied, replaced by an error when it is not. The
// client sees exactly what a blocking write would have shown it.
//
// One write per request is deferred (claimed()); a later write on the
// same request first waits for that one's outcome (settle()), so a request
// never waits on locks it holds itself.
//
// Thread-safety: finish (the callback claim() returns), after_outcome(),
// when_known() and settle() may run on any threads, in any order; the
// first outcome told counts. Scope is per thread.
#pragma once

#include <functional>
#include <memory>
#include <utility>

#include "dynastore/common/status.h"

namespace dynastore::storage {

class DeferredCommit {
 public:
  using Done = std::function<void(const Status&)>;

  DeferredCommit();

  // While alive, writes on this thread may be deferred into `commit`
  // (nullptr: none may). Scopes nest; the innermost counts.
  class Scope {
   public:
    explicit Scope(DeferredCommit* commit);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    DeferredCommit* previous_;
  };
  // The deferral open on this thread, or nullptr.
  static DeferredCommit* current();

  // Takes the deferral for one write: the engine calls what this returns
  // once, from any thread, with the write's outcome.
  Done claim();
  // Whether a write took it: no other write of the request may.
  bool claimed() const { return claimed_; }

  // For the item store (and the API's request record), after a write it saw
  // deferred: `release` gets the outcome once it is known, before the answer
  // is sent (at once, when known already).
  void after_outcome(Done release);
  // Blocks until the outcome is known (nothing to wait for when unclaimed).
  void settle();

  // For the request's owner, once its answer is built: `then` gets the
  // outcome, at once when it is known already. Registered after every
  // after_outcome() of the request (those run while it is handled), it runs
  // after them.
  void when_known(Done then) { after_outcome(std::move(then)); }

 private:
  struct State;
  std::shared_ptr<State> state_;
  bool claimed_ = false;  // only the request's own thread reads and sets it
};

}  // namespace dynastore::storage
