// What the HTTP server's tests share: a minimal blocking client on POSIX
// sockets, an echoing RequestHandler, and a fixture that starts a Server on
// a free loopback port and always stops it.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "dynastore/http/request_handler.h"
#include "dynastore/http/server.h"

namespace dynastore::http::test_support {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// ---------------------------------------------------------------------------
// A minimal blocking HTTP/1.1 client on POSIX sockets. Every wait is bounded
// by a deadline (poll), so a server bug fails a test instead of hanging it.

inline std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

struct Response {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased
  std::string body;

  const std::string* header(std::string_view name) const {
    for (const auto& [n, v] : headers) {
      if (n == to_lower(name)) return &v;
    }
    return nullptr;
  }
  std::string header_or(std::string_view name, std::string fallback) const {
    const std::string* v = header(name);
    return v ? *v : fallback;
  }
};

class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      ::close(fd_);
      fd_ = -1;
      return;
    }
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  }
  ~Client() {
    if (fd_ >= 0) ::close(fd_);
  }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return fd_ >= 0; }

  bool send_all(std::string_view data) {
    while (!data.empty()) {
      // MSG_NOSIGNAL: a server that closed on us must fail the test, not
      // kill it with SIGPIPE.
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Reads one response. For a HEAD request the body is not read, whatever
  // Content-Length says. nullopt on EOF, timeout or garbage.
  std::optional<Response> read_response(std::chrono::milliseconds timeout = 5000ms, bool head_request = false) {
    const auto deadline = Clock::now() + timeout;
    std::size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (buffer_.size() > kMaxBytes || fill(deadline) <= 0) return std::nullopt;
    }
    const std::string head = buffer_.substr(0, header_end);
    buffer_.erase(0, header_end + 4);

    Response response;
    std::size_t line_end = head.find("\r\n");
    const std::string status_line = head.substr(0, line_end);
    if (status_line.rfind("HTTP/1.", 0) != 0 || status_line.size() < 12) return std::nullopt;
    response.status = std::stoi(status_line.substr(9, 3));
    while (line_end != std::string::npos) {
      const std::size_t start = line_end + 2;
      line_end = head.find("\r\n", start);
      const std::string line = head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
      const std::size_t colon = line.find(':');
      if (colon == std::string::npos) return std::nullopt;
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      response.headers.emplace_back(to_lower(line.substr(0, colon)), value);
    }
    if (const std::string* length = response.header("content-length"); length && !head_request) {
      const std::size_t n = std::stoul(*length);
      while (buffer_.size() < n) {
        if (fill(deadline) <= 0) return std::nullopt;
      }
      response.body = buffer_.substr(0, n);
      buffer_.erase(0, n);
    }
    return response;
  }

  // True if the server closes the connection (EOF or reset) within the
  // timeout. Any bytes that arrive meanwhile are discarded.
  bool wait_closed(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    buffer_.clear();
    for (;;) {
      const int r = fill(deadline);
      if (r == 0) return true;
      if (r < 0) return closed_by_reset_;
      buffer_.clear();
    }
  }

  // True if nothing at all arrives (and the connection stays open) for this long.
  bool silent_for(std::chrono::milliseconds duration) { return fill(Clock::now() + duration) < 0 && !closed_by_reset_; }

 private:
  static constexpr std::size_t kMaxBytes = 1 << 20;

  // Receives into buffer_: >0 bytes read, 0 on EOF, -1 on timeout or error
  // (closed_by_reset_ tells a reset apart).
  int fill(Clock::time_point deadline) {
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return -1;
      pollfd pfd{fd_, POLLIN, 0};
      const int p = ::poll(&pfd, 1, static_cast<int>(left.count()));
      if (p < 0 && errno == EINTR) continue;
      if (p <= 0) return -1;
      char chunk[16384];
      const ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        closed_by_reset_ = (errno == ECONNRESET);
        return -1;
      }
      buffer_.append(chunk, static_cast<std::size_t>(n));
      return static_cast<int>(n);
    }
  }

  int fd_ = -1;
  std::string buffer_;
  bool closed_by_reset_ = false;
};

inline std::string post(std::string_view target, std::string_view body, std::string_view extra_headers = "") {
  return std::string("POST ") + std::string(target) + " HTTP/1.1\r\nHost: test\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n" + std::string(extra_headers) + "\r\n" + std::string(body);
}

