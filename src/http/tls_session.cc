// Session's TLS handshake, kept apart from the HTTP cycle in session.cc.

#include <spdlog/spdlog.h>

#include "http/session.h"

namespace dynastore::http::detail {

void Session::start_tls_handshake() {
  if (state_.stopping()) {
    close();
    return;
  }
  // The handshake counts as reading: a client that connects and stalls is
  // dropped after read_timeout.
  phase_ = Phase::kReading;
  set_deadline(state_.options().read_timeout);
  socket_.async_handshake(beast::bind_front_handler(&Session::on_tls_handshake, shared_from_this()));
}

void Session::on_tls_handshake(error_code ec) {
  if (phase_ == Phase::kClosed) return;
  if (ec) {
    // A plain-HTTP client, an untrusted certificate, a missing client
    // certificate, a protocol below TLS 1.2: nothing to answer over TLS.
    spdlog::debug("http: connection {} TLS handshake failed: {}", peer_, ec.message());
    close();
    return;
  }
  phase_ = Phase::kIdle;
  wait_for_request();
}

}  // namespace dynastore::http::detail
