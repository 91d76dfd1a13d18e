// Sends answers late without holding an I/O thread: an injected delay
// (api/fault_injector.h) holds an answer (http::HttpResponse::hold) and
// hands its send to after(), whose own thread calls it when it is due.
// Private to src/server.
//
// Thread-safety: after() from any thread; start() and stop() from the
// owning thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace dynastore::server {

class ResponseDelayer {
 public:
  ResponseDelayer() = default;
  ~ResponseDelayer() { stop(); }
  ResponseDelayer(const ResponseDelayer&) = delete;
  ResponseDelayer& operator=(const ResponseDelayer&) = delete;

  void start();
  // Runs every callback still waiting at once (their answers go out early
  // rather than never), then joins the thread. Afterwards after() runs its
  // callback at once.
  void stop();

  // Runs `send` on the delayer's thread once `delay` has passed. It must
  // not throw.
  void after(std::chrono::milliseconds delay, std::function<void()> send);

 private:
  void loop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::multimap<std::chrono::steady_clock::time_point, std::function<void()>> due_;  // guarded by mutex_
  bool running_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace dynastore::server
