// dynastore-bench: load generator for DynamoDB-compatible endpoints.
// `dynastore-bench --help` describes it; bench/run_suite.sh runs the standard
// set; docs/performance.md explains the method and the latest numbers.
#include <cstdio>
#include <string>

#include "dynastore/auth/sigv4_signer.h"
#include "http_client.h"
#include "load_runner.h"
#include "options.h"
#include "report.h"
#include "table_setup.h"

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitRequestErrors = 3;

}  // namespace

int main(int argc, char** argv) {
  using namespace dynastore::bench;
  const ParsedOptions parsed = parse_options(argc, argv);
  if (!parsed.error.empty()) {
    std::fprintf(stderr, "dynastore-bench: %s (see --help)\n", parsed.error.c_str());
    return kExitUsage;
  }
  const BenchOptions& options = parsed.options;
  if (options.help) {
    std::fwrite(help_text().data(), 1, help_text().size(), stdout);
    return 0;
  }

  Endpoint endpoint;
  endpoint.connection_per_request = options.connection_per_request;
  if (const std::string error = resolve_endpoint(options.endpoint, endpoint); !error.empty()) {
    std::fprintf(stderr, "dynastore-bench: %s\n", error.c_str());
    return kExitUsage;
  }
  if (endpoint.tls) {
    if (const std::string error = make_tls_context(endpoint, options.ca_file); !error.empty()) {
      std::fprintf(stderr, "dynastore-bench: %s\n", error.c_str());
      return kExitUsage;
    }
  }
  const dynastore::auth::SigV4Signer signer(options.access_key, options.secret_key, options.region);

  if (options.setup) {
    if (const std::string error = run_setup(options, endpoint, signer); !error.empty()) {
      std::fprintf(stderr, "dynastore-bench: setup failed: %s\n", error.c_str());
      return kExitFailure;
    }
    if (options.setup_only) return 0;
  }

  const LoadResult result = run_load(options, endpoint, signer);
  if (options.json) {
    print_json(stdout, options, result);
  } else {
    print_text(stdout, options, result);
  }
  if (result.stats.requests == 0) {
    std::fprintf(stderr, "dynastore-bench: no request completed\n");
    return kExitFailure;
  }
  return result.stats.errors_total > 0 ? kExitRequestErrors : 0;
}
