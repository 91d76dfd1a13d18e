// Binary encoding of items as stored on disk.
//
// Frozen format (see docs/storage-format.md): a version byte (1), then
//   item  := varint(count) { varint(len) name value }*
//   value := type-byte payload, type-byte = AttributeType
//     S/N/B : varint(len) bytes          (N is canonical decimal text)
//     BOOL  : one byte 0/1               NULL : nothing
//     M     : varint(count) { varint(len) name value }*
//     L     : varint(count) value*
//     SS/NS/BS : varint(count) { varint(len) bytes }*
#pragma once

#include <string>
#include <string_view>

#include "dynastore/common/status.h"
#include "dynastore/model/attribute_value.h"

namespace dynastore::model {

// Appends the encoding of `item` to `out`.
void encode_item(const Item& item, std::string& out);

// Decodes a whole stored item. Corrupt input -> Status::corruption.
Result<Item> decode_item(std::string_view bytes);

// What visit_encoded_item reports, in stored order (names sorted, as in an
// Item). Views point into the encoded bytes and last as long as they do.
class EncodedItemVisitor {
 public:
  virtual ~EncodedItemVisitor() = default;
  virtual void begin_map() = 0;  // the item itself, and every M value
  virtual void name(std::string_view name) = 0;
  virtual void end_map() = 0;
  virtual void scalar(AttributeType type, std::string_view bytes) = 0;  // S, N (canonical text), B (raw)
  virtual void boolean(bool value) = 0;
  virtual void null() = 0;
  virtual void begin_list() = 0;
  virtual void end_list() = 0;
  virtual void begin_set(AttributeType type) = 0;  // SS, NS, BS
  virtual void set_member(std::string_view bytes) = 0;
  virtual void end_set() = 0;
};

// Walks a stored item without building it: the one reader of the format.
// decode_item() builds on it; readers that only pass an item on (to JSON,
// item_size.h) need no allocation per attribute. Corrupt input ->
// Status::corruption, possibly after some calls to `visitor`.
Status visit_encoded_item(std::string_view bytes, EncodedItemVisitor& visitor);

}  // namespace dynastore::model
