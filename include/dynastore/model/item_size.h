// Item size by DynamoDB's rules (Developer Guide, "DynamoDB item sizes and
// formats"): attribute name bytes + value bytes, where
//   S: UTF-8 bytes; B: raw bytes; N: 1 byte per two significant digits + 1;
//   BOOL/NULL: 1; M/L: 3 bytes + 1 byte per element + the elements' sizes
//   (a map element counts its name); sets: the sum of their members' sizes.
#pragma once

#include <cstddef>
#include <string_view>

#include "dynastore/common/status.h"
#include "dynastore/model/attribute_value.h"

namespace dynastore::model {

inline constexpr std::size_t kMaxItemSize = 400 * 1024;

std::size_t value_size(const AttributeValue& value);
std::size_t item_size(const Item& item);
// Whether some value of `item` lies `max_levels` or more levels down, a
// top-level attribute's value being level 0 (each map or list adds one):
// the test of DynamoDB's nesting limit (32 levels) for items built by
// updates rather than parsed. Stops at the first value too deep.
bool item_nested_beyond(const Item& item, int max_levels);

// item_size() of a stored item (item_codec.h), read without decoding it.
// Corrupt input -> Status::corruption.
Result<std::size_t> encoded_item_size(std::string_view encoded);

// A bound on item_size() of a stored item from its length alone, for
// readers that need only whole units (4 KB read units): no value's size is
// more than twice its encoding less one (a NULL is one byte either way; a
// map or list element's extra byte is matched by its type byte; S, N, B,
// BOOL and sets are no larger than their encoding), and the item's names
// cost what their length bytes and names take.
inline std::size_t encoded_item_size_bound(std::string_view encoded) { return 2 * encoded.size(); }

}  // namespace dynastore::model
