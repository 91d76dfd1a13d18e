// src/server/huge_page_blocks.cc, linked into this test as into the server.
#include <gtest/gtest.h>
#include <malloc.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

// The VmFlags line of the mapping that holds `address` in /proc/self/smaps.
std::string vm_flags_of(const void* address) {
  std::ifstream smaps("/proc/self/smaps");
  const auto at = reinterpret_cast<std::uintptr_t>(address);
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> begin >> dash >> end && dash == '-') {
      inside = begin <= at && at < end;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) return line;
  }
  return {};
}

bool kernel_has_transparent_huge_pages() {
  void* probe = mmap(nullptr, kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (probe == MAP_FAILED) return false;
  const bool advised = madvise(probe, kHugePage, MADV_HUGEPAGE) == 0;
  munmap(probe, kHugePage);
  return advised;
}

TEST(HugePageBlocksTest, LargeArraysStartOnAHugePageAndAreAdvisedSo) {
  const std::size_t size = 8 << 20;  // a memtable arena block
  std::unique_ptr<char[]> block(new char[size]);
  ASSERT_NE(block, nullptr);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(block.get()) % kHugePage, 0u);
  EXPECT_GE(malloc_usable_size(block.get()), size);  // RocksDB's arena asks
  std::memset(block.get(), 1, size);
  if (!kernel_has_transparent_huge_pages()) GTEST_SKIP() << "no transparent huge pages in this kernel";
  const std::string flags = vm_flags_of(block.get());
  EXPECT_NE(flags.find(" hg"), std::string::npos) << flags;  // MADV_HUGEPAGE
}

TEST(HugePageBlocksTest, OddSizesAreRoundedToWholeHugePages) {
  const std::size_t size = kHugePage + 1;
  std::unique_ptr<char[]> block(new char[size]);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(block.get()) % kHugePage, 0u);
  EXPECT_GE(malloc_usable_size(block.get()), 2 * kHugePage);
}

TEST(HugePageBlocksTest, NothrowFormsAnswerNullInsteadOfThrowing) {
  char* huge = new (std::nothrow) char[std::size_t{1} << 62];
  EXPECT_EQ(huge, nullptr);
  char* fine = new (std::nothrow) char[kHugePage];
  ASSERT_NE(fine, nullptr);
  delete[] fine;
}

}  // namespace
