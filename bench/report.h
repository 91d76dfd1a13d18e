// The run's summary: a human-readable text, or one JSON object (--json) for
// scripts such as run_suite.sh. Both always include the errors.
#pragma once

#include <cstdio>

#include "load_runner.h"
#include "options.h"

namespace dynastore::bench {

void print_text(std::FILE* out, const BenchOptions& options, const LoadResult& result);
void print_json(std::FILE* out, const BenchOptions& options, const LoadResult& result);

}  // namespace dynastore::bench