inline std::string get(std::string_view target, std::string_view extra_headers = "") {
  return std::string("GET ") + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra_headers) +
         "\r\n";
}

// ---------------------------------------------------------------------------
// Echoes the request back: method, target and a few header facts in response
// headers, the body as the body. "/slow" blocks for slow_delay, "/throw"
// throws, "/close" asks for the connection to be closed, "/held" holds its
// response until the test calls the Send it gets from take_held(). A request
// with X-Refuse-Head is refused by check_head when its body is not all there.

class EchoHandler : public RequestHandler {
 public:
  HttpResponse handle(HttpRequest& request) override {
    calls.fetch_add(1);
    if (request.target == "/slow") {
      {
        std::lock_guard lock(mutex_);
        slow_entered_ = true;
      }
      entered_.notify_all();
      std::this_thread::sleep_for(slow_delay);
    }
    if (request.target == "/throw") throw std::runtime_error("handler failure for the test");

    HttpResponse response;
    response.headers.push_back({"X-Method", request.method});
    response.headers.push_back({"X-Target", request.target});
    response.headers.push_back({"X-Remote", request.remote_address});
    const std::string* looked_up = request.header("x-lookup-me");
    response.headers.push_back({"X-Lookup", looked_up ? *looked_up : "<none>"});
    // http/ must drop this rather than send two conflicting lengths.
    response.headers.push_back({"Content-Length", "999"});
    response.close_connection = request.target == "/close";
    response.body = request.method == "HEAD" ? "head-body" : request.body;
    if (request.target == "/held") {
      response.hold = [this](HttpResponse::Send send) {
        {
          std::lock_guard lock(mutex_);
          held_.push_back(std::move(send));
        }
        entered_.notify_all();
      };
    }
    return response;
  }

  // The Send of the next held response, or nullopt after `timeout`.
  std::optional<HttpResponse::Send> take_held(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!entered_.wait_for(lock, timeout, [this] { return !held_.empty(); })) return std::nullopt;
    HttpResponse::Send send = std::move(held_.front());
    held_.erase(held_.begin());
    return send;
  }

  // Refuses, from its head, a request that carries X-Refuse-Head.
  std::optional<HttpResponse> check_head(const HttpRequest& head) override {
    head_checks.fetch_add(1);
    if (head.header("x-refuse-head") == nullptr) return std::nullopt;
    HttpResponse response;
    response.status = 403;
    response.body = "refused from the head";
    return response;
  }

  HttpResponse reject(int status, std::string_view reason) override {
    rejects.fetch_add(1);
    HttpResponse response;
    response.status = status;
    response.headers.push_back({"X-Rejected", "yes"});
    response.body = "rejected: " + std::string(reason);
    return response;
  }

  bool wait_slow_entered(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return entered_.wait_for(lock, timeout, [this] { return slow_entered_; });
  }

  std::atomic<int> calls{0};
  std::atomic<int> rejects{0};
  std::atomic<int> head_checks{0};
  std::chrono::milliseconds slow_delay{1000};

 private:
  std::mutex mutex_;
  std::condition_variable entered_;
  bool slow_entered_ = false;
  std::vector<HttpResponse::Send> held_;
};

class ServerTest : public ::testing::Test {
 protected:
  // Starts on 127.0.0.1 with a free port; options other than host and port
  // are the caller's.
  void start_server(ServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    if (options.threads == 0) options.threads = 2;
    server_ = std::make_unique<Server>(options, handler_);
    const Status status = server_->start();
    ASSERT_TRUE(status.is_ok()) << status.to_string();
    ASSERT_NE(server_->port(), 0);
  }

  void TearDown() override {
    if (server_) server_->stop();
  }

  uint16_t port() const { return server_->port(); }

  // Sends POST /held with `body` and returns the Send its handler was given:
  // nullopt if the request could not be sent or never reached the handler.
  std::optional<HttpResponse::Send> send_held(Client& client, std::string_view body) {
    if (!client.send_all(post("/held", body))) return std::nullopt;
    return handler_.take_held(5000ms);
  }

  EchoHandler handler_;             // declared first: outlives the server
  std::unique_ptr<Server> server_;  // always stopped in TearDown
};


}  // namespace dynastore::http::test_support
