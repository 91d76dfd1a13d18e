#include "server/memory_release.h"

#include <spdlog/spdlog.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace dynastore::server {

void configure_allocator() {
#if defined(__GLIBC__)
  // Setting the threshold also turns off its dynamic adjustment.
  constexpr int kMmapThreshold = 256 * 1024;
  if (mallopt(M_MMAP_THRESHOLD, kMmapThreshold) != 1) spdlog::debug("malloc: cannot set M_MMAP_THRESHOLD");
#endif
}

bool FreeMemoryReleaser::step() {
#if defined(__GLIBC__)
  const std::size_t free_bytes = mallinfo2().fordblks;
  // Reused since: measure the next growth from here.
  if (free_bytes < free_after_last_trim_) free_after_last_trim_ = free_bytes;
  if (free_bytes - free_after_last_trim_ < threshold_) return false;
  malloc_trim(0);
  free_after_last_trim_ = free_bytes;
  spdlog::debug("malloc: gave unused memory back to the system ({} MiB unused in the heap)", free_bytes >> 20);
  return true;
#else
  return false;
#endif
}

}  // namespace dynastore::server
