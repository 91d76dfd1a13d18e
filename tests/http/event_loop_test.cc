// run_after_this_turn: a handler's task runs on its I/O thread's loop once
// the handler (and what the loop had ready) is done; elsewhere nothing runs.
#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "dynastore/http/event_loop.h"
#include "http/server_fixture.h"

namespace dynastore::http {
namespace {

using namespace test_support;

// Holds every answer and sends it from a task left for the end of the turn.
class TurnEndHandler final : public RequestHandler {
 public:
  HttpResponse handle(HttpRequest& request) override {
    HttpResponse response;
    response.body = request.body;
    response.hold = [this](HttpResponse::Send send) {
      const auto handler_thread = std::this_thread::get_id();
      handling = true;
      const bool queued = run_after_this_turn([this, handler_thread, send] {
        ran_after_handling = !handling.load();
        ran_on_handler_thread = std::this_thread::get_id() == handler_thread;
        send(std::nullopt);
      });
      if (!queued) send(std::nullopt);  // never sent twice: a Send's second call does nothing
      queued_ok = queued;
      handling = false;
    };
    return response;
  }
  HttpResponse reject(int status, std::string_view) override {
    HttpResponse response;
    response.status = status;
    return response;
  }

  std::atomic<bool> handling{false};
  std::atomic<bool> queued_ok{false};
  std::atomic<bool> ran_after_handling{false};
  std::atomic<bool> ran_on_handler_thread{false};
};

TEST(EventLoopTest, OffAnIoThreadNothingIsQueued) {
  bool ran = false;
  EXPECT_FALSE(run_after_this_turn([&] { ran = true; }));
  EXPECT_FALSE(ran);
}

TEST(EventLoopTest, AHandlersTaskRunsOnItsThreadAfterTheHandler) {
  TurnEndHandler handler;
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 1;
  Server server(options, handler);
  ASSERT_TRUE(server.start().is_ok());
  {
    Client client(server.port());
    ASSERT_TRUE(client.send_all(post("/", "hello")));
    auto response = client.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "hello");
  }
  server.stop();
  EXPECT_TRUE(handler.queued_ok);
  EXPECT_TRUE(handler.ran_after_handling);
  EXPECT_TRUE(handler.ran_on_handler_thread);
}

}  // namespace
}  // namespace dynastore::http
