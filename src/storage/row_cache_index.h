// The row cache's index: from an item key to the cache entry holding it.
//
// Every PutItem asks the row cache about its key three times (the read of
// the item it replaces, and before and after its write), and a new key is
// never there. With std::unordered_map each of those asks walked a bucket
// pointer to a node to the key's bytes, three cache misses in a table of
// some 200,000 entries. Here the slots hold the key's hash beside the entry:
// an absent key costs one probe of one cache line, almost always, and a
// present one reads its entry's key once to confirm.
//
// Open addressing with linear probing, at most half full; a removal shifts
// the entries after it back (no tombstones, so probes stay short after any
// number of evictions). The caller computes the hash once per key (the
// shard's choice uses it too) and keeps each entry's key alive and
// unchanged while the entry is indexed. Not thread-safe: the shard's mutex
// guards it. Private to src/storage.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace dynastore::storage {

// Entry: anything with a `key` convertible to std::string_view.
template <class Entry>
class RowCacheIndex {
 public:
  RowCacheIndex() : slots_(kInitialSlots) {}

  Entry* find(std::string_view key, std::uint64_t hash) const { return slots_[probe(key, hash)].entry; }

  // The entry's key must not be indexed already.
  void insert(std::uint64_t hash, Entry* entry) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    place(hash, entry);
    ++size_;
  }

  // Returns whether the key was indexed.
  bool erase(std::string_view key, std::uint64_t hash) {
    std::size_t hole = probe(key, hash);
    if (slots_[hole].entry == nullptr) return false;
    // Backward shift: an entry after the hole moves into it unless its home
    // lies cyclically in (hole, its slot], where a probe still finds it.
    for (std::size_t i = next(hole);; i = next(i)) {
      Slot& slot = slots_[i];
      if (slot.entry == nullptr) break;
      const std::size_t want = home(slot.hash);
      const bool reachable = hole <= i ? (hole < want && want <= i) : (hole < want || want <= i);
      if (reachable) continue;
      slots_[hole] = slot;
      hole = i;
    }
    slots_[hole] = Slot{};
    --size_;
    return true;
  }

  std::size_t size() const { return size_; }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    Entry* entry = nullptr;  // nullptr: empty
  };
  static constexpr std::size_t kInitialSlots = 64;

  // Fibonacci hashing: the top bits of the product. The low bits of a
  // shard's hashes are all alike (they chose the shard).
  std::size_t home(std::uint64_t hash) const {
    return static_cast<std::size_t>((hash * 0x9E3779B97F4A7C15ull) >> shift_);
  }
  std::size_t next(std::size_t i) const { return (i + 1) & (slots_.size() - 1); }

  // The key's slot, or the empty slot where its probe ended.
  std::size_t probe(std::string_view key, std::uint64_t hash) const {
    std::size_t i = home(hash);
    for (; slots_[i].entry != nullptr; i = next(i)) {
      if (slots_[i].hash == hash && std::string_view(slots_[i].entry->key) == key) break;
    }
    return i;
  }

  void place(std::uint64_t hash, Entry* entry) {
    std::size_t i = home(hash);
    while (slots_[i].entry != nullptr) i = next(i);
    slots_[i] = Slot{hash, entry};
  }

  void grow() {
    std::vector<Slot> old(2 * slots_.size());
    old.swap(slots_);
    shift_ = 64 - std::countr_zero(slots_.size());
    for (const Slot& slot : old) {
      if (slot.entry != nullptr) place(slot.hash, slot.entry);
    }
  }

  std::vector<Slot> slots_;
  int shift_ = 64 - std::countr_zero(kInitialSlots);
  std::size_t size_ = 0;
};

}  // namespace dynastore::storage
