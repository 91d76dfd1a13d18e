#include "json_peek.h"

namespace dynastore::bench {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::size_t skip_space(std::string_view s, std::size_t i) {
  while (i < s.size() && is_space(s[i])) ++i;
  return i;
}

// End of the string starting at the quote at `i` (one past its closing quote).
std::size_t end_of_string(std::string_view s, std::size_t i) {
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// End of the JSON value starting at `i`, or npos if it is cut short. Nesting is
// bounded by the input length, so the loop is too.
std::size_t end_of_value(std::string_view s, std::size_t i) {
  if (i >= s.size()) return std::string_view::npos;
  if (s[i] == '"') return end_of_string(s, i);
  if (s[i] == '{' || s[i] == '[') {
    std::size_t depth = 0;
    while (i < s.size()) {
      const char c = s[i];
      if (c == '"') {
        i = end_of_string(s, i);
        if (i == std::string_view::npos) return i;
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if (c == '}' || c == ']') {
        if (--depth == 0) return i + 1;
      }
      ++i;
    }
    return std::string_view::npos;
  }
  while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && !is_space(s[i])) ++i;
  return i;
}

}  // namespace

std::optional<std::string_view> find_value(std::string_view json, std::string_view name) {
  std::size_t from = 0;
  while (from < json.size()) {
    const std::size_t at = json.find(name, from);
    if (at == std::string_view::npos) return std::nullopt;
    from = at + name.size();
    // Must be a whole key: "name" followed by ':'.
    if (at == 0 || json[at - 1] != '"' || from >= json.size() || json[from] != '"') continue;
    std::size_t i = skip_space(json, from + 1);
    if (i >= json.size() || json[i] != ':') continue;
    i = skip_space(json, i + 1);
    const std::size_t end = end_of_value(json, i);
    if (end == std::string_view::npos) return std::nullopt;
    return json.substr(i, end - i);
  }
  return std::nullopt;
}

std::optional<std::string_view> find_string(std::string_view json, std::string_view name) {
  const auto value = find_value(json, name);
  if (!value || value->size() < 2 || value->front() != '"') return std::nullopt;
  return value->substr(1, value->size() - 2);
}

std::optional<std::uint64_t> find_uint(std::string_view json, std::string_view name) {
  const auto value = find_value(json, name);
  if (!value || value->empty()) return std::nullopt;
  std::uint64_t n = 0;
  for (const char c : *value) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n;
}

std::string_view error_type(std::string_view json) {
  const auto type = find_string(json, "__type");
  if (!type) return {};
  const std::size_t hash = type->rfind('#');
  return hash == std::string_view::npos ? *type : type->substr(hash + 1);
}

bool is_empty_object(std::string_view value) {
  std::size_t i = skip_space(value, 0);
  if (i >= value.size() || value[i] != '{') return false;
  i = skip_space(value, i + 1);
  return i < value.size() && value[i] == '}' && skip_space(value, i + 1) == value.size();
}

}  // namespace dynastore::bench
