// Forwarder against a real http::Server (the echo handler): the request goes
// byte for byte with the mark added, the answer comes back without framing
// headers, connections are reused, and a destination that is gone is an error.
#include "dynastore/http/forwarder.h"

#include <gtest/gtest.h>

#include "http/server_fixture.h"

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

TEST(ForwarderTest, NoServerIsAnIoError) {
  Forwarder forwarder(1000ms);
  auto answer = forwarder.forward("127.0.0.1:1", make_request("/", ""), {"X-Forwarded-By", "2"});
  ASSERT_FALSE(answer.is_ok());
  EXPECT_EQ(answer.status().code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace dynastore::http
