#include "table_setup.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

#include "json_peek.h"
#include "request_bodies.h"
#include "watchdog.h"

namespace dynastore::bench {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr std::uint64_t kBatchSize = kBatchWriteLimit;
constexpr int kMaxPreloadConnections = 16;
constexpr int kAttemptsPerBatch = 6;
constexpr auto kRetryPause = 100ms;
constexpr auto kActivePoll = 100ms;
constexpr int kActivePolls = 600;  // a minute
constexpr auto kSetupHardLimit = 1h;

// The table a workload uses.
enum class TableKind { kItems, kQuery, kAccounts };

TableKind table_kind(Workload workload) {
  switch (workload) {
    case Workload::kQuery: return TableKind::kQuery;
    case Workload::kTransfer: return TableKind::kAccounts;
    case Workload::kPut:
    case Workload::kGet:
    case Workload::kMixed:
    case Workload::kUpdate:
    case Workload::kScan:
    case Workload::kPutNew:
    case Workload::kBatchLoad:
    case Workload::kMixedNew: return TableKind::kItems;
  }
  return TableKind::kItems;
}

struct Setup {
  const BenchOptions& options;
  const RequestBodies& bodies;
  const Endpoint& endpoint;
  const auth::SigV4Signer& signer;
  std::string error;  // first failure; stops everything
};

std::string describe_failure(std::string_view operation, const HttpResponse& response) {
  if (response.status == 0) return std::string(operation) + " failed: " + response.transport_error;
  std::string type(error_type(response.body));
  return std::string(operation) + " failed: HTTP " + std::to_string(response.status) + " " +
         (type.empty() ? std::string("(no __type)") : type) + ": " + response.body.substr(0, 300);
}

awaitable<void> pause(Clock::duration how_long) {
  net::steady_timer timer(co_await net::this_coro::executor, how_long);
  error_code ignored;
  co_await timer.async_wait(net::redirect_error(net::use_awaitable, ignored));
}

// CreateTable unless it exists, then wait for ACTIVE.
awaitable<void> ensure_table(HttpClient& client, Setup& setup, const std::string& table, TableKind kind) {
  std::string body;
  HttpResponse response;
  switch (kind) {
    case TableKind::kItems: setup.bodies.create_items_table(body); break;
    case TableKind::kQuery: setup.bodies.create_query_table(body); break;
    case TableKind::kAccounts: setup.bodies.create_accounts_table(body); break;
  }
  const std::string& stream = setup.bodies.stream_view_type();
  co_await client.call("CreateTable", body, response);
  bool existed = false;
  if (response.status == 200) {
    if (stream.empty()) {
      std::fprintf(stderr, "setup: created table %s\n", table.c_str());
    } else {
      std::fprintf(stderr, "setup: created table %s with a stream (%s)\n", table.c_str(), stream.c_str());
    }
  } else if (response.status == 400 && error_type(response.body) == "ResourceInUseException") {
    std::fprintf(stderr, "setup: table %s exists\n", table.c_str());
    existed = true;
  } else {
    setup.error = describe_failure("CreateTable", response);
    co_return;
  }
  setup.bodies.describe_table(body, table);
  for (int poll = 0; poll < kActivePolls; ++poll) {
    co_await client.call("DescribeTable", body, response);
    if (response.status != 200) {
      setup.error = describe_failure("DescribeTable", response);
      co_return;
    }
    if (find_string(response.body, "TableStatus") == "ACTIVE") {
      // A table that was there keeps its stream, or its lack of one: a run
      // meant to measure writes with a stream must not silently measure
      // writes without (StreamViewType appears once in DescribeTable, in
      // StreamSpecification, and only while a stream is enabled).
      const auto existing = find_string(response.body, "StreamViewType").value_or("");
      if (existed && existing != stream) {
        if (!stream.empty()) {
          setup.error = "table " + table + " exists " +
                        (existing.empty() ? std::string("without a stream")
                                          : "with a stream of view type " + std::string(existing)) +
                        ", not " + stream + ": use another --table-prefix";
        } else {
          std::fprintf(stderr, "setup: note: table %s has a stream (%.*s)\n", table.c_str(),
                       static_cast<int>(existing.size()), existing.data());
        }
      }
      co_return;
    }
    co_await pause(kActivePoll);
  }
  setup.error = "table " + table + " did not become ACTIVE within a minute";
}

// Writes batches until none are left; several of these share `next_batch`.
awaitable<void> preload(HttpClient& client, Setup& setup, TableKind kind, std::uint64_t rows,
                        std::uint64_t& next_batch) {
  std::string body;
  HttpResponse response;
  const std::uint64_t batches = (rows + kBatchSize - 1) / kBatchSize;
  while (setup.error.empty()) {
    const std::uint64_t batch = next_batch++;
    if (batch >= batches) break;
    const std::uint64_t first = batch * kBatchSize;
    const std::uint64_t count = std::min(kBatchSize, rows - first);
    switch (kind) {
      case TableKind::kItems: setup.bodies.batch_put_items(body, first, count); break;
      case TableKind::kQuery: setup.bodies.batch_put_query_rows(body, first, count); break;
      case TableKind::kAccounts: setup.bodies.batch_put_accounts(body, first, count); break;
    }
    bool written = false;
    for (int attempt = 0; attempt < kAttemptsPerBatch && !written; ++attempt) {
      co_await client.call("BatchWriteItem", body, response);
      if (response.status == 200) {
        // Unprocessed puts are retried by resending the whole batch: the
        // puts are idempotent.
        const auto unprocessed = find_value(response.body, "UnprocessedItems");
        written = !unprocessed || is_empty_object(*unprocessed);
      } else if (response.status != 0 && response.status < 500 &&
                 error_type(response.body) != "ProvisionedThroughputExceededException" &&
                 error_type(response.body) != "ThrottlingException") {
        setup.error = describe_failure("BatchWriteItem", response);
        co_return;
      }
      if (!written) co_await pause(kRetryPause);
    }
    if (!written && setup.error.empty()) {
      setup.error = describe_failure("BatchWriteItem (after retries)", response);
    }
  }
}

}  // namespace

