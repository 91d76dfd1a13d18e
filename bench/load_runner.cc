#include "load_runner.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "json_peek.h"
#include "key_chooser.h"
#include "process_cpu.h"
#include "request_bodies.h"
#include "watchdog.h"

namespace dynastore::bench {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// A connection that failed to connect waits this long before trying again,
// so a dead server is not spun on.
constexpr auto kReconnectPause = 100ms;

// Read-only during the run, apart from the request counter.
struct Plan {
  const BenchOptions& options;
  const RequestBodies& bodies;
  KeyChooser item_keys;
  KeyChooser partitions;
  Clock::time_point start;
  Clock::time_point measure_start;
  Clock::time_point measure_end;
  Clock::time_point hard_stop;
  bool open_loop = false;
  Clock::duration interval{};  // between one connection's scheduled sends
  std::uint64_t new_key_nonce = 0;  // NewKeys: distinct per run
  std::atomic<std::uint64_t> issued{0};
};

struct Connection {
  Connection(net::io_context& io, const Endpoint& endpoint, const auth::SigV4Signer& signer,
             std::chrono::nanoseconds timeout, std::uint64_t seed, std::uint64_t new_key_nonce, std::uint64_t index)
      : client(io, endpoint, signer, timeout),
        rng(seed),
        new_keys(new_key_nonce, index),
        // Not from the seed alone: a second run with the same seed must not
        // write the values the first one left.
        data_version(seed * 0x9E3779B97F4A7C15ULL ^
                     static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count())) {}

  HttpClient client;
  Rng rng;
  NewKeys new_keys;
  std::uint64_t data_version;  // --vary-data: a Weyl sequence, distinct per connection and run
  RunStats stats;
  std::string body;
  HttpResponse response;
  std::string scan_cursor;  // LastEvaluatedKey of the previous page
  Clock::time_point first_slot;
  Clock::time_point last_completion;
};

void put_item(Connection& c, const Plan& plan) {
  const std::uint64_t key = plan.item_keys.next(c.rng);
  if (plan.options.vary_data) {
    c.data_version += 0xD1B54A32D192ED03ULL;  // odd: repeats only after 2^64 steps
    plan.bodies.put_item(c.body, key, c.data_version);
  } else {
    plan.bodies.put_item(c.body, key);
  }
}

// The request's operation, and for a BatchWriteItem how many puts it sends.
struct NextRequest {
  Operation op;
  std::uint64_t batch_items = 0;
};

NextRequest next_request(Connection& c, const Plan& plan) {
  const RequestBodies& bodies = plan.bodies;
  switch (plan.options.workload) {
    case Workload::kPut:
      put_item(c, plan);
      return {Operation::kPutItem};
    case Workload::kGet:
      bodies.get_item(c.body, plan.item_keys.next(c.rng));
      return {Operation::kGetItem};
    case Workload::kQuery:
      bodies.query(c.body, plan.partitions.next(c.rng));
      return {Operation::kQuery};
    case Workload::kMixed:
      if (c.rng.next() & 1) {
        bodies.get_item(c.body, plan.item_keys.next(c.rng));
        return {Operation::kGetItem};
      }
      put_item(c, plan);
      return {Operation::kPutItem};
    case Workload::kUpdate:
      bodies.update_item(c.body, plan.item_keys.next(c.rng));
      return {Operation::kUpdateItem};
    case Workload::kScan:
      bodies.scan(c.body, c.scan_cursor);
      return {Operation::kScan};
    case Workload::kTransfer: {
      const auto [from, to] = plan.item_keys.next_pair(c.rng);
      bodies.transfer(c.body, from, to, 1 + c.rng.below(kMaxTransferAmount));
      return {Operation::kTransactWriteItems};
    }
    case Workload::kPutNew:
      bodies.put_new_item(c.body, c.new_keys.next());
      return {Operation::kPutItem};
    case Workload::kBatchLoad: {
      std::array<std::uint64_t, kBatchWriteLimit> keys;
      for (auto& key : keys) key = c.new_keys.next();
      bodies.batch_put_new_items(c.body, keys);
      return {Operation::kBatchWriteItem, keys.size()};
    }
    case Workload::kMixedNew:
      if (c.rng.next() & 1) {
        bodies.get_item(c.body, plan.item_keys.next(c.rng));
        return {Operation::kGetItem};
      }
      bodies.put_new_item(c.body, c.new_keys.next());
      return {Operation::kPutItem};
  }
  return {Operation::kGetItem};
}

