#include "http/session.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <exception>
#include <string>
#include <utility>

namespace dynastore::http::detail {

namespace {

// How much the idle wait reads at once. The bytes land in the session's
// buffer and the header parser picks them up from there.
constexpr std::size_t kIdleReadChunk = 16 * 1024;

// Lingering close (as Apache and nginx do): after a final response we shut
// down our send side and discard input for a while before closing. Closing a
// socket that still has unread input makes the kernel send RST, and an RST
// can destroy our response (say, a 413 for a body the client is still
// sending) in the client's receive buffer before the client reads it.
constexpr std::chrono::seconds kLingerTimeout{2};
constexpr std::size_t kLingerMaxBytes = 1024 * 1024;

const boost::system::error_category& http_error_category() {
  return bhttp::make_error_code(bhttp::error::bad_method).category();
}

HttpResponse bare_response(int status) {
  HttpResponse response;
  response.status = status;
  return response;
}

// http/ owns message framing; letting the handler set these could desync the
// connection (two Content-Lengths, a chunked header with no chunking, ...).
bool is_framing_header(std::string_view std_name) {
  const beast::string_view name(std_name.data(), std_name.size());  // Boost 1.74: not std::string_view
  return beast::iequals(name, "content-length") || beast::iequals(name, "transfer-encoding") ||
         beast::iequals(name, "connection");
}

bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Rejects what would break the wire format (header injection through CR/LF)
// or make Beast throw (fields over 64 KiB).
bool is_valid_header(const HttpHeader& header) {
  constexpr std::size_t kMaxFieldSize = 60 * 1024;
  if (header.name.empty() || header.name.size() > kMaxFieldSize || header.value.size() > kMaxFieldSize) {
    return false;
  }
  for (char c : header.name) {
    if (!is_token_char(c)) return false;
  }
  for (char c : header.value) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

}  // namespace

Session::Session(tcp::socket socket, ServerState& state) : state_(state), stream_(std::move(socket)) {
  error_code ec;
  const tcp::endpoint peer = stream_.socket().remote_endpoint(ec);
  if (!ec) {
    remote_address_ = peer.address().to_string();
    peer_ = remote_address_ + ":" + std::to_string(peer.port());
  } else {
    peer_ = "(unknown peer)";
  }
}

Session::~Session() {
  state_.remove(this);
  spdlog::debug("http: connection {} closed", peer_);
}

void Session::start() {
  state_.add(this, weak_from_this());
  spdlog::debug("http: connection {} accepted", peer_);
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->wait_for_request(); });
}

void Session::begin_shutdown() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    // Only an idle connection is closed here; a busy one sees
    // state_.stopping() at its next step and closes after its response.
    if (self->phase_ == Phase::kIdle) {
      spdlog::debug("http: closing idle connection {} for shutdown", self->peer_);
      self->close();
    }
  });
}

void Session::force_close() { close(); }

void Session::wait_for_request() {
  if (state_.stopping()) {
    close();
    return;
  }
  // Pipelined bytes already buffered: the next request has started.
  if (buffer_.size() > 0) {
    read_header();
    return;
  }
  // Wait for the first byte under idle_timeout, separately from the header
  // read, so that read_timeout measures only a request that has begun.
  phase_ = Phase::kIdle;
  stream_.expires_after(state_.options().idle_timeout);
  stream_.async_read_some(buffer_.prepare(kIdleReadChunk),
                          beast::bind_front_handler(&Session::on_idle_read, shared_from_this()));
}

void Session::on_idle_read(error_code ec, std::size_t n) {
  buffer_.commit(n);
  if (ec) {
    if (ec == net::error::operation_aborted) return;  // closed by begin_shutdown()
    if (ec == beast::error::timeout) {
      spdlog::debug("http: connection {} idle timeout", peer_);
    } else if (ec != net::error::eof) {
      spdlog::debug("http: connection {} read error while idle: {}", peer_, ec.message());
    }
    close();
    return;
  }
  read_header();
}

