// The server's allocator is jemalloc (DYNASTORE_JEMALLOC, the default; see
// src/server/CMakeLists.txt). glibc's malloc cost ~10% of the server's CPU
// on new-key puts (its bins searched and consolidated for the objects a
// request holds across an event-loop turn); with jemalloc put-new on disk
// took 15.1-15.5 us of server CPU per request instead of 17.3-17.4
// (docs/performance.md).
#include "server/memory_release.h"

#include <jemalloc/jemalloc.h>
#include <spdlog/spdlog.h>

#include <string>

// Read by jemalloc when it starts. Pages freed and unused for 10 s go back
// to the system (its default decay, spelled out), at once rather than as
// MADV_FREE pages that stay resident until the kernel needs them, so that
// a burst's memory is seen to go back.
extern "C" {
const char* malloc_conf = "dirty_decay_ms:10000,muzzy_decay_ms:0";
}

namespace dynastore::server {

// jemalloc sizes and maps its own blocks: nothing to set.
void configure_allocator() {}

// jemalloc purges pages past their decay time only when a thread allocates
// or frees in that arena: an idle server would keep what a burst left. This
// asks every arena to purge what has decayed.
bool FreeMemoryReleaser::step() {
  static const std::string decay_all_arenas = "arena." + std::to_string(MALLCTL_ARENAS_ALL) + ".decay";
  if (mallctl(decay_all_arenas.c_str(), nullptr, nullptr, nullptr, 0) != 0) {
    spdlog::debug("malloc: jemalloc refused {}", decay_all_arenas);
    return false;
  }
  return true;
}

}  // namespace dynastore::server
