#include "options.h"

#include <charconv>
#include <cmath>
#include <functional>
#include <map>

namespace dynastore::bench {

namespace {

constexpr std::string_view kHelp = R"(Usage: dynastore-bench [options]

Load generator for DynamoDB-compatible endpoints. Every request is an HTTP/1.1
keep-alive POST signed with AWS Signature V4, as an SDK would send it.

Target
  --endpoint URL          http://HOST:PORT or https://HOST:PORT of the server
                                                                [http://127.0.0.1:8000]
  --ca-file FILE          https: trust the CA certificates in FILE (PEM)
                          instead of the system's
  --connection-per-request
                          close each connection after one response, so that
                          every request opens a connection (https: a full
                          TLS handshake per request)
  --access-key ID         signing credentials                   [local]
  --secret-key SECRET                                           [local]
  --region NAME           credential-scope region               [us-east-1]

Workload
  --workload NAME         put | get | query | mixed | update | scan |
                          transfer | put-new | batch-load | mixed-new [get]
                            put     PutItem of --item-size bytes
                            get     GetItem of preloaded keys
                            query   Query of one 10-item partition
                            mixed   50% GetItem, 50% PutItem (YCSB-A-like)
                            update  UpdateItem ADD counter :one
                            scan    Scan pages of --scan-limit items, following
                                    LastEvaluatedKey, restarting at the end
                            transfer
                                    TransactWriteItems of two Updates on
                                    the accounts table: ADD -amount (1..10) to
                                    one account if balance >= amount, ADD
                                    amount to another; a cancelled transaction
                                    counts as a failed request
                            put-new PutItem of a key never written before
                                    (random, unique per run and connection)
                            batch-load
                                    BatchWriteItem of 25 such new items;
                                    rates are also given in items/s
                            mixed-new
                                    50% GetItem of preloaded keys, 50%
                                    PutItem of new keys
  --keys DIST             uniform | zipfian (YCSB scrambled, theta 0.99) [uniform]
  --table-size N          keys in the item table; the query table holds
                          N/10 partitions of 10 items; the accounts table
                          N accounts (at least 2)                   [10000]
  --item-size BYTES       item size as DynamoDB counts it           [100]
  --scan-limit N          Limit of each Scan page                   [100]
  --key-condition-expression
                          Query with KeyConditionExpression instead of the
                          legacy KeyConditions
  --vary-data             PutItem (put, mixed) writes a data value that
                          changes from request to request and from run to
                          run (its first 16 characters), so that an
                          overwrite changes the item; without it a key is
                          always written with the same value, and a stream
                          records nothing for a write that leaves the item
                          as it was
  --table-prefix NAME     tables are NAME_items, NAME_query and
                          NAME_accounts                             [bench]
  --setup                 create the workload's table (PAY_PER_REQUEST) if
                          missing and (re)load its items (every account
                          with a balance of 1000000), then run
  --setup-only            the same, without running the workload
  --stream-view-type TYPE
                          KEYS_ONLY | NEW_IMAGE | OLD_IMAGE |
                          NEW_AND_OLD_IMAGES: --setup creates the table
                          with a DynamoDB stream of this view type; a table
                          that exists must have that stream already (use
                          another --table-prefix)                   [no stream]

Load
  --connections N         keep-alive connections                    [32]
  --threads N             client threads (connections are spread over them) [1]
  --duration S            measured seconds; with --requests, an upper bound
                                                                    [10; 600 with --requests]
  --requests N            stop after N measured requests            [unlimited]
  --warmup S              seconds sent but not measured             [1]
  --rate R                open loop: R requests/s in total, each connection on a
                          fixed schedule; latency counts from the scheduled
                          time, so a stalled server cannot hide queueing
                          (no coordinated omission)                 [closed loop]
  --timeout S             per-request timeout                       [10]
  --seed N                key-choice seed                           [1]

Output
  --server-pid PID        sample the server's CPU time (/proc/PID/stat) over the
                          measured window and report CPU microseconds per request
  --json                  one JSON object on stdout instead of the text summary
  --help                  this text

Latency is measured per request from send (closed loop) or from the scheduled
time (--rate) to the end of the response, into a log-linear histogram with
under 1% error. Errors are counted by HTTP status and __type, never dropped.
Exit status: 0 success, 1 setup or connection failure, 2 bad command line,
3 the run completed but some requests failed.
)";

bool parse_u64(std::string_view text, std::uint64_t& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

bool parse_int(std::string_view text, int& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

bool parse_double(std::string_view text, double& out) {
  // std::from_chars for double is in GCC 11+, and strict about the whole text.
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size() && std::isfinite(out);
}

std::optional<Workload> parse_workload(std::string_view name) {
  for (const Workload w : {Workload::kPut, Workload::kGet, Workload::kQuery, Workload::kMixed, Workload::kUpdate,
                           Workload::kScan, Workload::kTransfer, Workload::kPutNew, Workload::kBatchLoad,
                           Workload::kMixedNew}) {
    if (workload_name(w) == name) return w;
  }
  return std::nullopt;
}

}  // namespace

std::string_view workload_name(Workload workload) {
  switch (workload) {
    case Workload::kPut:
      return "put";
    case Workload::kGet:
      return "get";
    case Workload::kQuery:
      return "query";
    case Workload::kMixed:
      return "mixed";
    case Workload::kUpdate:
      return "update";
    case Workload::kScan:
      return "scan";
    case Workload::kTransfer:
      return "transfer";
    case Workload::kPutNew:
      return "put-new";
    case Workload::kBatchLoad:
      return "batch-load";
    case Workload::kMixedNew:
      return "mixed-new";
  }
  return "?";
}

std::string_view help_text() { return kHelp; }

ParsedOptions parse_options(int argc, const char* const* argv) {
  ParsedOptions parsed;
  BenchOptions& o = parsed.options;
  auto bad = [&](std::string_view flag, std::string_view value) {
    parsed.error = "invalid value for " + std::string(flag) + ": '" + std::string(value) + "'";
    return parsed;
  };

  // Flags that take no value.
  const std::map<std::string_view, std::function<void()>> switches = {
      {"--setup", [&] { o.setup = true; }},
      {"--setup-only", [&] { o.setup = o.setup_only = true; }},
      {"--key-condition-expression", [&] { o.key_condition_expression = true; }},
      {"--vary-data", [&] { o.vary_data = true; }},
      {"--connection-per-request", [&] { o.connection_per_request = true; }},
      {"--json", [&] { o.json = true; }},
      {"--help", [&] { o.help = true; }},
      {"-h", [&] { o.help = true; }},
  };
  // Flags that take one value; each returns false if the value is bad.
  const std::map<std::string_view, std::function<bool(std::string_view)>> valued = {
      {"--endpoint",
       [&](std::string_view v) {
         o.endpoint = v;
         return !v.empty();
       }},
      {"--ca-file",
       [&](std::string_view v) {
         o.ca_file = v;
         return !v.empty();
       }},
      {"--access-key",
       [&](std::string_view v) {
         o.access_key = v;
         return !v.empty();
       }},
      {"--secret-key",
       [&](std::string_view v) {
         o.secret_key = v;
         return !v.empty();
       }},
      {"--region",
       [&](std::string_view v) {
         o.region = v;
         return !v.empty();
       }},
      {"--table-prefix",
       [&](std::string_view v) {
         o.table_prefix = v;
         return !v.empty();
       }},
      {"--stream-view-type",
       [&](std::string_view v) {
         o.stream_view_type = v;
         return v == "KEYS_ONLY" || v == "NEW_IMAGE" || v == "OLD_IMAGE" || v == "NEW_AND_OLD_IMAGES";
       }},
      {"--workload",
       [&](std::string_view v) {
         const auto w = parse_workload(v);
         if (w) o.workload = *w;
         return w.has_value();
       }},
      {"--keys",
       [&](std::string_view v) {
         if (v == "uniform")
           o.keys = KeyDistribution::kUniform;
         else if (v == "zipfian")
           o.keys = KeyDistribution::kZipfian;
         else
           return false;
         return true;
       }},
      {"--connections",
       [&](std::string_view v) { return parse_int(v, o.connections) && o.connections >= 1 && o.connections <= 10000; }},
      {"--threads", [&](std::string_view v) { return parse_int(v, o.threads) && o.threads >= 1 && o.threads <= 256; }},
      {"--duration",
       [&](std::string_view v) {
         o.duration_given = true;
         return parse_double(v, o.duration_s) && o.duration_s > 0 && o.duration_s <= 86400;
       }},
      {"--warmup",
       [&](std::string_view v) { return parse_double(v, o.warmup_s) && o.warmup_s >= 0 && o.warmup_s <= 3600; }},
      {"--requests", [&](std::string_view v) { return parse_u64(v, o.requests) && o.requests >= 1; }},
      {"--rate", [&](std::string_view v) { return parse_double(v, o.rate) && o.rate > 0 && o.rate <= 1e8; }},
      {"--timeout",
       [&](std::string_view v) { return parse_double(v, o.timeout_s) && o.timeout_s > 0 && o.timeout_s <= 3600; }},
      {"--item-size",
       [&](std::string_view v) {
         std::uint64_t n = 0;
         // DynamoDB's item limit is 400 KB.
         if (!parse_u64(v, n) || n < 1 || n > 400 * 1024) return false;
         o.item_size = static_cast<std::uint32_t>(n);
         return true;
       }},
      {"--table-size",
       [&](std::string_view v) {
         return parse_u64(v, o.table_size) && o.table_size >= 1 && o.table_size <= 100'000'000;
       }},
      {"--scan-limit",
       [&](std::string_view v) {
         std::uint64_t n = 0;
         if (!parse_u64(v, n) || n < 1 || n > 1'000'000) return false;
         o.scan_limit = static_cast<std::uint32_t>(n);
         return true;
       }},
      {"--server-pid", [&](std::string_view v) { return parse_int(v, o.server_pid) && o.server_pid > 0; }},
      {"--seed", [&](std::string_view v) { return parse_u64(v, o.seed); }},
  };

  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string_view value;
    bool inline_value = false;
    if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      inline_value = true;
    }
    if (const auto it = switches.find(arg); it != switches.end() && !inline_value) {
      it->second();
      continue;
    }
    const auto it = valued.find(arg);
    if (it == valued.end()) {
      parsed.error = "unknown option: " + std::string(argv[i]);
      return parsed;
    }
    if (!inline_value) {
      if (i + 1 >= argc) {
        parsed.error = "missing value for " + std::string(arg);
        return parsed;
      }
      value = argv[++i];
    }
    if (!it->second(value)) return bad(arg, value);
  }
  if (o.requests > 0 && !o.duration_given) o.duration_s = 600;
  // A transfer moves money between two different accounts.
  if (o.workload == Workload::kTransfer && o.table_size < 2) {
    parsed.error = "--workload transfer needs --table-size of at least 2";
  }
  return parsed;
}

}  // namespace dynastore::bench
