// Forwarder against a real http::Server (the echo handler): the request goes
// byte for byte with the mark added, the answer comes back without framing
// headers, connections are reused, and a destination that is gone is an error.
#include "dynastore/http/forwarder.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

#include "http/server_fixture.h"
#include "testutil/loopback.h"

namespace dynastore::http {
namespace {

using namespace std::chrono_literals;
using test_support::ServerTest;

HttpRequest make_request(std::string target, std::string body) {
  HttpRequest request;
  request.method = "POST";
  request.target = std::move(target);
  request.headers.push_back({"Host", "signed.example:8000"});
  request.headers.push_back({"x-lookup-me", "kept"});
  request.headers.push_back({"Content-Length", "1"});  // framing: recomputed, never relayed
  request.body = std::move(body);
  return request;
}

const std::string* find(const HttpResponse& response, std::string_view name) {
  for (const auto& header : response.headers) {
    if (header.name.size() == name.size() && strcasecmp(header.name.c_str(), std::string(name).c_str()) == 0) {
      return &header.value;
    }
  }
  return nullptr;
}

TEST_F(ServerTest, ForwardsTheRequestAsReceivedAndRelaysTheAnswer) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  Forwarder forwarder(5000ms);
  const std::string address = "127.0.0.1:" + std::to_string(port());
  for (int round = 0; round < 3; ++round) {  // the same kept-alive connection, then others
    auto answer = forwarder.forward(address, make_request("/echo?x=1", "body " + std::to_string(round)),
                                    {"X-Forwarded-By", "2"});
    ASSERT_TRUE(answer.is_ok()) << answer.status().to_string();
    EXPECT_EQ(answer->status, 200);
    EXPECT_EQ(answer->body, "body " + std::to_string(round));
    ASSERT_NE(find(answer.value(), "X-Target"), nullptr);
    EXPECT_EQ(*find(answer.value(), "X-Target"), "/echo?x=1");
    EXPECT_EQ(*find(answer.value(), "X-Lookup"), "kept");
    EXPECT_EQ(find(answer.value(), "Content-Length"), nullptr);  // the local session sets its own
    EXPECT_EQ(find(answer.value(), "Date"), nullptr);
  }
}

TEST_F(ServerTest, ADestinationThatClosedAKeptConnectionIsCalledAfresh) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  Forwarder forwarder(5000ms);
  const std::string address = "127.0.0.1:" + std::to_string(port());
  ASSERT_TRUE(forwarder.forward(address, make_request("/close", "a"), {"X-Forwarded-By", "2"}).is_ok());
  auto again = forwarder.forward(address, make_request("/echo", "b"), {"X-Forwarded-By", "2"});
  ASSERT_TRUE(again.is_ok()) << again.status().to_string();
  EXPECT_EQ(again->body, "b");
}

TEST_F(ServerTest, AKeptConnectionTheDestinationClosedWhileIdleIsNotUsed) {
  ServerOptions options;
  options.idle_timeout = 1s;
  ASSERT_NO_FATAL_FAILURE(start_server(options));
  Forwarder forwarder(5000ms);
  const std::string address = "127.0.0.1:" + std::to_string(port());
  ASSERT_TRUE(forwarder.forward(address, make_request("/echo", "a"), {"X-Forwarded-By", "2"}).is_ok());
  std::this_thread::sleep_for(1500ms);  // the server closes the kept connection meanwhile
  auto again = forwarder.forward(address, make_request("/echo", "b"), {"X-Forwarded-By", "2"});
  ASSERT_TRUE(again.is_ok()) << again.status().to_string();
  EXPECT_EQ(again->body, "b");
}

// A destination that takes a request whole and closes the connection
// without an answer may have carried it out (a write a leader committed):
// the forwarder must not send it again, not even on a kept connection.
TEST(ForwarderTest, ARequestTakenWithoutAnAnswerIsNeverSentTwice) {
  const testutil::LoopbackSocket bound = testutil::bind_loopback();
  ASSERT_GE(bound.fd, 0);
  const int listener = bound.fd;
  ASSERT_EQ(::listen(listener, 8), 0);
  std::atomic<int> requests{0};
  // Answers the first request on its connection, then takes the second
  // and closes without answering; counts every request that arrives, on
  // that connection or a new one.
  std::thread server([&] {
    const int first = ::accept(listener, nullptr, nullptr);
    std::string seen;
    char buffer[4096];
    int answered = 0;
    for (;;) {
      const ssize_t got = ::recv(first, buffer, sizeof buffer, 0);
      if (got <= 0) break;
      seen.append(buffer, static_cast<std::size_t>(got));
      for (auto end = seen.find("\r\n\r\nx"); end != std::string::npos; end = seen.find("\r\n\r\nx")) {
        seen.erase(0, end + 5);  // a request: head and its one-byte body
        ++requests;
        if (answered++ == 0) {
          const std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
          ::send(first, answer.data(), answer.size(), MSG_NOSIGNAL);
        } else {
          ::close(first);
          // A request sent again would come on a new connection.
          pollfd waiting{listener, POLLIN, 0};
          if (::poll(&waiting, 1, 1000) == 1) {
            const int again = ::accept(listener, nullptr, nullptr);
            if (::recv(again, buffer, sizeof buffer, 0) > 0) ++requests;
            ::close(again);
          }
          return;
        }
      }
    }
    ::close(first);
  });
  Forwarder forwarder(2000ms);
  const std::string where = "127.0.0.1:" + std::to_string(bound.port);
  ASSERT_TRUE(forwarder.forward(where, make_request("/", "x"), {"X-Forwarded-By", "2"}).is_ok());
  auto second = forwarder.forward(where, make_request("/", "x"), {"X-Forwarded-By", "2"});
  server.join();
  EXPECT_FALSE(second.is_ok());
  EXPECT_EQ(second.status().code(), StatusCode::kIoError);
  ::shutdown(listener, SHUT_RDWR);
  ::close(listener);
  EXPECT_EQ(requests, 2);  // the second was not sent again
}

TEST(ForwarderTest, NoServerIsAnIoError) {
  Forwarder forwarder(1000ms);
  auto answer = forwarder.forward("127.0.0.1:1", make_request("/", ""), {"X-Forwarded-By", "2"});
  ASSERT_FALSE(answer.is_ok());
  EXPECT_EQ(answer.status().code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace dynastore::http
