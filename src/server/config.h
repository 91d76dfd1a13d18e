// Command-line configuration of the dynastore server.
//
// Besides its own --flags, the parser accepts DynamoDB Local's command line
// (-port, -inMemory, -dbPath, -sharedDb, -cors, ...), including a leading
// "[java [JVM options]] -jar DynamoDBLocal.jar", so that an existing
// `docker run` / compose `command:` written for amazon/dynamodb-local works
// unchanged. See docs/docker.md for what each of those flags does here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dynastore/replication/replicated_engine.h"
#include "dynastore/streams/trigger_config.h"

namespace dynastore::server {

struct Config {
  std::string host = "0.0.0.0";            // --host
  int port = 8000;                         // --port, -port
  std::string data_dir = "./dynastore-data";  // --data-dir, -dbPath
  bool in_memory = false;                  // --in-memory, -inMemory
  bool sync_writes = false;                // --sync: answer only once what the answer reveals is fsynced
  bool tolerate_log_corruption = false;    // --recover-tolerate-corruption: start past a damaged log, dropping its rest
  int block_cache_mb = 256;                // --block-cache-mb: RocksDB block cache
  int row_cache_mb = 32;                   // --row-cache-mb: latest items (storage/row_cache.h); 0 = none
  std::string region = "us-east-1";        // --region
  std::string credentials_file;            // --credentials (empty: development mode)
  int threads = 0;                         // --threads (0: one per core)
  int max_buffered_request_mib = 256;      // --max-buffered-request-mib (0: no limit)

  // HTTPS (http::TlsOptions): PEM files, re-read on SIGHUP. With a
  // certificate, --port serves HTTPS, unless --https-port N is given: then
  // N serves HTTPS and --port plain HTTP.
  std::string tls_cert_file;               // --tls-cert
  std::string tls_key_file;                // --tls-key
  std::string tls_client_ca_file;          // --tls-client-ca (mutual TLS)
  std::optional<int> https_port;           // --https-port
  std::string log_level = "info";          // --log-level
  std::string access_log_level = "off";    // --access-log
  bool access_log_json = false;            // --access-log-format json
  bool enforce_capacity = false;           // --enforce-capacity: throttle over provisioned / max on-demand throughput
  int capacity_burst_seconds = 300;        // --capacity-burst-seconds: unused capacity kept for bursts

  // Origins allowed to call the endpoint from a browser (CORS): "*" allows
  // any; an empty list sends no CORS headers. --cors, -cors. Default: "*"
  // (DynamoDB Local's default).
  std::vector<std::string> cors_origins{"*"};

  // How long tables and indexes stay CREATING, UPDATING and DELETING, in
  // milliseconds. --status-delay-ms N sets all three; -delayTransientStatuses
  // sets times like DynamoDB's (kRealistic*). Default 0: ACTIVE at once.
  int creating_delay_ms = 0;
  int updating_delay_ms = 0;
  int deleting_delay_ms = 0;
  // Observed from DynamoDB (on-demand table without indexes): CREATING
  // ~6 s, UPDATING ~2 s, DELETING ~5-6 s.
  static constexpr int kRealisticCreatingMs = 5000;
  static constexpr int kRealisticUpdatingMs = 2000;
  static constexpr int kRealisticDeletingMs = 5000;

  // --tables-per-access-key: each access key ID and region has its own
  // tables, as DynamoDB Local without -sharedDb. Default: shared.
  bool tables_per_access_key = false;

  // DynamoDB Streams and Time to Live, as DynamoDB has them by default;
  // shorter times let tests exercise shard lineage, iterator expiry,
  // retention and TTL deletions in seconds.
  int stream_shard_rollover_seconds = 4 * 3600;  // --stream-shard-rollover-seconds
  int stream_retention_seconds = 24 * 3600;      // --stream-retention-seconds
  int stream_iterator_ttl_seconds = 15 * 60;     // --stream-iterator-ttl-seconds
  int ttl_sweep_interval_ms = 1000;              // --ttl-sweep-interval-ms

  // --stream-trigger SPEC (repeatable): deliver a table's stream records
  // to an HTTP endpoint or a command, as Lambda would
  // (streams/trigger_config.h, docs/stream-trigger.md).
  std::vector<streams::TriggerConfig> stream_triggers;

  // Test realism (docs/testing-with-dynastore.md), all off by default.
  // --eventual-consistency-lag-ms N: eventually consistent reads may see the
  // state of up to N ms ago (storage/snapshot_history.h); 0: never stale.
  int eventual_consistency_lag_ms = 0;
  std::optional<int> eventual_consistency_seed;  // --eventual-consistency-seed (default: random)
  // --admin-port N: the admin endpoint (server/admin_endpoint.h) on
  // --admin-host, which must be a loopback address; 0: none.
  int admin_port = 0;
  std::string admin_host = "127.0.0.1";
  std::string faults_file;  // --faults-file: fault rules armed at start (api/fault_rules_json.h)

  // --health-check URL: do not serve; GET the URL and exit 0 on HTTP 200,
  // 1 otherwise (for container HEALTHCHECKs in images without curl).
  std::string health_check_url;

  // Cluster mode (docs/replication.md): --cluster lists every member as
  // ID=RAFT_HOST:PORT/API_HOST:PORT, comma-separated; --node-id names this
  // one. The Raft log lives in <data-dir>/raft. Empty: a single node.
  std::vector<replication::ClusterMember> cluster_members;  // --cluster
  std::uint64_t node_id = 0;                                // --node-id
  int election_timeout_ms = 1000;                           // --election-timeout-ms
  int raft_snapshot_threshold = 8192;                       // --raft-snapshot-entries
  int raft_log_trailing = 65536;                            // --raft-log-trailing
  int raft_log_memory_mib = 256;                            // --raft-log-memory-mib

  // Lines to log at info level once logging is set up: flags accepted for
  // DynamoDB Local compatibility that have no effect here, and why.
  std::vector<std::string> notices;
};

// Parses argv. On --help / --version prints to stdout and sets `exit_code` to
// 0; on a bad flag prints the reason to stderr and sets it to 2. Returns
// nullopt in both cases.
std::optional<Config> parse_command_line(int argc, char** argv, int& exit_code);

}  // namespace dynastore::server
