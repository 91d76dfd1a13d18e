#include "dynastore/protocol/wire.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <set>

#include "dynastore/model/number.h"
#include "dynastore/protocol/base64.h"

namespace dynastore::protocol {

using model::AttributeType;
using model::AttributeValue;

namespace {

// Observed DynamoDB texts (the empty-set wording keeps the double space
// DynamoDB sends; the binary-set one differs from the other two).
constexpr std::string_view kInvalidPrefix = "One or more parameter values were invalid: ";
constexpr std::string_view kEmptyValue =
    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
constexpr std::string_view kManyTypes =
    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes";
constexpr std::string_view kNullNotTrue = "Null attribute value types must have the value of true";
constexpr std::string_view kEnvelope = "1 validation error detected: ";
constexpr std::string_view kNotAnInteger = "Unexpected value type in payload: expected an integer";
constexpr std::string_view kIntOutOfRange = "Numeric value out of range of int (-2147483648 - 2147483647)";
constexpr std::string_view kLongOutOfRange =
    "Numeric value out of range of long (-9223372036854775808 - 9223372036854775807)";

// Every ValidationException about a value goes through here, so the
// enveloped wording wraps them all alike.
[[noreturn]] void value_error(std::string message, ValueWording wording) {
  if (wording == ValueWording::kCurrentEnveloped) message.insert(0, kEnvelope);
  throw DynamoError::validation(std::move(message));
}

struct TypeKey {
  std::string_view name;
  AttributeType type;
};
constexpr std::array<TypeKey, 10> kTypeKeys = {{
    {"S", AttributeType::kString},     {"N", AttributeType::kNumber},    {"B", AttributeType::kBinary},
    {"BOOL", AttributeType::kBool},    {"NULL", AttributeType::kNull},   {"M", AttributeType::kMap},
    {"L", AttributeType::kList},       {"SS", AttributeType::kStringSet}, {"NS", AttributeType::kNumberSet},
    {"BS", AttributeType::kBinarySet},
}};

std::string_view view_of(const json::Value& v) { return {v.GetString(), v.GetStringLength()}; }

std::string json_type_phrase(const json::Value& v) {
  if (v.IsObject()) return "Start of structure or map found where not expected.";
  if (v.IsArray()) return "Start of list found where not expected";
  return "Unexpected value type in payload";
}

[[noreturn]] void wrong_type(const json::Value& v) { throw DynamoError::serialization(json_type_phrase(v)); }

std::string canonical_number(std::string_view text, ValueWording wording) {
  auto number = model::Number::parse(text);
  if (!number.is_ok()) {
    // The current wording keeps the colon and a space for an empty string
    // (valueLayers.test.ts, "an empty string keeps the colon and a space").
    if (text.empty() && wording != ValueWording::kOlder) {
      value_error(std::string(model::kNumberNotNumericMessage) + ": ", wording);
    }
    value_error(number.status().message(), wording);
  }
  return number->to_string();
}

std::string decode_binary(const json::Value& v) {
  if (!v.IsString()) wrong_type(v);
  auto text = view_of(v);
  auto bytes = base64_decode(text);
  if (!bytes) {
    if (text.size() % 4 != 0) {
      throw DynamoError::serialization("Base64 encoded length is expected a multiple of 4 bytes but found: " +
                                       std::to_string(text.size()));
    }
    throw DynamoError::serialization("Invalid Base64 encoding");
  }
  return std::move(*bytes);
}

std::string join_members(const std::vector<std::string>& members) {
  std::string out = "[";
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i) out += ", ";
    out += members[i];
  }
  return out + "]";
}

// The current wording's list of a set with a repeated member: the members in
// byte order up to the first repeat, then the repeat, then the rest as sent,
// each quoted; binary members as base64, without a space after the commas
// (valueLayers.test.ts: SS b, a, b -> ["a", "b", "b"]; BS /w==, AA==, AA== ->
// ["AA==","/w==","AA=="]).
std::string current_duplicates_list(AttributeType type, const std::vector<std::string>& members) {
  std::set<std::string> before_repeat;
  std::size_t repeat = 0;
  while (repeat < members.size() && before_repeat.insert(members[repeat]).second) ++repeat;
  std::vector<std::string_view> shown(before_repeat.begin(), before_repeat.end());
  for (std::size_t i = repeat; i < members.size(); ++i) shown.push_back(members[i]);
  const bool binary = type == AttributeType::kBinarySet;
  std::string out = "[";
  for (std::size_t i = 0; i < shown.size(); ++i) {
    if (i) out += binary ? "," : ", ";
    out += '"';
    out += binary ? base64_encode(shown[i]) : std::string(shown[i]);
    out += '"';
  }
  return out + "]";
}

