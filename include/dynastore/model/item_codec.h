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

}  // namespace dynastore::model
