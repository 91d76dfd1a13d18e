#include "storage/row_cache_index.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace dynastore::storage {
namespace {

struct Entry {
  std::string key;
};

// Entries live in a list, as the cache's do: their addresses stay put.
class Model {
 public:
  explicit Model(std::uint64_t (*hash)(const std::string&)) : hash_(hash) {}

  void insert(const std::string& key) {
    entries_.push_back({key});
    index_.insert(hash_(key), &entries_.back());
    where_[key] = &entries_.back();
  }

  bool erase(const std::string& key) {
    const bool erased = index_.erase(key, hash_(key));
    where_.erase(key);
    return erased;
  }

  // Every key the model holds is found at its own entry, and the index
  // holds nothing else.
  void check(const std::vector<std::string>& absent) const {
    ASSERT_EQ(index_.size(), where_.size());
    for (const auto& [key, entry] : where_) ASSERT_EQ(index_.find(key, hash_(key)), entry) << key;
    for (const auto& key : absent) {
      if (!where_.contains(key)) {
        ASSERT_EQ(index_.find(key, hash_(key)), nullptr) << key;
      }
    }
  }

  bool holds(const std::string& key) const { return where_.contains(key); }

 private:
  std::uint64_t (*hash_)(const std::string&);
  std::list<Entry> entries_;
  RowCacheIndex<Entry> index_;
  std::map<std::string, Entry*> where_;
};

std::uint64_t real_hash(const std::string& key) { return std::hash<std::string>{}(key); }
// Every key in one of four hashes: long runs of collisions, probes that wrap
// round the end of the table, and shifts across them.
std::uint64_t few_hashes(const std::string& key) { return (std::hash<std::string>{}(key) & 3) * 0x1000000000000000ull; }
// The low six bits alike, as within one shard of the cache.
std::uint64_t one_shard(const std::string& key) { return std::hash<std::string>{}(key) << 6 | 17; }

std::string key_of(int i) { return "item#" + std::to_string(i); }

class RowCacheIndexTest : public ::testing::TestWithParam<std::uint64_t (*)(const std::string&)> {};

TEST_P(RowCacheIndexTest, FindsWhatWasInsertedAndNothingElse) {
  Model model(GetParam());
  std::vector<std::string> probes;
  for (int i = 0; i < 2000; ++i) probes.push_back(key_of(i));
  for (int i = 0; i < 1000; ++i) model.insert(key_of(i));  // grows the table several times
  model.check(probes);
}

TEST_P(RowCacheIndexTest, EraseKeepsEveryOtherKeyReachable) {
  Model model(GetParam());
  std::vector<std::string> probes;
  for (int i = 0; i < 600; ++i) {
    probes.push_back(key_of(i));
    model.insert(key_of(i));
  }
  for (int i = 0; i < 600; i += 3) ASSERT_TRUE(model.erase(key_of(i)));
  ASSERT_FALSE(model.erase(key_of(0)));  // already gone
  ASSERT_FALSE(model.erase("never-inserted"));
  model.check(probes);
}

// Random inserts and erases (as a cache's fills and evictions), checked
// against a map after each hundred.
TEST_P(RowCacheIndexTest, RandomFillsAndEvictions) {
  Model model(GetParam());
  std::mt19937 random(21);
  std::vector<std::string> probes;
  for (int i = 0; i < 400; ++i) probes.push_back(key_of(i));
  for (int step = 1; step <= 20000; ++step) {
    const std::string& key = probes[random() % probes.size()];
    if (model.holds(key)) {
      ASSERT_TRUE(model.erase(key));
    } else {
      model.insert(key);
    }
    if (step % 100 == 0) model.check(probes);
  }
}

INSTANTIATE_TEST_SUITE_P(Hashes, RowCacheIndexTest, ::testing::Values(&real_hash, &few_hashes, &one_shard));

}  // namespace
}  // namespace dynastore::storage
