#include "dynastore/common/http_client.h"

#include <netdb.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

namespace dynastore {

namespace {

using Clock = std::chrono::steady_clock;

// Waits in slices this long, so a cancellation is seen promptly.
constexpr int kSliceMs = 50;

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

// Waits until `fd` is ready for `events`: IoError on timeout, cancellation
// or a poll failure.
Status wait_ready(int fd, short events, Clock::time_point deadline, const std::atomic<bool>* cancel) {
  pollfd p{fd, events, 0};
  for (;;) {
    if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) return Status::io_error("cancelled");
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return Status::io_error("timed out");
    const int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, kSliceMs)));
    if (n > 0) return Status::ok();
    if (n < 0 && errno != EINTR) return Status::io_error(std::string("poll failed: ") + std::strerror(errno));
  }
}

Result<int> connect_to(const HttpUrl& url, Clock::time_point deadline, const std::atomic<bool>* cancel) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  if (int rc = ::getaddrinfo(url.host.c_str(), url.port.c_str(), &hints, &addresses); rc != 0) {
    return Status::io_error("cannot resolve " + url.host + ": " + ::gai_strerror(rc));
  }
  Status last = Status::io_error("cannot connect to " + url.host + ":" + url.port + ": no address");
  int connected = -1;
  for (addrinfo* a = addresses; a != nullptr && connected < 0; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int error = ::connect(fd, a->ai_addr, a->ai_addrlen) == 0 ? 0 : errno;
    if (error == EINPROGRESS) {
      if (auto ready = wait_ready(fd, POLLOUT, deadline, cancel); !ready.is_ok()) {
        ::close(fd);
        last = Status::io_error("cannot connect to " + url.host + ":" + url.port + ": " + ready.message());
        break;  // out of time: no point trying the next address
      }
      socklen_t length = sizeof error;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
    }
    if (error == 0) {
      connected = fd;
    } else {
      ::close(fd);
      last = Status::io_error("cannot connect to " + url.host + ":" + url.port + ": " + std::strerror(error));
    }
  }
  ::freeaddrinfo(addresses);
  if (connected < 0) return last;
  return connected;
}

Status send_all(int fd, std::string_view data, Clock::time_point deadline, const std::atomic<bool>* cancel) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      if (auto ready = wait_ready(fd, POLLOUT, deadline, cancel); !ready.is_ok()) {
        return Status::io_error("sending the request: " + ready.message());
      }
    } else if (errno != EINTR) {
      return Status::io_error(std::string("sending the request: ") + std::strerror(errno));
    }
  }
  return Status::ok();
}

std::optional<std::size_t> parse_size(std::string_view text, int base) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (error != std::errc() || end == text.data()) return std::nullopt;
  return value;
}

// The body of a chunked message, once its last chunk is in `raw`.
std::optional<std::string> dechunk(std::string_view raw) {
  std::string body;
  for (;;) {
    const auto line_end = raw.find("\r\n");
    if (line_end == std::string_view::npos) return std::nullopt;
    const auto size = parse_size(raw.substr(0, line_end), 16);  // extensions after ';' are ignored
    if (!size) return std::nullopt;
    raw.remove_prefix(line_end + 2);
    if (*size == 0) return body;  // trailers, if any, are not needed
    if (raw.size() < *size + 2) return std::nullopt;
    body.append(raw.substr(0, *size));
    raw.remove_prefix(*size + 2);
  }
}

// Parses the status line and headers of `head` (without the blank line).
Status parse_head(std::string_view head, HttpAnswer& answer) {
  const auto line_end = head.find("\r\n");
  const std::string_view status_line = head.substr(0, line_end);
  // "HTTP/1.1 200 OK"
  if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12 || status_line[8] != ' ') {
    return Status::io_error("no HTTP answer");
  }
  auto code = parse_size(status_line.substr(9, 3), 10);
  if (!code) return Status::io_error("no HTTP status in \"" + std::string(status_line) + "\"");
  answer.status = static_cast<int>(*code);
  answer.reason = status_line.size() > 13 ? std::string(status_line.substr(13)) : "";
  std::string_view rest = line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 2);
  while (!rest.empty()) {
    const auto end = rest.find("\r\n");
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 2);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    answer.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  return Status::ok();
}

}  // namespace

