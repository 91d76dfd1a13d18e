#include "server/config.h"

#include <gtest/gtest.h>

#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace dynastore::server {
namespace {

// What parse_command_line() returned and printed for one command line.
struct Parsed {
  std::optional<Config> config;
  int exit_code = -1;  // -1: left as it was
  std::string out;     // what it wrote to std::cout
  std::string err;     // and to std::cerr
};

// Parses "dynastore <args...>", capturing std::cout and std::cerr.
Parsed parse(std::vector<std::string> args) {
  args.insert(args.begin(), "dynastore");
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  std::ostringstream out;
  std::ostringstream err;
  auto* const old_out = std::cout.rdbuf(out.rdbuf());
  auto* const old_err = std::cerr.rdbuf(err.rdbuf());
  Parsed parsed;
  parsed.config = parse_command_line(static_cast<int>(args.size()), argv.data(), parsed.exit_code);
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  parsed.out = out.str();
  parsed.err = err.str();
  return parsed;
}

std::string command_line(const std::vector<std::string>& args) {
  std::string line = "dynastore";
  for (const auto& arg : args) line += " " + arg;
  return line;
}

// Parses a command line that must be accepted without printing anything.
Config accepted(std::vector<std::string> args) {
  SCOPED_TRACE(command_line(args));
  Parsed parsed = parse(std::move(args));
  EXPECT_TRUE(parsed.config.has_value()) << parsed.err;
  EXPECT_EQ(parsed.exit_code, -1);
  EXPECT_EQ(parsed.out, "");
  EXPECT_EQ(parsed.err, "");
  return parsed.config.value_or(Config{});
}

// Expects the command line to be refused with exit code 2 and `message` on
// stderr.
void expect_refused(std::vector<std::string> args, const std::string& message) {
  SCOPED_TRACE(command_line(args));
  Parsed parsed = parse(std::move(args));
  EXPECT_FALSE(parsed.config.has_value());
  EXPECT_EQ(parsed.exit_code, 2);
  EXPECT_EQ(parsed.out, "");
  EXPECT_EQ(parsed.err, message);
}

const std::string kSharedByDefaultNotice =
    "tables are shared by every access key and region, as with DynamoDB Local's -sharedDb; "
    "--tables-per-access-key keeps them apart as DynamoDB Local does without it";

TEST(ConfigTest, Defaults) {
  const Config config = accepted({});
  EXPECT_EQ(config.host, "0.0.0.0");
  EXPECT_EQ(config.port, 8000);
  EXPECT_EQ(config.data_dir, "./dynastore-data");
  EXPECT_FALSE(config.in_memory);
  EXPECT_FALSE(config.sync_writes);
  EXPECT_EQ(config.block_cache_mb, 256);
  EXPECT_EQ(config.row_cache_mb, 32);
  EXPECT_EQ(config.region, "us-east-1");
  EXPECT_EQ(config.credentials_file, "");
  EXPECT_EQ(config.threads, 0);
  EXPECT_EQ(config.log_level, "info");
  EXPECT_EQ(config.cors_origins, std::vector<std::string>{"*"});
  EXPECT_EQ(config.creating_delay_ms, 0);
  EXPECT_EQ(config.updating_delay_ms, 0);
  EXPECT_EQ(config.deleting_delay_ms, 0);
  EXPECT_FALSE(config.tables_per_access_key);
  EXPECT_EQ(config.health_check_url, "");
  EXPECT_TRUE(config.notices.empty());
}

// Every flag of README.md's Configuration table, each set away from its
// default, as "--flag value".
TEST(ConfigTest, EveryReadmeFlag) {
  // clang-format off
  const Config config = accepted({"--host", "127.0.0.1",
                                  "--port", "9001",
                                  "--data-dir", "/var/lib/dynastore",
                                  "--in-memory",
                                  "--sync",
                                  "--block-cache-mb", "64",
                                  "--row-cache-mb", "0",
                                  "--region", "eu-west-2",
                                  "--credentials", "/etc/dynastore/keys",
                                  "--threads", "3",
                                  "--log-level", "debug",
                                  "--cors", "https://a.example",
                                  "--status-delay-ms", "1500",
                                  "--tables-per-access-key",
                                  "--health-check", "http://127.0.0.1:8000/"});
  // clang-format on
  EXPECT_EQ(config.host, "127.0.0.1");
  EXPECT_EQ(config.port, 9001);
  EXPECT_EQ(config.data_dir, "/var/lib/dynastore");
  EXPECT_TRUE(config.in_memory);
  EXPECT_TRUE(config.sync_writes);
  EXPECT_EQ(config.block_cache_mb, 64);
  EXPECT_EQ(config.row_cache_mb, 0);
  EXPECT_EQ(config.region, "eu-west-2");
  EXPECT_EQ(config.credentials_file, "/etc/dynastore/keys");
  EXPECT_EQ(config.threads, 3);
  EXPECT_EQ(config.log_level, "debug");
  EXPECT_EQ(config.cors_origins, std::vector<std::string>{"https://a.example"});
  EXPECT_EQ(config.creating_delay_ms, 1500);
  EXPECT_EQ(config.updating_delay_ms, 1500);
  EXPECT_EQ(config.deleting_delay_ms, 1500);
  EXPECT_TRUE(config.tables_per_access_key);
  EXPECT_EQ(config.health_check_url, "http://127.0.0.1:8000/");
  // --in-memory with --data-dir: the directory is named as unused.
  EXPECT_EQ(config.notices, std::vector<std::string>{"in memory: the data directory /var/lib/dynastore is not used"});
}

TEST(ConfigTest, ObservabilityAndMemoryFlags) {
  const Config defaults = accepted({});
  EXPECT_EQ(defaults.access_log_level, "off");
  EXPECT_FALSE(defaults.access_log_json);
  EXPECT_EQ(defaults.max_buffered_request_mib, 256);

  const Config config = accepted({"--access-log", "info", "--access-log-format", "json",
                                   "--max-buffered-request-mib", "64"});
  EXPECT_EQ(config.access_log_level, "info");
  EXPECT_TRUE(config.access_log_json);
  EXPECT_EQ(config.max_buffered_request_mib, 64);
  EXPECT_EQ(accepted({"--max-buffered-request-mib", "0"}).max_buffered_request_mib, 0);

  expect_refused({"--access-log", "loud"},
                 "dynastore: --access-log must be trace, debug, info, warn, error, critical or off\n");
  expect_refused({"--access-log-format", "xml"}, "dynastore: --access-log-format must be text or json\n");
  expect_refused({"--max-buffered-request-mib", "8"},
                 "dynastore: --max-buffered-request-mib must be 0 or at least 16 (the largest request)\n");
}

TEST(ConfigTest, ClusterFlags) {
  const std::string members = "1=127.0.0.1:9001/127.0.0.1:8001,2=10.0.0.2:9001/h2:8000,3=10.0.0.3:9003/[::1]:8003";
  const Config config = accepted({"--cluster", members.c_str(), "--node-id", "2", "--election-timeout-ms", "500"});
  ASSERT_EQ(config.cluster_members.size(), 3u);
  EXPECT_EQ(config.cluster_members[1].id, 2u);
  EXPECT_EQ(config.cluster_members[1].raft_address, "10.0.0.2:9001");
  EXPECT_EQ(config.cluster_members[1].api_address, "h2:8000");
  EXPECT_EQ(config.cluster_members[2].api_address, "[::1]:8003");
  EXPECT_EQ(config.node_id, 2u);
  EXPECT_EQ(config.election_timeout_ms, 500);
  EXPECT_TRUE(accepted({}).cluster_members.empty());
  EXPECT_EQ(accepted({}).election_timeout_ms, 1000);
  EXPECT_EQ(accepted({}).raft_log_memory_mib, 256);
  EXPECT_EQ(accepted({"--raft-log-memory-mib", "64"}).raft_log_memory_mib, 64);

  const std::string bad_format =
      "dynastore: --cluster must be ID=RAFT_IPV4:PORT/API_HOST:PORT,... with distinct IDs 1..65535\n";
  expect_refused({"--cluster", "1=1.1.1.1:1", "--node-id", "1"}, bad_format);
  expect_refused({"--cluster", "1=1.1.1.1:1/b:2,1=1.1.1.2:3/d:4", "--node-id", "1"}, bad_format);
  expect_refused({"--cluster", "0=1.1.1.1:1/b:2", "--node-id", "1"}, bad_format);
  expect_refused({"--cluster", "1=1.1.1.1/b:2", "--node-id", "1"}, bad_format);
  expect_refused({"--cluster", "1=1.1.1.1:1/b:70000", "--node-id", "1"}, bad_format);
  expect_refused({"--cluster", "1=raft.example:1/b:2", "--node-id", "1"}, bad_format);  // Raft takes no names
  expect_refused({"--node-id", "1"}, "dynastore: --node-id needs --cluster\n");
  expect_refused({"--cluster", "1=1.1.1.1:1/b:2"}, "dynastore: --node-id must be one of the IDs in --cluster\n");
  expect_refused({"--cluster", "1=1.1.1.1:1/b:2", "--node-id", "2"},
                 "dynastore: --node-id must be one of the IDs in --cluster\n");
  expect_refused({"--cluster", "1=1.1.1.1:1/b:2", "--node-id", "1", "--in-memory"},
                 "dynastore: --cluster needs an on-disk store (not --in-memory)\n");
}

TEST(ConfigTest, CapacityFlags) {
  const Config defaults = accepted({});
  EXPECT_FALSE(defaults.enforce_capacity);
  EXPECT_EQ(defaults.capacity_burst_seconds, 300);

  const Config config = accepted({"--enforce-capacity", "--capacity-burst-seconds", "5"});
  EXPECT_TRUE(config.enforce_capacity);
  EXPECT_EQ(config.capacity_burst_seconds, 5);
  EXPECT_EQ(accepted({"--capacity-burst-seconds=0"}).capacity_burst_seconds, 0);
  expect_refused({"--capacity-burst-seconds", "-1"}, "dynastore: --capacity-burst-seconds must be 0..86400\n");
  expect_refused({"--capacity-burst-seconds", "x"}, "dynastore: --capacity-burst-seconds must be 0..86400\n");
}

TEST(ConfigTest, TlsFlags) {
  const Config config = accepted({"--tls-cert", "/etc/tls/chain.pem", "--tls-key", "/etc/tls/key.pem",
                                  "--tls-client-ca", "/etc/tls/ca.pem", "--https-port", "8443"});
  EXPECT_EQ(config.tls_cert_file, "/etc/tls/chain.pem");
  EXPECT_EQ(config.tls_key_file, "/etc/tls/key.pem");
  EXPECT_EQ(config.tls_client_ca_file, "/etc/tls/ca.pem");
  EXPECT_EQ(config.https_port, 8443);
  EXPECT_FALSE(accepted({}).https_port.has_value());
  expect_refused({"--tls-cert", "c.pem"}, "dynastore: --tls-cert and --tls-key go together\n");
  expect_refused({"--tls-key", "k.pem"}, "dynastore: --tls-cert and --tls-key go together\n");
  expect_refused({"--https-port", "8443"}, "dynastore: --https-port needs --tls-cert and --tls-key\n");
  expect_refused({"--tls-client-ca", "ca.pem"}, "dynastore: --tls-client-ca needs --tls-cert and --tls-key\n");
}

TEST(ConfigTest, FlagEqualsValue) {
  const Config config =
      accepted({"--host=::1", "--port=0", "--data-dir=/d", "--block-cache-mb=1", "--row-cache-mb=1048576",
                "--region=ap-south-1", "--credentials=k.txt", "--threads=1024", "--log-level=off",
                "--cors=", "--status-delay-ms=3600000", "--health-check=http://h/"});
  EXPECT_EQ(config.host, "::1");
  EXPECT_EQ(config.port, 0);
  EXPECT_EQ(config.data_dir, "/d");
  EXPECT_EQ(config.block_cache_mb, 1);
  EXPECT_EQ(config.row_cache_mb, 1048576);
  EXPECT_EQ(config.region, "ap-south-1");
  EXPECT_EQ(config.credentials_file, "k.txt");
  EXPECT_EQ(config.threads, 1024);
  EXPECT_EQ(config.log_level, "off");
  EXPECT_TRUE(config.cors_origins.empty());
  EXPECT_EQ(config.creating_delay_ms, 3600000);
  EXPECT_EQ(config.health_check_url, "http://h/");
  // A value may itself contain '=': only the first one splits.
  EXPECT_EQ(accepted({"--health-check=http://h/?a=b"}).health_check_url, "http://h/?a=b");
}

TEST(ConfigTest, CorsOriginsAreSplitOnCommasAndTrimmed) {
  EXPECT_EQ(accepted({"--cors", " https://a.example,\thttps://b.example ,,https://c.example:8443 "}).cors_origins,
            (std::vector<std::string>{"https://a.example", "https://b.example", "https://c.example:8443"}));
  EXPECT_EQ(accepted({"--cors", "*"}).cors_origins, std::vector<std::string>{"*"});
  EXPECT_TRUE(accepted({"--cors", ""}).cors_origins.empty());
  EXPECT_TRUE(accepted({"--cors", " , "}).cors_origins.empty());
}

TEST(ConfigTest, LaterFlagsWin) {
  const Config config = accepted({"--port", "1", "--port", "2", "--cors", "a", "--cors", "b"});
  EXPECT_EQ(config.port, 2);
  EXPECT_EQ(config.cors_origins, std::vector<std::string>{"b"});
}

TEST(ConfigTest, IntegerBoundsAreAccepted) {
  EXPECT_EQ(accepted({"--port", "0"}).port, 0);
  EXPECT_EQ(accepted({"--port", "65535"}).port, 65535);
  EXPECT_EQ(accepted({"-port", "65535"}).port, 65535);
  EXPECT_EQ(accepted({"--block-cache-mb", "1"}).block_cache_mb, 1);
  EXPECT_EQ(accepted({"--block-cache-mb", "1048576"}).block_cache_mb, 1048576);
  EXPECT_EQ(accepted({"--row-cache-mb", "0"}).row_cache_mb, 0);
  EXPECT_EQ(accepted({"--threads", "0"}).threads, 0);
  EXPECT_EQ(accepted({"--status-delay-ms", "0"}).creating_delay_ms, 0);
}

TEST(ConfigTest, IntegersOutOfRangeOrNotNumbersAreRefused) {
  struct Case {
    const char* flag;
    const char* range;
    std::vector<const char*> bad_values;
  };
  const std::vector<Case> cases = {
      {"--port", "0..65535", {"-1", "65536", "2147483648", "abc", "80x", "8.0", " 80", "+80", "0x50", ""}},
      {"-port", "0..65535", {"-1", "65536", "eighty"}},
      {"--block-cache-mb", "1..1048576", {"0", "-5", "1048577", "99999999999", "1g"}},
      {"--row-cache-mb", "0..1048576", {"-1", "1048577", "32MB"}},
      {"--threads", "0..1024", {"-1", "1025", "four"}},
      {"--status-delay-ms", "0..3600000", {"-1", "3600001", "1s"}},
  };
  for (const auto& c : cases) {
    for (const char* value : c.bad_values) {
      const std::string message = std::string("dynastore: ") + c.flag + " must be " + c.range + "\n";
      expect_refused({c.flag, value}, message);
      // The same with "--flag=value": the message names the flag alone.
      if (std::string(c.flag).starts_with("--")) expect_refused({std::string(c.flag) + "=" + value}, message);
    }
  }
}

TEST(ConfigTest, MissingValuesAreRefused) {
  for (const char* flag : {"--host", "--port", "--data-dir", "--block-cache-mb", "--row-cache-mb", "--region",
                           "--credentials", "--threads", "--log-level", "--cors", "--status-delay-ms", "--health-check",
                           "-port", "-dbPath", "-cors", "-jar"}) {
    expect_refused({"--in-memory", flag}, std::string("dynastore: ") + flag + " needs a value\n");
  }
}

TEST(ConfigTest, UnknownFlagsAreRefused) {
  expect_refused({"--bogus"}, "dynastore: unknown option --bogus (see --help)\n");
  expect_refused({"--bogus=1"}, "dynastore: unknown option --bogus (see --help)\n");
  expect_refused({"--port", "8000", "extra"}, "dynastore: unknown option extra (see --help)\n");
  // Flags are case-sensitive, and DynamoDB Local's take no "=".
  expect_refused({"-Port", "8000"}, "dynastore: unknown option -Port (see --help)\n");
  expect_refused({"--inMemory"}, "dynastore: unknown option --inMemory (see --help)\n");
  expect_refused({"-in-memory"}, "dynastore: unknown option -in-memory (see --help)\n");
  expect_refused({"-port=8000"}, "dynastore: unknown option -port=8000 (see --help)\n");
  // Refused even after a good flag, and a later --help does not rescue it.
  expect_refused({"--in-memory", "--nope", "--help"}, "dynastore: unknown option --nope (see --help)\n");
}

TEST(ConfigTest, DynamoDbLocalFlags) {
  const Config config = accepted({"-port", "8001", "-inMemory", "-dbPath", "/data", "-sharedDb", "-cors",
                                  "http://a.example,http://b.example", "-delayTransientStatuses", "-disableTelemetry",
                                  "-optimizeDbBeforeStartup"});
  EXPECT_EQ(config.port, 8001);
  EXPECT_TRUE(config.in_memory);
  EXPECT_EQ(config.data_dir, "/data");
  EXPECT_EQ(config.cors_origins, (std::vector<std::string>{"http://a.example", "http://b.example"}));
  EXPECT_EQ(config.creating_delay_ms, Config::kRealisticCreatingMs);
  EXPECT_EQ(config.updating_delay_ms, Config::kRealisticUpdatingMs);
  EXPECT_EQ(config.deleting_delay_ms, Config::kRealisticDeletingMs);
  EXPECT_EQ(Config::kRealisticCreatingMs, 5000);
  EXPECT_EQ(Config::kRealisticUpdatingMs, 2000);
  EXPECT_EQ(Config::kRealisticDeletingMs, 5000);
  EXPECT_FALSE(config.tables_per_access_key);
  EXPECT_EQ(config.notices,
            (std::vector<std::string>{
                "-disableTelemetry: no effect, dynastore sends no telemetry",
                "-optimizeDbBeforeStartup: no effect, the store compacts itself in the background",
                "-sharedDb: tables are shared by every access key and region (the default)",
                "-delayTransientStatuses: tables and GSIs stay CREATING 5000 ms, UPDATING 2000 ms, DELETING 5000 ms, "
                "as DynamoDB's tables do",
                "in memory: the data directory /data is not used",
            }));
}

TEST(ConfigTest, DynamoDbLocalFlagsWithoutSharedDbSayTablesAreShared) {
  Config config = accepted({"-inMemory"});
  EXPECT_TRUE(config.in_memory);
  EXPECT_EQ(config.notices, std::vector<std::string>{kSharedByDefaultNotice});

  config = accepted({"-cors", "*"});
  EXPECT_EQ(config.notices, std::vector<std::string>{kSharedByDefaultNotice});

  // --cors is dynastore's own flag: no DynamoDB Local notice.
  EXPECT_TRUE(accepted({"--cors", "*"}).notices.empty());

  // Asking for DynamoDB Local's separate tables needs no notice either.
  config = accepted({"-inMemory", "--tables-per-access-key"});
  EXPECT_TRUE(config.tables_per_access_key);
  EXPECT_TRUE(config.notices.empty());
}

TEST(ConfigTest, SharedDbContradictsTablesPerAccessKey) {
  expect_refused({"-sharedDb", "--tables-per-access-key"},
                 "dynastore: -sharedDb and --tables-per-access-key contradict each other\n");
  expect_refused({"--tables-per-access-key", "-sharedDb"},
                 "dynastore: -sharedDb and --tables-per-access-key contradict each other\n");
}

TEST(ConfigTest, StatusDelayMsOverridesDelayTransientStatusesInEitherOrder) {
  for (const auto& args : {std::vector<std::string>{"-delayTransientStatuses", "--status-delay-ms", "100"},
                           std::vector<std::string>{"--status-delay-ms", "100", "-delayTransientStatuses"}}) {
    const Config config = accepted(args);
    EXPECT_EQ(config.creating_delay_ms, 100);
    EXPECT_EQ(config.updating_delay_ms, 100);
    EXPECT_EQ(config.deleting_delay_ms, 100);
    EXPECT_EQ(config.notices,
              (std::vector<std::string>{kSharedByDefaultNotice,
                                        "-delayTransientStatuses: overridden by --status-delay-ms 100"}));
  }
}

TEST(ConfigTest, TestRealismFlags) {
  const Config defaults = accepted({});
  EXPECT_EQ(defaults.eventual_consistency_lag_ms, 0);
  EXPECT_FALSE(defaults.eventual_consistency_seed);
  EXPECT_EQ(defaults.admin_port, 0);
  EXPECT_EQ(defaults.admin_host, "127.0.0.1");
  EXPECT_EQ(defaults.faults_file, "");

  const Config config = accepted({"--eventual-consistency-lag-ms", "500", "--eventual-consistency-seed", "7",
                                  "--admin-port", "8001", "--admin-host", "::1", "--faults-file", "/tmp/f.json"});
  EXPECT_EQ(config.eventual_consistency_lag_ms, 500);
  EXPECT_EQ(config.eventual_consistency_seed, 7);
  EXPECT_EQ(config.admin_port, 8001);
  EXPECT_EQ(config.admin_host, "::1");
  EXPECT_EQ(config.faults_file, "/tmp/f.json");
  EXPECT_EQ(accepted({"--admin-host", "localhost"}).admin_host, "localhost");
  EXPECT_EQ(accepted({"--admin-host", "127.0.0.2"}).admin_host, "127.0.0.2");

  const std::string loopback_only =
      "dynastore: --admin-host must be a loopback address (127.x.x.x, ::1 or localhost): the admin endpoint is "
      "unauthenticated\n";
  expect_refused({"--admin-host", "0.0.0.0"}, loopback_only);
  expect_refused({"--admin-host", "10.0.0.1"}, loopback_only);
  expect_refused({"--admin-host", "::"}, loopback_only);
  expect_refused({"--admin-host", "example.com"}, loopback_only);
  expect_refused({"--eventual-consistency-lag-ms", "-1"}, "dynastore: --eventual-consistency-lag-ms must be 0..600000\n");
  expect_refused({"--admin-port", "70000"}, "dynastore: --admin-port must be 0..65535\n");
}

TEST(ConfigTest, LeadingJavaLauncherIsIgnored) {
  const Config config = accepted({"java", "-Djava.library.path=./DynamoDBLocal_lib", "-Xmx1g", "-jar",
                                  "DynamoDBLocal.jar", "-sharedDb", "-inMemory", "-port", "8002"});
  EXPECT_EQ(config.port, 8002);
  EXPECT_TRUE(config.in_memory);
  EXPECT_EQ(config.notices,
            (std::vector<std::string>{
                "ignoring the Java launcher arguments \"java -Djava.library.path=./DynamoDBLocal_lib -Xmx1g -jar "
                "DynamoDBLocal.jar\" (dynastore is a native server taking DynamoDB Local's flags)",
                "-sharedDb: tables are shared by every access key and region (the default)",
            }));

  // A path to java, and -jar alone.
  EXPECT_EQ(accepted({"/usr/lib/jvm/bin/java", "-jar", "DynamoDBLocal.jar"}).notices,
            std::vector<std::string>{"ignoring the Java launcher arguments \"/usr/lib/jvm/bin/java -jar "
                                     "DynamoDBLocal.jar\" (dynastore is a native server taking DynamoDB Local's "
                                     "flags)"});
  EXPECT_EQ(accepted({"-jar", "DynamoDBLocal.jar"}).notices,
            std::vector<std::string>{"ignoring the Java launcher arguments \"-jar DynamoDBLocal.jar\" (dynastore is "
                                     "a native server taking DynamoDB Local's flags)"});
  // "java" must be the whole word or a path's last part.
  expect_refused({"javac"}, "dynastore: unknown option javac (see --help)\n");
  expect_refused({"/java"}, "dynastore: unknown option /java (see --help)\n");
}

TEST(ConfigTest, HelpPrintsUsageAndExitsZero) {
  for (const char* flag : {"--help", "-help", "-h"}) {
    SCOPED_TRACE(flag);
    // Parsing stops at the help flag: a later bad flag is not looked at.
    const Parsed parsed = parse({"--port", "1", flag, "--bogus"});
    EXPECT_FALSE(parsed.config.has_value());
    EXPECT_EQ(parsed.exit_code, 0);
    EXPECT_EQ(parsed.err, "");
    EXPECT_TRUE(parsed.out.starts_with("Usage: dynastore [options]\n")) << parsed.out;
    EXPECT_TRUE(parsed.out.ends_with(
        "Signals: SIGINT/SIGTERM shut down cleanly; SIGHUP reloads --credentials and\nthe TLS files.\n"));
  }
}

// The help names every flag of README.md's Configuration table and every
// DynamoDB Local flag README.md lists.
TEST(ConfigTest, HelpNamesEveryFlag) {
  const std::string help = parse({"--help"}).out;
  for (const char* flag : {"  --host ADDR ",
                           "  --port N ",
                           "  --data-dir DIR ",
                           "  --in-memory ",
                           "  --sync ",
                           "  --block-cache-mb N ",
                           "  --row-cache-mb N ",
                           "  --region NAME ",
                           "  --credentials FILE ",
                           "  --threads N ",
                           "  --log-level LEVEL ",
                           "  --cors ORIGINS ",
                           "  --status-delay-ms N ",
                           "  --tables-per-access-key\n",
                           "  --health-check URL ",
                           "  --help ",
                           "  --version ",
                           "  -port N ",
                           "  -inMemory ",
                           "  -dbPath DIR ",
                           "  -sharedDb ",
                           "  -cors ORIGINS ",
                           "  -delayTransientStatuses ",
                           "  -disableTelemetry ",
                           "  -optimizeDbBeforeStartup ",
                           "  -help, -version "}) {
    EXPECT_NE(help.find(flag), std::string::npos) << "--help does not list \"" << flag << "\"";
  }
}

TEST(ConfigTest, VersionPrintsTheProjectVersionAndExitsZero) {
  for (const char* flag : {"--version", "-version"}) {
    SCOPED_TRACE(flag);
    const Parsed parsed = parse({flag, "--bogus"});
    EXPECT_FALSE(parsed.config.has_value());
    EXPECT_EQ(parsed.exit_code, 0);
    EXPECT_EQ(parsed.err, "");
    EXPECT_EQ(parsed.out, "dynastore " DYNASTORE_PROJECT_VERSION "\n");
  }
}

}  // namespace
}  // namespace dynastore::server
