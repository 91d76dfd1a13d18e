#include "expr/value_ops.h"

#include <algorithm>
#include <unordered_set>

#include "dynastore/model/number.h"

namespace dynastore::expr {

using model::AttributeType;
using model::AttributeValue;

namespace {

std::strong_ordering compare_bytes(std::string_view a, std::string_view b) {
  // Unsigned bytewise, as DynamoDB orders S (UTF-8) and B values.
  std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    auto x = static_cast<unsigned char>(a[i]);
    auto y = static_cast<unsigned char>(b[i]);
    if (x != y) return x < y ? std::strong_ordering::less : std::strong_ordering::greater;
  }
  return a.size() <=> b.size();
}

std::optional<model::Number> to_number(const AttributeValue& v) {
  auto parsed = model::Number::parse(v.scalar());
  if (!parsed.is_ok()) return std::nullopt;  // cannot happen for validated values
  return parsed.value();
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  while (i + 2 < bytes.size()) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
    i += 3;
  }
  std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

void describe_into(const AttributeValue& v, std::string& out) {
  switch (v.type()) {
    case AttributeType::kString:
    case AttributeType::kNumber:
      out += v.scalar();
      return;
    case AttributeType::kBinary:
      out += base64(v.scalar());
      return;
    case AttributeType::kBool:
      out += v.bool_value() ? "true" : "false";
      return;
    case AttributeType::kNull:
      out += "true";
      return;
    case AttributeType::kStringSet:
    case AttributeType::kNumberSet:
    case AttributeType::kBinarySet: {
      out += '[';
      bool first = true;
      for (const auto& m : v.set_members()) {
        if (!first) out += ", ";
        first = false;
        out += v.type() == AttributeType::kBinarySet ? base64(m) : m;
      }
      out += ']';
      return;
    }
    case AttributeType::kList: {
      out += '[';
      bool first = true;
      for (const auto& e : v.list_value()) {
        if (!first) out += ", ";
        first = false;
        out += '{';
        out += model::type_descriptor(e.type());
        out += ':';
        describe_into(e, out);
        out += '}';
      }
      out += ']';
      return;
    }
    case AttributeType::kMap: {
      out += '{';
      bool first = true;
      for (const auto& [k, e] : v.map_value()) {
        if (!first) out += ", ";
        first = false;
        out += k;
        out += "={";
        out += model::type_descriptor(e.type());
        out += ':';
        describe_into(e, out);
        out += '}';
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

bool is_scalar_type(AttributeType type) {
  return type == AttributeType::kString || type == AttributeType::kNumber || type == AttributeType::kBinary;
}

std::optional<AttributeType> set_type_of(AttributeType scalar) {
  switch (scalar) {
    case AttributeType::kString: return AttributeType::kStringSet;
    case AttributeType::kNumber: return AttributeType::kNumberSet;
    case AttributeType::kBinary: return AttributeType::kBinarySet;
    default: return std::nullopt;
  }
}

std::optional<std::strong_ordering> compare_scalars(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() != b.type()) return std::nullopt;
  switch (a.type()) {
    case AttributeType::kString:
    case AttributeType::kBinary:
      return compare_bytes(a.scalar(), b.scalar());
    case AttributeType::kNumber: {
      if (a.scalar() == b.scalar()) return std::strong_ordering::equal;  // canonical text
      auto x = to_number(a);
      auto y = to_number(b);
      if (!x || !y) return std::nullopt;
      return *x <=> *y;
    }
    default:
      return std::nullopt;
  }
}

bool contains_value(const AttributeValue& haystack, const AttributeValue& needle) {
  switch (haystack.type()) {
    case AttributeType::kString:
    case AttributeType::kBinary:
      return needle.type() == haystack.type() &&
             haystack.scalar().find(needle.scalar()) != std::string::npos;
    case AttributeType::kStringSet:
    case AttributeType::kNumberSet:
    case AttributeType::kBinarySet: {
      if (set_type_of(needle.type()) != haystack.type()) return false;
      const auto& members = haystack.set_members();
      // Members are canonical (numbers too), so text equality is value equality.
      return std::find(members.begin(), members.end(), needle.scalar()) != members.end();
    }
    case AttributeType::kList: {
      const auto& list = haystack.list_value();
      return std::any_of(list.begin(), list.end(), [&](const AttributeValue& e) { return e == needle; });
    }
    default:
      return false;
  }
}

bool begins_with_value(const AttributeValue& value, const AttributeValue& prefix) {
  if (value.type() != prefix.type()) return false;
  if (value.type() != AttributeType::kString && value.type() != AttributeType::kBinary) return false;
  return value.scalar().starts_with(prefix.scalar());
}

std::optional<AttributeValue> size_of(const AttributeValue& value) {
  std::size_t n = 0;
  switch (value.type()) {
    case AttributeType::kString:
      // DynamoDB counts UTF-16 code units: size("é𝄞") is 3 (verified against DynamoDB in
      // ExtendDB/extenddb PR #67). From UTF-8: one unit per code point, two for 4-byte ones.
      for (char c : value.scalar()) {
        auto byte = static_cast<unsigned char>(c);
        if ((byte & 0xC0) != 0x80) ++n;
        if ((byte & 0xF8) == 0xF0) ++n;
      }
      break;
    case AttributeType::kBinary:
      n = value.scalar().size();
      break;
    case AttributeType::kStringSet:
    case AttributeType::kNumberSet:
    case AttributeType::kBinarySet:
      n = value.set_members().size();
      break;
    case AttributeType::kList:
      n = value.list_value().size();
      break;
    case AttributeType::kMap:
      n = value.map_value().size();
      break;
    default:
      return std::nullopt;
  }
  return AttributeValue::number(std::to_string(n));
}

std::string_view node_type_name(AttributeType type) {
  switch (type) {
    case AttributeType::kString: return "STRING";
    case AttributeType::kNumber: return "NUMBER";
    case AttributeType::kBinary: return "BINARY";
    case AttributeType::kBool: return "BOOLEAN";
    case AttributeType::kNull: return "NULL";
    case AttributeType::kMap: return "MAP";
    case AttributeType::kList: return "LIST";
    case AttributeType::kStringSet: return "STRING_SET";
    case AttributeType::kNumberSet: return "NUMBER_SET";
    case AttributeType::kBinarySet: return "BINARY_SET";
  }
  return "UNKNOWN";
}

std::string describe_value(const AttributeValue& value) {
  std::string out = "AttributeValue: {";
  out += model::type_descriptor(value.type());
  out += ':';
  describe_into(value, out);
  out += '}';
  return out;
}

AttributeValue set_union(const AttributeValue& a, const AttributeValue& b) {
  // The views point into the inputs, never into `members`, which reallocates as it grows.
  std::unordered_set<std::string_view> seen(a.set_members().begin(), a.set_members().end());
  std::vector<std::string> members = a.set_members();
  for (const auto& m : b.set_members()) {
    if (seen.insert(m).second) members.push_back(m);
  }
  return AttributeValue::set(a.type(), std::move(members));
}

AttributeValue set_difference(const AttributeValue& a, const AttributeValue& b) {
  std::unordered_set<std::string_view> removed(b.set_members().begin(), b.set_members().end());
  std::vector<std::string> members;
  for (const auto& m : a.set_members()) {
    if (!removed.contains(m)) members.push_back(m);
  }
  return AttributeValue::set(a.type(), std::move(members));
}

namespace {
Result<AttributeValue> arithmetic(const AttributeValue& a, const AttributeValue& b, bool subtract) {
  auto x = model::Number::parse(a.scalar());
  if (!x.is_ok()) return x.status();
  auto y = model::Number::parse(b.scalar());
  if (!y.is_ok()) return y.status();
  auto r = subtract ? model::Number::subtract(x.value(), y.value()) : model::Number::add(x.value(), y.value());
  if (!r.is_ok()) return r.status();
  return AttributeValue::number(r.value().to_string());
}
}  // namespace

Result<AttributeValue> add_numbers(const AttributeValue& a, const AttributeValue& b) {
  return arithmetic(a, b, false);
}

Result<AttributeValue> subtract_numbers(const AttributeValue& a, const AttributeValue& b) {
  return arithmetic(a, b, true);
}

}  // namespace dynastore::expr
