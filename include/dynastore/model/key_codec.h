// Storage keys for items. Frozen once data exists (docs/storage-format.md):
//
//   item key := table_id (4 bytes, big-endian)
//               | hash64(partition key bytes) (8 bytes, big-endian)
//               | partition key bytes, escaped (0x00 -> 0x00 0xFF), then 0x00 0x01
//               | sort key bytes (absent for hash-only tables)
//
// Key value bytes: S -> UTF-8, B -> raw bytes, N -> Number::append_key's
// order-preserving encoding. The escaped, terminated partition key makes no
// partition's prefix a prefix of another's even when hashes collide; the sort
// key is last, so its raw bytes already sort correctly (shorter prefix first).
// Leading with the hash spreads a table over the key space like DynamoDB's
// partitions, so a Scan runs in hash order and parallel scan splits the range.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "dynastore/model/attribute_value.h"

namespace dynastore::model {

inline constexpr std::size_t kTablePrefixSize = 4;
inline constexpr std::size_t kHashSize = 8;

// The 4-byte prefix every key of the table starts with.
std::string table_prefix(std::uint32_t table_id);

// The hash of a partition key's value bytes. Frozen: XXH64, seed 0.
std::uint64_t partition_hash(std::string_view key_value_bytes);

// Appends a key attribute's value bytes (see above). `value` must be S, N or B.
void append_key_value_bytes(const AttributeValue& value, std::string& out);

// The prefix shared by every item of one partition key value in a table:
// table id, hash, escaped partition key and its terminator.
std::string partition_prefix(std::uint32_t table_id, const AttributeValue& partition_key);

// The smallest key greater than every key starting with `prefix`, or "" when
// there is none (prefix all 0xFF). Used as an exclusive upper bound.
std::string prefix_successor(std::string_view prefix);

// The smallest key greater than `key` (key + 0x00): turns an inclusive bound
// into an exclusive one and vice versa.
std::string key_successor(std::string_view key);

// Key range [lower, upper) of segment `segment` of `total_segments` of a
// table: a split of the 64-bit hash space into equal parts (parallel Scan).
struct KeyRange {
  std::string lower;
  std::string upper;
};
KeyRange table_range(std::uint32_t table_id);
KeyRange segment_range(std::uint32_t table_id, std::uint32_t segment, std::uint32_t total_segments);

// Builds the full item key into `out` (cleared first). `sort_key` may be null.
void encode_item_key(std::uint32_t table_id, const AttributeValue& partition_key,
                     const AttributeValue* sort_key, std::string& out);

}  // namespace dynastore::model
