// StoredItem: the item a write found, kept as stored and decoded only when
// something looks inside it (a condition, an update expression, an index,
// ReturnValues). A plain overwrite needs no more than whether the item
// existed and its size, and decoding it was ~3k instructions of a ~65k
// PutItem. Reads like std::optional<model::Item>.
//
// Thread-safety: none (the decoded item is filled in on first use); a
// StoredItem belongs to one request.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "dynastore/common/status.h"
#include "dynastore/model/attribute_value.h"

namespace dynastore::partition {

class StoredItem {
 public:
  StoredItem() = default;  // no item

  // Checks `encoded` (model/item_codec.h) with one walk, which also measures
  // it, so dereferencing cannot fail later. Corrupt bytes -> Status::corruption.
  static Result<StoredItem> from_encoded(std::string encoded);

  bool has_value() const { return exists_; }
  explicit operator bool() const { return exists_; }

  // DynamoDB's size of the item; 0 when there is none.
  std::size_t size() const { return size_; }

  // The item, decoded on first use. Precondition: has_value().
  const model::Item& operator*() const;
  const model::Item* operator->() const { return &**this; }

  // The item or nullptr.
  const model::Item* get() const { return exists_ ? &**this : nullptr; }

  // The item's bytes as stored (model/item_codec.h); empty when none.
  std::string_view encoded() const { return encoded_; }

 private:
  bool exists_ = false;
  std::size_t size_ = 0;
  std::string encoded_;
  mutable std::optional<model::Item> decoded_;
};

}  // namespace dynastore::partition
