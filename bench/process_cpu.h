// CPU time of a process, to report CPU per request: the server's from
// /proc/<pid>/stat (user + system, all threads; clock-tick resolution, 10 ms
// on Linux, which is why runs last seconds), and this process's own from
// getrusage.
#pragma once

#include <optional>

namespace dynastore::bench {

// Seconds of CPU used so far by process `pid`, or nullopt if it cannot be read.
std::optional<double> process_cpu_seconds(int pid);

// Seconds of CPU used so far by this process, all threads.
double self_cpu_seconds();

}  // namespace dynastore::bench
