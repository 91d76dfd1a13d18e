// AttributeValue: one DynamoDB value of any of the ten types. Values are
// validated when they enter (protocol/ parses and checks them), so everything
// here may assume: numbers are in canonical text, sets are non-empty and free
// of duplicates, binary holds raw bytes (not base64).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace dynastore::model {

// Frozen: these values are written to disk by item_codec. Never renumber.
enum class AttributeType : std::uint8_t {
  kString = 1,
  kNumber = 2,
  kBinary = 3,
  kBool = 4,
  kNull = 5,
  kMap = 6,
  kList = 7,
  kStringSet = 8,
  kNumberSet = 9,
  kBinarySet = 10,
};

// DynamoDB's type descriptor: "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS".
std::string_view type_descriptor(AttributeType type);
bool is_set_type(AttributeType type);

class AttributeValue;
using AttributeMap = std::map<std::string, AttributeValue, std::less<>>;
using AttributeList = std::vector<AttributeValue>;
using Item = AttributeMap;

class AttributeValue {
 public:
  AttributeValue() : type_(AttributeType::kNull) {}

  static AttributeValue string(std::string s) { return AttributeValue(AttributeType::kString, std::move(s)); }
  // `canonical` must be Number::to_string() output.
  static AttributeValue number(std::string canonical) { return AttributeValue(AttributeType::kNumber, std::move(canonical)); }
  static AttributeValue binary(std::string bytes) { return AttributeValue(AttributeType::kBinary, std::move(bytes)); }
  static AttributeValue boolean(bool b);
  static AttributeValue null();
  static AttributeValue map(AttributeMap m);
  static AttributeValue list(AttributeList l);
  // kind must be a set type; members already validated and de-duplicated.
  static AttributeValue set(AttributeType kind, std::vector<std::string> members);

  AttributeType type() const { return type_; }
  // S text, N canonical text, or B raw bytes.
  const std::string& scalar() const { return scalar_; }
  bool bool_value() const { return bool_; }
  const AttributeMap& map_value() const { return map_; }
  AttributeMap& map_value() { return map_; }
  const AttributeList& list_value() const { return list_; }
  AttributeList& list_value() { return list_; }
  const std::vector<std::string>& set_members() const { return set_; }
  std::vector<std::string>& set_members() { return set_; }

  // Deep equality as DynamoDB compares values: same type and same content;
  // sets are unordered.
  friend bool operator==(const AttributeValue& a, const AttributeValue& b);

 private:
  AttributeValue(AttributeType type, std::string scalar) : type_(type), scalar_(std::move(scalar)) {}

  AttributeType type_;
  bool bool_ = false;
  std::string scalar_;
  std::vector<std::string> set_;
  AttributeList list_;
  AttributeMap map_;
};

}  // namespace dynastore::model
