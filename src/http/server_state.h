// State shared by the listener and every session of one Server: the options,
// the handler, the "stopping" flag and the registry of live sessions that
// stop() uses to wind connections down and wait for them.
// Private to src/http.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dynastore/common/log_throttle.h"
#include "dynastore/http/request_handler.h"
#include "dynastore/http/server.h"
#include "http/tls.h"

namespace dynastore::http::detail {

class Session;

// Thread-safe. Must outlive every Session: Server::Impl declares it before
// the io_context, whose destruction releases the last sessions.
class ServerState {
 public:
  ServerState(ServerOptions options, RequestHandler& handler)
      : options_(std::move(options)), handler_(handler) {}

  const ServerOptions& options() const { return options_; }

  // The TLS context new connections use; null for plain HTTP. Swapped by
  // Server::reload_tls(); each connection keeps the one it started with.
  std::shared_ptr<ssl::context> tls_context() const {
    std::lock_guard lock(tls_mutex_);
    return tls_context_;
  }
  void set_tls_context(std::shared_ptr<ssl::context> context) {
    std::lock_guard lock(tls_mutex_);
    tls_context_ = std::move(context);
  }
  RequestHandler& handler() const { return handler_; }

  // The budget of options().buffered_body_limit bytes of request bodies,
  // shared by all sessions. A reservation either fits whole or takes
  // nothing.
  bool try_reserve_body_bytes(std::size_t bytes) {
    const std::size_t limit = options_.buffered_body_limit;
    std::size_t used = body_bytes_.load(std::memory_order_relaxed);
    do {
      if (limit != 0 && (used > limit || bytes > limit - used)) return false;
    } while (!body_bytes_.compare_exchange_weak(used, used + bytes, std::memory_order_relaxed));
    return true;
  }
  void release_body_bytes(std::size_t bytes) { body_bytes_.fetch_sub(bytes, std::memory_order_relaxed); }
  std::size_t body_bytes() const { return body_bytes_.load(std::memory_order_relaxed); }

  // Refusals for want of body budget, for a throttled warning.
  LogThrottle& budget_refusals() { return budget_refusals_; }

  // Once set, sessions finish their current request, answer it with
  // "Connection: close" and do not start another.
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }
  void set_stopping() { stopping_.store(true, std::memory_order_release); }

  void add(Session* session, std::weak_ptr<Session> weak) {
    std::lock_guard lock(mutex_);
    sessions_.emplace(session, std::move(weak));
  }

  // Called from ~Session; a no-op for a session that was never added.
  void remove(Session* session) {
    std::lock_guard lock(mutex_);
    if (sessions_.erase(session) > 0 && sessions_.empty()) empty_.notify_all();
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
  }

  // Strong references to every live session. The caller must drop them
  // without holding any lock: dropping the last one runs ~Session, which
  // calls remove().
  std::vector<std::shared_ptr<Session>> snapshot() const {
    std::vector<std::shared_ptr<Session>> out;
    std::lock_guard lock(mutex_);
    out.reserve(sessions_.size());
    for (const auto& [raw, weak] : sessions_) {
      if (auto strong = weak.lock()) out.push_back(std::move(strong));
    }
    return out;
  }

  // Returns true if the registry became empty before the deadline.
  bool wait_empty_until(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    return empty_.wait_until(lock, deadline, [this] { return sessions_.empty(); });
  }

 private:
  const ServerOptions options_;
  RequestHandler& handler_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> body_bytes_{0};
  LogThrottle budget_refusals_{std::chrono::seconds(60)};
  mutable std::mutex tls_mutex_;
  std::shared_ptr<ssl::context> tls_context_;

  mutable std::mutex mutex_;
  std::condition_variable empty_;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;
};

}  // namespace dynastore::http::detail
