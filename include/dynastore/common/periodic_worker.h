// PeriodicWorker: a background thread that calls `step` again and again.
// A step returns whether it did work; after one that did not, the thread
// sleeps `idle` (or until stop()), so an idle worker costs nothing.
//
// A gate, when given to start(), is asked before every step: while it says
// no, the worker skips its steps and sleeps (in a cluster, only the leader
// runs the background work whose writes only the leader may make).
//
// Thread-safety: start() and stop() from one owning thread. `step` runs on
// the worker's thread only; an exception it throws is logged and the loop
// goes on.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace dynastore {

class PeriodicWorker {
 public:
  PeriodicWorker(std::string name, std::chrono::milliseconds idle, std::function<bool()> step)
      : name_(std::move(name)), idle_(idle), step_(std::move(step)) {}
  ~PeriodicWorker() { stop(); }
  PeriodicWorker(const PeriodicWorker&) = delete;
  PeriodicWorker& operator=(const PeriodicWorker&) = delete;

  using Gate = std::function<bool()>;
  void start(Gate gate = {});
  void stop();  // waits for a step in progress to finish

 private:
  void loop();

  const std::string name_;
  const std::chrono::milliseconds idle_;
  const std::function<bool()> step_;
  Gate gate_;  // set by start(), before the thread exists
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

}  // namespace dynastore
