#include "dynastore/partition/stored_item.h"

#include <stdexcept>

#include "dynastore/model/item_codec.h"
#include "dynastore/model/item_size.h"

namespace dynastore::partition {

Result<StoredItem> StoredItem::from_encoded(std::string encoded) {
  auto size = model::encoded_item_size(encoded);
  if (!size.is_ok()) return size.status();
  StoredItem stored;
  stored.exists_ = true;
  stored.size_ = size.value();
  stored.encoded_ = std::move(encoded);
  return stored;
}

const model::Item& StoredItem::operator*() const {
  if (!decoded_) {
    // from_encoded() walked these bytes with the same reader decode_item()
    // uses, so this cannot fail unless the precondition was broken.
    auto item = model::decode_item(encoded_);
    if (!item.is_ok()) throw std::logic_error("StoredItem: no item to decode: " + item.status().to_string());
    decoded_ = std::move(item).value();
  }
  return *decoded_;
}

}  // namespace dynastore::partition
