#include "server/config.h"

#include <spdlog/spdlog.h>

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <cstring>
#include <iostream>
#include <string_view>

#include "dynastore/streams/trigger_target.h"
#include "server/admin_endpoint.h"

namespace dynastore::server {

namespace {

constexpr std::string_view kVersion = "0.1.0";

constexpr std::string_view kHelp = R"(Usage: dynastore [options]

A DynamoDB-compatible database server. Point any AWS SDK or the AWS CLI at
http://<host>:<port> (e.g. aws dynamodb --endpoint-url http://localhost:8000 ...).

Options:
  --host ADDR          Address to listen on. Default: 0.0.0.0
  --port N             TCP port (0 picks a free one). Default: 8000
  --data-dir DIR       Directory of the on-disk store (created if missing).
                       Default: ./dynastore-data
  --in-memory          Keep all data in memory; nothing survives a restart.
  --sync               Answer only once what the answer reveals is fsynced:
                       acknowledged writes survive power loss, not only a
                       process crash (concurrent requests share one fsync).
                       Default: off (acknowledged writes survive kill -9).
  --recover-tolerate-corruption
                       Start even though the write-ahead log is damaged
                       before its end: replay it up to the damage and drop
                       every write logged after it, acknowledged ones
                       included. Without it the server refuses to start on
                       such damage (a log cut short by a crash is normal and
                       always replayed). See docs/failure-modes.md.
  --block-cache-mb N   Memory for cached data blocks of the on-disk store; a
                       scan of any size stays within it. Default: 256
  --row-cache-mb N     Memory for the latest values of recently read items
                       (kept current by writes), so that reading or writing
                       a hot item skips the store's lookup; 0 turns it off.
                       Default: 32
  --region NAME        Region reported in ARNs and the health line.
                       Default: us-east-1
  --credentials FILE   Verify AWS Signature V4 on every request against the
                       keys in FILE: one "ACCESS_KEY_ID SECRET [ACCOUNT_ID]" per
                       line, '#' comments. Re-read on SIGHUP. Without this flag
                       any well-formed credential is accepted (development
                       mode, like DynamoDB Local).
  --tls-cert FILE      Serve HTTPS (TLS 1.2 and 1.3 only) with this PEM
                       certificate chain (the server's certificate first,
                       then intermediates); needs --tls-key. Re-read on
                       SIGHUP. HTTPS is on --port unless --https-port is given.
  --tls-key FILE       The certificate's PEM private key (unencrypted).
  --tls-client-ca FILE Require client certificates signed by a CA in this
                       PEM file (mutual TLS). Default: none asked for.
  --https-port N       Serve HTTPS on port N and plain HTTP on --port.
                       Default: HTTPS, when enabled, on --port alone.
  --threads N          I/O threads. Default: 0 (one per CPU core but one,
                       at least one; 64 with --cluster)
  --max-buffered-request-mib N
                       Most request-body memory held at once by all
                       connections together (bodies still arriving or being
                       handled); a body past it is answered 503
                       ServiceUnavailable, which SDKs retry. At least 16 (the
                       largest request). 0: no limit. Default: 256
  --cluster MEMBERS    Run as one node of a replicated cluster (Raft; every
                       write is acknowledged once a majority has it on
                       disk). MEMBERS lists every node, this one included:
                       ID=RAFT_IPV4:PORT/API_HOST:PORT,... e.g.
                       1=10.0.0.1:9001/10.0.0.1:8000,2=10.0.0.2:9001/10.0.0.2:8000,3=...
                       The API address is where other nodes forward requests
                       that only the leader may answer. Needs --node-id and
                       an on-disk store (Raft log in DATA-DIR/raft). See
                       docs/replication.md.
  --node-id N          This node's ID in --cluster.
  --election-timeout-ms N
                       How long followers wait for the leader before electing
                       another. Default: 1000
  --raft-snapshot-entries N
                       Entries applied between two snapshots of the Raft log
                       (a snapshot lets the log before it go). Default: 8192
  --raft-log-trailing N
                       Entries kept in the Raft log after a snapshot, for
                       replicas that are behind; one further behind copies
                       the leader's data instead. Default: 65536
  --raft-log-memory-mib N
                       Most the Raft log may hold, in MiB (it is kept in
                       memory): large entries are snapshotted sooner and
                       fewer are kept after a snapshot. Default: 256
  --log-level LEVEL    trace, debug, info, warn, error, critical or off.
                       Default: info
  --access-log LEVEL   Log one line per API request (request id, operation,
                       table, status, exception, items, bytes, latency) at
                       LEVEL (shown when --log-level lets it through), or
                       off. Default: off
  --access-log-format FORMAT
                       text or json (one JSON object per line). Default: text
  --enforce-capacity   Throttle requests as DynamoDB does: provisioned tables
                       and their GSIs answer ProvisionedThroughputExceeded-
                       Exception past their read/write capacity units (with
                       burst capacity), on-demand tables ThrottlingException
                       past OnDemandThroughput maxima; batches return the rest
                       in UnprocessedItems/UnprocessedKeys. Default: off (no
                       limits, as DynamoDB Local)
  --capacity-burst-seconds N
                       With --enforce-capacity, how many seconds of unused
                       provisioned capacity a table or GSI keeps for bursts
                       (at least one second's worth). Default: 300, as DynamoDB
  --cors ORIGINS       Comma-separated origins that browsers may call from
                       (CORS), "*" for any, "" for none. Default: *
  --status-delay-ms N  Keep tables and indexes CREATING, UPDATING and
                       DELETING for N ms (data operations on a CREATING or
                       DELETING table answer ResourceNotFoundException, as
                       DynamoDB does). Default: 0 (ACTIVE at once)
  --tables-per-access-key
                       Give every access key ID and region its own tables,
                       as DynamoDB Local does without -sharedDb. Default: all
                       callers share one set of tables (-sharedDb behaviour).
  --stream-shard-rollover-seconds N
                       Close a stream's open shard and open its child every
                       N seconds (DynamoDB: about 4 hours). Default: 14400
  --stream-retention-seconds N
                       Keep stream records (and disabled streams) N seconds.
                       Default: 86400 (24 hours, as DynamoDB)
  --stream-iterator-ttl-seconds N
                       Shard iterators expire after N seconds. Default: 900
  --ttl-sweep-interval-ms N
                       How often expired items (Time to Live) are deleted.
                       Default: 1000
  --stream-trigger SPEC
                       Deliver a table's stream records in batches, in AWS
                       Lambda's event shape, to an HTTP endpoint or a
                       command's standard input (a local stand-in for a
                       Lambda trigger); repeatable. SPEC is comma-separated
                       key=value settings, target last:
                         table=Orders,batch-size=10,target=http://127.0.0.1:9000/
                         table=Orders,max-retries=2,dead-letter-dir=/tmp/dlq,target=cmd:python3 h.py
                       Settings: batch-size (100), batching-window-ms (0),
                       starting-position (TRIM_HORIZON or LATEST),
                       max-retries (-1: until the records expire),
                       retry-backoff-ms (1000), timeout-ms (30000),
                       report-batch-item-failures (false), dead-letter-dir.
                       See docs/stream-trigger.md.
  --eventual-consistency-lag-ms N
                       Let eventually consistent reads (GetItem, BatchGetItem,
                       Query and Scan without ConsistentRead, every GSI read)
                       see the state of up to N ms ago, as DynamoDB's may;
                       ConsistentRead=true always sees the latest. Default: 0
                       (always the latest). See docs/testing-with-dynastore.md.
  --eventual-consistency-seed N
                       Seed of the draws that pick how stale each such read
                       is, for repeatable runs. Default: random
  --admin-port N       Serve the admin endpoint (GET/POST/DELETE /faults: arm
                       injected errors and delays) on port N of --admin-host.
                       Unauthenticated. Default: 0 (none)
  --admin-host ADDR    Loopback address of the admin endpoint (127.x.x.x, ::1
                       or localhost; others are refused). Default: 127.0.0.1
  --faults-file FILE   Arm the fault rules in this JSON file at start (the
                       same rules POST /faults takes). Default: none
  --health-check URL   Do not serve: GET URL (e.g. http://127.0.0.1:8000/) and
                       exit 0 if it answers 200, 1 otherwise.
  --help               Print this help and exit.
  --version            Print the version and exit.

DynamoDB Local's flags are accepted with the same meaning, so a command line
written for DynamoDB Local works unchanged (a leading
"java -Djava.library.path=... -jar DynamoDBLocal.jar" is ignored):
  -port N                   Same as --port.
  -inMemory                 Same as --in-memory.
  -dbPath DIR               Same as --data-dir (DynamoDB Local's data files
                            are not read: the store format differs).
  -sharedDb                 Tables are shared by every access key and region,
                            which is the default here (see
                            --tables-per-access-key).
  -cors ORIGINS             Same as --cors.
  -delayTransientStatuses   Tables stay CREATING ~5 s, UPDATING ~2 s and
                            DELETING ~5 s, and GSIs CREATING/DELETING/UPDATING
                            as long, as with DynamoDB, so waiters are
                            exercised (--status-delay-ms overrides the times).
  -disableTelemetry         Accepted; dynastore sends no telemetry.
  -optimizeDbBeforeStartup  Accepted; no effect (the store compacts itself).
  -help, -version           Same as --help, --version.

Signals: SIGINT/SIGTERM shut down cleanly; SIGHUP reloads --credentials and
the TLS files.
)";

bool parse_int(std::string_view text, int& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

// "a, b,c" -> {"a", "b", "c"}; empty entries are dropped, so "" is no origin.
std::vector<std::string> split_origins(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    const auto comma = list.find(',');
    std::string_view entry = list.substr(0, comma);
    while (!entry.empty() && (entry.front() == ' ' || entry.front() == '\t')) entry.remove_prefix(1);
    while (!entry.empty() && (entry.back() == ' ' || entry.back() == '\t')) entry.remove_suffix(1);
    if (!entry.empty()) out.emplace_back(entry);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return out;
}

// Words of the Java launcher that starts DynamoDB Local
// ("java -Djava.library.path=./DynamoDBLocal_lib -Xmx1g ... -jar DynamoDBLocal.jar"):
// compose files and CI scripts for amazon/dynamodb-local pass them as the
// container's command. "-jar" itself takes a value and is handled by the caller.
bool is_java_launcher_word(std::string_view arg) {
  return arg == "java" || (arg.size() > 5 && arg.ends_with("/java")) || arg.starts_with("-D") ||
         arg.starts_with("-X");
}

}  // namespace

// "1=h:9001/h:8001,2=..." -> members; nullopt when malformed.
static std::optional<std::vector<replication::ClusterMember>> parse_cluster_members(std::string_view spec) {
  std::vector<replication::ClusterMember> members;
  while (!spec.empty()) {
    const auto comma = spec.find(',');
    std::string_view item = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
    const auto equals = item.find('=');
    const auto slash = item.find('/');
    if (equals == std::string_view::npos || slash == std::string_view::npos || slash < equals) return std::nullopt;
    int id = 0;
    if (!parse_int(item.substr(0, equals), id) || id < 1 || id > 65535) return std::nullopt;
    replication::ClusterMember member;
    member.id = static_cast<std::uint64_t>(id);
    member.raft_address = std::string(item.substr(equals + 1, slash - equals - 1));
    member.api_address = std::string(item.substr(slash + 1));
    for (const auto* address : {&member.raft_address, &member.api_address}) {
      const auto colon = address->rfind(':');
      int port = 0;
      if (colon == std::string::npos || colon == 0 || !parse_int(std::string_view(*address).substr(colon + 1), port) ||
          port < 1 || port > 65535) {
        return std::nullopt;
      }
    }
    // The Raft library takes only IPv4 literals (it does not resolve names).
    in_addr ipv4{};
    const std::string raft_host = member.raft_address.substr(0, member.raft_address.rfind(':'));
    if (inet_pton(AF_INET, raft_host.c_str(), &ipv4) != 1) return std::nullopt;
    for (const auto& other : members) {
      if (other.id == member.id) return std::nullopt;
    }
    members.push_back(std::move(member));
  }
  if (members.empty()) return std::nullopt;
  return members;
}

std::optional<Config> parse_command_line(int argc, char** argv, int& exit_code) {
  Config config;
  bool dynamodb_local_flags = false;  // any of DynamoDB Local's own flags seen
  bool shared_db = false;
  bool data_dir_given = false;
  std::string launcher;  // the ignored Java launcher words, for one notice
  bool realistic_delays = false;
  std::optional<int> explicit_delay_ms;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string_view value;
    bool inline_value = false;
    // Accept both "--flag value" and "--flag=value".
    if (auto eq = arg.find('='); arg.substr(0, 2) == "--" && eq != std::string_view::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      inline_value = true;
    }
    bool missing_value = false;
    auto need_value = [&](std::string_view& out) {
      if (inline_value) {
        out = value;
        return true;
      }
      if (i + 1 >= argc) {
        missing_value = true;
        return false;
      }
      out = argv[++i];
      return true;
    };
    // Parses a whole-number flag value into `out`; outside [low, high], or
    // not a number, says so and sets exit code 2.
    auto bad_int = [&](std::string_view v, int& out, int low, int high) {
      if (parse_int(v, out) && out >= low && out <= high) return false;
      std::cerr << "dynastore: " << arg << " must be " << low << ".." << high << "\n";
      exit_code = 2;
      return true;
    };
    std::string_view v;
    if (arg == "--help" || arg == "-h" || arg == "-help") {
      std::cout << kHelp;
      exit_code = 0;
      return std::nullopt;
    } else if (arg == "--version" || arg == "-version") {
      std::cout << "dynastore " << kVersion << "\n";
      exit_code = 0;
      return std::nullopt;
    } else if (arg == "--tables-per-access-key") {
      config.tables_per_access_key = true;
    } else if (arg == "--in-memory") {
      config.in_memory = true;
    } else if (arg == "--sync") {
      config.sync_writes = true;
    } else if (arg == "--recover-tolerate-corruption") {
      config.tolerate_log_corruption = true;
    } else if (arg == "--block-cache-mb" && need_value(v)) {
      if (bad_int(v, config.block_cache_mb, 1, 1 << 20)) return std::nullopt;
    } else if (arg == "--row-cache-mb" && need_value(v)) {
      if (bad_int(v, config.row_cache_mb, 0, 1 << 20)) return std::nullopt;
    } else if (arg == "--host" && need_value(v)) {
      config.host = v;
    } else if (arg == "--port" && need_value(v)) {
      if (bad_int(v, config.port, 0, 65535)) return std::nullopt;
    } else if (arg == "--data-dir" && need_value(v)) {
      config.data_dir = v;
      data_dir_given = true;
    } else if (arg == "--region" && need_value(v)) {
      config.region = v;
    } else if (arg == "--credentials" && need_value(v)) {
      config.credentials_file = v;
    } else if (arg == "--tls-cert" && need_value(v)) {
      config.tls_cert_file = v;
    } else if (arg == "--tls-key" && need_value(v)) {
      config.tls_key_file = v;
    } else if (arg == "--tls-client-ca" && need_value(v)) {
      config.tls_client_ca_file = v;
    } else if (arg == "--https-port" && need_value(v)) {
      if (bad_int(v, config.https_port.emplace(), 0, 65535)) return std::nullopt;
    } else if (arg == "--cluster" && need_value(v)) {
      auto members = parse_cluster_members(v);
      if (!members) {
        std::cerr << "dynastore: --cluster must be ID=RAFT_IPV4:PORT/API_HOST:PORT,... with distinct IDs 1..65535\n";
        exit_code = 2;
        return std::nullopt;
      }
      config.cluster_members = std::move(*members);
    } else if (arg == "--node-id" && need_value(v)) {
      int id = 0;
      if (bad_int(v, id, 1, 65535)) return std::nullopt;
      config.node_id = static_cast<std::uint64_t>(id);
    } else if (arg == "--raft-snapshot-entries" && need_value(v)) {
      if (bad_int(v, config.raft_snapshot_threshold, 16, 1 << 24)) return std::nullopt;
    } else if (arg == "--raft-log-trailing" && need_value(v)) {
      if (bad_int(v, config.raft_log_trailing, 16, 1 << 24)) return std::nullopt;
    } else if (arg == "--raft-log-memory-mib" && need_value(v)) {
      if (bad_int(v, config.raft_log_memory_mib, 1, 1 << 20)) return std::nullopt;
    } else if (arg == "--election-timeout-ms" && need_value(v)) {
      if (bad_int(v, config.election_timeout_ms, 100, 60000)) return std::nullopt;
    } else if (arg == "--threads" && need_value(v)) {
      if (bad_int(v, config.threads, 0, 1024)) return std::nullopt;
    } else if (arg == "--max-buffered-request-mib" && need_value(v)) {
      if (bad_int(v, config.max_buffered_request_mib, 0, 1024 * 1024)) return std::nullopt;
      if (config.max_buffered_request_mib != 0 && config.max_buffered_request_mib < 16) {
        std::cerr << "dynastore: --max-buffered-request-mib must be 0 or at least 16 (the largest request)\n";
        exit_code = 2;
        return std::nullopt;
      }
    } else if (arg == "--access-log" && need_value(v)) {
      if (spdlog::level::from_str(std::string(v)) == spdlog::level::off && v != "off") {
        std::cerr << "dynastore: --access-log must be trace, debug, info, warn, error, critical or off\n";
        exit_code = 2;
        return std::nullopt;
      }
      config.access_log_level = v;
    } else if (arg == "--access-log-format" && need_value(v)) {
      if (v != "text" && v != "json") {
        std::cerr << "dynastore: --access-log-format must be text or json\n";
        exit_code = 2;
        return std::nullopt;
      }
      config.access_log_json = v == "json";
    } else if (arg == "--enforce-capacity") {
      config.enforce_capacity = true;
    } else if (arg == "--capacity-burst-seconds" && need_value(v)) {
      if (bad_int(v, config.capacity_burst_seconds, 0, 24 * 3600)) return std::nullopt;
    } else if (arg == "--log-level" && need_value(v)) {
      config.log_level = v;
    } else if ((arg == "--cors" || arg == "-cors") && need_value(v)) {
      config.cors_origins = split_origins(v);
      dynamodb_local_flags |= arg == "-cors";
    } else if (arg == "--stream-shard-rollover-seconds" && need_value(v)) {
      if (bad_int(v, config.stream_shard_rollover_seconds, 1, 365 * 24 * 3600)) return std::nullopt;
    } else if (arg == "--stream-retention-seconds" && need_value(v)) {
      if (bad_int(v, config.stream_retention_seconds, 1, 365 * 24 * 3600)) return std::nullopt;
    } else if (arg == "--stream-iterator-ttl-seconds" && need_value(v)) {
      if (bad_int(v, config.stream_iterator_ttl_seconds, 1, 24 * 3600)) return std::nullopt;
    } else if (arg == "--ttl-sweep-interval-ms" && need_value(v)) {
      if (bad_int(v, config.ttl_sweep_interval_ms, 10, 3600000)) return std::nullopt;
    } else if (arg == "--stream-trigger" && need_value(v)) {
      auto trigger = streams::parse_trigger_config(v);
      Status target = trigger.is_ok() ? streams::make_trigger_target(trigger->target).status() : trigger.status();
      if (!target.is_ok()) {
        std::cerr << "dynastore: --stream-trigger: " << target.message() << "\n";
        exit_code = 2;
        return std::nullopt;
      }
      config.stream_triggers.push_back(std::move(trigger.value()));
    } else if (arg == "--eventual-consistency-lag-ms" && need_value(v)) {
      if (bad_int(v, config.eventual_consistency_lag_ms, 0, 600000)) return std::nullopt;
    } else if (arg == "--eventual-consistency-seed" && need_value(v)) {
      if (bad_int(v, config.eventual_consistency_seed.emplace(), 0, INT_MAX)) return std::nullopt;
    } else if (arg == "--admin-port" && need_value(v)) {
      if (bad_int(v, config.admin_port, 0, 65535)) return std::nullopt;
    } else if (arg == "--admin-host" && need_value(v)) {
      if (!is_loopback_host(v)) {
        std::cerr << "dynastore: --admin-host must be a loopback address (127.x.x.x, ::1 or localhost): "
                     "the admin endpoint is unauthenticated\n";
        exit_code = 2;
        return std::nullopt;
      }
      config.admin_host = v;
    } else if (arg == "--faults-file" && need_value(v)) {
      config.faults_file = v;
    } else if (arg == "--health-check" && need_value(v)) {
      config.health_check_url = v;
    } else if (arg == "-port" && need_value(v)) {
      if (bad_int(v, config.port, 0, 65535)) return std::nullopt;
      dynamodb_local_flags = true;
    } else if (arg == "-inMemory") {
      config.in_memory = true;
      dynamodb_local_flags = true;
    } else if (arg == "-dbPath" && need_value(v)) {
      config.data_dir = v;
      data_dir_given = true;
      dynamodb_local_flags = true;
    } else if (arg == "-sharedDb") {
      shared_db = true;
      dynamodb_local_flags = true;
    } else if (arg == "-delayTransientStatuses") {
      realistic_delays = true;
      dynamodb_local_flags = true;
    } else if (arg == "--status-delay-ms" && need_value(v)) {
      if (bad_int(v, explicit_delay_ms.emplace(), 0, 3600000)) return std::nullopt;
    } else if (arg == "-disableTelemetry") {
      dynamodb_local_flags = true;
      config.notices.emplace_back("-disableTelemetry: no effect, dynastore sends no telemetry");
    } else if (arg == "-optimizeDbBeforeStartup") {
      dynamodb_local_flags = true;
      config.notices.emplace_back("-optimizeDbBeforeStartup: no effect, the store compacts itself in the background");
    } else if (arg == "-jar" && need_value(v)) {
      launcher += (launcher.empty() ? "" : " ") + std::string(arg) + " " + std::string(v);
    } else if (!inline_value && is_java_launcher_word(arg)) {
      launcher += (launcher.empty() ? "" : " ") + std::string(arg);
    } else {
      if (missing_value) {
        std::cerr << "dynastore: " << arg << " needs a value\n";
      } else {
        std::cerr << "dynastore: unknown option " << arg << " (see --help)\n";
      }
      exit_code = 2;
      return std::nullopt;
    }
  }
  if (!launcher.empty()) {
    config.notices.insert(config.notices.begin(),
                          "ignoring the Java launcher arguments \"" + launcher +
                              "\" (dynastore is a native server taking DynamoDB Local's flags)");
  }
  if (config.tls_cert_file.empty() != config.tls_key_file.empty()) {
    std::cerr << "dynastore: --tls-cert and --tls-key go together\n";
    exit_code = 2;
    return std::nullopt;
  }
  if (config.tls_cert_file.empty() && (!config.tls_client_ca_file.empty() || config.https_port)) {
    std::cerr << "dynastore: " << (config.https_port ? "--https-port" : "--tls-client-ca")
              << " needs --tls-cert and --tls-key\n";
    exit_code = 2;
    return std::nullopt;
  }
  if (shared_db && config.tables_per_access_key) {
    std::cerr << "dynastore: -sharedDb and --tables-per-access-key contradict each other\n";
    exit_code = 2;
    return std::nullopt;
  }
  if (shared_db) {
    config.notices.emplace_back("-sharedDb: tables are shared by every access key and region (the default)");
  } else if (dynamodb_local_flags && !config.tables_per_access_key) {
    config.notices.emplace_back(
        "tables are shared by every access key and region, as with DynamoDB Local's -sharedDb; "
        "--tables-per-access-key keeps them apart as DynamoDB Local does without it");
  }
  // --status-delay-ms wins over -delayTransientStatuses, in either order.
  if (explicit_delay_ms) {
    config.creating_delay_ms = config.updating_delay_ms = config.deleting_delay_ms = *explicit_delay_ms;
    if (realistic_delays) {
      config.notices.push_back("-delayTransientStatuses: overridden by --status-delay-ms " +
                               std::to_string(*explicit_delay_ms));
    }
  } else if (realistic_delays) {
    config.creating_delay_ms = Config::kRealisticCreatingMs;
    config.updating_delay_ms = Config::kRealisticUpdatingMs;
    config.deleting_delay_ms = Config::kRealisticDeletingMs;
    config.notices.push_back(
        "-delayTransientStatuses: tables and GSIs stay CREATING " + std::to_string(Config::kRealisticCreatingMs) +
        " ms, UPDATING " + std::to_string(Config::kRealisticUpdatingMs) + " ms, DELETING " +
        std::to_string(Config::kRealisticDeletingMs) + " ms, as DynamoDB's tables do");
  }
  if (!config.cluster_members.empty() || config.node_id != 0) {
    const auto& members = config.cluster_members;
    const bool listed = std::any_of(members.begin(), members.end(),
                                    [&](const replication::ClusterMember& m) { return m.id == config.node_id; });
    const char* problem = members.empty()        ? "--node-id needs --cluster"
                          : !listed              ? "--node-id must be one of the IDs in --cluster"
                          : config.in_memory     ? "--cluster needs an on-disk store (not --in-memory)"
                                                 : nullptr;
    if (problem != nullptr) {
      std::cerr << "dynastore: " << problem << "\n";
      exit_code = 2;
      return std::nullopt;
    }
  }
  if (config.in_memory && data_dir_given) {
    config.notices.push_back("in memory: the data directory " + config.data_dir + " is not used");
  }
  return config;
}

}  // namespace dynastore::server
