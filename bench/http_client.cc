#include "http_client.h"

#include <charconv>

namespace dynastore::bench {

namespace {

constexpr std::string_view kTargetPrefix = "DynamoDB_20120810.";
constexpr std::string_view kContentType = "application/x-amz-json-1.0";
// Scan and Query pages are at most 1 MB, BatchGetItem 16 MB.
constexpr std::uint64_t kMaxResponseBody = 64 * 1024 * 1024;

}  // namespace

std::string resolve_endpoint(std::string_view url, Endpoint& out) {
  std::string_view kScheme = "http://";
  out.tls = url.starts_with("https://");
  if (out.tls) kScheme = "https://";
  if (!url.starts_with(kScheme)) return "endpoint must start with http:// or https://: " + std::string(url);
  std::string_view rest = url.substr(kScheme.size());
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    if (rest.substr(slash) != "/") return "endpoint must not have a path: " + std::string(url);
    rest = rest.substr(0, slash);
  }
  std::string_view host = rest;
  std::string_view port = out.tls ? "443" : "80";
  if (rest.starts_with('[')) {  // [::1]:8000
    const auto close = rest.find(']');
    if (close == std::string_view::npos) return "bad IPv6 address in endpoint: " + std::string(url);
    host = rest.substr(1, close - 1);
    if (close + 1 < rest.size() && rest[close + 1] == ':') port = rest.substr(close + 2);
  } else if (const auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  unsigned port_number = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), port_number);
  if (host.empty() || ec != std::errc{} || end != port.data() + port.size() || port_number == 0 ||
      port_number > 65535) {
    return "bad host or port in endpoint: " + std::string(url);
  }
  out.host = host;
  out.port = port;
  out.host_header = std::string(rest);
  net::io_context io;
  tcp::resolver resolver(io);
  error_code error;
  const auto results = resolver.resolve(out.host, out.port, error);
  if (error || results.empty()) return "cannot resolve " + out.host + ": " + error.message();
  out.address = results.begin()->endpoint();
  return {};
}

std::string make_tls_context(Endpoint& endpoint, const std::string& ca_file) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
  error_code ec;
  if (ca_file.empty()) {
    context->set_default_verify_paths(ec);
  } else {
    context->load_verify_file(ca_file, ec);
  }
  if (ec) return "cannot load CA certificates" + (ca_file.empty() ? "" : " from " + ca_file) + ": " + ec.message();
  context->set_verify_mode(ssl::verify_peer);
  endpoint.tls_context = std::move(context);
  return {};
}

void HttpClient::close_connection() {
  tls_.reset();
  error_code ignored;
  socket_.close(ignored);
  buffer_.clear();
}

HttpClient::HttpClient(net::io_context& io, const Endpoint& endpoint, const auth::SigV4Signer& signer,
                       std::chrono::nanoseconds timeout)
    : socket_(io), endpoint_(endpoint), signer_(signer), timeout_(timeout) {
  request_.reserve(1024);
  view_.method = "POST";
  view_.path = "/";
}

void HttpClient::enforce_deadline(Clock::time_point now) {
  if (now < deadline_ || !socket_.is_open()) return;
  timed_out_ = true;
  error_code ignored;
  socket_.close(ignored);  // aborts the pending operation
}

