#include "dynastore/model/index_schema.h"

#include <algorithm>

#include "dynastore/model/key_codec.h"

namespace dynastore::model {

namespace {

void put_big_endian(std::string& out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

const AttributeValue* typed_attribute(const Item& item, const KeyAttribute& key) {
  auto it = item.find(key.name);
  if (it == item.end() || it->second.type() != attribute_type_of(key.type)) return nullptr;
  return &it->second;
}

// A key value an index can hold: non-empty and within the key size limits.
const AttributeValue* indexable(const AttributeValue* value, std::size_t max_bytes) {
  if (value == nullptr || value->type() == AttributeType::kNumber) return value;
  const auto size = value->scalar().size();
  return size == 0 || size > max_bytes ? nullptr : value;
}

}  // namespace

bool IndexSchema::is_key_attribute(std::string_view attribute) const {
  auto named = [&](const KeyAttribute& k) { return k.name == attribute; };
  return std::any_of(hash_keys.begin(), hash_keys.end(), named) ||
         std::any_of(range_keys.begin(), range_keys.end(), named);
}

void append_key_part(const AttributeValue& value, std::string& out) {
  std::string bytes;
  append_key_value_bytes(value, bytes);
  for (char c : bytes) {
    out.push_back(c);
    if (c == '\0') out.push_back('\xFF');
  }
  out.push_back('\0');
  out.push_back('\x01');
}

std::string index_partition_prefix(const IndexSchema& index, const std::vector<const AttributeValue*>& hash_values) {
  std::string partition;
  for (const auto* value : hash_values) append_key_part(*value, partition);
  std::string out;
  put_big_endian(out, index.index_id, kTablePrefixSize);
  put_big_endian(out, partition_hash(partition), kHashSize);
  out += partition;
  return out;
}

std::optional<std::string> index_entry_key(const KeySchema& table_key, const IndexSchema& index, const Item& keys) {
  std::vector<const AttributeValue*> hash_values;
  for (const auto& k : index.hash_keys) {
    const auto* v = indexable(typed_attribute(keys, k), kMaxPartitionKeyBytes);
    if (v == nullptr) return std::nullopt;
    hash_values.push_back(v);
  }
  std::string key = index_partition_prefix(index, hash_values);
  for (const auto& k : index.range_keys) {
    const auto* v = indexable(typed_attribute(keys, k), kMaxSortKeyBytes);
    if (v == nullptr) return std::nullopt;
    append_key_part(*v, key);
  }
  const auto* table_pk = typed_attribute(keys, table_key.hash);
  if (table_pk == nullptr) return std::nullopt;
  append_key_part(*table_pk, key);
  if (table_key.range) {
    const auto* table_sk = typed_attribute(keys, *table_key.range);
    if (table_sk == nullptr) return std::nullopt;
    append_key_value_bytes(*table_sk, key);
  }
  return key;
}

bool projects(const KeySchema& table_key, const IndexSchema& index, std::string_view name) {
  return index.projection == ProjectionType::kAll || table_key.is_key_attribute(name) ||
         index.is_key_attribute(name) ||
         (index.projection == ProjectionType::kInclude &&
          std::find(index.non_key_attributes.begin(), index.non_key_attributes.end(), name) !=
              index.non_key_attributes.end());
}

Item project_for_index(const KeySchema& table_key, const IndexSchema& index, const Item& item) {
  if (index.projection == ProjectionType::kAll) return item;
  Item projected;
  for (const auto& [name, value] : item) {
    if (projects(table_key, index, name)) projected.emplace(name, value);
  }
  return projected;
}

std::optional<IndexEntry> index_entry(const KeySchema& table_key, const IndexSchema& index, const Item& item) {
  auto key = index_entry_key(table_key, index, item);
  if (!key) return std::nullopt;
  return IndexEntry{std::move(*key), project_for_index(table_key, index, item)};
}

}  // namespace dynastore::model
