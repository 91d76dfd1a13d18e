// Large array allocations on transparent huge pages.
//
// RocksDB keeps each memtable in arena blocks it allocates with new char[]
// (8 MiB each on disk: rocksdb_engine.cc). Inserting a random key walks
// some 30 skip-list nodes spread over the whole memtable, and each is
// likely a TLB miss on 4 KiB pages; in a virtual machine a TLB miss walks
// the guest's and the host's page tables. Measured here (a Firecracker
// guest, docs/performance.md): the skip-list insert was 28% of a cluster
// follower's CPU and 12-19% of a single node's.
//
// So blocks of 2 MiB or more start on a 2 MiB boundary, span whole 2 MiB
// pages and are marked MADV_HUGEPAGE: the kernel then backs them with huge
// pages where transparent huge pages are enabled as "madvise" or "always"
// (under "never" the advice does nothing). Everything else is allocated as
// by the default operator new[]. The memory comes from aligned_alloc, so
// free() and malloc_usable_size() (which RocksDB's arena calls) work on it.
//
// Replacing operator new[] is the standard's way to change its allocation
// for the whole program, RocksDB included: this file is linked into the
// server's executable only (and the test that checks it), never into a
// library.
#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>

namespace {

constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

void* allocate_on_huge_pages(std::size_t bytes) {
  const std::size_t rounded = (bytes + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
  void* block = std::aligned_alloc(kHugePageBytes, rounded);
  if (block == nullptr) throw std::bad_alloc();
  // Advice, not a requirement: if the kernel refuses it (no THP support),
  // the block is ordinary memory.
  (void)madvise(block, rounded, MADV_HUGEPAGE);
  return block;
}

}  // namespace

void* operator new[](std::size_t bytes) {
  if (bytes >= kHugePageBytes) return allocate_on_huge_pages(bytes);
  return ::operator new(bytes);
}

void* operator new[](std::size_t bytes, const std::nothrow_t&) noexcept {
  try {
    return operator new[](bytes);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}

// The default operator delete is free(), which takes both kinds of block.
void operator delete[](void* block) noexcept { std::free(block); }
void operator delete[](void* block, std::size_t) noexcept { std::free(block); }
void operator delete[](void* block, const std::nothrow_t&) noexcept { std::free(block); }