awaitable<std::string> HttpClient::connect() {
  if (socket_.is_open()) co_return std::string{};
  error_code ec;
  deadline_ = Clock::now() + timeout_;
  timed_out_ = false;
  socket_.open(endpoint_.address.protocol(), ec);
  if (!ec) co_await socket_.async_connect(endpoint_.address, net::redirect_error(net::use_awaitable, ec));
  deadline_ = Clock::time_point::max();
  if (!ec) {
    // Requests are one write each, so Nagle would only add delay.
    socket_.set_option(tcp::no_delay(true), ec);
  }
  if (!ec && endpoint_.tls) {
    tls_.emplace(socket_, *endpoint_.tls_context);
    SSL_set_tlsext_host_name(tls_->native_handle(), endpoint_.host.c_str());
    tls_->set_verify_callback(ssl::host_name_verification(endpoint_.host));
    deadline_ = Clock::now() + timeout_;
    co_await tls_->async_handshake(ssl::stream_base::client, net::redirect_error(net::use_awaitable, ec));
    deadline_ = Clock::time_point::max();
    if (!ec) ++handshakes_;
  }
  if (ec) {
    std::string error = (tls_ ? "TLS handshake: " : "connect: ") + (timed_out_ ? std::string("timeout") : ec.message());
    close_connection();
    co_return error;
  }
  buffer_.clear();
  co_return std::string{};
}

void HttpClient::build_request(std::string_view operation, std::string_view body) {
  target_.assign(kTargetPrefix).append(operation);
  view_.body = body;
  view_.headers.clear();
  // The headers botocore signs for DynamoDB; Content-Length is added after
  // signing, as botocore's HTTP layer does.
  view_.headers.emplace_back("Host", endpoint_.host_header);
  view_.headers.emplace_back("Content-Type", kContentType);
  view_.headers.emplace_back("X-Amz-Target", target_);
  const auth::SignatureHeaders signature = signer_.signature(view_, std::chrono::system_clock::now());

  char length[24];
  const auto [length_end, ignored] = std::to_chars(length, length + sizeof length, body.size());
  request_.clear();
  request_.append("POST / HTTP/1.1\r\nHost: ").append(endpoint_.host_header);
  request_.append("\r\nContent-Type: ").append(kContentType);
  request_.append("\r\nX-Amz-Target: ").append(target_);
  request_.append("\r\nX-Amz-Date: ").append(signature.amz_date);
  request_.append("\r\nAuthorization: ").append(signature.authorization);
  request_.append("\r\nContent-Length: ").append(length, length_end);
  request_.append("\r\n\r\n").append(body);
}

void HttpClient::fail(HttpResponse& response, const error_code& ec, std::string_view what) {
  response.status = 0;
  if (timed_out_) {
    response.transport_error = "timeout";
  } else if (ec == net::error::eof || ec == bhttp::error::end_of_stream) {
    response.transport_error = "connection closed by server";
  } else {
    response.transport_error.assign(what).append(": ").append(ec.message());
  }
  close_connection();
}

awaitable<void> HttpClient::call(std::string_view operation, std::string_view body, HttpResponse& response) {
  response.status = 0;
  response.transport_error.clear();
  response.body.clear();
  if (!socket_.is_open()) {
    std::string error = co_await connect();
    if (!error.empty()) {
      response.transport_error = std::move(error);
      co_return;
    }
  }
  build_request(operation, body);
  timed_out_ = false;
  deadline_ = Clock::now() + timeout_;
  error_code ec;
  if (tls_) {
    co_await net::async_write(*tls_, net::buffer(request_), net::redirect_error(net::use_awaitable, ec));
  } else {
    co_await net::async_write(socket_, net::buffer(request_), net::redirect_error(net::use_awaitable, ec));
  }
  if (ec) {
    deadline_ = Clock::time_point::max();
    fail(response, ec, "write");
    co_return;
  }
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(kMaxResponseBody);
  if (tls_) {
    co_await bhttp::async_read(*tls_, buffer_, parser, net::redirect_error(net::use_awaitable, ec));
  } else {
    co_await bhttp::async_read(socket_, buffer_, parser, net::redirect_error(net::use_awaitable, ec));
  }
  deadline_ = Clock::time_point::max();
  if (ec) {
    fail(response, ec, "read");
    co_return;
  }
  auto& message = parser.get();
  response.status = static_cast<int>(message.result_int());
  response.body = std::move(message.body());
  if (!message.keep_alive() || endpoint_.connection_per_request) close_connection();
}

}  // namespace dynastore::bench
