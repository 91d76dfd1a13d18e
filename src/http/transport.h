// A connection's byte stream: the accepted TCP socket, or TLS over it
// (Boost.Beast's ssl_stream). Session talks to it as it would to the
// socket; only the few calls that differ branch on is_tls(), and a plain
// connection pays one predictable branch per operation. Private to
// src/http.
#pragma once

#include <memory>
#include <optional>
#include <utility>

#include "http/beast.h"
#include "http/tls.h"

namespace dynastore::http::detail {

using SessionExecutor = net::strand<net::io_context::executor_type>;
using SessionSocket = net::basic_stream_socket<tcp, SessionExecutor>;

class Transport {
 public:
  using executor_type = SessionExecutor;
  using TlsStream = beast::ssl_stream<SessionSocket>;

  // Plain HTTP when `tls` is null.
  Transport(SessionSocket socket, std::shared_ptr<ssl::context> tls) : tls_context_(std::move(tls)) {
    if (tls_context_) {
      tls_.emplace(std::move(socket), *tls_context_);
    } else {
      plain_.emplace(std::move(socket));
    }
  }

  bool is_tls() const { return tls_.has_value(); }
  SessionSocket& socket() { return tls_ ? tls_->next_layer() : *plain_; }
  executor_type get_executor() { return socket().get_executor(); }

  // The socket calls Session makes, passed through.
  tcp::endpoint remote_endpoint(error_code& ec) { return socket().remote_endpoint(ec); }
  void non_blocking(bool mode, error_code& ec) { socket().non_blocking(mode, ec); }
  std::size_t available(error_code& ec) { return tls_ ? 0 : plain_->available(ec); }
  void close(error_code& ec) { socket().close(ec); }
  // Cancels pending reads and writes (a TLS stream's run on the socket too).
  void cancel(error_code& ec) { socket().cancel(ec); }
  // Over TLS the send side closes without a close_notify alert: a response
  // is framed by Content-Length, so truncation cannot go unnoticed.
  void shutdown(tcp::socket::shutdown_type what, error_code& ec) { socket().shutdown(what, ec); }

  // A write that must not block (the socket is non-blocking). TLS writes
  // go through OpenSSL's record layer asynchronously, so over TLS this
  // writes nothing and reports would_block: the caller's asynchronous path
  // takes the whole response.
  template <class ConstBufferSequence>
  std::size_t write_some(const ConstBufferSequence& buffers, error_code& ec) {
    if (tls_) {
      ec = net::error::would_block;
      return 0;
    }
    return plain_->write_some(buffers, ec);
  }

  // AsyncReadStream and AsyncWriteStream, for net::async_write and Session.
  template <class MutableBufferSequence, class Handler>
  void async_read_some(const MutableBufferSequence& buffers, Handler&& handler) {
    if (tls_) {
      tls_->async_read_some(buffers, std::forward<Handler>(handler));
    } else {
      plain_->async_read_some(buffers, std::forward<Handler>(handler));
    }
  }
  template <class ConstBufferSequence, class Handler>
  void async_write_some(const ConstBufferSequence& buffers, Handler&& handler) {
    if (tls_) {
      tls_->async_write_some(buffers, std::forward<Handler>(handler));
    } else {
      plain_->async_write_some(buffers, std::forward<Handler>(handler));
    }
  }

  // Precondition: is_tls().
  template <class Handler>
  void async_handshake(Handler&& handler) {
    tls_->async_handshake(ssl::stream_base::server, std::forward<Handler>(handler));
  }

 private:
  std::shared_ptr<ssl::context> tls_context_;  // outlives tls_ (declared first)
  std::optional<SessionSocket> plain_;
  std::optional<TlsStream> tls_;
};

}  // namespace dynastore::http::detail
