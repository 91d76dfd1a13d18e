// One HTTP/1.1 keep-alive connection that sends signed DynamoDB requests.
//
// Each call writes one request and reads one response; the connection is
// opened on first use and again after any failure. Timeouts are enforced from
// outside by a Watchdog on the same io_context, which closes the socket of a
// call past its deadline (one timer per thread instead of one per request).
//
// Thread-safety: none. A client, its watchdog and its coroutine all run on one
// single-threaded io_context.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "asio.h"
#include "beast.h"
#include "dynastore/auth/sigv4_signer.h"
#include "http_response.h"

namespace dynastore::bench {

struct Endpoint {
  std::string host;         // as given in the URL
  std::string port;         // "8000"
  std::string host_header;  // "host:port", as signed and sent
  tcp::endpoint address;    // resolved once, up front
  // https://: every connection does a TLS handshake with this context
  // (make_tls_context); null for http://.
  bool tls = false;
  std::shared_ptr<ssl::context> tls_context;
  // Close each connection after one response (--connection-per-request):
  // with https, a full handshake per request.
  bool connection_per_request = false;
};

// Parses "http://HOST:PORT[/]" or "https://HOST:PORT[/]" and resolves HOST.
// Returns the error text on failure.
std::string resolve_endpoint(std::string_view url, Endpoint& out);

// For https endpoints: a client context verifying the server's certificate
// against `ca_file` (PEM), or the system's CAs when it is empty, and its
// name against the endpoint's host. Returns the error text on failure.
std::string make_tls_context(Endpoint& endpoint, const std::string& ca_file);

class HttpClient {
 public:
  using Clock = std::chrono::steady_clock;

  HttpClient(net::io_context& io, const Endpoint& endpoint, const auth::SigV4Signer& signer,
             std::chrono::nanoseconds timeout);

  // Opens the connection if it is not open. Returns the failure text, or "".
  awaitable<std::string> connect();

  // Signs and sends `body` as DynamoDB_20120810.<operation>, connecting first
  // if needed, and reads the response into `response`. Never throws for I/O
  // failures: they come back as status 0 with transport_error set.
  awaitable<void> call(std::string_view operation, std::string_view body, HttpResponse& response);

  // Watchdog hook: closes the socket if the current call is past its deadline.
  void enforce_deadline(Clock::time_point now);

  bool connected() const { return socket_.is_open(); }

  // TLS handshakes done (connections opened over https).
  std::uint64_t handshakes() const { return handshakes_; }

 private:
  void build_request(std::string_view operation, std::string_view body);
  void fail(HttpResponse& response, const error_code& ec, std::string_view what);
  void close_connection();

  tcp::socket socket_;
  std::optional<ssl::stream<tcp::socket&>> tls_;  // over socket_, for https
  std::uint64_t handshakes_ = 0;
  const Endpoint& endpoint_;
  const auth::SigV4Signer& signer_;
  std::chrono::nanoseconds timeout_;
  Clock::time_point deadline_ = Clock::time_point::max();
  bool timed_out_ = false;
  beast::flat_buffer buffer_;
  std::string request_;  // reused for every request
  std::string target_;
  auth::SignedRequest view_;  // reused; its vector keeps its capacity
};

}  // namespace dynastore::bench
