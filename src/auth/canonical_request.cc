#include "auth/canonical_request.h"

#include <algorithm>
#include <utility>

#include "auth/crypto.h"

namespace dynastore::auth {

namespace {

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '~';
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

void percent_encode(std::string_view in, bool keep_slash, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const char ch : in) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c) || (keep_slash && c == '/')) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded decoding. A '%' not followed by two hex
// digits is kept literally (and will be re-encoded as %25).
std::string form_decode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < in.size() && hex_value(in[i + 1]) >= 0 && hex_value(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string canonical_uri(std::string_view raw_path) {
  if (raw_path.empty()) return "/";
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= raw_path.size()) {
    std::size_t end = raw_path.find('/', start);
    if (end == std::string_view::npos) end = raw_path.size();
    const std::string_view segment = raw_path.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string path;
  if (raw_path.front() == '/') path.push_back('/');
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) path.push_back('/');
    path.append(segments[i]);
  }
  if (raw_path.back() == '/' && !segments.empty()) path.push_back('/');
  std::string out;
  out.reserve(path.size() + 8);
  percent_encode(path, /*keep_slash=*/true, out);
  return out;
}

std::string canonical_query(std::string_view raw_query) {
  if (raw_query.empty()) return {};
  std::vector<std::pair<std::string, std::string>> pairs;
  std::size_t start = 0;
  while (start <= raw_query.size()) {
    std::size_t end = raw_query.find('&', start);
    if (end == std::string_view::npos) end = raw_query.size();
    const std::string_view piece = raw_query.substr(start, end - start);
    if (!piece.empty()) {
      const std::size_t eq = piece.find('=');
      const std::string_view name = piece.substr(0, eq);
      const std::string_view value = eq == std::string_view::npos ? std::string_view{} : piece.substr(eq + 1);
      std::pair<std::string, std::string> encoded;
      percent_encode(form_decode(name), /*keep_slash=*/false, encoded.first);
      percent_encode(form_decode(value), /*keep_slash=*/false, encoded.second);
      pairs.push_back(std::move(encoded));
    }
    start = end + 1;
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty()) out.push_back('&');
    out.append(name).append("=").append(value);
  }
  return out;
}

std::string trim_all(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool pending_space = false;
  for (const char c : value) {
    if (is_space(c)) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.push_back(c);
    }
  }
  return out;
}

std::vector<std::string_view> split_signed_headers(std::string_view signed_headers) {
  std::vector<std::string_view> names;
  std::size_t start = 0;
  while (start <= signed_headers.size()) {
    std::size_t end = signed_headers.find(';', start);
    if (end == std::string_view::npos) end = signed_headers.size();
    if (end > start) names.push_back(signed_headers.substr(start, end - start));
    start = end + 1;
  }
  return names;
}

std::string canonical_request(const SignedRequest& request, const std::vector<std::string_view>& signed_names,
                              std::string_view signed_headers, std::string_view payload_hash) {
  std::string out;
  out.reserve(256 + request.path.size() + request.query.size() + signed_headers.size() + 64 * signed_names.size());
  // botocore upper-cases the method it signs; do the same for what we received.
  for (const char c : request.method) out.push_back((c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c);
  out.push_back('\n');
  out.append(canonical_uri(request.path)).push_back('\n');
  out.append(canonical_query(request.query)).push_back('\n');
  for (const std::string_view name : signed_names) {
    for (const char c : name) out.push_back(lower(c));
    out.push_back(':');
    bool first = true;
    for (const auto& [header_name, header_value] : request.headers) {
      if (!iequals(header_name, name)) continue;
      if (!first) out.push_back(',');
      out.append(trim_all(header_value));
      first = false;
    }
    out.push_back('\n');
  }
  out.push_back('\n');
  out.append(signed_headers).push_back('\n');
  out.append(payload_hash);
  return out;
}

std::string string_to_sign(std::string_view amz_date, std::string_view credential_scope,
                           std::string_view canonical_request) {
  std::string out;
  out.reserve(17 + amz_date.size() + credential_scope.size() + 2 + 64);
  out.append("AWS4-HMAC-SHA256\n").append(amz_date).append("\n").append(credential_scope).append("\n");
  out.append(to_hex(sha256(canonical_request)));
  return out;
}

}  // namespace dynastore::auth
