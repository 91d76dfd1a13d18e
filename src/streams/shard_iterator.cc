#include "dynastore/streams/shard_iterator.h"

#include <vector>

namespace dynastore::streams {

namespace {

constexpr std::string_view kVersion = "1";
constexpr char kSeparator = '|';  // in no table key, label, shard id or number

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int high = nibble(hex[i]), low = nibble(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<char>(high * 16 + low));
  }
  return out;
}

std::optional<std::uint64_t> number(std::string_view text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

}  // namespace

std::string encode_shard_iterator(const ShardIterator& iterator) {
  std::string plain(kVersion);
  for (std::string_view part : {std::string_view(iterator.table_key), std::string_view(iterator.label),
                                std::string_view(iterator.shard_id)}) {
    plain.push_back(kSeparator);
    plain.append(part);
  }
  plain.push_back(kSeparator);
  plain.append(std::to_string(iterator.position));
  plain.push_back(kSeparator);
  plain.append(std::to_string(iterator.issued_ms));
  return to_hex(plain);
}

std::optional<ShardIterator> decode_shard_iterator(std::string_view text) {
  if (text.size() > 2048) return std::nullopt;
  auto plain = from_hex(text);
  if (!plain) return std::nullopt;
  std::vector<std::string_view> parts;
  std::string_view rest = *plain;
  for (std::size_t at; (at = rest.find(kSeparator)) != std::string_view::npos; rest.remove_prefix(at + 1)) {
    parts.push_back(rest.substr(0, at));
  }
  parts.push_back(rest);
  if (parts.size() != 6 || parts[0] != kVersion) return std::nullopt;
  auto position = number(parts[4]);
  auto issued = number(parts[5]);
  if (!position || !issued || parts[1].empty() || parts[2].empty() || parts[3].empty()) return std::nullopt;
  return ShardIterator{std::string(parts[1]), std::string(parts[2]), std::string(parts[3]), *position, *issued};
}

}  // namespace dynastore::streams
