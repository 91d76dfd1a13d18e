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
// DynamoDB's text for a value past that limit (API Reference, UpdateItem and
// TransactionCanceledException), whether parsed or built by an update.
inline constexpr std::string_view kNestingTooDeep = "Nesting Levels have exceeded supported limits";

// How DynamoDB words a malformed AttributeValue (a number that is not
// numeric, an empty or duplicate set, NULL false, ...). It depends on the
// operation, as captured against DynamoDB in eu-west-2, us-east-1, eu-west-1
// and us-west-2 on 2026-10-09 (paritysuite/dynamodb-conformance,
// tests/tier3/error-messages/valueLayers.test.ts):
enum class ValueWording {
  // BatchWriteItem, TransactWriteItems, TransactGetItems, Scan: the older
  // texts ("Input collection [b, a, b] contains duplicates.", "Input
  // collection contains duplicates" for a number set, the bare "The
  // parameter cannot be converted to a numeric value" for ""), bare.
  kOlder,
  // GetItem, BatchGetItem, Query: the current texts (members quoted, in byte
  // order up to the first repeat: "Input collection [\"a\", \"b\", \"b\"]
  // contains duplicates.", the prefixed number-set text, "...: " for ""),
  // bare.
  kCurrent,
  // PutItem, UpdateItem, DeleteItem: the current texts inside
  // "1 validation error detected: ", wherever the value sits (item, key,
  // expression value, Expected, AttributeUpdates).
  kCurrentEnveloped,
};

// Server code names the wording of its operation; the default serves tests
// and tools.
model::AttributeValue parse_attribute_value(const json::Value& value, ValueWording wording = ValueWording::kOlder);
// An object of attribute name -> AttributeValue (Item, Key, ...).
model::Item parse_item(const json::Value& value, ValueWording wording = ValueWording::kOlder);

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
// The SerializationException those getters throw for a member value `v` of
// the wrong JSON type.
[[noreturn]] void throw_wrong_type(const json::Value& v);
// `v` as an "integer" (`int32`) or "long" member's value, or the
// SerializationException the getters below throw.
std::int64_t integer_value(const json::Value& v, bool int32);
std::optional<std::string_view> get_string(const json::Value& object, std::string_view name);
std::optional<bool> get_bool(const json::Value& object, std::string_view name);
// A "long" member: an integer in int64's range (a fraction or a value out of
// range is a SerializationException, never truncated).
std::optional<std::int64_t> get_integer(const json::Value& object, std::string_view name);
// An "integer" member (Limit, Segment, TotalSegments, ...): the same in
// int32's range.
std::optional<std::int64_t> get_int32(const json::Value& object, std::string_view name);
const json::Value* get_object(const json::Value& object, std::string_view name);
const json::Value* get_array(const json::Value& object, std::string_view name);

// Small writer helpers (json.h's, under the names protocol's callers use).
using json::write_key;
using json::write_string;

// The x-amz-crc32 value of a response body.
std::uint32_t crc32_of(std::string_view body);

}  // namespace dynastore::protocol
