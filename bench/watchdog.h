// Enforces per-request timeouts for the HttpClients of one io_context, and a
// hard stop for the whole run: past `hard_stop` it closes every socket, so no
// call can keep the process alive however the server behaves.
//
// Thread-safety: none; lives on the io_context of the clients it watches.
#pragma once

#include <chrono>
#include <vector>

#include "asio.h"
#include "http_client.h"

namespace dynastore::bench {

class Watchdog {
 public:
  Watchdog(net::io_context& io, std::chrono::steady_clock::time_point hard_stop) : timer_(io), hard_stop_(hard_stop) {}

  // `client` must outlive run().
  void watch(HttpClient* client) { clients_.push_back(client); }
  // run() returns at its next tick.
  void stop();
  // Ticks every kTick until stop() or the hard stop.
  awaitable<void> run();

 private:
  static constexpr std::chrono::milliseconds kTick{50};

  net::steady_timer timer_;
  std::chrono::steady_clock::time_point hard_stop_;
  std::vector<HttpClient*> clients_;
  bool stopped_ = false;
};

}  // namespace dynastore::bench
