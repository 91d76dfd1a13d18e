#include "dynastore/http/request_handler.h"

namespace dynastore::http {

namespace {

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// HTTP field names are ASCII tokens (RFC 9110 §5.1); locale-aware folding
// would be wrong here (and slower).
bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

}  // namespace

const std::string* HttpRequest::header(std::string_view name) const {
  for (const HttpHeader& h : headers) {
    if (ascii_iequals(h.name, name)) return &h.value;
  }
  return nullptr;
}

}  // namespace dynastore::http