// Scheduled sends of one connection inside [measure_start, measure_end).
std::uint64_t due_in_window(const Connection& c, const Plan& plan) {
  auto slots_before = [&](Clock::time_point t) -> std::uint64_t {
    if (t <= c.first_slot) return 0;
    return static_cast<std::uint64_t>((t - c.first_slot + plan.interval - Clock::duration(1)) / plan.interval);
  };
  return slots_before(plan.measure_end) - slots_before(plan.measure_start);
}

awaitable<void> drive(Connection& c, Plan& plan) {
  net::steady_timer timer(co_await net::this_coro::executor);
  error_code ignored;
  // Connect first, so that connection setup falls in the warm-up rather than
  // in the first requests' latency. A failure is retried (and counted) below.
  (void)co_await c.client.connect();

  for (std::uint64_t slot = 0;; ++slot) {
    Clock::time_point intended;
    if (plan.open_loop) {
      intended = c.first_slot + slot * plan.interval;
      if (intended >= plan.measure_end || Clock::now() >= plan.measure_end) break;
      if (intended > Clock::now()) {
        timer.expires_at(intended);
        co_await timer.async_wait(net::redirect_error(net::use_awaitable, ignored));
      }
    } else {
      intended = Clock::now();
      if (intended >= plan.measure_end) break;
    }
    const bool measured = intended >= plan.measure_start;
    if (measured && plan.options.requests > 0 &&
        plan.issued.fetch_add(1, std::memory_order_relaxed) >= plan.options.requests) {
      break;
    }

    const auto [op, batch_items] = next_request(c, plan);
    co_await c.client.call(operation_name(op), c.body, c.response);
    const Clock::time_point done = Clock::now();

    if (op == Operation::kScan) {
      const auto next = c.response.status == 200 ? find_value(c.response.body, "LastEvaluatedKey") : std::nullopt;
      c.scan_cursor.assign(next ? *next : std::string_view{});
    }
    if (measured && done <= plan.measure_end) {
      c.stats.record(op, done - intended, c.response, batch_items);
      c.last_completion = done;
    } else if (!measured && c.response.status != 200) {
      ++c.stats.warmup_errors;
    }
    if (c.response.status == 0 && !c.client.connected()) {
      timer.expires_after(kReconnectPause);
      co_await timer.async_wait(net::redirect_error(net::use_awaitable, ignored));
    }
  }
  if (plan.open_loop && plan.options.requests == 0) {
    const std::uint64_t due = due_in_window(c, plan);
    c.stats.backlog = due > c.stats.requests ? due - c.stats.requests : 0;
  }
}

