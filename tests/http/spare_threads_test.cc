// SpareThreads: while the only I/O thread waits inside a BlockingRegion,
// a spare runs the io_context's other handlers; it goes back to sleep
// afterwards and is reused.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "dynastore/common/blocking_region.h"
#include "http/beast.h"
#include "http/spare_threads.h"

namespace dynastore::http::detail {
namespace {

class SpareThreadsTest : public ::testing::Test {
 protected:
  // One I/O thread, observed by `spares`, as the server runs it.
  void start(SpareThreads* spares) {
    io_thread_ = std::thread([this, spares] {
      BlockingRegion::observe_this_thread(spares);
      ioc_.run();
    });
  }
  void TearDown() override {
    work_.reset();
    ioc_.stop();
    spares_.stop();
    if (io_thread_.joinable()) io_thread_.join();
  }

  // The first handler waits (in a region) for the second, posted after it.
  bool second_handler_ran_while_first_waited(std::chrono::milliseconds patience = std::chrono::seconds(5)) {
    std::promise<void> second_ran;
    auto ran = second_ran.get_future().share();
    std::promise<bool> first_saw;
    auto first = first_saw.get_future();
    net::post(ioc_, [ran, &first_saw, patience] {
      const BlockingRegion waiting;
      first_saw.set_value(ran.wait_for(patience) == std::future_status::ready);
    });
    net::post(ioc_, [&second_ran] { second_ran.set_value(); });
    return first.get();
  }

  net::io_context ioc_{2};
  net::executor_work_guard<net::io_context::executor_type> work_ = net::make_work_guard(ioc_);
  SpareThreads spares_{ioc_, 4};
  std::thread io_thread_;
};

TEST_F(SpareThreadsTest, WithoutSparesTheWaitingThreadStallsTheRest) {
  start(nullptr);
  EXPECT_FALSE(second_handler_ran_while_first_waited(std::chrono::milliseconds(300)));
}

TEST_F(SpareThreadsTest, ASpareRunsTheOtherHandlersWhileOneWaitsAndIsReused) {
  start(&spares_);
  EXPECT_TRUE(second_handler_ran_while_first_waited());
  EXPECT_EQ(spares_.started(), 1u);
  // Back asleep: the next wait wakes the same spare.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_TRUE(second_handler_ran_while_first_waited());
  EXPECT_EQ(spares_.started(), 1u);
}

TEST_F(SpareThreadsTest, NestedRegionsCountOnce) {
  start(&spares_);
  std::promise<void> done;
  net::post(ioc_, [&done] {
    const BlockingRegion outer;
    const BlockingRegion inner;
    done.set_value();
  });
  done.get_future().get();
  EXPECT_LE(spares_.started(), 1u);
}

}  // namespace
}  // namespace dynastore::http::detail
