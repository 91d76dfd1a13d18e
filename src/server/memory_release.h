// Giving memory back to the system after a burst. An allocator keeps what
// the program frees for reuse: after thousands of connections or a run of
// large requests, the process would go on holding their memory (with
// glibc's malloc, 5,000 connections left ~96 MB resident), although nothing
// uses it. Two implementations, one per allocator: memory_release_glibc.cc
// and memory_release_jemalloc.cc (the server's default).
// Private to src/server.
#pragma once

#include <cstddef>

namespace dynastore::server {

// Once, at startup, before the threads. glibc: blocks of at least 256 KiB
// (large request and response bodies) are mapped one by one and unmapped when
// freed, instead of glibc raising that threshold as such blocks come and go
// and then keeping them in its heap. jemalloc: nothing (its settings are
// read from malloc_conf).
void configure_allocator();

// Returns freed memory to the system. glibc: when malloc's unused heap has
// grown by more than a threshold since the last time (malloc counts trimmed
// pages as free still, so the growth, not the amount, says there is new
// memory to give back). jemalloc: the pages unused for longer than its
// decay time, whatever their amount. Called every few seconds by a
// background worker; one thread.
class FreeMemoryReleaser {
 public:
  explicit FreeMemoryReleaser(std::size_t growth_threshold_bytes) : threshold_(growth_threshold_bytes) {}

  // Returns whether it trimmed.
  bool step();

 private:
  // glibc's only.
  [[maybe_unused]] const std::size_t threshold_;
  [[maybe_unused]] std::size_t free_after_last_trim_ = 0;
};

}  // namespace dynastore::server
