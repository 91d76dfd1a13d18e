// ASCII-only text helpers for protocol tokens (HTTP header names, SigV4
// parts): no locale, no Unicode folding, as RFC 9110 §5.1 wants for names.
#pragma once

#include <cstddef>
#include <string_view>

namespace dynastore {

constexpr char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

}  // namespace dynastore