AttributeValue parse_set(AttributeType type, const json::Value& v, ValueWording wording) {
  if (!v.IsArray()) wrong_type(v);
  std::vector<std::string> members;
  members.reserve(v.Size());
  for (const auto& element : v.GetArray()) {
    if (element.IsNull()) continue;  // DynamoDB's deserializer drops null list members
    if (!element.IsString()) wrong_type(element);
    switch (type) {
      case AttributeType::kStringSet: members.emplace_back(view_of(element)); break;
      case AttributeType::kNumberSet: members.push_back(canonical_number(view_of(element), wording)); break;
      default: members.push_back(decode_binary(element)); break;
    }
  }
  if (members.empty()) {
    if (type == AttributeType::kBinarySet) {
      value_error(std::string(kInvalidPrefix) + "Binary sets should not be empty", wording);
    }
    const char* kind = type == AttributeType::kStringSet ? "string" : "number";
    value_error(std::string(kInvalidPrefix) + "An " + kind + " set  may not be empty", wording);
  }
  std::vector<std::string> sorted = members;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
    const bool older = wording == ValueWording::kOlder;
    if (type == AttributeType::kNumberSet) {
      // No members named either way; the current wording adds the prefix
      // and a full stop.
      value_error(older ? std::string("Input collection contains duplicates")
                        : std::string(kInvalidPrefix) + "Input collection contains duplicates.",
                  wording);
    }
    std::string list;
    if (older) {
      std::vector<std::string> shown;
      for (const auto& element : v.GetArray()) {
        if (element.IsString()) shown.emplace_back(view_of(element));
      }
      list = join_members(shown);
    } else {
      list = current_duplicates_list(type, members);
    }
    value_error(std::string(kInvalidPrefix) + "Input collection " + list +
                    (type == AttributeType::kBinarySet ? "of type BS contains duplicates." : " contains duplicates."),
                wording);
  }
  return AttributeValue::set(type, std::move(members));
}

AttributeValue parse_value(const json::Value& v, int depth, ValueWording wording);

model::AttributeMap parse_map(const json::Value& v, int depth, ValueWording wording) {
  if (!v.IsObject()) wrong_type(v);
  model::AttributeMap map;
  for (const auto& member : v.GetObject()) {
    if (member.value.IsNull()) continue;
    map.insert_or_assign(std::string(view_of(member.name)), parse_value(member.value, depth, wording));
  }
  return map;
}

AttributeValue parse_value(const json::Value& v, int depth, ValueWording wording) {
  if (!v.IsObject()) wrong_type(v);
  if (depth >= kMaxAttributeDepth) value_error(std::string(kNestingTooDeep), wording);
  const json::Value* payload = nullptr;
  AttributeType type = AttributeType::kNull;
  int types_set = 0;
  for (const auto& member : v.GetObject()) {
    if (member.value.IsNull()) continue;  // explicit nulls are "not set"
    const auto name = view_of(member.name);
    for (const auto& key : kTypeKeys) {
      if (key.name == name) {
        ++types_set;
        type = key.type;
        payload = &member.value;
      }
    }
  }
  if (types_set == 0) value_error(std::string(kEmptyValue), wording);
  if (types_set > 1) value_error(std::string(kManyTypes), wording);
  const json::Value& p = *payload;
  switch (type) {
    case AttributeType::kString:
      if (!p.IsString()) wrong_type(p);
      return AttributeValue::string(std::string(view_of(p)));
    case AttributeType::kNumber:
      if (!p.IsString()) wrong_type(p);
      return AttributeValue::number(canonical_number(view_of(p), wording));
    case AttributeType::kBinary:
      return AttributeValue::binary(decode_binary(p));
    case AttributeType::kBool:
      if (!p.IsBool()) wrong_type(p);
      return AttributeValue::boolean(p.GetBool());
    case AttributeType::kNull:
      if (!p.IsBool()) wrong_type(p);
      if (!p.GetBool()) value_error(std::string(kInvalidPrefix) + std::string(kNullNotTrue), wording);
      return AttributeValue::null();
    case AttributeType::kMap:
      return AttributeValue::map(parse_map(p, depth + 1, wording));
    case AttributeType::kList: {
      if (!p.IsArray()) wrong_type(p);
      model::AttributeList list;
      list.reserve(p.Size());
      for (const auto& element : p.GetArray()) {
        if (element.IsNull()) continue;
        list.push_back(parse_value(element, depth + 1, wording));
      }
      return AttributeValue::list(std::move(list));
    }
    case AttributeType::kStringSet:
    case AttributeType::kNumberSet:
    case AttributeType::kBinarySet:
      return parse_set(type, p, wording);
  }
  value_error(std::string(kEmptyValue), wording);
}

}  // namespace

