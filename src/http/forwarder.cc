#include "dynastore/http/forwarder.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <map>
#include <mutex>
#include <vector>

#include "http/beast.h"

namespace dynastore::http {

using namespace detail;

namespace {

// Idle connections older than this are not reused: the destination's own
// idle timeout may have closed them.
constexpr auto kMaxIdle = std::chrono::seconds(20);
constexpr std::size_t kMaxIdlePerDestination = 64;
constexpr std::uint64_t kMaxAnswerBytes = 64ull << 20;

struct Connection {
  explicit Connection(net::io_context& io) : socket(io) {}
  tcp::socket socket;
  std::chrono::steady_clock::time_point idle_since;
};

// Headers of one hop, which each connection sets for itself.
bool is_framing(beast::string_view name) {
  return beast::iequals(name, "Content-Length") || beast::iequals(name, "Transfer-Encoding") ||
         beast::iequals(name, "Connection") || beast::iequals(name, "Keep-Alive");
}

// An answer's headers that the local session writes itself.
bool is_local_answer_header(beast::string_view name) {
  return is_framing(name) || beast::iequals(name, "Date") || beast::iequals(name, "Server");
}

// Whether a kept-alive connection still looks usable: nothing to read on it
// (the other side neither closed it nor sent anything unasked).
bool still_open(tcp::socket& socket) {
  char byte;
  const ssize_t got = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

void set_timeouts(tcp::socket& socket, std::chrono::milliseconds timeout) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

}  // namespace

struct Forwarder::Pool {
  net::io_context io;  // only for constructing sockets; every call is synchronous
  std::mutex mutex;
  std::map<std::string, std::vector<std::unique_ptr<Connection>>, std::less<>> idle;

  std::unique_ptr<Connection> take(const std::string& address) {
    std::lock_guard lock(mutex);
    auto it = idle.find(address);
    if (it == idle.end()) return nullptr;
    while (!it->second.empty()) {
      auto connection = std::move(it->second.back());
      it->second.pop_back();
      if (std::chrono::steady_clock::now() - connection->idle_since < kMaxIdle && still_open(connection->socket)) {
        return connection;
      }
    }
    return nullptr;
  }

  void give_back(const std::string& address, std::unique_ptr<Connection> connection) {
    connection->idle_since = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex);
    auto& list = idle[address];
    if (list.size() < kMaxIdlePerDestination) list.push_back(std::move(connection));
  }
};

Forwarder::Forwarder(std::chrono::milliseconds timeout) : timeout_(timeout), pool_(std::make_unique<Pool>()) {}
Forwarder::~Forwarder() = default;

Result<HttpResponse> Forwarder::forward(const std::string& address, const HttpRequest& request,
                                        const HttpHeader& mark) {
  const auto colon = address.rfind(':');
  if (colon == std::string::npos) return Status::invalid_argument("not host:port: " + address);
  bhttp::request<bhttp::string_body> out;
  out.method_string(request.method);
  out.target(request.target);
  out.version(11);
  for (const auto& header : request.headers) {
    if (is_framing(header.name)) continue;
    out.insert(header.name, header.value);
  }
  out.insert(mark.name, mark.value);
  out.body() = request.body;
  out.keep_alive(true);
  out.prepare_payload();

  for (int attempt = 0; attempt < 2; ++attempt) {
    auto connection = pool_->take(address);
    const bool reused = connection != nullptr;
    error_code ec;
    if (!connection) {
      connection = std::make_unique<Connection>(pool_->io);
      tcp::resolver resolver(pool_->io);
      auto endpoints = resolver.resolve(address.substr(0, colon), address.substr(colon + 1), ec);
      if (ec) return Status::io_error("cannot resolve " + address + ": " + ec.message());
      net::connect(connection->socket, endpoints, ec);
      if (ec) return Status::io_error("cannot connect to " + address + ": " + ec.message());
      connection->socket.set_option(tcp::no_delay(true), ec);
      set_timeouts(connection->socket, timeout_);
    }
    bhttp::write(connection->socket, out, ec);
    if (ec) {
      // A kept-alive connection the other side closed meanwhile: the
      // request did not all go out, so it cannot have been taken; once more
      // afresh. Once it all went out, it may have been taken and carried out
      // (a write the leader commits), whatever becomes of the connection
      // then: it is never sent twice.
      if (reused) continue;
      return Status::io_error("cannot send to " + address + ": " + ec.message());
    }
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(kMaxAnswerBytes);
    bhttp::read(connection->socket, buffer, parser, ec);
    if (ec) return Status::io_error("no answer from " + address + ": " + ec.message());
    auto answer = parser.release();
    HttpResponse response;
    response.status = static_cast<int>(answer.result_int());
    for (const auto& field : answer) {
      if (is_local_answer_header(field.name_string())) continue;
      response.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    }
    response.body = std::move(answer.body());
    if (answer.keep_alive()) pool_->give_back(address, std::move(connection));
    return response;
  }
  return Status::io_error("no answer from " + address);
}

}  // namespace dynastore::http