std::optional<HttpUrl> parse_http_url(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) return std::nullopt;
  url.remove_prefix(kScheme.size());
  HttpUrl out;
  const auto slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  if (slash != std::string_view::npos) out.path = std::string(url.substr(slash));
  if (authority.find('@') != std::string_view::npos) return std::nullopt;  // no credentials in URLs
  if (authority.starts_with('[')) {  // [::1]:8000
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    out.host = std::string(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    if (!authority.empty()) {
      if (authority.front() != ':') return std::nullopt;
      out.port = std::string(authority.substr(1));
    }
  } else {
    const auto colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) out.port = std::string(authority.substr(colon + 1));
  }
  if (out.host.empty() || out.port.empty()) return std::nullopt;
  return out;
}

std::optional<std::string_view> HttpAnswer::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && ::strncasecmp(key.data(), name.data(), name.size()) == 0) return value;
  }
  return std::nullopt;
}

Result<HttpAnswer> http_exchange(const HttpUrl& url, const HttpRequest& request, Clock::time_point deadline,
                                 const std::atomic<bool>* cancel) {
  auto fd = connect_to(url, deadline, cancel);
  if (!fd.is_ok()) return fd.status();
  Socket socket(fd.value());
  const bool ipv6_literal = url.host.find(':') != std::string::npos;
  std::string head;
  head.append(request.method).append(" ").append(url.path).append(" HTTP/1.1\r\nHost: ");
  head.append(ipv6_literal ? "[" + url.host + "]" : url.host).append(":").append(url.port).append("\r\n");
  head.append("User-Agent: ").append(request.user_agent).append("\r\nConnection: close\r\n");
  if (!request.content_type.empty()) head.append("Content-Type: ").append(request.content_type).append("\r\n");
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
    head.append("Content-Length: ").append(std::to_string(request.body.size())).append("\r\n");
  }
  head.append("\r\n");
  if (auto s = send_all(socket.fd(), head, deadline, cancel); !s.is_ok()) return s;
  if (auto s = send_all(socket.fd(), request.body, deadline, cancel); !s.is_ok()) return s;

  // Read until the server closes, or until the body's announced end.
  std::string raw;
  HttpAnswer answer;
  std::optional<std::size_t> body_start, content_length;
  bool chunked = false;
  char buffer[16384];
  for (;;) {
    const ssize_t n = ::recv(socket.fd(), buffer, sizeof buffer, 0);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        return Status::io_error(std::string("reading the answer: ") + std::strerror(errno));
      }
      if (auto ready = wait_ready(socket.fd(), POLLIN, deadline, cancel); !ready.is_ok()) {
        return Status::io_error("waiting for the answer: " + ready.message());
      }
      continue;
    }
    if (raw.size() < kMaxAnswerBytes + 64 * 1024) raw.append(buffer, static_cast<std::size_t>(n));
    if (!body_start) {
      const auto blank = raw.find("\r\n\r\n");
      if (blank == std::string::npos) continue;
      if (auto s = parse_head(std::string_view(raw).substr(0, blank), answer); !s.is_ok()) return s;
      body_start = blank + 4;
      if (auto length = answer.header("Content-Length")) content_length = parse_size(*length, 10);
      if (auto coding = answer.header("Transfer-Encoding")) chunked = coding->find("chunked") != std::string_view::npos;
    }
    const std::string_view body = std::string_view(raw).substr(*body_start);
    if (chunked && dechunk(body)) break;
    if (!chunked && content_length && body.size() >= *content_length) break;
  }
  if (!body_start) {
    const auto blank = raw.find("\r\n\r\n");
    if (auto s = parse_head(std::string_view(raw).substr(0, blank), answer); !s.is_ok()) return s;
    body_start = blank == std::string::npos ? raw.size() : blank + 4;
  }
  const std::string_view body = std::string_view(raw).substr(*body_start);
  if (chunked) {
    answer.body = dechunk(body).value_or(std::string(body));
  } else {
    answer.body = std::string(body.substr(0, content_length.value_or(body.size())));
  }
  if (answer.body.size() > kMaxAnswerBytes) answer.body.resize(kMaxAnswerBytes);
  return answer;
}

}  // namespace dynastore
