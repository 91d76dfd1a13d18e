// dynastore: wiring and lifecycle. Start order: storage, log syncer (--sync),
// catalog, item store, backfiller, status sweeper, credentials, API, HTTP.
// Stop order is the reverse, so in-flight requests (and the syncs their
// answers wait for) and background work finish before the store closes.
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "dynastore/api/api.h"
#include "dynastore/api/fault_injector.h"
#include "dynastore/auth/credential_store.h"
#include "dynastore/auth/sigv4_verifier.h"
#include "dynastore/catalog/catalog.h"
#include "dynastore/common/blocking_region.h"
#include "dynastore/common/clock.h"
#include "dynastore/common/periodic_worker.h"
#include "dynastore/http/event_loop.h"
#include "dynastore/http/server.h"
#include "dynastore/index/backfiller.h"
#include "dynastore/metrics/access_log.h"
#include "dynastore/metrics/request_metrics.h"
#include "dynastore/http/forwarder.h"
#include "dynastore/partition/item_store.h"
#include "dynastore/replication/replicated_engine.h"
#include "dynastore/routing/router.h"
#include "dynastore/storage/coalescing_engine.h"
#include "dynastore/storage/kv_engine.h"
#include "dynastore/storage/log_syncer.h"
#include "dynastore/storage/row_cache.h"
#include "dynastore/storage/snapshot_history.h"
#include "dynastore/streams/stream_keeper.h"
#include "dynastore/streams/stream_trigger.h"
#include "dynastore/ttl/ttl_sweeper.h"
#include "dynastore/txn/client_tokens.h"
#include "server/admin_endpoint.h"
#include "server/checkpoint_shelf.h"
#include "server/config.h"
#include "server/data_copy.h"
#include "server/health_probe.h"
#include "server/http_adapter.h"
#include "server/memory_release.h"
#include "server/metrics_page.h"
#include "server/response_delayer.h"

using namespace dynastore;

