// Conversion between DynamoDB's wire JSON and model/ values, with the full
// validation DynamoDB applies to AttributeValues. Parsing throws DynamoError
// (a malformed value rejects the whole request).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dynastore/common/status.h"
#include "dynastore/json/json.h"
#include "dynastore/model/attribute_value.h"
#include "dynastore/protocol/dynamo_error.h"

namespace dynastore::protocol {

// DynamoDB's documented nesting limit for maps and lists.
inline constexpr int kMaxAttributeDepth = 32;

model::AttributeValue parse_attribute_value(const json::Value& value);
// An object of attribute name -> AttributeValue (Item, Key, ...).
model::Item parse_item(const json::Value& value);

void write_attribute_value(json::Writer& writer, const model::AttributeValue& value);
void write_item(json::Writer& writer, const model::Item& item);
// The same JSON as write_item(writer, decode_item(encoded)), written straight
// from the stored encoding (model/item_codec.h) without building the item.
// Corrupt input -> Status::corruption, after writing part of the item: the
// caller must then discard what `writer` holds.
Status write_encoded_item(json::Writer& writer, std::string_view encoded);

// --- Request members. Each throws SerializationException when the member is
// present but of the wrong JSON type, as DynamoDB's deserializer does.
const json::Value* find_member(const json::Value& object, std::string_view name);
std::optional<std::string_view> get_string(const json::Value& object, std::string_view name);
std::optional<bool> get_bool(const json::Value& object, std::string_view name);
std::optional<std::int64_t> get_integer(const json::Value& object, std::string_view name);
const json::Value* get_object(const json::Value& object, std::string_view name);
const json::Value* get_array(const json::Value& object, std::string_view name);

// Small writer helpers (json.h's, under the names protocol's callers use).
using json::write_key;
using json::write_string;

// The x-amz-crc32 value of a response body.
std::uint32_t crc32_of(std::string_view body);

}  // namespace dynastore::protocol