std::string run_setup(const BenchOptions& options, const Endpoint& endpoint, const auth::SigV4Signer& signer) {
  const RequestBodies bodies(table_names(options.table_prefix), options.item_size, options.key_condition_expression,
                             options.scan_limit, options.stream_view_type);
  Setup setup{options, bodies, endpoint, signer, {}};
  const TableKind kind = table_kind(options.workload);
  const std::string& table = kind == TableKind::kQuery      ? bodies.tables().query
                             : kind == TableKind::kAccounts ? bodies.tables().accounts
                                                            : bodies.tables().items;
  // The query table holds whole 10-item partitions.
  const std::uint64_t rows =
      kind == TableKind::kQuery
          ? std::max<std::uint64_t>(1, options.table_size / kItemsPerPartition) * kItemsPerPartition
          : options.table_size;

  net::io_context io(1);
  Watchdog watchdog(io, Clock::now() + kSetupHardLimit);
  const auto timeout =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(options.timeout_s));
  const int workers = std::min(options.connections, kMaxPreloadConnections);
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int i = 0; i < workers; ++i) {
    clients.push_back(std::make_unique<HttpClient>(io, endpoint, signer, timeout));
    watchdog.watch(clients.back().get());
  }
  std::uint64_t next_batch = 0;
  const auto started = Clock::now();

  net::co_spawn(
      io,
      [&]() -> awaitable<void> {
        co_await ensure_table(*clients.front(), setup, table, kind);
        if (setup.error.empty()) {
          int running = workers;
          auto done = std::make_shared<net::steady_timer>(io, Clock::time_point::max());
          for (auto& client : clients) {
            net::co_spawn(
                io,
                [&, done, &client = *client]() -> awaitable<void> {
                  co_await preload(client, setup, kind, rows, next_batch);
                  if (--running == 0) done->cancel();
                },
                net::detached);
          }
          error_code ignored;
          if (running > 0) co_await done->async_wait(net::redirect_error(net::use_awaitable, ignored));
        }
        watchdog.stop();
      },
      net::detached);
  net::co_spawn(io, watchdog.run(), net::detached);
  io.run();

  if (setup.error.empty()) {
    std::fprintf(stderr, "setup: wrote %llu items to %s in %.1f s\n", static_cast<unsigned long long>(rows),
                 table.c_str(), std::chrono::duration<double>(Clock::now() - started).count());
  }
  return setup.error;
}

}  // namespace dynastore::bench
