// --setup: creates the table the workload uses (PAY_PER_REQUEST) unless it
// exists, waits until it is ACTIVE, and writes every item with parallel
// BatchWriteItem calls. Rewriting items that are already there leaves the same
// data (accounts: every balance back at kInitialBalance), so setup can be run
// any number of times. With --stream-view-type the table is created with a
// stream, and a table that already exists must have that stream.
#pragma once

#include <string>

#include "dynastore/auth/sigv4_signer.h"
#include "http_client.h"
#include "options.h"

namespace dynastore::bench {

// Returns "" on success, else what went wrong. Progress goes to stderr.
std::string run_setup(const BenchOptions& options, const Endpoint& endpoint, const auth::SigV4Signer& signer);

}  // namespace dynastore::bench