void Session::read_header() {
  phase_ = Phase::kReading;
  // One deadline for the whole request: header, 100 Continue, body.
  stream_.expires_after(state_.options().read_timeout);
  parser_.emplace();
  parser_->body_limit(static_cast<std::uint64_t>(state_.options().body_limit));
  parser_->header_limit(state_.options().header_limit);
  bhttp::async_read_header(stream_, buffer_, *parser_,
                           beast::bind_front_handler(&Session::on_header, shared_from_this()));
}

void Session::on_header(error_code ec, std::size_t /*n*/) {
  // A Content-Length over body_limit fails right here (Beast checks it when
  // the header completes), before any of the body is read.
  if (ec) {
    on_read_error(ec, "header");
    return;
  }
  if (parser_->is_done()) {
    handle_request();
    return;
  }
  const auto& request = parser_->get();
  if (request.version() >= 11 && beast::iequals(request[bhttp::field::expect], "100-continue")) {
    // The client (curl, for bodies over 1 KiB) waits for this before sending
    // the body; we only get here once the header passed the size checks.
    continue_response_ = bhttp::response<bhttp::empty_body>(bhttp::status::continue_, request.version());
    bhttp::async_write(stream_, continue_response_,
                       beast::bind_front_handler(&Session::on_continue_written, shared_from_this()));
    return;
  }
  read_body();
}

void Session::on_continue_written(error_code ec, std::size_t /*n*/) {
  if (ec) {
    if (ec != net::error::operation_aborted) {
      spdlog::debug("http: connection {} failed to write 100 Continue: {}", peer_, ec.message());
    }
    close();
    return;
  }
  read_body();
}

void Session::read_body() {
  bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_body, shared_from_this()));
}

void Session::on_body(error_code ec, std::size_t /*n*/) {
  if (ec) {
    on_read_error(ec, "body");
    return;
  }
  handle_request();
}

void Session::on_read_error(error_code ec, std::string_view what) {
  if (ec == net::error::operation_aborted) return;  // closed by us
  if (ec == bhttp::error::body_limit) {
    spdlog::debug("http: connection {} request body over the limit", peer_);
    reject(413, "Request body exceeds " + std::to_string(state_.options().body_limit) + " bytes");
    return;
  }
  if (ec == bhttp::error::header_limit) {
    spdlog::debug("http: connection {} request header over the limit", peer_);
    reject(431, "Request header exceeds " + std::to_string(state_.options().header_limit) + " bytes");
    return;
  }
  if (ec == beast::error::timeout) {
    spdlog::debug("http: connection {} timed out reading the request {}", peer_, what);
    close();
    return;
  }
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message || ec == net::error::eof) {
    spdlog::debug("http: connection {} closed by peer in the request {}", peer_, what);
    close();
    return;
  }
  if (ec.category() == http_error_category()) {
    spdlog::debug("http: connection {} sent a malformed request {}: {}", peer_, what, ec.message());
    reject(400, "Malformed HTTP request: " + ec.message());
    return;
  }
  spdlog::debug("http: connection {} read error in the request {}: {}", peer_, what, ec.message());
  close();
}

void Session::handle_request() {
  phase_ = Phase::kHandling;
  stream_.expires_never();  // handle() is synchronous; the next step sets a deadline

  bhttp::request<bhttp::string_body> message = parser_->release();
  parser_.reset();
  const unsigned version = message.version();
  const bool keep_alive = message.keep_alive();
  const bool head = message.method() == bhttp::verb::head;

  HttpRequest request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  for (const auto& field : message) {
    request.headers.push_back(HttpHeader{std::string(field.name_string()), std::string(field.value())});
  }
  request.body = std::move(message.body());
  request.remote_address = remote_address_;

  HttpResponse response;
  try {
    response = state_.handler().handle(request);
  } catch (const std::exception& e) {
    spdlog::warn("http: handler threw for {} {} from {}: {}", request.method, request.target, peer_, e.what());
    response = bare_response(500);
  } catch (...) {
    spdlog::warn("http: handler threw a non-exception for {} {} from {}", request.method, request.target, peer_);
    response = bare_response(500);
  }
  const bool close_after = response.close_connection || !keep_alive;
  write_response(std::move(response), version, !close_after, head);
}

