// SpareThreads: lends the io_context another thread for as long as one of
// its threads waits inside a BlockingRegion (common/blocking_region.h), so
// a server with few I/O threads keeps serving its other connections while
// one request waits for the cluster.
//
// A spare runs handlers one at a time and goes back to sleep once fewer
// threads wait than spares run; spares are started on demand, kept for
// later, and capped (past the cap a waiting thread simply waits, as every
// thread did before).
//
// Thread-safety: entering() and left() from any I/O thread; stop() once,
// after the io_context was stopped. Private to src/http.
#pragma once

#include <cstddef>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "dynastore/common/blocking_region.h"
#include "http/beast.h"

namespace dynastore::http::detail {

class SpareThreads final : public BlockingObserver {
 public:
  SpareThreads(net::io_context& ioc, std::size_t max_spares) : ioc_(ioc), max_spares_(max_spares) {}
  ~SpareThreads() override { stop(); }
  SpareThreads(const SpareThreads&) = delete;
  SpareThreads& operator=(const SpareThreads&) = delete;

  void entering() override;
  void left() override;

  // Wakes and joins every spare. Call once the io_context is stopped.
  void stop();

  // How many spares were started (for tests).
  std::size_t started() const;

 private:
  void run_spare();

  net::io_context& ioc_;
  const std::size_t max_spares_;
  mutable std::mutex mutex_;
  std::condition_variable wanted_;
  std::size_t waiting_ = 0;  // I/O threads (and spares) inside a region
  std::size_t lending_ = 0;  // spares running the io_context
  std::size_t idle_ = 0;     // spares asleep on wanted_
  bool stopping_ = false;
  std::vector<std::thread> spares_;
};

}  // namespace dynastore::http::detail