AttributeValue parse_attribute_value(const json::Value& value, ValueWording wording) {
  return parse_value(value, 0, wording);
}

model::Item parse_item(const json::Value& value, ValueWording wording) { return parse_map(value, 0, wording); }

void write_attribute_value(json::Writer& writer, const AttributeValue& value) {
  writer.StartObject();
  write_key(writer, model::type_descriptor(value.type()));
  switch (value.type()) {
    case AttributeType::kString:
    case AttributeType::kNumber:
      write_string(writer, value.scalar());
      break;
    case AttributeType::kBinary:
      write_string(writer, base64_encode(value.scalar()));
      break;
    case AttributeType::kBool:
      writer.Bool(value.bool_value());
      break;
    case AttributeType::kNull:
      writer.Bool(true);
      break;
    case AttributeType::kMap:
      write_item(writer, value.map_value());
      break;
    case AttributeType::kList:
      writer.StartArray();
      for (const auto& element : value.list_value()) write_attribute_value(writer, element);
      writer.EndArray();
      break;
    case AttributeType::kStringSet:
    case AttributeType::kNumberSet:
      writer.StartArray();
      for (const auto& member : value.set_members()) write_string(writer, member);
      writer.EndArray();
      break;
    case AttributeType::kBinarySet:
      writer.StartArray();
      for (const auto& member : value.set_members()) write_string(writer, base64_encode(member));
      writer.EndArray();
      break;
  }
  writer.EndObject();
}

void write_item(json::Writer& writer, const model::Item& item) {
  writer.StartObject();
  for (const auto& [name, value] : item) {
    write_key(writer, name);
    write_attribute_value(writer, value);
  }
  writer.EndObject();
}

const json::Value* find_member(const json::Value& object, std::string_view name) {
  auto it = object.FindMember(json::string_ref(name));
  if (it == object.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

std::optional<std::string_view> get_string(const json::Value& object, std::string_view name) {
  const auto* v = find_member(object, name);
  if (v == nullptr) return std::nullopt;
  if (!v->IsString()) wrong_type(*v);
  return view_of(*v);
}

std::optional<bool> get_bool(const json::Value& object, std::string_view name) {
  const auto* v = find_member(object, name);
  if (v == nullptr) return std::nullopt;
  if (!v->IsBool()) wrong_type(*v);
  return v->GetBool();
}

// DynamoDB's integer members are Java Integers and Longs; what cannot be one
// exactly (1.5, 1e3, a value past the type's range) is refused rather than
// truncated or wrapped (undocumented; DynamoDB's deserializer is lenient
// about fractions, which hides client bugs, so the strict answer is ours).
std::int64_t integer_value(const json::Value& v, bool int32) {
  if (int32 ? v.IsInt() : v.IsInt64()) return v.GetInt64();
  if (v.IsNumber()) {
    throw DynamoError::serialization(v.IsDouble() ? std::string(kNotAnInteger)
                                                  : std::string(int32 ? kIntOutOfRange : kLongOutOfRange));
  }
  wrong_type(v);
}

void throw_wrong_type(const json::Value& v) { wrong_type(v); }

std::optional<std::int64_t> get_integer(const json::Value& object, std::string_view name) {
  const auto* v = find_member(object, name);
  if (v == nullptr) return std::nullopt;
  return integer_value(*v, /*int32=*/false);
}

std::optional<std::int64_t> get_int32(const json::Value& object, std::string_view name) {
  const auto* v = find_member(object, name);
  if (v == nullptr) return std::nullopt;
  return integer_value(*v, /*int32=*/true);
}

const json::Value* get_object(const json::Value& object, std::string_view name) {
  const auto* v = find_member(object, name);
  if (v != nullptr && !v->IsObject()) wrong_type(*v);
  return v;
}

const json::Value* get_array(const json::Value& object, std::string_view name) {
  const auto* v = find_member(object, name);
  if (v != nullptr && !v->IsArray()) wrong_type(*v);
  return v;
}

std::uint32_t crc32_of(std::string_view body) {
  return static_cast<std::uint32_t>(
      ::crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size())));
}

}  // namespace dynastore::protocol