// Everything one client thread owns; it runs its connections to completion.
void run_thread(int thread_index, Plan& plan, const Endpoint& endpoint, const auth::SigV4Signer& signer, RunStats& out,
                Clock::time_point& last_completion) {
  const BenchOptions& o = plan.options;
  net::io_context io(1);
  Watchdog watchdog(io, plan.hard_stop);
  const auto timeout = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(o.timeout_s));
  std::vector<std::unique_ptr<Connection>> connections;
  for (int i = thread_index; i < o.connections; i += o.threads) {
    auto c = std::make_unique<Connection>(io, endpoint, signer, timeout,
                                          o.seed * 1'000'003 + static_cast<std::uint64_t>(i), plan.new_key_nonce,
                                          static_cast<std::uint64_t>(i));
    // Connections' schedules are staggered evenly, so together they send
    // every 1/rate seconds rather than in bursts of --connections.
    if (plan.open_loop) c->first_slot = plan.start + i * (plan.interval / o.connections);
    watchdog.watch(&c->client);
    connections.push_back(std::move(c));
  }
  std::size_t running = connections.size();
  for (auto& c : connections) {
    net::co_spawn(
        io,
        [&plan, &c = *c, &running, &watchdog]() -> awaitable<void> {
          co_await drive(c, plan);
          if (--running == 0) watchdog.stop();
        },
        net::detached);
  }
  net::co_spawn(io, watchdog.run(), net::detached);
  io.run();
  for (const auto& c : connections) {
    out.merge(c->stats);
    last_completion = std::max(last_completion, c->last_completion);
  }
}

}  // namespace

LoadResult run_load(const BenchOptions& options, const Endpoint& endpoint, const auth::SigV4Signer& signer) {
  const RequestBodies bodies(table_names(options.table_prefix), options.item_size, options.key_condition_expression,
                             options.scan_limit);
  Plan plan{options, bodies, KeyChooser(options.keys, options.table_size),
            KeyChooser(options.keys, std::max<std::uint64_t>(1, options.table_size / kItemsPerPartition))};
  auto seconds = [](double s) { return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s)); };
  plan.start = Clock::now();
  plan.measure_start = plan.start + seconds(options.warmup_s);
  plan.measure_end = plan.measure_start + seconds(options.duration_s);
  plan.hard_stop = plan.measure_end + seconds(options.timeout_s) + 1s;
  plan.open_loop = options.rate > 0;
  // From the clock and the seed: runs started apart, or with other seeds,
  // write other new keys.
  plan.new_key_nonce = NewKeys::mix(
      static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count()) ^ options.seed);
  if (plan.open_loop) plan.interval = seconds(options.connections / options.rate);

  const int thread_count = std::min(options.threads, options.connections);
  std::vector<RunStats> stats(static_cast<std::size_t>(thread_count));
  std::vector<Clock::time_point> last_completion(static_cast<std::size_t>(thread_count), plan.measure_start);
  std::mutex mutex;
  std::condition_variable all_done;
  int finished = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < thread_count; ++t) {
    threads.emplace_back([&, t] {
      run_thread(t, plan, endpoint, signer, stats[static_cast<std::size_t>(t)],
                 last_completion[static_cast<std::size_t>(t)]);
      std::lock_guard lock(mutex);
      ++finished;
      all_done.notify_all();
    });
  }

  // CPU is sampled at the edges of the measured window, from this thread.
  LoadResult result;
  std::this_thread::sleep_until(plan.measure_start);
  const std::optional<double> server_before =
      options.server_pid > 0 ? process_cpu_seconds(options.server_pid) : std::nullopt;
  const double client_before = self_cpu_seconds();
  {
    std::unique_lock lock(mutex);
    all_done.wait_until(lock, plan.measure_end, [&] { return finished == thread_count; });
  }
  const std::optional<double> server_after =
      options.server_pid > 0 ? process_cpu_seconds(options.server_pid) : std::nullopt;
  result.client_cpu_seconds = self_cpu_seconds() - client_before;
  if (server_before && server_after) result.server_cpu_seconds = *server_after - *server_before;

  for (auto& thread : threads) thread.join();
  Clock::time_point last = plan.measure_start;
  for (int t = 0; t < thread_count; ++t) {
    result.stats.merge(stats[static_cast<std::size_t>(t)]);
    last = std::max(last, last_completion[static_cast<std::size_t>(t)]);
  }
  // A --requests run may end before the window does.
  const Clock::time_point end = options.requests > 0 ? std::min(last, plan.measure_end) : plan.measure_end;
  result.measured_seconds = std::chrono::duration<double>(end - plan.measure_start).count();
  return result;
}

}  // namespace dynastore::bench
