#include "key_chooser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace dynastore::bench {
namespace {

std::vector<std::uint64_t> histogram(const KeyChooser& chooser, int draws) {
  std::vector<std::uint64_t> counts(chooser.key_count(), 0);
  Rng rng(42);
  for (int i = 0; i < draws; ++i) {
    const std::uint64_t key = chooser.next(rng);
    EXPECT_LT(key, chooser.key_count());
    if (key < counts.size()) ++counts[key];
  }
  return counts;
}

TEST(KeyChooserTest, UniformIsFlat) {
  const auto counts = histogram(KeyChooser(KeyDistribution::kUniform, 100), 200'000);
  for (const auto c : counts) {
    EXPECT_GT(c, 1600u);  // expected 2000 each
    EXPECT_LT(c, 2400u);
  }
}

TEST(KeyChooserTest, ZipfianIsSkewedAndScrambled) {
  const auto counts = histogram(KeyChooser(KeyDistribution::kZipfian, 1000), 200'000);
  std::vector<std::uint64_t> sorted = counts;
  std::sort(sorted.rbegin(), sorted.rend());
  // With theta 0.99 over 1000 keys the top key draws about 13% and the top 10
  // about 39%; uniform would give 0.1% and 1%.
  EXPECT_GT(sorted[0], 200'000u * 8 / 100);
  std::uint64_t top10 = 0;
  for (int i = 0; i < 10; ++i) top10 += sorted[static_cast<std::size_t>(i)];
  EXPECT_GT(top10, 200'000u * 30 / 100);
  // Scrambled: the hottest key is not simply key 0.
  EXPECT_NE(std::max_element(counts.begin(), counts.end()) - counts.begin(), 0);
}

TEST(KeyChooserTest, SingleKey) {
  Rng rng(1);
  for (const auto d : {KeyDistribution::kUniform, KeyDistribution::kZipfian}) {
    const KeyChooser chooser(d, 1);
    for (int i = 0; i < 100; ++i) EXPECT_EQ(chooser.next(rng), 0u);
  }
}

TEST(KeyChooserTest, PairsAreTwoDifferentKeys) {
  Rng rng(7);
  for (const auto d : {KeyDistribution::kUniform, KeyDistribution::kZipfian}) {
    for (const std::uint64_t n : {2u, 3u, 1000u}) {
      const KeyChooser chooser(d, n);
      std::vector<std::uint64_t> as_first(n, 0);
      for (int i = 0; i < 2000; ++i) {
        const auto [a, b] = chooser.next_pair(rng);
        ASSERT_NE(a, b);
        ASSERT_LT(a, n);
        ASSERT_LT(b, n);
        ++as_first[a];
      }
      // Uniform: with two or three keys every key is drawn first now and then.
      // (Scrambled zipfian over so few keys may hash every popular rank to
      // one key; the fallback still gives a different second key.)
      if (d == KeyDistribution::kUniform && n <= 3) {
        for (const auto count : as_first) EXPECT_GT(count, 0u);
      }
    }
  }
  const KeyChooser single(KeyDistribution::kUniform, 1);
  EXPECT_EQ(single.next_pair(rng), std::make_pair(std::uint64_t{0}, std::uint64_t{0}));
}

TEST(NewKeysTest, DistinctAcrossConnectionsAndSpread) {
  std::vector<std::uint64_t> keys;
  for (std::uint64_t stream = 0; stream < 4; ++stream) {
    NewKeys new_keys(0xfffffffffffff000ULL, stream);  // the counter wraps: still distinct
    for (int i = 0; i < 10'000; ++i) keys.push_back(new_keys.next());
  }
  std::vector<std::uint64_t> sorted = keys;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
  // Random places in the key space: consecutive keys are not in order.
  int ascending = 0;
  for (std::size_t i = 1; i < 10'000; ++i) ascending += keys[i] > keys[i - 1];
  EXPECT_GT(ascending, 4'500);
  EXPECT_LT(ascending, 5'500);
}

}  // namespace
}  // namespace dynastore::bench
