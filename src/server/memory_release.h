// Giving memory back to the system after a burst. glibc's malloc keeps what
// the program frees for reuse: after thousands of connections or a run of
// large requests, the process would go on holding their memory (5,000
// connections left ~96 MB resident), although nothing uses it.
// Private to src/server.
#pragma once

#include <cstddef>

namespace dynastore::server {

// Once, at startup, before the threads: blocks of at least 256 KiB (large
// request and response bodies) are mapped one by one and unmapped when
// freed, instead of glibc raising that threshold as such blocks come and go
// and then keeping them in its heap.
void configure_allocator();

// Returns freed memory to the system when malloc's unused heap has grown by
// more than a threshold since the last time. (malloc counts trimmed pages
// as free still, so the growth, not the amount, says there is new memory to
// give back.) Called every few seconds by a background worker; one thread.
class FreeMemoryReleaser {
 public:
  explicit FreeMemoryReleaser(std::size_t growth_threshold_bytes) : threshold_(growth_threshold_bytes) {}

  // Returns whether it trimmed.
  bool step();

 private:
  const std::size_t threshold_;
  std::size_t free_after_last_trim_ = 0;
};

}  // namespace dynastore::server
