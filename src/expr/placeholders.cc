#include "dynastore/expr/placeholders.h"

#include <utility>

namespace dynastore::expr {

namespace {

bool valid_key(std::string_view key, char sigil) {
  if (key.size() < 2 || key[0] != sigil) return false;
  for (std::size_t i = 1; i < key.size(); ++i) {
    char c = key[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

template <typename Map, typename Used>
std::string unused_keys(const Map& defined, const Used& used) {
  std::string keys;
  for (const auto& [key, unused_value] : defined) {
    (void)unused_value;
    if (used.contains(key)) continue;
    if (!keys.empty()) keys += ", ";
    keys += key;
  }
  return keys;
}

}  // namespace

Placeholders::Placeholders(std::map<std::string, std::string> names,
                           std::map<std::string, model::AttributeValue> values) {
  for (auto& [k, v] : names) names_.emplace(k, std::move(v));
  for (auto& [k, v] : values) values_.emplace(k, std::move(v));
}

const std::string* Placeholders::name(std::string_view key) {
  auto it = names_.find(key);
  if (it == names_.end()) return nullptr;
  used_names_.emplace(key);
  return &it->second;
}

const model::AttributeValue* Placeholders::value(std::string_view key) {
  auto it = values_.find(key);
  if (it == values_.end()) return nullptr;
  used_values_.emplace(key);
  return &it->second;
}

Status Placeholders::check_keys() const {
  // dynalite validateExpressions: names are checked before values.
  for (const auto& [key, unused_value] : names_) {
    (void)unused_value;
    if (!valid_key(key, '#')) {
      return Status::invalid_argument("ExpressionAttributeNames contains invalid key: Syntax error; key: \"" +
                                      key + "\"");
    }
  }
  for (const auto& [key, unused_value] : values_) {
    (void)unused_value;
    if (!valid_key(key, ':')) {
      return Status::invalid_argument("ExpressionAttributeValues contains invalid key: Syntax error; key: \"" +
                                      key + "\"");
    }
  }
  return Status::ok();
}

Status Placeholders::check_all_used() const {
  std::string names = unused_keys(names_, used_names_);
  if (!names.empty()) {
    return Status::invalid_argument("Value provided in ExpressionAttributeNames unused in expressions: keys: {" +
                                    names + "}");
  }
  std::string values = unused_keys(values_, used_values_);
  if (!values.empty()) {
    return Status::invalid_argument("Value provided in ExpressionAttributeValues unused in expressions: keys: {" +
                                    values + "}");
  }
  return Status::ok();
}

}  // namespace dynastore::expr
