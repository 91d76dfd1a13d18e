#include "dynastore/http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "dynastore/http/request_handler.h"
#include "http/server_fixture.h"

namespace dynastore::http {
namespace {

using namespace std::chrono_literals;
using namespace dynastore::http::test_support;

// ---------------------------------------------------------------------------

TEST(HttpRequestTest, HeaderLookupIsAsciiCaseInsensitive) {
  HttpRequest request;
  request.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                     {"X-Amz-Target", "DynamoDB_20120810.GetItem"},
                     {"x-amz-target", "second"}};
  ASSERT_NE(request.header("content-type"), nullptr);
  EXPECT_EQ(*request.header("content-type"), "application/x-amz-json-1.0");
  ASSERT_NE(request.header("X-AMZ-TARGET"), nullptr);
  EXPECT_EQ(*request.header("X-AMZ-TARGET"), "DynamoDB_20120810.GetItem");  // the first one wins
  EXPECT_EQ(request.header("Content-Typ"), nullptr);
  EXPECT_EQ(request.header("Content-Types"), nullptr);
  EXPECT_EQ(request.header(""), nullptr);
}

TEST_F(ServerTest, PortZeroBindsAFreePort) {
  EchoHandler handler;
  Server not_started(ServerOptions{.host = "127.0.0.1", .port = 0}, handler);
  EXPECT_EQ(not_started.port(), 0);

  ASSERT_NO_FATAL_FAILURE(start_server());
  Client client(port());
  EXPECT_TRUE(client.connected());
}

TEST_F(ServerTest, StartFailsWhenTheAddressIsInUse) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  EchoHandler handler;
  Server second(ServerOptions{.host = "127.0.0.1", .port = port(), .threads = 1}, handler);
  const Status status = second.start();
  EXPECT_FALSE(status.is_ok());
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_EQ(second.port(), 0);
}

TEST_F(ServerTest, StartTwiceIsRefused) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  EXPECT_EQ(server_->start().code(), StatusCode::kAborted);
}

TEST_F(ServerTest, PostBodyIsEchoed) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_all(post("/path?x=1", "{\"TableName\":\"t\"}")));
  auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "{\"TableName\":\"t\"}");
  EXPECT_EQ(response->header_or("x-method", ""), "POST");
  EXPECT_EQ(response->header_or("x-target", ""), "/path?x=1");
  EXPECT_EQ(response->header_or("x-remote", ""), "127.0.0.1");
  EXPECT_EQ(response->header_or("content-length", ""), "17");  // the handler's "999" is dropped
}

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  Client client(port());
  ASSERT_TRUE(client.connected());
  for (const char* body : {"first", "second"}) {
    ASSERT_TRUE(client.send_all(post("/", body)));
    auto response = client.read_response();
    ASSERT_TRUE(response.has_value()) << body;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, body);
    EXPECT_EQ(response->header("connection"), nullptr);  // HTTP/1.1 default: keep-alive
  }
  EXPECT_EQ(handler_.calls.load(), 2);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_all(post("/1", "one") + get("/2") + post("/3", "three")));
  auto first = client.read_response();
  auto second = client.read_response();
  auto third = client.read_response();
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(first->body, "one");
  EXPECT_EQ(second->header_or("x-target", ""), "/2");
  EXPECT_EQ(second->body, "");
  EXPECT_EQ(third->body, "three");
}

TEST_F(ServerTest, ConnectionCloseClosesAfterTheResponse) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_all(post("/", "bye", "Connection: close\r\n")));
  auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->body, "bye");
  EXPECT_EQ(to_lower(response->header_or("connection", "")), "close");
  EXPECT_TRUE(client.wait_closed(3000ms));
}

TEST_F(ServerTest, HandlerCanAskToCloseTheConnection) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_all(get("/close")));
  auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(to_lower(response->header_or("connection", "")), "close");
  EXPECT_TRUE(client.wait_closed(3000ms));
}

TEST_F(ServerTest, Http10WithoutKeepAliveCloses) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_all("GET /old HTTP/1.0\r\n\r\n"));
  auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(client.wait_closed(3000ms));
}

TEST_F(ServerTest, HeaderLookupThroughTheServerIsCaseInsensitive) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_all(get("/", "X-LOOKUP-Me: found it\r\n")));
  auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->header_or("x-lookup", ""), "found it");
}

TEST_F(ServerTest, HeldResponseGoesOutOnlyWhenSentAndTheConnectionGoesOn) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  Client client(port());
  auto send = send_held(client, "payload");
  ASSERT_TRUE(send.has_value());
  EXPECT_FALSE(client.read_response(200ms).has_value());  // held: nothing yet
  std::thread([&send] { (*send)(std::nullopt); }).join();  // sent from another thread
  auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "payload");
  // The connection reads its next request again.
  ASSERT_TRUE(client.send_all(post("/echo", "next")));
  response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->body, "next");
}

TEST_F(ServerTest, HeldResponseCanBeReplacedWhenSent) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  Client client(port());
  auto send = send_held(client, "payload");
  ASSERT_TRUE(send.has_value());
  HttpResponse failure;
  failure.status = 500;
  failure.body = "could not be made durable";
  (*send)(failure);
  auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(response->body, "could not be made durable");
}

