#include "watchdog.h"

namespace dynastore::bench {

void Watchdog::stop() {
  stopped_ = true;
  timer_.cancel();
}

awaitable<void> Watchdog::run() {
  while (!stopped_) {
    timer_.expires_after(kTick);
    error_code ignored;
    co_await timer_.async_wait(net::redirect_error(net::use_awaitable, ignored));
    const auto now = HttpClient::Clock::now();
    // Past the hard stop every call counts as overdue.
    const auto check_time = now >= hard_stop_ ? HttpClient::Clock::time_point::max() : now;
    for (HttpClient* client : clients_) client->enforce_deadline(check_time);
    if (now >= hard_stop_) break;
  }
}

}  // namespace dynastore::bench