void Session::reject(int status, std::string_view reason) {
  // After a reject the rest of the input cannot be trusted to be framed
  // correctly (or we chose not to read it), so the connection always closes.
  const unsigned version = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
  const bool head = parser_ && parser_->is_header_done() && parser_->get().method() == bhttp::verb::head;
  parser_.reset();
  HttpResponse response;
  try {
    response = state_.handler().reject(status, reason);
  } catch (const std::exception& e) {
    spdlog::warn("http: handler reject({}) threw: {}", status, e.what());
    response = bare_response(status);
  } catch (...) {
    spdlog::warn("http: handler reject({}) threw a non-exception", status);
    response = bare_response(status);
  }
  write_response(std::move(response), version, /*keep_alive=*/false, head);
}

void Session::write_response(HttpResponse response, unsigned version, bool keep_alive, bool head) {
  phase_ = Phase::kWriting;
  // While stopping, say so: the client must not send another request here.
  const bool close_after = !keep_alive || state_.stopping();

  if (response.status < 200 || response.status > 599) {
    // 1xx is not a final response and anything else is not HTTP.
    spdlog::warn("http: handler returned status {}; sending 500", response.status);
    response = bare_response(500);
  }

  response_.emplace();
  auto& out = *response_;
  out.version(version);
  out.result(static_cast<unsigned>(response.status));
  for (const HttpHeader& header : response.headers) {
    if (is_framing_header(header.name)) continue;
    if (!is_valid_header(header)) {
      spdlog::warn("http: dropping an invalid response header ({} byte name)", header.name.size());
      continue;
    }
    out.insert(header.name, header.value);
  }
  // 204 and 304 carry no body and no Content-Length (RFC 9110 §8.6); a HEAD
  // response states the length of the body it does not send.
  const bool bodiless_status = response.status == 204 || response.status == 304;
  if (!bodiless_status) {
    out.content_length(response.body.size());
    if (!head) out.body() = std::move(response.body);
  }
  out.keep_alive(!close_after);

  stream_.expires_after(state_.options().write_timeout);
  bhttp::async_write(stream_, out, beast::bind_front_handler(&Session::on_write, shared_from_this(), close_after));
}

void Session::on_write(bool close_after, error_code ec, std::size_t /*n*/) {
  response_.reset();
  if (ec) {
    if (ec != net::error::operation_aborted) {
      spdlog::debug("http: connection {} failed to write a response: {}", peer_, ec.message());
    }
    close();
    return;
  }
  if (close_after) {
    linger_then_close();
    return;
  }
  wait_for_request();
}

void Session::linger_then_close() {
  phase_ = Phase::kLingering;
  error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) {
    close();
    return;
  }
  // During shutdown, skip the wait when there is nothing left to discard:
  // without unread input a close sends FIN, not RST, so the response is safe.
  const std::size_t pending = stream_.socket().available(ec);
  if (state_.stopping() && !ec && pending == 0) {
    close();
    return;
  }
  linger_discarded_ = 0;
  stream_.expires_after(kLingerTimeout);
  stream_.async_read_some(net::buffer(linger_buffer_),
                          beast::bind_front_handler(&Session::on_linger_read, shared_from_this()));
}

void Session::on_linger_read(error_code ec, std::size_t n) {
  linger_discarded_ += n;
  if (ec || linger_discarded_ > kLingerMaxBytes) {
    close();  // EOF (the client read our response and closed), timeout, or enough
    return;
  }
  stream_.async_read_some(net::buffer(linger_buffer_),
                          beast::bind_front_handler(&Session::on_linger_read, shared_from_this()));
}

void Session::close() {
  phase_ = Phase::kClosed;
  stream_.close();  // cancels the timer and any pending operation
}

}  // namespace dynastore::http::detail