namespace {

// How late a due transient status may end (e.g. CREATING -> ACTIVE).
constexpr auto kStatusSweepInterval = std::chrono::milliseconds(50);
// How often ClientRequestTokens past their window are removed: they are
// ignored once expired, so this only bounds the space they take.
constexpr auto kTokenSweepInterval = std::chrono::seconds(60);
// How often, and past how much growth of the unused heap, freed memory is
// given back.
constexpr auto kMemoryReleaseInterval = std::chrono::seconds(10);
constexpr std::size_t kMemoryReleaseThreshold = 32 * 1024 * 1024;

// I/O threads unless --threads says otherwise. One per core but one: the
// core left over runs what shares the machine with the server — in CI and
// local development the client itself, and always RocksDB's flushes and
// compactions and the kernel's network processing. On the 2-core
// development machine, with the load generator beside it, one thread serves
// 10 to 20% more requests than two at less CPU per request (handlers do not
// hand work to each other; docs/performance.md). --sync needs no more:
// answers wait for their fsync without holding a thread (LogSyncer).
int default_io_threads() {
  const int cores = static_cast<int>(std::thread::hardware_concurrency());
  return std::max(1, cores - 1);
}

// In a cluster an item write's answer waits for its commit without a thread
// (storage/deferred_commit.h), so a node runs as many I/O threads as one
// alone. What still waits on a thread (a write behind another's lock on the
// same item, a request relayed to the leader, a consistent read's barrier)
// gets a spare I/O thread meanwhile, up to this many at once.
constexpr int kClusterSpareThreads = 128;
// How long a node waits for the leader it relays a request to.
constexpr auto kForwardTimeout = std::chrono::seconds(10);

// Whether a replicated batch changed table metadata (the catalog's keys in
// the system column), besides the replication index every entry writes.
bool touches_catalog(const storage::WriteBatch& batch) {
  for (const auto& op : batch.ops()) {
    if (op.column == storage::Column::kSystem && op.key.rfind("replication/", 0) != 0) return true;
  }
  return false;
}

bool touches_streams(const storage::WriteBatch& batch) {
  for (const auto& op : batch.ops()) {
    if (op.column == storage::Column::kStreams) return true;
  }
  return false;
}

// Set when this process stops only to start again (a cluster replica that
// must copy the leader's data first): main() then executes itself anew.
std::atomic<bool> restart_requested{false};

// The hosts (no ports) of the members' addresses: who may fetch checkpoints.
std::vector<std::string> member_hosts(const std::vector<replication::ClusterMember>& members) {
  std::vector<std::string> hosts;
  for (const auto& member : members) {
    for (const auto* address : {&member.raft_address, &member.api_address}) {
      std::string host = address->substr(0, address->rfind(':'));
      if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
      hosts.push_back(std::move(host));
    }
  }
  return hosts;
}

// Cluster mode, before the store opens: a node that must (it was told to
// by a snapshot it could not restore) or may (its store is empty: a new
// node replacing a dead one) copies the leader's store first.
// Sets `joining` when this node has no data yet and a cluster is running.
Status copy_if_needed(const server::Config& config, const server::ClusterPaths& paths, bool& joining) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::create_directories(config.data_dir, error);
  if (error) return Status::io_error("cannot create " + config.data_dir + ": " + error.message());
  const bool marked = fs::exists(paths.copy_marker, error);
  const bool empty = !fs::exists(paths.store, error) || fs::is_empty(paths.store, error);
  if (!marked && !empty) return Status::ok();
  std::string leader;
  // A marked node must copy: wait a while for a leader to answer.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(marked ? 60 : 0);
  do {
    leader = server::find_leader(config.cluster_members, config.node_id);
    if (leader.empty() && marked) std::this_thread::sleep_for(std::chrono::milliseconds(500));
  } while (leader.empty() && std::chrono::steady_clock::now() < deadline);
  if (leader.empty()) {
    if (marked) return Status::unavailable("this replica needs a copy of the data, but no other member names a leader");
    return Status::ok();  // a new cluster: nobody has data yet
  }
  joining = true;  // a running cluster: take its configuration, start none
  spdlog::info("copying the store of the leader at {} ({})", leader,
               marked ? "this replica fell behind the leader's log" : "this node has no data yet");
  const auto began = std::chrono::steady_clock::now();
  auto copied = server::copy_store_from(leader, paths);
  if (!copied.is_ok()) return copied.status();
  fs::remove(paths.copy_marker, error);
  spdlog::info("copied {} bytes in {:.1f} s", copied.value(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
  return Status::ok();
}

int fail(const std::string& what, const Status& status) {
  spdlog::critical("{}: {}", what, status.to_string());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const auto started = std::chrono::steady_clock::now();
  server::configure_allocator();
  int exit_code = 0;
  auto config = server::parse_command_line(argc, argv, exit_code);
  if (!config) return exit_code;
  if (!config->health_check_url.empty()) {
    return server::run_health_probe(config->health_check_url, std::chrono::seconds(3));
  }

  spdlog::set_level(spdlog::level::from_str(config->log_level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  for (const auto& notice : config->notices) spdlog::info("{}", notice);

  // Signals are taken synchronously by this thread (sigwait below); block them
  // before any other thread starts so none of those receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  const bool clustered = !config->cluster_members.empty();
  const server::ClusterPaths cluster_paths(config->data_dir);
  bool joining = false;
  if (clustered) {
    if (auto s = copy_if_needed(*config, cluster_paths, joining); !s.is_ok()) {
      return fail("cannot copy the leader's data", s);
    }
  }
  storage::EngineOptions engine_options;
  // A cluster node keeps its store beside its Raft log (server/data_copy.h).
  engine_options.path = clustered ? cluster_paths.store : config->data_dir;
  engine_options.in_memory = config->in_memory;
  engine_options.block_cache_bytes = static_cast<std::size_t>(config->block_cache_mb) << 20;
  // --sync: answers wait until what they reveal is on stable storage, and
  // one fsync serves every answer waiting at the time (group commit); the
  // log records it covers are written to the file together, by that sync.
  const bool sync_answers = config->sync_writes && !config->in_memory;
  engine_options.log_written_by_sync = sync_answers;
  engine_options.tolerate_log_corruption = config->tolerate_log_corruption;
  if (config->tolerate_log_corruption && !config->in_memory) {
    spdlog::warn("--recover-tolerate-corruption: writes logged after any damage in the write-ahead log will be dropped");
  }
  auto opened = storage::open_rocksdb(engine_options);
  if (!opened.is_ok() && opened.status().code() == StatusCode::kCorruption && !config->tolerate_log_corruption) {
    return fail("the store at " + config->data_dir +
                    " is damaged; nothing was changed. If the damage is in the write-ahead log, "
                    "--recover-tolerate-corruption starts the server with the writes logged before it and drops "
                    "those after it (see docs/failure-modes.md); copy the data directory first",
                opened.status());
  }
  if (!opened.is_ok()) return fail("cannot open the store at " + config->data_dir, opened.status());
  std::unique_ptr<storage::KvEngine> engine =
      storage::with_row_cache(std::move(opened).value(), static_cast<std::size_t>(config->row_cache_mb) << 20);
  // --cluster: the store becomes one replica of the cluster's; everything
  // above writes through Raft without knowing it (docs/replication.md).
  replication::ReplicatedEngine* replica = nullptr;
  if (clustered) {
    replication::ClusterOptions cluster;
    cluster.node_id = config->node_id;
    cluster.members = config->cluster_members;
    cluster.raft_directory = cluster_paths.raft;
    // A node with no Raft log joining a running cluster must not start a
    // cluster of its own: it learns the configuration from the leader.
    cluster.bootstrap = !(joining && !std::filesystem::exists(cluster_paths.raft));
    cluster.snapshot_threshold = static_cast<unsigned>(config->raft_snapshot_threshold);
    cluster.snapshot_trailing = static_cast<unsigned>(config->raft_log_trailing);
    cluster.log_memory_budget = static_cast<std::uint64_t>(config->raft_log_memory_mib) << 20;
    cluster.election_timeout = std::chrono::milliseconds(config->election_timeout_ms);
    cluster.heartbeat_timeout = std::chrono::milliseconds(std::max(20, config->election_timeout_ms / 10));
    auto joined = replication::ReplicatedEngine::open(cluster, std::move(engine));
    if (!joined.is_ok()) return fail("cannot join the cluster", joined.status());
    replica = joined.value().get();
    engine = std::move(joined).value();
  }
  // A single node on disk writes the item writes an I/O thread reads in one
  // turn together (storage/coalescing_engine.h). Not under --sync, whose
  // answers already share a log write and its fsync; not in a cluster,
  // where the Raft loop groups writes into entries; not in memory, where
  // there is no log to write and holding the answers cost what the shared
  // write saved (docs/performance.md).
  storage::CoalescingEngine* coalescing = nullptr;
  if (!clustered && !sync_answers && !config->in_memory) {
    auto gathering = std::make_unique<storage::CoalescingEngine>(std::move(engine), http::run_after_this_turn);
    coalescing = gathering.get();
    engine = std::move(gathering);
  }
  // A thread about to wait writes the gathered group first: it may hold
  // the very item locks the thread is waiting for. Unset before the engine
  // goes, on every way out of main.
  struct FinishBeforeWaiting {
    explicit FinishBeforeWaiting(PendingWork* work) { BlockingRegion::finish_before_waiting(work); }
    ~FinishBeforeWaiting() { BlockingRegion::finish_before_waiting(nullptr); }
  } finish_before_waiting{coalescing};
  storage::LogSyncer log_syncer(*engine);
  if (sync_answers) log_syncer.start();
  auto catalog = catalog::Catalog::open(*engine);
  if (!catalog.is_ok()) return fail("cannot load the catalog", catalog.status());
  partition::ItemStore items(*engine, catalog.value().get());
  if (replica != nullptr) {
    // Memory follows what other nodes' entries change in the store; a new
    // leader starts from the store, not from what it held as a follower.
    auto reload_catalog = [&catalog] {
      if (auto s = catalog.value()->reload(); !s.is_ok()) spdlog::error("cannot reload the catalog: {}", s.to_string());
    };
    replica->add_apply_listener([reload_catalog, &items](const storage::WriteBatch& batch) {
      if (touches_catalog(batch)) reload_catalog();
      if (touches_streams(batch)) items.forget_stream_positions();
    });
    // Behind the leader's log: stop, and start again to copy its data.
    replica->add_data_copy_listener([&cluster_paths] {
      std::ofstream(cluster_paths.copy_marker) << "the leader sent a snapshot this replica cannot restore\n";
      spdlog::warn("this replica fell behind the leader's log: restarting to copy the leader's data");
      restart_requested = true;
      ::kill(::getpid(), SIGTERM);
    });
    replica->add_leadership_listener([reload_catalog, &items] {
      reload_catalog();
      items.forget_stream_positions();
    });
  }
  // On every way out of main, replication stops before what its listeners
  // use (the catalog, the item store) is destroyed.
  struct StopReplica {
    replication::ReplicatedEngine* replica;
    ~StopReplica() {
      if (replica != nullptr) replica->stop();
    }
  } stop_replica{replica};
  // Background work that writes runs only where writes are allowed: on
  // the cluster's serving leader (always, on a single node).
  const PeriodicWorker::Gate leader_only = [replica] { return replica == nullptr || replica->is_serving_leader(); };
  index::Backfiller backfiller(*catalog.value(), items);
  backfiller.start(leader_only);  // resumes any backfill a previous run left unfinished
  // Ends transient statuses (CREATING, DELETING, ...) when they are due,
  // including ones a previous run left behind.
  PeriodicWorker status_sweeper("status sweeper", kStatusSweepInterval, [&catalog] {
    catalog.value()->complete_transitions(epoch_seconds_now());
    return false;
  });
  status_sweeper.start(leader_only);

  std::unique_ptr<auth::CredentialStore> credentials;
  if (!config->credentials_file.empty()) {
    credentials = std::make_unique<auth::CredentialStore>();
    auto s = credentials->load_file(config->credentials_file);
    if (!s.is_ok()) return fail("cannot load credentials", s);
    spdlog::info("verifying SigV4 signatures against {} key(s) from {}", credentials->size(), config->credentials_file);
  } else {
    spdlog::warn("no --credentials file: development mode, any well-formed credential is accepted");
  }
  auth::SigV4Verifier verifier(credentials.get(), "dynamodb");
  // Checking signatures, the credential scope must name this server's
  // region, unless every region has its own tables (DynamoDB Local's
  // per-key-and-region mode).
  if (credentials && !config->tables_per_access_key) verifier.require_region(config->region);
  api::ApiConfig api_config;
  api_config.region = config->region;
  api_config.status_delays = {config->creating_delay_ms / 1000.0, config->updating_delay_ms / 1000.0,
                              config->deleting_delay_ms / 1000.0};
  api_config.tables_per_access_key = config->tables_per_access_key;
  api_config.stream_iterator_seconds = config->stream_iterator_ttl_seconds;
  api_config.enforce_capacity = config->enforce_capacity;
  api_config.capacity_burst_seconds = config->capacity_burst_seconds;
  {
    const bool wildcard = config->host == "0.0.0.0" || config->host == "::" || config->host.empty();
    const std::string host = wildcard                                      ? "localhost"
                             : config->host.find(':') != std::string::npos ? "[" + config->host + "]"
                                                                           : config->host;
    api_config.endpoint_address = host + ":" + std::to_string(config->port);
  }
  streams::StreamKeeper stream_keeper(*catalog.value(), items,
                                      {static_cast<double>(config->stream_shard_rollover_seconds),
                                       static_cast<double>(config->stream_retention_seconds)});
  stream_keeper.start(leader_only);
  ttl::TtlSweeper ttl_sweeper(*catalog.value(), items, std::chrono::milliseconds(config->ttl_sweep_interval_ms));
  ttl_sweeper.start(leader_only);
  std::vector<std::unique_ptr<streams::StreamTrigger>> triggers;
  for (const auto& trigger : config->stream_triggers) {
    auto target = streams::make_trigger_target(trigger.target);
    if (!target.is_ok()) return fail("bad --stream-trigger", target.status());
    triggers.push_back(std::make_unique<streams::StreamTrigger>(
        *catalog.value(), items, *engine, trigger, std::move(target.value()),
        streams::TriggerOrigin{config->region, trigger.account_id}));
    triggers.back()->start(leader_only);
    spdlog::info("stream trigger: table {} to {}", trigger.table, trigger.target);
  }
  txn::ClientTokens client_tokens(*engine);
  // Forgets ClientRequestTokens past their 10-minute window.
  PeriodicWorker token_sweeper("token sweeper", kTokenSweepInterval, [&client_tokens] {
    if (auto purged = client_tokens.purge_expired(epoch_seconds_now()); !purged.is_ok()) {
      spdlog::warn("cannot purge expired client request tokens: {}", purged.status().to_string());
    }
    return false;
  });
  token_sweeper.start(leader_only);
  server::FreeMemoryReleaser free_memory(kMemoryReleaseThreshold);
  PeriodicWorker memory_releaser("memory releaser", kMemoryReleaseInterval, [&free_memory] {
    free_memory.step();
    return false;
  });
  memory_releaser.start();
  metrics::RequestMetrics request_metrics;
  api_config.observers.push_back(&request_metrics);
  std::optional<metrics::AccessLog> access_log;
  if (config->access_log_level != "off") {
    access_log.emplace(config->access_log_level,
                       config->access_log_json ? metrics::AccessLogFormat::kJson : metrics::AccessLogFormat::kText);
    api_config.observers.push_back(&*access_log);
  }
  // Test realism (docs/testing-with-dynastore.md), all off by default:
  // stale eventually consistent reads, and faults armed from a file or the
  // admin endpoint, whose delays a thread of their own sends late.
  std::unique_ptr<storage::SnapshotHistory> lagged_reads;
  if (config->eventual_consistency_lag_ms > 0) {
    const std::uint64_t seed = config->eventual_consistency_seed
                                   ? static_cast<std::uint64_t>(*config->eventual_consistency_seed)
                                   : std::random_device{}();
    lagged_reads = std::make_unique<storage::SnapshotHistory>(
        *engine, std::chrono::milliseconds(config->eventual_consistency_lag_ms), seed);
    lagged_reads->start();
    api_config.lagged_reads = lagged_reads.get();
    spdlog::info("eventually consistent reads see the state of up to {} ms ago (seed {})",
                 config->eventual_consistency_lag_ms, seed);
  }
  std::unique_ptr<api::FaultInjector> faults;
  server::ResponseDelayer response_delayer;
  if (config->admin_port > 0 || !config->faults_file.empty()) {
    faults = std::make_unique<api::FaultInjector>();
    if (!config->faults_file.empty()) {
      if (auto s = server::arm_faults_from_file(*faults, config->faults_file); !s.is_ok()) {
        return fail("bad --faults-file " + config->faults_file, s);
      }
      spdlog::warn("fault injection: {} rule(s) armed from {}", faults->list().size(), config->faults_file);
    }
    api_config.faults = faults.get();
    response_delayer.start();
  }
  api::Api api(api_config, *catalog.value(), items, client_tokens, verifier);
  server::HttpAdapter adapter(api, server::CorsOptions{config->cors_origins}, sync_answers ? &log_syncer : nullptr);
  if (faults) adapter.set_response_delayer(&response_delayer);
  if (coalescing != nullptr) adapter.defer_item_writes();
  server::MetricsPage metrics_page(request_metrics, *engine, *catalog.value(), backfiller);
  adapter.set_metrics_page(&metrics_page);
  std::optional<routing::Router> router;
  std::optional<http::Forwarder> forwarder;
  std::optional<server::CheckpointShelf> shelf;
  if (replica != nullptr) {
    router.emplace(*replica, routing::PartitionMap::single_group(config->cluster_members));
    forwarder.emplace(kForwardTimeout);
    adapter.set_cluster(&*router, &*forwarder, replica, member_hosts(config->cluster_members));
    shelf.emplace(*engine, cluster_paths.checkpoints);
    adapter.set_checkpoint_shelf(&*shelf);
  }

  http::ServerOptions http_options;
  http_options.host = config->host;
  http_options.port = static_cast<std::uint16_t>(config->port);
  http_options.threads = config->threads > 0 ? config->threads : default_io_threads();
  if (clustered) http_options.spare_threads = kClusterSpareThreads;
  http_options.buffered_body_limit = static_cast<std::size_t>(config->max_buffered_request_mib) * 1024 * 1024;
  std::optional<http::TlsOptions> tls;
  if (!config->tls_cert_file.empty()) {
    tls = http::TlsOptions{config->tls_cert_file, config->tls_key_file, config->tls_client_ca_file};
  }
  // With --https-port, a second listener (its own I/O threads) serves
  // HTTPS there; without it, --port itself serves HTTPS.
  std::unique_ptr<http::Server> https_server;
  if (tls && config->https_port) {
    http::ServerOptions https_options = http_options;
    https_options.port = static_cast<std::uint16_t>(*config->https_port);
    https_options.tls = tls;
    https_server = std::make_unique<http::Server>(https_options, adapter);
  } else {
    http_options.tls = tls;
  }
  http::Server server(http_options, adapter);
  metrics_page.add_http_server(server, http_options.tls ? "https" : "http");
  if (https_server) metrics_page.add_http_server(*https_server, "https");
  if (auto s = server.start(); !s.is_ok()) return fail("cannot listen on " + config->host, s);
  if (https_server) {
    if (auto s = https_server->start(); !s.is_ok()) return fail("cannot serve HTTPS on " + config->host, s);
  }
  std::optional<server::AdminHandler> admin_handler;
  std::unique_ptr<http::Server> admin_server;
  if (config->admin_port > 0) {
    admin_handler.emplace(*faults);
    http::ServerOptions admin_options;
    admin_options.host = config->admin_host;
    admin_options.port = static_cast<std::uint16_t>(config->admin_port);
    admin_options.threads = 1;
    admin_server = std::make_unique<http::Server>(admin_options, *admin_handler);
    if (auto s = admin_server->start(); !s.is_ok()) return fail("cannot serve the admin endpoint", s);
    spdlog::warn("admin endpoint (fault injection, unauthenticated) on {}:{}", config->admin_host,
                 admin_server->port());
  }
  http::Server& tls_server = https_server ? *https_server : server;
  const auto startup_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  spdlog::info("dynastore listening on {}:{} ({}, {} tables, started in {} ms)", config->host, server.port(),
               config->in_memory ? "in memory" : "data in " + config->data_dir, catalog.value()->table_count(),
               startup_ms);

  for (;;) {
    int received = 0;
    if (sigwait(&signals, &received) != 0) continue;
    if (received == SIGHUP) {
      if (credentials) {
        auto s = credentials->load_file(config->credentials_file);
        if (s.is_ok()) {
          spdlog::info("reloaded {} key(s) from {}", credentials->size(), config->credentials_file);
        } else {
          spdlog::error("credential reload failed, keeping the old keys: {}", s.to_string());
        }
      }
      if (tls) {
        if (auto s = tls_server.reload_tls(); s.is_ok()) {
          spdlog::info("reloaded the TLS certificate {} and key {}", tls->cert_file, tls->key_file);
        } else {
          spdlog::error("TLS reload failed, keeping the old certificate: {}", s.to_string());
        }
      }
      continue;
    }
    spdlog::info("signal {} received, shutting down", received);
    break;
  }
  if (admin_server) admin_server->stop();
  response_delayer.stop();  // delayed answers go out now, before the listeners wait for them
  if (https_server) https_server->stop();
  server.stop();
  // Writes gathered in a turn whose end never came (a connection that did
  // not finish in time): made now, while the item store whose locks they
  // hold still exists.
  if (coalescing != nullptr) coalescing->finish_now();
  log_syncer.stop();
  status_sweeper.stop();
  token_sweeper.stop();
  for (auto& trigger : triggers) trigger->stop();
  stream_keeper.stop();
  ttl_sweeper.stop();
  backfiller.stop();
  if (replica != nullptr) replica->stop();
  spdlog::info("stopped");
  if (restart_requested) {
    // Everything above is stopped; the objects still alive close no files
    // that matter (the store is reopened by the new image after the copy).
    spdlog::info("starting again");
    ::execv("/proc/self/exe", argv);
    spdlog::critical("cannot start again: {}", std::strerror(errno));
    return 1;
  }
  return 0;
}