TEST_F(ServerTest, StopWaitsForAHeldResponse) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  Client client(port());
  auto send = send_held(client, "last");
  ASSERT_TRUE(send.has_value());
  std::thread stopper([this] { server_->stop(); });
  std::this_thread::sleep_for(100ms);
  (*send)(std::nullopt);
  auto response = client.read_response();
  stopper.join();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "last");
  EXPECT_EQ(response->header_or("Connection", ""), "close");
}

TEST_F(ServerTest, HeadResponseStatesTheLengthButSendsNoBody) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_all("HEAD / HTTP/1.1\r\nHost: test\r\n\r\n" + get("/after")));
  auto head = client.read_response(5000ms, /*head_request=*/true);
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->header_or("content-length", ""), "9");  // "head-body"
  // Had the body been sent, it would now be parsed as the next status line.
  auto next = client.read_response();
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->header_or("x-target", ""), "/after");
}

TEST_F(ServerTest, BodyOverTheLimitIsRejectedBeforeItIsSent) {
  ASSERT_NO_FATAL_FAILURE(start_server(ServerOptions{.body_limit = 1024}));
  Client client(port());
  ASSERT_TRUE(client.connected());
  // Only the header goes out; the reply must come without the 10 GB body.
  ASSERT_TRUE(client.send_all("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 10000000000\r\n\r\n"));
  auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->header_or("x-rejected", ""), "yes");
  EXPECT_NE(response->body.find("1024"), std::string::npos) << response->body;
  EXPECT_EQ(to_lower(response->header_or("connection", "")), "close");
  EXPECT_TRUE(client.wait_closed(3000ms));
  EXPECT_EQ(handler_.calls.load(), 0);
  EXPECT_EQ(handler_.rejects.load(), 1);
}

TEST_F(ServerTest, BodyAtTheLimitIsAccepted) {
  ASSERT_NO_FATAL_FAILURE(start_server(ServerOptions{.body_limit = 1024}));
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_all(post("/", std::string(1024, 'x'))));
  auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body.size(), 1024u);
}

TEST_F(ServerTest, OversizedBodyWithExpectContinueGets413Not100) {
  ASSERT_NO_FATAL_FAILURE(start_server(ServerOptions{.body_limit = 1024}));
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_all(
      "PUT / HTTP/1.1\r\nHost: test\r\nContent-Length: 4096\r\nExpect: 100-continue\r\n\r\n"));
  auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 413);
  EXPECT_TRUE(client.wait_closed(3000ms));
}

TEST_F(ServerTest, ChunkedBodyOverTheLimitIsRejected) {
  ASSERT_NO_FATAL_FAILURE(start_server(ServerOptions{.body_limit = 1024}));
  Client client(port());
  ASSERT_TRUE(client.connected());
  // Two 600-byte chunks: each fits, their sum does not.
  const std::string chunk(600, 'c');
  ASSERT_TRUE(client.send_all("POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n" + chunk +
                              "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n"));
  auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 413);
  EXPECT_TRUE(client.wait_closed(3000ms));
  EXPECT_EQ(handler_.calls.load(), 0);
}

TEST_F(ServerTest, ChunkedBodyWithinTheLimitIsDecoded) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_all(
      "POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
  auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->body, "hello world");
}

TEST_F(ServerTest, ExpectContinueGets100BeforeTheBody) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_all("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
  auto interim = client.read_response();
  ASSERT_TRUE(interim.has_value());
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(client.send_all("hello"));
  auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "hello");
}

TEST_F(ServerTest, MalformedRequestGets400AndClose) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  for (const char* garbage : {"GET / HTTP/1.1\r\nThis is not a header\r\n\r\n", "HELLO\x01 / HTTP/1.1\r\n\r\n",
                              "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n"}) {
    Client client(port());
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(client.send_all(garbage));
    auto response = client.read_response();
    ASSERT_TRUE(response.has_value()) << garbage;
    EXPECT_EQ(response->status, 400) << garbage;
    EXPECT_EQ(response->header_or("x-rejected", ""), "yes");
    EXPECT_TRUE(client.wait_closed(3000ms)) << garbage;
  }
  EXPECT_EQ(handler_.calls.load(), 0);
  EXPECT_EQ(handler_.rejects.load(), 3);
}

TEST_F(ServerTest, HeaderOverTheLimitGets431) {
  ASSERT_NO_FATAL_FAILURE(start_server(ServerOptions{.header_limit = 1024}));
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_all(get("/", "X-Big: " + std::string(2048, 'b') + "\r\n")));
  auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 431);
  EXPECT_TRUE(client.wait_closed(3000ms));
}

