// A request body that has not arrived with its head is waited for only
// after the handler's check_head let the head through and the body fits the
// server's budget of buffered request bytes (ServerOptions::
// buffered_body_limit): an unauthenticated or excess client cannot make the
// server hold memory for it.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "dynastore/http/server.h"
#include "http/server_fixture.h"

namespace dynastore::http {
namespace {

using namespace std::chrono_literals;
using namespace dynastore::http::test_support;

// The head of a POST whose body is `length` bytes, none of them sent.
std::string head_of(std::size_t length, std::string_view extra_headers = "") {
  return "POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: " + std::to_string(length) + "\r\n" +
         std::string(extra_headers) + "\r\n";
}

// Waits (bounded) until check_head has been asked `count` times: the server
// has read those heads and decided about their bodies.
bool wait_head_checks(const EchoHandler& handler, int count) {
  const auto deadline = Clock::now() + 5s;
  while (handler.head_checks.load() < count) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

class BodyAdmissionTest : public ServerTest {};

TEST_F(BodyAdmissionTest, HeadRefusedByTheHandlerIsAnsweredWithoutReadingTheBody) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  Client client(port());
  ASSERT_TRUE(client.send_all(head_of(1 << 20, "X-Refuse-Head: yes\r\n") + std::string(1000, 'b')));
  auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 403);
  EXPECT_EQ(response->body, "refused from the head");
  EXPECT_EQ(response->header_or("connection", ""), "close");
  EXPECT_TRUE(client.wait_closed(5000ms));
  EXPECT_EQ(handler_.calls.load(), 0);
}

TEST_F(BodyAdmissionTest, HeadRefusalComesBefore100Continue) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  Client client(port());
  ASSERT_TRUE(client.send_all(head_of(4096, "X-Refuse-Head: yes\r\nExpect: 100-continue\r\n")));
  auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 403);
}

TEST_F(BodyAdmissionTest, ChunkedHeadIsCheckedBeforeItsChunks) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  Client client(port());
  ASSERT_TRUE(client.send_all(
      "POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\nX-Refuse-Head: yes\r\n\r\n10\r\nabc"));
  auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 403);
  EXPECT_EQ(handler_.calls.load(), 0);
}

TEST_F(BodyAdmissionTest, BodyThatCameWithItsHeadGoesStraightToTheHandler) {
  // Already in memory: nothing to protect, and the common small request
  // pays for no extra check.
  ASSERT_NO_FATAL_FAILURE(start_server());
  Client client(port());
  ASSERT_TRUE(client.send_all(post("/", "whole", "X-Refuse-Head: yes\r\n")));
  auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "whole");
  EXPECT_EQ(handler_.head_checks.load(), 0);
}

TEST_F(BodyAdmissionTest, AdmittedHeadReadsTheBodyAsBefore) {
  ASSERT_NO_FATAL_FAILURE(start_server());
  Client client(port());
  const std::string body(200000, 'x');
  ASSERT_TRUE(client.send_all(head_of(body.size())));
  ASSERT_TRUE(wait_head_checks(handler_, 1));
  ASSERT_TRUE(client.send_all(body));
  auto response = client.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body.size(), body.size());
}

TEST_F(BodyAdmissionTest, BodiesPastTheBudgetAre503AndTheBudgetIsReturned) {
  constexpr std::size_t kBudget = 100000;
  ASSERT_NO_FATAL_FAILURE(start_server(ServerOptions{.body_limit = 80000, .buffered_body_limit = kBudget}));
  const std::string body(60000, 'a');

  Client first(port());
  ASSERT_TRUE(first.send_all(head_of(body.size()) + body.substr(0, 10)));
  ASSERT_TRUE(wait_head_checks(handler_, 1));

  // 60,000 more would hold 120,000 bytes: refused, unread, closed.
  Client second(port());
  ASSERT_TRUE(second.send_all(head_of(body.size()) + body.substr(0, 10)));
  auto refused = second.read_response();
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->header_or("x-rejected", ""), "yes");  // shaped by the handler's reject()
  EXPECT_TRUE(second.wait_closed(5000ms));

  // The first is not disturbed, and once it is answered its bytes are free.
  ASSERT_TRUE(first.send_all(body.substr(10)));
  auto answered = first.read_response();
  ASSERT_TRUE(answered.has_value());
  EXPECT_EQ(answered->status, 200);
  Client third(port());
  ASSERT_TRUE(third.send_all(head_of(body.size())));
  ASSERT_TRUE(wait_head_checks(handler_, 3));
  ASSERT_TRUE(third.send_all(body));
  auto later = third.read_response();
  ASSERT_TRUE(later.has_value());
  EXPECT_EQ(later->status, 200);
}

TEST_F(BodyAdmissionTest, AbandonedBodyGivesItsBudgetBack) {
  ASSERT_NO_FATAL_FAILURE(start_server(ServerOptions{.body_limit = 80000, .buffered_body_limit = 100000}));
  const std::string body(60000, 'a');
  {
    Client quitter(port());
    ASSERT_TRUE(quitter.send_all(head_of(body.size()) + "abc"));
    ASSERT_TRUE(wait_head_checks(handler_, 1));
  }  // closed mid-body
  // The server notices the close on its next read: retry, bounded.
  const auto deadline = Clock::now() + 5s;
  int status = 0;
  while (Clock::now() < deadline) {
    Client next(port());
    ASSERT_TRUE(next.send_all(head_of(body.size()) + body.substr(0, 10)));
    std::this_thread::sleep_for(20ms);
    next.send_all(body.substr(10));
    auto response = next.read_response();
    ASSERT_TRUE(response.has_value());
    status = response->status;
    if (status == 200) break;
  }
  EXPECT_EQ(status, 200);
}

TEST_F(BodyAdmissionTest, ChunkedBodyIsCountedAsItGrows) {
  ASSERT_NO_FATAL_FAILURE(start_server(ServerOptions{.body_limit = 120000, .buffered_body_limit = 120000}));
  Client holder(port());
  ASSERT_TRUE(holder.send_all(head_of(100000) + "abc"));
  ASSERT_TRUE(wait_head_checks(handler_, 1));

  Client chunked(port());
  const std::string chunk(20000, 'c');  // 0x4e20
  ASSERT_TRUE(chunked.send_all("POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n4e20\r\n" + chunk +
                               "\r\n"));
  auto response = chunked.read_response();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(handler_.calls.load(), 0);
}

TEST_F(BodyAdmissionTest, BudgetSmallerThanOneBodyIsRefusedAtStart) {
  EchoHandler handler;
  Server server(ServerOptions{.host = "127.0.0.1", .port = 0, .body_limit = 2048, .buffered_body_limit = 1024},
                handler);
  EXPECT_EQ(server.start().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace dynastore::http
