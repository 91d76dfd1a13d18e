#include "http/session.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <exception>
#include <string>
#include <utility>

#include "dynastore/common/ascii.h"
#include "http/default_headers.h"

namespace dynastore::http::detail {

namespace {

// How much one read asks for: the buffer's free space, at least the first
// (so that a whole typical request arrives in one read) and at most the
// second (Beast's own bound).
constexpr std::size_t kMinReadChunk = 16 * 1024;
constexpr std::size_t kMaxReadChunk = 64 * 1024;

// A reused request body, and the reused header strings together, keep their
// capacity between requests up to these; larger ones are freed after their
// request, so that an idle connection does not hold on to the memory of the
// largest request it ever received.
constexpr std::size_t kMaxRetainedBody = 16 * 1024;
constexpr std::size_t kMaxRetainedHeaderBytes = 16 * 1024;

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
bool is_framing_header(std::string_view name) {
  return ascii_iequals(name, "content-length") || ascii_iequals(name, "transfer-encoding") ||
         ascii_iequals(name, "connection");
}

// RFC 9110 §5.6.2 token characters, and the bytes a field value must not
// contain (they would end the line or the header block), as tables: every
// response header is checked.
constexpr std::array<bool, 256> kTokenChar = [] {
  std::array<bool, 256> table{};
  for (int c = '0'; c <= '9'; ++c) table[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) table[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) table[c] = true;
  for (const char c : std::string_view("!#$%&'*+-.^_`|~")) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

constexpr std::array<bool, 256> kBadValueChar = [] {
  std::array<bool, 256> table{};
  table['\r'] = table['\n'] = table['\0'] = true;
  return table;
}();

// Rejects what would break the wire format (header injection through CR/LF).
// The size bound is Beast's, which wrote our responses before (fields over
// 64 KiB made it throw).
bool is_valid_header(const HttpHeader& header) {
  constexpr std::size_t kMaxFieldSize = 60 * 1024;
  if (header.name.empty() || header.name.size() > kMaxFieldSize || header.value.size() > kMaxFieldSize) {
    return false;
  }
  for (const char c : header.name) {
    if (!kTokenChar[static_cast<unsigned char>(c)]) return false;
  }
  for (const char c : header.value) {
    if (kBadValueChar[static_cast<unsigned char>(c)]) return false;
  }
  return true;
}

// Leading and trailing spaces and tabs are not part of a field value
// (RFC 9110 §5.5); Beast trimmed them when it wrote our responses.
std::string_view trim_value(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return value;
}

// "HTTP/1.1" for version 11.
void append_version(std::string& out, unsigned version) {
  out += "HTTP/";
  out += static_cast<char>('0' + version / 10);
  out += '.';
  out += static_cast<char>('0' + version % 10);
}

}  // namespace

Session::Session(Transport transport, ServerState& state)
    : state_(state),
      socket_(std::move(transport)),
      timer_(socket_.get_executor()),
      min_timeout_(std::max<Clock::duration>(
          std::min({state.options().idle_timeout, state.options().read_timeout, state.options().write_timeout}),
          std::chrono::milliseconds(1))) {
  error_code ec;
  const tcp::endpoint peer = socket_.remote_endpoint(ec);
  if (!ec) {
    remote_address_ = peer.address().to_string();
    peer_ = remote_address_ + ":" + std::to_string(peer.port());
  } else {
    peer_ = "(unknown peer)";
  }
  // Responses are first written with a plain send() that must not block;
  // asynchronous operations are not affected.
  socket_.non_blocking(true, ec);
  if (ec) spdlog::debug("http: cannot make connection {} non-blocking: {}", peer_, ec.message());
}

Session::~Session() {
  release_body();
  state_.remove(this);
  spdlog::debug("http: connection {} closed", peer_);
}

void Session::start() {
  state_.add(this, weak_from_this());
  spdlog::debug("http: connection {} accepted", peer_);
  net::dispatch(socket_.get_executor(), [self = shared_from_this()] {
    if (self->socket_.is_tls()) {
      self->start_tls_handshake();
    } else {
      self->wait_for_request();
    }
  });
}

void Session::begin_shutdown() {
  net::post(socket_.get_executor(), [self = shared_from_this()] {
    // Only an idle connection is closed here; a busy one sees
    // state_.stopping() at its next step and closes after its response.
    if (self->phase_ == Phase::kIdle) {
      spdlog::debug("http: closing idle connection {} for shutdown", self->peer_);
      self->close();
    }
  });
}

void Session::force_close() { close(); }

// --- deadlines ---------------------------------------------------------------

void Session::set_deadline(Clock::duration timeout) {
  const Clock::time_point now = Clock::now();
  deadline_ = now + timeout;
  if (!timer_armed_ || deadline_ < timer_expiry_) arm_timer(now);
}

void Session::arm_timer(Clock::time_point now) {
  timer_expiry_ = std::min(deadline_, now + min_timeout_);
  timer_armed_ = true;
  ++timer_generation_;
  // Re-arming cancels a pending wait; its handler then sees operation_aborted.
  timer_.expires_at(timer_expiry_);
  timer_.async_wait(beast::bind_front_handler(&Session::on_timer, shared_from_this(), timer_generation_));
}

void Session::on_timer(std::uint64_t generation, error_code ec) {
  // Aborted: re-armed (a newer wait is pending) or closed.
  if (ec == net::error::operation_aborted || phase_ == Phase::kClosed) return;
  // A wait that completed just before a re-arm could not be cancelled by it:
  // the newer wait is still pending and will report.
  if (generation != timer_generation_) return;
  timer_armed_ = false;
  if (deadline_ == Clock::time_point::max()) return;  // none now; the next set_deadline arms
  const Clock::time_point now = Clock::now();
  if (now < deadline_) {
    arm_timer(now);
    return;
  }
  switch (phase_) {
    case Phase::kIdle:
      spdlog::debug("http: connection {} idle timeout", peer_);
      break;
    case Phase::kReading:
      spdlog::debug("http: connection {} timed out reading the request", peer_);
      answer_request_timeout();
      return;
    case Phase::kWriting:
      spdlog::debug("http: connection {} timed out writing a response", peer_);
      break;
    default:
      break;
  }
  close();
}

// A request began but did not arrive whole within read_timeout: say so
// (408, RFC 9110 §15.5.9) rather than close without a word, then close as
// after any refusal. The pending read is cancelled first (its handler sees
// operation_aborted and does nothing) so that only the lingering read that
// follows the answer reads the socket.
void Session::answer_request_timeout() {
  error_code ignored;
  socket_.cancel(ignored);
  reject(408, "Your socket connection to the server was not read from or written to within the timeout period.");
}

// --- reading -----------------------------------------------------------------

void Session::wait_for_request() {
  if (state_.stopping()) {
    close();
    return;
  }
  phase_ = Phase::kIdle;
  // Pipelined bytes already buffered: the next request has started.
  if (buffer_.size() > 0) {
    parse();
    return;
  }
  // Wait for the first byte under idle_timeout, separately from the request,
  // so that read_timeout measures only a request that has begun.
  set_deadline(state_.options().idle_timeout);
  read_more();
}

void Session::read_more() {
  // As Beast reads: into the free capacity, within bounds.
  const std::size_t chunk = std::clamp(buffer_.capacity() - buffer_.size(), kMinReadChunk, kMaxReadChunk);
  socket_.async_read_some(buffer_.prepare(chunk), beast::bind_front_handler(&Session::on_read, shared_from_this()));
}

void Session::on_read(error_code ec, std::size_t n) {
  // Closed (a deadline, or shutdown) after this read had already completed.
  if (phase_ == Phase::kClosed) return;
  buffer_.commit(n);
  if (!ec) {
    parse();
    return;
  }
  if (ec == net::error::operation_aborted) return;  // closed by us (shutdown or a deadline)
  if (phase_ == Phase::kIdle) {
    // Nothing of a request yet: the client closed, or the connection broke.
    if (ec != net::error::eof) spdlog::debug("http: connection {} read error while idle: {}", peer_, ec.message());
    close();
    return;
  }
  if (ec == net::error::eof) {
    // As Beast's read: a message in progress may end at EOF (for a request,
    // only one that cannot: put_eof reports partial_message).
    if (fast_) {
      on_read_error(bhttp::error::partial_message);  // bytes of a request came, not all of it
      return;
    }
    if (parser_->got_some()) {
      error_code eof_ec;
      parser_->put_eof(eof_ec);
      if (!eof_ec && parser_->is_done()) {
        handle_request();
        return;
      }
      on_read_error(eof_ec ? eof_ec : error_code(bhttp::error::partial_message));
      return;
    }
    on_read_error(bhttp::error::end_of_stream);
    return;
  }
  on_read_error(ec);
}

void Session::parse() {
  if (phase_ == Phase::kIdle) {
    // The first bytes of a request: one deadline for all of it (header,
    // 100 Continue, body). The fast parser reads the head unless it hands
    // the message over to Beast's.
    phase_ = Phase::kReading;
    set_deadline(state_.options().read_timeout);
    continue_sent_ = false;
    head_admitted_ = false;
    parser_.reset();
    fast_.emplace(request_, spare_headers_, state_.options().header_limit);
    fast_head_done_ = false;
  }
  if (fast_ && !parse_fast()) return;
  parse_with_beast();
}

bool Session::parse_fast() {
  if (!fast_head_done_) {
    const std::string_view data(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    switch (fast_->parse(data)) {
      case FastHeadParser::Result::kNeedMore:
        read_more();
        return false;
      case FastHeadParser::Result::kFallback:
        // Nothing is consumed yet: Beast reads the message from its start.
        fast_.reset();
        parser_.emplace(request_, spare_headers_);
        parser_->body_limit(static_cast<std::uint64_t>(state_.options().body_limit));
        parser_->header_limit(state_.options().header_limit);
        return true;
      case FastHeadParser::Result::kDone:
        break;
    }
    buffer_.consume(fast_->head_size());
    fast_head_done_ = true;
    const std::uint64_t length = fast_->content_length();
    // As Beast: a Content-Length over the limit fails once the head is read,
    // before any of the body.
    if (length > state_.options().body_limit) {
      on_read_error(bhttp::error::body_limit);
      return false;
    }
    request_.body.clear();
    if (length > buffer_.size() && !admit_body(length)) return false;
    request_.body.reserve(static_cast<std::size_t>(length));
    body_remaining_ = length;
  }
  const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(body_remaining_, buffer_.size()));
  request_.body.append(static_cast<const char*>(buffer_.data().data()), take);
  buffer_.consume(take);
  body_remaining_ -= take;
  if (body_remaining_ == 0) {
    handle_request();
    return false;
  }
  if (!send_continue_if_expected()) read_more();
  return false;
}

void Session::parse_with_beast() {
  for (;;) {
    if (parser_->is_done()) {
      handle_request();
      return;
    }
    if (buffer_.size() == 0) break;
    // A Content-Length over body_limit fails right here (basic_parser checks
    // it when the header completes), before any of the body is read.
    error_code ec;
    const std::size_t used = parser_->put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec && ec != bhttp::error::need_more) {
      on_read_error(ec);
      return;
    }
    if (parser_->is_header_done() && !parser_->is_done() && !budget_beast_body()) return;
    if (ec == bhttp::error::need_more || used == 0) break;  // no progress without more input
  }
  if (!send_continue_if_expected()) read_more();
}

// --- request bodies: the head's check and the shared budget ---------------------

bool Session::admit_body(std::uint64_t content_length) {
  head_admitted_ = true;
  std::optional<HttpResponse> early;
  try {
    early = state_.handler().check_head(request_);
  } catch (const std::exception& e) {
    // handle() will see the whole request and answer it.
    spdlog::warn("http: check_head threw for {} {} from {}: {}", request_.method, request_.target, peer_, e.what());
  }
  if (early) {
    spdlog::debug("http: connection {} answered from the request head", peer_);
    refuse(std::move(*early));
    return false;
  }
  return reserve_body(static_cast<std::size_t>(content_length));
}

bool Session::budget_beast_body() {
  if (!head_admitted_) {
    const auto length = parser_->content_length();
    return admit_body(length ? *length : 0);
  }
  // A chunked body grows as it comes: reserve a read ahead, so that most
  // reads need no reservation of their own.
  if (request_.body.size() <= body_reserved_) return true;
  return reserve_body(request_.body.size() + kMaxReadChunk);
}

bool Session::reserve_body(std::size_t bytes) {
  if (bytes <= body_reserved_) return true;
  if (state_.try_reserve_body_bytes(bytes - body_reserved_)) {
    body_reserved_ = bytes;
    return true;
  }
  if (const auto refused = state_.budget_refusals().note()) {
    spdlog::warn(
        "http: request bodies held at once would exceed the limit of {} bytes; refused {} request(s) with 503 "
        "since the last warning",
        state_.options().buffered_body_limit, *refused);
  }
  reject(503, "The request has failed due to a temporary failure of the server.");
  return false;
}

void Session::release_body() {
  if (body_reserved_ == 0) return;
  state_.release_body_bytes(body_reserved_);
  body_reserved_ = 0;
}

bool Session::send_continue_if_expected() {
  if (!header_done() || continue_sent_ || message_version() < 11) return false;
  if (!(fast_ ? fast_->expect_continue() : parser_->expect_continue())) return false;
  // The client (curl, for bodies over 1 KiB) waits for this before sending
  // the body; we only get here once the header passed the size checks.
  continue_sent_ = true;
  continue_ = "HTTP/1.1 100 Continue\r\n\r\n";
  net::async_write(socket_, net::buffer(continue_.data(), continue_.size()),
                   beast::bind_front_handler(&Session::on_continue_written, shared_from_this()));
  return true;
}

bool Session::header_done() const {
  if (fast_) return fast_head_done_;
  return parser_ && parser_->is_header_done();
}

unsigned Session::message_version() const {
  if (fast_) return fast_->version();
  return parser_ ? parser_->version() : 11;
}

bool Session::message_head() const {
  if (fast_) return fast_->head();
  return parser_ && parser_->head();
}

void Session::on_continue_written(error_code ec, std::size_t /*n*/) {
  if (phase_ == Phase::kClosed) return;
  if (ec) {
    if (ec != net::error::operation_aborted) {
      spdlog::debug("http: connection {} failed to write 100 Continue: {}", peer_, ec.message());
    }
    close();
    return;
  }
  read_more();
}

void Session::on_read_error(error_code ec) {
  const char* what = header_done() ? "body" : "header";
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

// --- handling ----------------------------------------------------------------

void Session::handle_request() {
  phase_ = Phase::kHandling;
  clear_deadline();  // handle() is synchronous; the next step sets a deadline

  const unsigned version = message_version();
  const bool keep_alive = fast_ ? fast_->keep_alive() : parser_->keep_alive();
  const bool head = message_head();
  parser_.reset();
  fast_.reset();
  request_.remote_address = remote_address_;

  HttpResponse response;
  try {
    response = state_.handler().handle(request_);
  } catch (const std::exception& e) {
    spdlog::warn("http: handler threw for {} {} from {}: {}", request_.method, request_.target, peer_, e.what());
    response = bare_response(500);
  } catch (...) {
    spdlog::warn("http: handler threw a non-exception for {} {} from {}", request_.method, request_.target, peer_);
    response = bare_response(500);
  }
  release_body();
  release_large_buffers();
  const bool close_after = response.close_connection || !keep_alive;
  if (response.hold) {
    hold_response(std::move(response), version, close_after, head);
    return;
  }
  write_response(std::move(response), version, !close_after, head);
}

void Session::hold_response(HttpResponse response, unsigned version, bool close_after, bool head) {
  // `send` may run on any thread, so it only posts back to this strand. The
  // session stays in kHandling meanwhile: no deadline, nothing read, and a
  // shutdown lets it finish (ServerState::stopping).
  auto hold = std::move(response.hold);
  held_ = std::move(response);
  // `send` is all that keeps the session alive meanwhile (no I/O is
  // pending); calling it hands that reference on, and a second call finds
  // none and does nothing.
  HttpResponse::Send send = [self = shared_from_this(), version, close_after,
                             head](std::optional<HttpResponse> replacement) mutable {
    if (!self) return;
    auto session = std::move(self);
    const SessionExecutor executor = session->socket_.get_executor();
    net::post(executor,
              [self = std::move(session), version, close_after, head, replacement = std::move(replacement)]() mutable {
                if (self->phase_ == Phase::kClosed) return;  // force-closed by Server::stop meanwhile
                HttpResponse response = replacement ? std::move(*replacement) : std::move(self->held_);
                self->held_ = HttpResponse();
                self->write_response(std::move(response), version, !close_after, head);
              });
  };
  try {
    hold(std::move(send));
  } catch (const std::exception& e) {
    // Whether `send` ran is unknown: the connection cannot go on.
    spdlog::warn("http: a response's hold threw for {}: {}", peer_, e.what());
    close();
  }
}

void Session::release_large_buffers() {
  if (request_.body.capacity() > kMaxRetainedBody) std::string().swap(request_.body);
  std::size_t header_bytes = 0;
  for (const auto* headers : {&request_.headers, &spare_headers_}) {
    for (const HttpHeader& header : *headers) header_bytes += header.name.capacity() + header.value.capacity();
  }
  if (header_bytes > kMaxRetainedHeaderBytes) {
    std::vector<HttpHeader>().swap(request_.headers);
    std::vector<HttpHeader>().swap(spare_headers_);
  }
}

void Session::reject(int status, std::string_view reason) {
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
  refuse(std::move(response));
}

void Session::refuse(HttpResponse response) {
  // After a refusal the rest of the input cannot be trusted to be framed
  // correctly (or we chose not to read it), so the connection always closes.
  const bool header_was_read = header_done();
  const unsigned version = header_was_read ? message_version() : 11;
  const bool head = header_was_read && message_head();
  parser_.reset();
  fast_.reset();
  clear_deadline();
  release_body();
  release_large_buffers();
  write_response(std::move(response), version, /*keep_alive=*/false, head);
}

// --- writing -----------------------------------------------------------------

void Session::write_response(HttpResponse response, unsigned version, bool keep_alive, bool head) {
  phase_ = Phase::kWriting;
  // While stopping, say so: the client must not send another request here.
  const bool close_after = !keep_alive || state_.stopping();

  if (response.status < 200 || response.status > 599) {
    // 1xx is not a final response and anything else is not HTTP.
    spdlog::warn("http: handler returned status {}; sending 500", response.status);
    response = bare_response(500);
  }
  const auto status = static_cast<unsigned>(response.status);

  // The header block, as Beast's serializer laid it out: status line, the
  // handler's fields in order, Content-Length, then Connection if needed.
  std::string& out = out_header_;
  out.clear();
  append_version(out, version);
  out += ' ';
  out += static_cast<char>('0' + status / 100);
  out += static_cast<char>('0' + (status / 10) % 10);
  out += static_cast<char>('0' + status % 10);
  out += ' ';
  const beast::string_view reason = bhttp::obsolete_reason(static_cast<bhttp::status>(status));
  out.append(reason.data(), reason.size());
  out += "\r\n";
  bool has_date = false;
  bool has_server = false;
  for (const HttpHeader& header : response.headers) {
    if (header.name.size() == 4 && ascii_iequals(header.name, "date")) has_date = true;
    if (header.name.size() == 6 && ascii_iequals(header.name, "server")) has_server = true;
    if (is_framing_header(header.name)) continue;
    if (!is_valid_header(header)) {
      spdlog::warn("http: dropping an invalid response header ({} byte name)", header.name.size());
      continue;
    }
    out += header.name;
    out += ": ";
    out += trim_value(header.value);
    out += "\r\n";
  }
  if (!has_date) append_date_header(out);
  if (!has_server) append_server_header(out);
  // 204 and 304 carry no body and no Content-Length (RFC 9110 §8.6); a HEAD
  // response states the length of the body it does not send.
  const bool bodiless_status = status == 204 || status == 304;
  out_body_.clear();
  if (!bodiless_status) {
    char digits[24];
    const auto [end, ignored] = std::to_chars(digits, digits + sizeof(digits), response.body.size());
    out += "Content-Length: ";
    out.append(digits, end);
    out += "\r\n";
    if (!head) out_body_ = std::move(response.body);
  }
  // Connection, as Beast's keep_alive(): HTTP/1.1 says "close" when closing,
  // HTTP/1.0 says "keep-alive" when not.
  if (version >= 11) {
    if (close_after) out += "Connection: close\r\n";
  } else if (!close_after) {
    out += "Connection: keep-alive\r\n";
  }
  out += "\r\n";

  // Usually the socket takes the whole response at once: no asynchronous
  // operation, no completion handler, no deadline.
  std::array<net::const_buffer, 2> buffers{net::buffer(out_header_), net::buffer(out_body_)};
  const std::size_t total = out_header_.size() + out_body_.size();
  error_code ec;
  const std::size_t written = socket_.write_some(buffers, ec);
  if (!ec && written == total) {
    after_write(close_after);
    return;
  }
  if (ec && ec != net::error::would_block && ec != net::error::try_again) {
    spdlog::debug("http: connection {} failed to write a response: {}", peer_, ec.message());
    close();
    return;
  }
  // The rest goes out asynchronously, under write_timeout.
  if (written < out_header_.size()) {
    buffers[0] = net::buffer(out_header_) + written;
  } else {
    buffers[0] = net::const_buffer();
    buffers[1] = net::buffer(out_body_) + (written - out_header_.size());
  }
  set_deadline(state_.options().write_timeout);
  net::async_write(socket_, buffers, beast::bind_front_handler(&Session::on_write, shared_from_this(), close_after));
}

void Session::on_write(bool close_after, error_code ec, std::size_t /*n*/) {
  if (phase_ == Phase::kClosed) return;
  if (ec) {
    if (ec != net::error::operation_aborted) {
      spdlog::debug("http: connection {} failed to write a response: {}", peer_, ec.message());
    }
    close();
    return;
  }
  after_write(close_after);
}

void Session::after_write(bool close_after) {
  out_body_ = std::string();  // a large body is not kept for the connection's lifetime
  if (close_after) {
    linger_then_close();
    return;
  }
  if (buffer_.size() > 0) {
    // A pipelined request is already buffered. Going on from here could nest
    // one request in the next (when the response went out at once), so
    // continue from a fresh handler.
    net::post(socket_.get_executor(), [self = shared_from_this()] { self->wait_for_request(); });
    return;
  }
  wait_for_request();
}

// --- closing -----------------------------------------------------------------

void Session::linger_then_close() {
  phase_ = Phase::kLingering;
  error_code ec;
  socket_.shutdown(tcp::socket::shutdown_send, ec);
  if (ec) {
    close();
    return;
  }
  // During shutdown, skip the wait when there is nothing left to discard:
  // without unread input a close sends FIN, not RST, so the response is safe.
  const std::size_t pending = socket_.available(ec);
  if (state_.stopping() && !ec && pending == 0) {
    close();
    return;
  }
  linger_discarded_ = 0;
  set_deadline(kLingerTimeout);
  socket_.async_read_some(net::buffer(linger_buffer_),
                          beast::bind_front_handler(&Session::on_linger_read, shared_from_this()));
}

void Session::on_linger_read(error_code ec, std::size_t n) {
  linger_discarded_ += n;
  if (ec || linger_discarded_ > kLingerMaxBytes) {
    close();  // EOF (the client read our response and closed), timeout, or enough
    return;
  }
  socket_.async_read_some(net::buffer(linger_buffer_),
                          beast::bind_front_handler(&Session::on_linger_read, shared_from_this()));
}

void Session::close() {
  phase_ = Phase::kClosed;
  clear_deadline();
  release_body();
  error_code ignored;
  socket_.close(ignored);  // cancels any pending operation
  timer_.cancel();
  timer_armed_ = false;
}

}  // namespace dynastore::http::detail
