#include "server/health_probe.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <string>

namespace dynastore::server {

namespace {

using Clock = std::chrono::steady_clock;

struct Url {
  std::string host;
  std::string port = "80";
  std::string path = "/";
};

bool parse_url(std::string_view url, Url& out) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) return false;
  url.remove_prefix(kScheme.size());
  const auto slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  if (slash != std::string_view::npos) out.path = std::string(url.substr(slash));
  if (authority.starts_with('[')) {  // [::1]:8000
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return false;
    out.host = std::string(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    if (!authority.empty()) {
      if (authority.front() != ':') return false;
      out.port = std::string(authority.substr(1));
    }
  } else {
    const auto colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) out.port = std::string(authority.substr(colon + 1));
  }
  return !out.host.empty() && !out.port.empty();
}

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

// Waits until `fd` is ready for `events`; false on timeout or error.
bool wait_for(int fd, short events, Clock::time_point deadline) {
  pollfd p{fd, events, 0};
  for (;;) {
    const int n = ::poll(&p, 1, remaining_ms(deadline));
    if (n > 0) return true;
    if (n == 0 || errno != EINTR) return false;
  }
}

// A connected non-blocking socket to one of the URL's addresses, or -1.
int connect_to(const Url& url, Clock::time_point deadline, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  if (int rc = ::getaddrinfo(url.host.c_str(), url.port.c_str(), &hints, &addresses); rc != 0) {
    error = std::string("cannot resolve ") + url.host + ": " + ::gai_strerror(rc);
    return -1;
  }
  int fd = -1;
  for (addrinfo* a = addresses; a != nullptr && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS && wait_for(fd, POLLOUT, deadline)) {
      int so_error = 0;
      socklen_t len = sizeof so_error;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
      errno = so_error;
      rc = so_error == 0 ? 0 : -1;
    } else if (rc != 0 && errno == EINPROGRESS) {
      errno = ETIMEDOUT;
    }
    if (rc != 0) {
      error = "cannot connect to " + url.host + ":" + url.port + ": " + std::strerror(errno);
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(addresses);
  return fd;
}

}  // namespace

int run_health_probe(std::string_view url_text, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  Url url;
  if (!parse_url(url_text, url)) {
    std::cout << "unhealthy: bad URL " << url_text << " (expected http://HOST[:PORT][/PATH])\n";
    return 1;
  }
  std::string error;
  const int fd = connect_to(url, deadline, error);
  if (fd < 0) {
    std::cout << "unhealthy: " << error << "\n";
    return 1;
  }
  const std::string request = "GET " + url.path + " HTTP/1.1\r\nHost: " + url.host + ":" + url.port +
                              "\r\nUser-Agent: dynastore-health-check\r\nConnection: close\r\n\r\n";
  std::size_t sent = 0;
  while (sent < request.size() && error.empty()) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
      error = std::string("send failed: ") + std::strerror(errno);
    } else if (n < 0 && errno == EAGAIN && !wait_for(fd, POLLOUT, deadline)) {
      error = "timed out sending the request";
    }
  }
  // Read until the server closes (Connection: close), 64 KiB at most.
  std::string response;
  char buffer[4096];
  while (error.empty() && response.size() < 64 * 1024) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n > 0) {
      response.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0) {
      break;
    } else if (errno == EAGAIN) {
      if (!wait_for(fd, POLLIN, deadline)) error = "timed out waiting for the answer";
    } else if (errno != EINTR) {
      error = std::string("receive failed: ") + std::strerror(errno);
    }
  }
  ::close(fd);
  if (!error.empty() && response.find("\r\n\r\n") == std::string::npos) {
    std::cout << "unhealthy: " << error << "\n";
    return 1;
  }
  // "HTTP/1.1 200 OK"
  const std::string status_line = response.substr(0, response.find("\r\n"));
  const bool ok = status_line.starts_with("HTTP/1.") && status_line.size() >= 12 &&
                  status_line.compare(8, 4, " 200") == 0;
  const auto body_start = response.find("\r\n\r\n");
  std::string body = body_start == std::string::npos ? "" : response.substr(body_start + 4);
  body = body.substr(0, body.find('\n'));
  if (ok) {
    std::cout << (body.empty() ? status_line : body) << "\n";
    return 0;
  }
  std::cout << "unhealthy: " << (status_line.empty() ? "no HTTP answer" : status_line) << "\n";
  return 1;
}

}  // namespace dynastore::server
