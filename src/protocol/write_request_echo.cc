#include "dynastore/protocol/write_request_echo.h"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

namespace dynastore::protocol {

namespace {

std::string_view text_of(const json::Value& v) { return {v.GetString(), v.GetStringLength()}; }

// The echo grows ~10 times faster than the request (every attribute names
// all sixteen of AttributeValue's fields), so a 16 MB request of small
// attributes would make a message of 100s of MB: past this size the rest is
// left out, as "...".
constexpr std::size_t kMaxEcho = 64 << 10;
constexpr std::string_view kLeftOut = "...";

// Starts the next element of a list or map ("a, b"): false, with "..."
// written, once the echo has grown past kMaxEcho.
bool next_element(std::string& out, bool& first) {
  if (!first) out += ", ";
  first = false;
  if (out.size() <= kMaxEcho) return true;
  out += kLeftOut;
  return false;
}

// Java's String.hashCode, over the UTF-16 units of UTF-8 `text`.
std::uint32_t java_string_hash(std::string_view text) {
  std::uint32_t hash = 0;
  auto add = [&hash](std::uint32_t unit) { hash = 31 * hash + unit; };
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::uint32_t code = byte;
    std::size_t length = 1;
    if (byte >= 0xF0) {
      code = byte & 0x07u;
      length = 4;
    } else if (byte >= 0xE0) {
      code = byte & 0x0Fu;
      length = 3;
    } else if (byte >= 0xC0) {
      code = byte & 0x1Fu;
      length = 2;
    }
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k) {
      code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    }
    i += length;
    if (code >= 0x10000) {
      code -= 0x10000;
      add(0xD800 + (code >> 10));
      add(0xDC00 + (code & 0x3FF));
    } else {
      add(code);
    }
  }
  return hash;
}

// The members of `object` in the order a java.util.HashMap (capacity 16,
// load factor 0.75, doubled as it fills) iterates them once filled in
// request order: by bucket, then by insertion.
std::vector<const json::Value::Member*> hash_map_order(const json::Value& object) {
  std::vector<const json::Value::Member*> members;
  for (const auto& member : object.GetObject()) members.push_back(&member);
  std::uint32_t capacity = 16;
  while (members.size() > capacity / 4 * 3) capacity *= 2;
  auto bucket = [capacity](const json::Value::Member* member) {
    const std::uint32_t h = java_string_hash(text_of(member->name));
    return (h ^ (h >> 16)) & (capacity - 1);
  };
  std::stable_sort(members.begin(), members.end(),
                   [&bucket](const auto* a, const auto* b) { return bucket(a) < bucket(b); });
  return members;
}

void append_attribute_value(std::string& out, const json::Value& value);

// A list as Java prints one: "[a, b]".
template <typename AppendElement>
void append_list(std::string& out, const json::Value& list, AppendElement append_element) {
  out += '[';
  bool first = true;
  for (const auto& element : list.GetArray()) {
    if (!next_element(out, first)) break;
    append_element(out, element);
  }
  out += ']';
}

void append_text(std::string& out, const json::Value& value) {
  if (value.IsString()) out += text_of(value);
}

// A map of attribute values: "{a=AttributeValue(...), b=...}".
void append_attribute_map(std::string& out, const json::Value& map) {
  out += '{';
  bool first = true;
  for (const auto* member : hash_map_order(map)) {
    if (!next_element(out, first)) break;
    out += text_of(member->name);
    out += '=';
    append_attribute_value(out, member->value);
  }
  out += '}';
}

// Every field of the model's AttributeValue in declaration order, the one
// set shown (binary values as their base64 text: how Java prints them here
// was not captured), the rest null.
void append_attribute_value(std::string& out, const json::Value& value) {
  static constexpr std::string_view kFields[] = {"s",  "n",     "b",          "iNT",       "dECIMAL", "dOUBLE",
                                                 "sS", "nS",    "bS",         "iNTSET",    "dECIMALSET",
                                                 "dOUBLESET", "m", "l", "nULL", "bOOL"};
  static constexpr std::string_view kWireNames[] = {"S",  "N",  "B",  "", "", "", "SS", "NS",
                                                    "BS", "",   "",   "", "M", "L", "NULL", "BOOL"};
  out += "AttributeValue(";
  for (std::size_t i = 0; i < std::size(kFields); ++i) {
    if (i) out += ", ";
    out += kFields[i];
    out += '=';
    const json::Value* field = nullptr;
    if (value.IsObject() && !kWireNames[i].empty()) {
      for (const auto& member : value.GetObject()) {
        if (text_of(member.name) == kWireNames[i]) field = &member.value;
      }
    }
    if (field == nullptr || field->IsNull()) {
      out += "null";
    } else if (field->IsBool()) {
      out += field->GetBool() ? "true" : "false";
    } else if (field->IsString()) {
      out += text_of(*field);
    } else if (field->IsArray() && kWireNames[i] == "L") {
      append_list(out, *field, append_attribute_value);
    } else if (field->IsArray()) {
      append_list(out, *field, append_text);
    } else if (field->IsObject()) {
      append_attribute_map(out, *field);
    } else {
      out += "null";
    }
  }
  out += ')';
}

const json::Value* object_member(const json::Value& object, std::string_view name) {
  if (!object.IsObject()) return nullptr;
  for (const auto& member : object.GetObject()) {
    if (text_of(member.name) == name && member.value.IsObject()) return &member.value;
  }
  return nullptr;
}

// One of WriteRequest's members: "PutRequest(item={...}, workloadProfileName=null)",
// "DeleteRequest(key={...})" or null. `fields_after` are the class's other
// fields, always null here.
void append_request(std::string& out, const json::Value& request, std::string_view wire_name,
                    std::string_view map_wire_name, std::string_view map_field, std::string_view fields_after) {
  const auto* inner = object_member(request, wire_name);
  if (inner == nullptr) {
    out += "null";
    return;
  }
  out += wire_name;
  out += '(';
  out += map_field;
  out += '=';
  if (const auto* map = object_member(*inner, map_wire_name)) {
    append_attribute_map(out, *map);
  } else {
    out += "null";
  }
  out += fields_after;
  out += ')';
}

void append_write_request(std::string& out, const json::Value& request) {
  out += "WriteRequest(putRequest=";
  append_request(out, request, "PutRequest", "Item", "item", ", workloadProfileName=null");
  out += ", deleteRequest=";
  append_request(out, request, "DeleteRequest", "Key", "key", "");
  out += ')';
}

}  // namespace

std::string quoted_write_requests(const json::Value& request_items) {
  std::string out = "'{";
  bool first = true;
  for (const auto* table : hash_map_order(request_items)) {
    if (!next_element(out, first)) break;
    out += text_of(table->name);
    out += '=';
    if (table->value.IsArray()) {
      append_list(out, table->value, append_write_request);
    } else {
      out += "null";
    }
  }
  return out + "}'";
}

}  // namespace dynastore::protocol
