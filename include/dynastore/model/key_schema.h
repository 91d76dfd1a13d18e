// A table's (or later an index's) primary key: one HASH attribute and an
// optional RANGE attribute, each of scalar type S, N or B.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dynastore/model/attribute_value.h"

namespace dynastore::model {

// Frozen: stored in the catalog. Never renumber.
enum class ScalarType : std::uint8_t { kString = 1, kNumber = 2, kBinary = 3 };

std::string_view scalar_type_name(ScalarType type);                 // "S", "N", "B"
std::optional<ScalarType> parse_scalar_type(std::string_view name);  // inverse
AttributeType attribute_type_of(ScalarType type);

// Key attribute value limits (Developer Guide, "Quotas"): a partition key
// value is 1..2048 bytes, a sort key value 1..1024 bytes, in a table or an index.
inline constexpr std::size_t kMaxPartitionKeyBytes = 2048;
inline constexpr std::size_t kMaxSortKeyBytes = 1024;

struct KeyAttribute {
  std::string name;
  ScalarType type;
};

struct KeySchema {
  KeyAttribute hash;
  std::optional<KeyAttribute> range;

  bool is_key_attribute(std::string_view name) const {
    return name == hash.name || (range && name == range->name);
  }
};

}  // namespace dynastore::model
