// Secondary indexes as the storage layer sees them, and the pure function
// that derives an item's index entry from the table schema (DESIGN.md:
// deriving index entries is a function of the schema, so the partition write
// path builds the whole batch without reaching up).
//
// Index entry key (frozen, docs/storage-format.md):
//   index_id (4 bytes BE) | XXH64(index partition bytes) (8 bytes BE)
//   | index partition bytes | index sort parts | table key part
// where every part is the attribute's key value bytes escaped (0x00 -> 0x00
// 0xFF) and terminated by 0x00 0x01, "index partition bytes" is the
// concatenation of the escaped, terminated HASH attributes (up to 4 for a
// multi-attribute GSI key), the sort parts likewise for the RANGE attributes,
// and the table key part is the table's partition key escaped and terminated
// followed by the table's sort key bytes as in the item key. The table key
// makes entries unique; escaping keeps every part order-preserving.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dynastore/model/attribute_value.h"
#include "dynastore/model/key_schema.h"

namespace dynastore::model {

// Frozen: stored in the catalog.
enum class IndexKind : std::uint8_t { kGlobal = 1, kLocal = 2 };
enum class ProjectionType : std::uint8_t { kAll = 1, kKeysOnly = 2, kInclude = 3 };

struct IndexSchema {
  std::string name;
  IndexKind kind = IndexKind::kGlobal;
  std::uint32_t index_id = 0;            // storage prefix, from the table id space
  std::vector<KeyAttribute> hash_keys;   // 1..4 (LSI: exactly the table's hash key)
  std::vector<KeyAttribute> range_keys;  // 0..4
  ProjectionType projection = ProjectionType::kAll;
  std::vector<std::string> non_key_attributes;  // for kInclude

  bool is_key_attribute(std::string_view name) const;
};

// Appends one escaped, terminated key part.
void append_key_part(const AttributeValue& value, std::string& out);

// The entry an item has in an index: nullopt when the item lacks any of the
// index's key attributes, or one has the wrong type, is an empty string or
// binary, or is longer than the key limits (sparse index; Developer Guide,
// "Detecting and correcting index key violations": such items are not
// indexed). The value is the projected item.
struct IndexEntry {
  std::string key;
  Item projected;
};
std::optional<IndexEntry> index_entry(const KeySchema& table_key, const IndexSchema& index, const Item& item);

// Prefix of all entries with the given index partition key values (in the
// order of index.hash_keys).
std::string index_partition_prefix(const IndexSchema& index, const std::vector<const AttributeValue*>& hash_values);

// The entry key an item with these attributes would have (used to resume
// after an ExclusiveStartKey, which carries index and table keys).
std::optional<std::string> index_entry_key(const KeySchema& table_key, const IndexSchema& index, const Item& keys);

// Whether an index entry carries attribute `name`: any for a projection of
// ALL, else the table's and the index's key attributes (+ the INCLUDE ones).
bool projects(const KeySchema& table_key, const IndexSchema& index, std::string_view name);

// The attributes an index entry projects: table keys + index keys (+ the
// INCLUDE list); for kAll the whole item.
Item project_for_index(const KeySchema& table_key, const IndexSchema& index, const Item& item);

}  // namespace dynastore::model
