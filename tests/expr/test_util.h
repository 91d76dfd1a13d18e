// Helpers for the expr tests (header-only: tests/CMakeLists.txt builds *_test.cc files only):
// terse AttributeValue builders and an item literal parser.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dynastore/model/attribute_value.h"
#include "dynastore/model/number.h"

namespace dynastore::expr::testing {

using model::AttributeType;
using model::AttributeValue;
using model::Item;

inline AttributeValue S(std::string s) { return AttributeValue::string(std::move(s)); }
inline AttributeValue N(std::string_view s) {
  auto n = model::Number::parse(s);
  return AttributeValue::number(n.is_ok() ? n.value().to_string() : std::string(s));
}
inline AttributeValue B(std::string s) { return AttributeValue::binary(std::move(s)); }
inline AttributeValue BOOL(bool b) { return AttributeValue::boolean(b); }
inline AttributeValue NUL() { return AttributeValue::null(); }
inline AttributeValue L(std::vector<AttributeValue> v) { return AttributeValue::list(std::move(v)); }
inline AttributeValue M(std::vector<std::pair<std::string, AttributeValue>> v) {
  model::AttributeMap m;
  for (auto& [k, x] : v) m.emplace(std::move(k), std::move(x));
  return AttributeValue::map(std::move(m));
}
inline AttributeValue SS(std::vector<std::string> v) { return AttributeValue::set(AttributeType::kStringSet, std::move(v)); }
inline AttributeValue NS(std::vector<std::string> v) {
  for (auto& s : v) s = N(s).scalar();
  return AttributeValue::set(AttributeType::kNumberSet, std::move(v));
}
inline AttributeValue BS(std::vector<std::string> v) { return AttributeValue::set(AttributeType::kBinarySet, std::move(v)); }

// A compact, DynamoDB-JSON-like text form for test tables and failure messages:
//   {"a": N(1), "b": S("x")}  is written  {a:N1,b:Sx}  — see to_text()/parse_item().
// Grammar: value := 'S' chars | 'N' number | 'B' chars | 'T' | 'F' | 'Z' (NULL)
//                 | '[' value,* ']' | '{' name ':' value,* '}' | '<S' str|* '>' | '<N' ... | '<B' ...
// Strings/names end at one of ,]}>| and may not contain them.
std::string to_text(const AttributeValue& v);
std::string to_text(const Item& item);
AttributeValue parse_value(std::string_view text);
Item parse_item(std::string_view text);


namespace detail {

inline bool is_end(char c) { return c == ',' || c == ']' || c == '}' || c == '>' || c == '|'; }

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  AttributeValue value() {
    char c = next();
    switch (c) {
      case 'S': return S(word());
      case 'N': return N(word());
      case 'B': return B(word());
      case 'T': return BOOL(true);
      case 'F': return BOOL(false);
      case 'Z': return NUL();
      case '[': {
        std::vector<AttributeValue> items;
        if (peek() == ']') { ++i_; return L(std::move(items)); }
        do { items.push_back(value()); } while (take(','));
        expect(']');
        return L(std::move(items));
      }
      case '{': return AttributeValue::map(map_body());
      case '<': {
        char kind = next();
        std::vector<std::string> members;
        do { members.push_back(word()); } while (take('|'));
        expect('>');
        if (kind == 'S') return SS(std::move(members));
        if (kind == 'N') return NS(std::move(members));
        return BS(std::move(members));
      }
      default: throw std::runtime_error("bad test value: " + std::string(s_));
    }
  }
  model::AttributeMap map_body() {
    model::AttributeMap m;
    if (peek() == '}') { ++i_; return m; }
    do {
      std::string name;
      while (i_ < s_.size() && s_[i_] != ':') name += s_[i_++];
      expect(':');
      m.emplace(std::move(name), value());
    } while (take(','));
    expect('}');
    return m;
  }
  bool done() const { return i_ == s_.size(); }
  char next() { if (i_ >= s_.size()) throw std::runtime_error("short test value"); return s_[i_++]; }

 private:
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  bool take(char c) { if (peek() == c) { ++i_; return true; } return false; }
  void expect(char c) { if (!take(c)) throw std::runtime_error("expected " + std::string(1, c) + " in " + std::string(s_)); }
  std::string word() {
    std::string w;
    while (i_ < s_.size() && !is_end(s_[i_])) w += s_[i_++];
    return w;
  }
  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace detail

inline std::string to_text(const AttributeValue& v) {
  switch (v.type()) {
    case AttributeType::kString: return "S" + v.scalar();
    case AttributeType::kNumber: return "N" + v.scalar();
    case AttributeType::kBinary: return "B" + v.scalar();
    case AttributeType::kBool: return v.bool_value() ? "T" : "F";
    case AttributeType::kNull: return "Z";
    case AttributeType::kList: {
      std::string out = "[";
      for (std::size_t i = 0; i < v.list_value().size(); ++i) {
        if (i) out += ",";
        out += to_text(v.list_value()[i]);
      }
      return out + "]";
    }
    case AttributeType::kMap: return to_text(v.map_value());
    case AttributeType::kStringSet:
    case AttributeType::kNumberSet:
    case AttributeType::kBinarySet: {
      std::string out = v.type() == AttributeType::kStringSet ? "<S" : v.type() == AttributeType::kNumberSet ? "<N" : "<B";
      for (std::size_t i = 0; i < v.set_members().size(); ++i) {
        if (i) out += "|";
        out += v.set_members()[i];
      }
      return out + ">";
    }
  }
  return "?";
}

inline std::string to_text(const Item& item) {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : item) {
    if (!first) out += ",";
    first = false;
    out += k + ":" + to_text(v);
  }
  return out + "}";
}

inline AttributeValue parse_value(std::string_view text) {
  detail::Reader r(text);
  AttributeValue v = r.value();
  if (!r.done()) throw std::runtime_error("trailing test value text: " + std::string(text));
  return v;
}

inline Item parse_item(std::string_view text) {
  detail::Reader r(text);
  if (r.next() != '{') throw std::runtime_error("item must start with {");
  Item m = r.map_body();
  if (!r.done()) throw std::runtime_error("trailing item text: " + std::string(text));
  return m;
}


}  // namespace dynastore::expr::testing