TEST_F(ServerTest, HandlerExceptionGivesABare500AndTheConnectionSurvives) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_all(get("/throw")));
  auto failed = client.read_response();
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->status, 500);
  EXPECT_EQ(failed->body, "");
  // The request was fully read, so the connection is still in sync.
  ASSERT_TRUE(client.send_all(post("/", "still here")));
  auto next = client.read_response();
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->body, "still here");
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosedAfterIdleTimeout) {
  ASSERT_NO_FATAL_FAILURE(start_server(ServerOptions{.idle_timeout = 1s}));
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_all(get("/")));
  ASSERT_TRUE(client.read_response().has_value());
  const auto started = Clock::now();
  EXPECT_TRUE(client.wait_closed(4000ms));
  EXPECT_GE(Clock::now() - started, 800ms);

  // A connection that never sends anything is idle from the start.
  Client silent(port());
  ASSERT_TRUE(silent.connected());
  EXPECT_TRUE(silent.wait_closed(4000ms));
}

TEST_F(ServerTest, SlowRequestIsClosedAfterReadTimeout) {
  ASSERT_NO_FATAL_FAILURE(start_server(ServerOptions{.idle_timeout = 30s, .read_timeout = 1s}));
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_all("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nonly5"));
  // A request was started: it is answered 408 before the close (issue 19).
  auto response = client.read_response(4000ms);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 408);
  EXPECT_EQ(to_lower(response->header_or("connection", "")), "close");
  EXPECT_TRUE(client.wait_closed(4000ms));
  EXPECT_EQ(handler_.calls.load(), 0);
}

// RFC 9112 §6.3: a Transfer-Encoding other than a lone final "chunked"
// gets 400 and a close; its body is never read as the next request
// (issue 19, defect 6).
TEST_F(ServerTest, TransferEncodingOtherThanChunkedGets400AndClose) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  int expected_rejects = 0;
  for (const char* coding : {"gzip", "identity", "chunked, gzip", "xchunked", "gzip, chunked",
                             "chunked\r\nTransfer-Encoding: chunked"}) {
    Client client(port());
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(client.send_all(std::string("POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: ") + coding +
                                "\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: test\r\n\r\n"));
    auto response = client.read_response();
    ASSERT_TRUE(response.has_value()) << coding;
    EXPECT_EQ(response->status, 400) << coding;
    ++expected_rejects;
    EXPECT_TRUE(client.wait_closed(3000ms)) << coding;
  }
  EXPECT_EQ(handler_.calls.load(), 0);
  EXPECT_EQ(handler_.rejects.load(), expected_rejects);
}

TEST_F(ServerTest, StopLetsASlowHandlerFinishAndWriteItsResponse) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  handler_.slow_delay = 1000ms;
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_all(post("/slow", "patience")));
  ASSERT_TRUE(handler_.wait_slow_entered(5000ms));

  const auto started = Clock::now();
  server_->stop();
  const auto took = Clock::now() - started;
  EXPECT_LT(took, 5s);

  // The response was written before stop() returned; it sits in our socket.
  auto response = client.read_response(1000ms);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "patience");
  EXPECT_EQ(to_lower(response->header_or("connection", "")), "close");
  EXPECT_TRUE(client.wait_closed(1000ms));

  // No longer accepting.
  Client late(port());
  EXPECT_TRUE(!late.connected() || late.wait_closed(1000ms));
}

TEST_F(ServerTest, StopClosesIdleConnectionsPromptly) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send_all(get("/")));
  ASSERT_TRUE(client.read_response().has_value());
  Client silent(port());
  ASSERT_TRUE(silent.connected());

  const auto started = Clock::now();
  server_->stop();
  EXPECT_LT(Clock::now() - started, 2s);
  EXPECT_TRUE(client.wait_closed(1000ms));
  EXPECT_TRUE(silent.wait_closed(1000ms));
  server_->stop();  // idempotent
}

TEST_F(ServerTest, ConnectionsOverTheLimitAreRefused) {
  ASSERT_NO_FATAL_FAILURE(start_server(ServerOptions{.max_connections = 1}));
  Client first(port());
  ASSERT_TRUE(first.connected());
  ASSERT_TRUE(first.send_all(get("/")));
  ASSERT_TRUE(first.read_response().has_value());  // its session now exists

  Client second(port());  // the kernel completes the handshake; the server closes it
  EXPECT_TRUE(second.wait_closed(3000ms));

  ASSERT_TRUE(first.send_all(get("/again")));
  auto again = first.read_response();
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->header_or("x-target", ""), "/again");
}

TEST_F(ServerTest, ConcurrentClientsAreAllServed) {
  ASSERT_NO_FATAL_FAILURE(start_server(ServerOptions{.threads = 4}));
  constexpr int kClients = 8;
  constexpr int kRequestsEach = 25;
  std::atomic<int> good{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([this, c, &good] {
      Client client(port());
      if (!client.connected()) return;
      for (int r = 0; r < kRequestsEach; ++r) {
        const std::string body = "client " + std::to_string(c) + " request " + std::to_string(r);
        if (!client.send_all(post("/", body))) return;
        auto response = client.read_response();
        if (!response || response->body != body) return;
        good.fetch_add(1);
      }
    });
  }
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(good.load(), kClients * kRequestsEach);
}

}  // namespace
}  // namespace dynastore::http
