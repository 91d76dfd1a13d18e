#include "dynastore/model/key_codec.h"

#include <xxhash.h>

#include "dynastore/model/number.h"

namespace dynastore::model {

namespace {

void put_big_endian(std::string& out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

}  // namespace

std::string table_prefix(std::uint32_t table_id) {
  std::string out;
  put_big_endian(out, table_id, kTablePrefixSize);
  return out;
}

std::uint64_t partition_hash(std::string_view key_value_bytes) {
  return XXH64(key_value_bytes.data(), key_value_bytes.size(), 0);
}

void append_key_value_bytes(const AttributeValue& value, std::string& out) {
  if (value.type() == AttributeType::kNumber) {
    // Canonical text always parses; it was validated on the way in.
    auto number = Number::parse(value.scalar());
    if (number.is_ok()) number->append_key(out);
    return;
  }
  out.append(value.scalar());
}

namespace {

// Room for the rest of a key after the partition key's bytes: its
// terminator and a typical sort key, so one allocation holds the whole key.
constexpr std::size_t kKeyTailReserve = 2 + 32;

void append_partition_prefix(std::uint32_t table_id, const AttributeValue& partition_key, std::string& out) {
  // S and B keys are their own bytes: no copy to hash and escape them (a
  // copy, and a push_back per byte into a growing key, were ~1k
  // instructions of every item read and write).
  std::string number_bytes;
  std::string_view pk_bytes;
  if (partition_key.type() == AttributeType::kNumber) {
    append_key_value_bytes(partition_key, number_bytes);
    pk_bytes = number_bytes;
  } else {
    pk_bytes = partition_key.scalar();
  }
  out.reserve(out.size() + kTablePrefixSize + kHashSize + pk_bytes.size() + kKeyTailReserve);
  put_big_endian(out, table_id, kTablePrefixSize);
  put_big_endian(out, partition_hash(pk_bytes), kHashSize);
  // Every 0x00 byte is escaped as 0x00 0xFF, so that the terminator 0x00
  // 0x01 ends the partition key and no partition's prefix is another's.
  for (std::size_t from = 0; from < pk_bytes.size();) {
    const std::size_t zero = pk_bytes.find('\0', from);
    if (zero == std::string_view::npos) {
      out.append(pk_bytes.substr(from));
      break;
    }
    out.append(pk_bytes.substr(from, zero - from + 1));
    out.push_back('\xFF');
    from = zero + 1;
  }
  out.push_back('\0');
  out.push_back('\x01');
}

}  // namespace

std::string partition_prefix(std::uint32_t table_id, const AttributeValue& partition_key) {
  std::string out;
  append_partition_prefix(table_id, partition_key, out);
  return out;
}

std::string prefix_successor(std::string_view prefix) {
  std::string out(prefix);
  while (!out.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(out.back());
    if (last != 0xFF) {
      ++last;
      return out;
    }
    out.pop_back();
  }
  return out;
}

std::string key_successor(std::string_view key) {
  std::string out(key);
  out.push_back('\0');
  return out;
}

KeyRange table_range(std::uint32_t table_id) { return {table_prefix(table_id), table_prefix(table_id + 1)}; }

KeyRange segment_range(std::uint32_t table_id, std::uint32_t segment, std::uint32_t total_segments) {
  // Segment i covers hashes [i * w, (i + 1) * w) with w = 2^64 / n; the last
  // segment runs to the end of the table, so every hash is in exactly one.
  auto bound = [&](std::uint32_t i) {
    std::string out = table_prefix(table_id);
    const std::uint64_t start = (UINT64_MAX / total_segments) * i;
    put_big_endian(out, start, kHashSize);
    return out;
  };
  KeyRange range;
  range.lower = segment == 0 ? table_prefix(table_id) : bound(segment);
  range.upper = segment + 1 >= total_segments ? table_prefix(table_id + 1) : bound(segment + 1);
  return range;
}

void encode_item_key(std::uint32_t table_id, const AttributeValue& partition_key,
                     const AttributeValue* sort_key, std::string& out) {
  out.clear();
  append_partition_prefix(table_id, partition_key, out);
  if (sort_key != nullptr) append_key_value_bytes(*sort_key, out);
}

}  // namespace dynastore::model
