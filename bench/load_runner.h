// Runs the load: --connections keep-alive connections spread over --threads
// single-threaded io_contexts, each connection sending one request at a time,
// either as fast as responses come back (closed loop) or on a fixed schedule
// (--rate, open loop), for --duration seconds or --requests requests.
#pragma once

#include <optional>

#include "dynastore/auth/sigv4_signer.h"
#include "http_client.h"
#include "options.h"
#include "run_stats.h"

namespace dynastore::bench {

struct LoadResult {
  RunStats stats;
  double measured_seconds = 0;
  // CPU seconds over the measured window; the server's only with --server-pid.
  std::optional<double> server_cpu_seconds;
  double client_cpu_seconds = 0;
};

LoadResult run_load(const BenchOptions& options, const Endpoint& endpoint, const auth::SigV4Signer& signer);

}  // namespace dynastore::bench
