// Command-line options of dynastore-bench: what to run, against what, for how
// long. Every default is chosen so that `dynastore-bench --setup` works against
// `dynastore --in-memory` on the default port with nothing else given.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "key_chooser.h"

namespace dynastore::bench {

// put-new, batch-load and mixed-new write keys no run has written before
// (NewKeys): inserts, where put and mixed overwrite the preloaded items.
enum class Workload { kPut, kGet, kQuery, kMixed, kUpdate, kScan, kTransfer, kPutNew, kBatchLoad, kMixedNew };

std::string_view workload_name(Workload workload);

struct BenchOptions {
  std::string endpoint = "http://127.0.0.1:8000";
  std::string ca_file;                  // https: CA certificates to trust (PEM); empty: the system's
  bool connection_per_request = false;  // close after each response (https: a handshake per request)
  Workload workload = Workload::kGet;
  int connections = 32;
  int threads = 1;
  double duration_s = 10;  // measured time; with --requests, an upper bound
  bool duration_given = false;
  double warmup_s = 1;         // requests scheduled before this are sent but not counted
  std::uint64_t requests = 0;  // 0: run for the duration
  double rate = 0;             // requests/s over all connections; 0: closed loop
  std::uint32_t item_size = 100;
  std::uint64_t table_size = 10000;  // items, or accounts for transfer (>= 2 then)
  KeyDistribution keys = KeyDistribution::kUniform;
  std::uint32_t scan_limit = 100;
  bool key_condition_expression = false;
  // PutItem writes a "data" value that changes from request to request, so
  // that overwriting a preloaded key changes the item.
  bool vary_data = false;
  std::string table_prefix = "bench";
  // --setup creates the table with a stream of this view type (KEYS_ONLY,
  // NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES); empty: no stream.
  std::string stream_view_type;
  bool setup = false;
  bool setup_only = false;
  std::string access_key = "local";
  std::string secret_key = "local";
  std::string region = "us-east-1";
  double timeout_s = 10;  // per request
  int server_pid = 0;     // 0: do not sample server CPU
  std::uint64_t seed = 1;
  bool json = false;
  bool help = false;
};

// Parses argv. Returns the error text for a bad command line.
struct ParsedOptions {
  BenchOptions options;
  std::string error;  // empty on success
};
ParsedOptions parse_options(int argc, const char* const* argv);

std::string_view help_text();

}  // namespace dynastore::bench
