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

void encode_item_key(std::uint32_t table_id, const AttributeValue& partition_key,
                     const AttributeValue* sort_key, std::string& out) {
  out.clear();
  std::string pk_bytes;
  append_key_value_bytes(partition_key, pk_bytes);
  put_big_endian(out, table_id, kTablePrefixSize);
  put_big_endian(out, partition_hash(pk_bytes), kHashSize);
  for (char c : pk_bytes) {
    out.push_back(c);
    if (c == '\0') out.push_back('\xFF');
  }
  out.push_back('\0');
  out.push_back('\x01');
  if (sort_key != nullptr) append_key_value_bytes(*sort_key, out);
}

}  // namespace dynastore::model
