#include "dynastore/http/event_loop.h"

#include <utility>

#include "http/event_loop.h"

namespace dynastore::http {

namespace {

thread_local detail::net::io_context* this_threads_loop = nullptr;

}  // namespace

void detail::set_this_threads_loop(detail::net::io_context* loop) { this_threads_loop = loop; }

bool run_after_this_turn(std::function<void()> task) {
  if (this_threads_loop == nullptr) return false;
  // Asio runs handlers in the order they became ready: a posted one runs
  // after those queued already, which include the turn's other reads.
  detail::net::post(*this_threads_loop, std::move(task));
  return true;
}

}  // namespace dynastore::http
