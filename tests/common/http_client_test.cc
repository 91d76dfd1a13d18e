#include "dynastore/common/http_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <thread>

#include "testutil/loopback.h"

namespace dynastore {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// A one-connection server on 127.0.0.1 that reads the request and sends
// `answer` (in pieces, to exercise the client's reads), then closes.
class CannedServer {
 public:
  explicit CannedServer(std::string answer, milliseconds delay = milliseconds(0)) {
    const testutil::LoopbackSocket bound = testutil::bind_loopback();
    EXPECT_GE(bound.fd, 0);
    listener_ = bound.fd;
    port_ = bound.port;
    EXPECT_EQ(::listen(listener_, 1), 0);
    thread_ = std::thread([this, answer = std::move(answer), delay] {
      const int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) return;
      // The whole request, so that closing does not reset the connection
      // over unread bytes.
      char buffer[65536];
      while (!request_complete()) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        request_.append(buffer, static_cast<std::size_t>(n));
      }
      std::this_thread::sleep_for(delay);
      for (std::size_t at = 0; at < answer.size(); at += 7) {
        (void)!::send(fd, answer.data() + at, std::min<std::size_t>(7, answer.size() - at), MSG_NOSIGNAL);
      }
      ::close(fd);
    });
  }
  ~CannedServer() {
    ::shutdown(listener_, SHUT_RDWR);
    thread_.join();
    ::close(listener_);
  }
  CannedServer(const CannedServer&) = delete;
  CannedServer& operator=(const CannedServer&) = delete;

  HttpUrl url() const { return HttpUrl{"127.0.0.1", std::to_string(port_), "/path?q=1"}; }
  const std::string& request() const { return request_; }

 private:
  bool request_complete() const {
    const auto blank = request_.find("\r\n\r\n");
    if (blank == std::string::npos) return false;
    const auto length_at = request_.find("Content-Length: ");
    const std::size_t length = length_at == std::string::npos ? 0 : std::stoul(request_.substr(length_at + 16));
    return request_.size() >= blank + 4 + length;
  }

  int listener_ = -1;
  int port_ = 0;
  std::string request_;
  std::thread thread_;
};

Result<HttpAnswer> post(const CannedServer& server, std::string_view body, milliseconds timeout = milliseconds(5000)) {
  HttpRequest request;
  request.method = "POST";
  request.content_type = "application/json";
  request.body = body;
  return http_exchange(server.url(), request, steady_clock::now() + timeout);
}

TEST(HttpClientTest, ParsesUrls) {
  auto url = parse_http_url("http://[::1]:8000/x/y");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, "8000");
  EXPECT_EQ(url->path, "/x/y");
  url = parse_http_url("http://localhost");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->port, "80");
  EXPECT_EQ(url->path, "/");
  EXPECT_FALSE(parse_http_url("https://h/"));
  EXPECT_FALSE(parse_http_url("http://:80/"));
  EXPECT_FALSE(parse_http_url("http://u:p@h/"));
  EXPECT_FALSE(parse_http_url("http://[::1/"));
}

TEST(HttpClientTest, SendsTheRequestAndReadsAContentLengthAnswer) {
  CannedServer server("HTTP/1.1 201 Created\r\nContent-Length: 5\r\nX-Amz-Function-Error: Unhandled\r\n\r\nhello");
  auto answer = post(server, R"({"Records":[]})");
  ASSERT_TRUE(answer.is_ok()) << answer.status().to_string();
  EXPECT_EQ(answer->status, 201);
  EXPECT_EQ(answer->reason, "Created");
  EXPECT_EQ(answer->body, "hello");
  EXPECT_EQ(answer->header("x-amz-function-error"), std::optional<std::string_view>("Unhandled"));
  EXPECT_EQ(answer->header("X-Other"), std::nullopt);
  EXPECT_NE(server.request().find("POST /path?q=1 HTTP/1.1\r\n"), std::string::npos);
  EXPECT_NE(server.request().find("Content-Type: application/json\r\n"), std::string::npos);
  EXPECT_NE(server.request().find("Content-Length: 14\r\n"), std::string::npos);
  EXPECT_NE(server.request().find("\r\n\r\n{\"Records\":[]}"), std::string::npos);
}

TEST(HttpClientTest, DechunksAChunkedAnswer) {
  CannedServer server("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n6;x=y\r\npedia \r\n0\r\n\r\n");
  auto answer = post(server, "{}");
  ASSERT_TRUE(answer.is_ok()) << answer.status().to_string();
  EXPECT_EQ(answer->body, "Wikipedia ");
}

TEST(HttpClientTest, ReadsToTheEndWithoutALength) {
  CannedServer server("HTTP/1.0 500 Internal Server Error\r\n\r\nit broke");
  auto answer = post(server, "{}");
  ASSERT_TRUE(answer.is_ok()) << answer.status().to_string();
  EXPECT_EQ(answer->status, 500);
  EXPECT_EQ(answer->body, "it broke");
}

TEST(HttpClientTest, SaysWhatWentWrong) {
  {
    CannedServer garbage("SSH-2.0-OpenSSH\r\n\r\n");
    auto answer = post(garbage, "{}");
    ASSERT_FALSE(answer.is_ok());
    EXPECT_NE(answer.status().message().find("no HTTP answer"), std::string::npos) << answer.status().message();
  }
  CannedServer slow("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", milliseconds(2000));
  const auto started = steady_clock::now();
  auto answer = post(slow, "{}", milliseconds(200));
  ASSERT_FALSE(answer.is_ok());
  EXPECT_NE(answer.status().message().find("timed out"), std::string::npos) << answer.status().message();
  EXPECT_LT(steady_clock::now() - started, milliseconds(1500));
}

TEST(HttpClientTest, ACancelledExchangeEndsPromptly) {
  CannedServer slow("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", milliseconds(2000));
  std::atomic<bool> cancel{true};
  HttpRequest request;
  auto answer = http_exchange(slow.url(), request, steady_clock::now() + milliseconds(5000), &cancel);
  ASSERT_FALSE(answer.is_ok());
  EXPECT_NE(answer.status().message().find("cancelled"), std::string::npos) << answer.status().message();
}

}  // namespace
}  // namespace dynastore
