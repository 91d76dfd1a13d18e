#include "dynastore/streams/stream_names.h"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace dynastore::streams {

std::string stream_label(double epoch_seconds) {
  const auto whole = static_cast<std::time_t>(std::floor(epoch_seconds));
  const int millis = static_cast<int>(std::floor((epoch_seconds - std::floor(epoch_seconds)) * 1000.0));
  std::tm utc{};
  gmtime_r(&whole, &utc);
  char text[96];  // room for any int the compiler cannot rule out
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03d", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
  return text;
}

std::string stream_arn(std::string_view region, std::string_view account, std::string_view table,
                       std::string_view label) {
  return "arn:aws:dynamodb:" + std::string(region) + ":" + std::string(account) + ":table/" + std::string(table) +
         "/stream/" + std::string(label);
}

std::optional<ParsedStreamArn> parse_stream_arn(std::string_view arn) {
  if (!arn.starts_with("arn:")) return std::nullopt;
  const auto table_at = arn.find(":table/");
  if (table_at == std::string_view::npos) return std::nullopt;
  const std::string_view rest = arn.substr(table_at + 7);
  const auto stream_at = rest.find("/stream/");
  if (stream_at == std::string_view::npos || stream_at == 0) return std::nullopt;
  ParsedStreamArn parsed{std::string(rest.substr(0, stream_at)), std::string(rest.substr(stream_at + 8))};
  if (parsed.label.empty()) return std::nullopt;
  return parsed;
}

std::string shard_id(double created, std::string_view stream_label, std::size_t index) {
  // FNV-1a over the label and the index: a stable, well-spread suffix.
  std::uint64_t digest = 14695981039346656037ull;
  auto mix = [&digest](unsigned char byte) {
    digest ^= byte;
    digest *= 1099511628211ull;
  };
  for (char c : stream_label) mix(static_cast<unsigned char>(c));
  for (int shift = 0; shift < 64; shift += 8) mix(static_cast<unsigned char>((index >> shift) & 0xFF));
  char text[64];
  std::snprintf(text, sizeof text, "shardId-%020llu-%08x",
                static_cast<unsigned long long>(std::llround(created * 1000.0)),
                static_cast<unsigned>(digest & 0xFFFFFFFFu));
  return text;
}

std::string sequence_number_text(std::uint64_t sequence) {
  char text[32];
  std::snprintf(text, sizeof text, "%021llu", static_cast<unsigned long long>(sequence));
  return text;
}

std::optional<std::uint64_t> parse_sequence_number(std::string_view text) {
  if (text.empty() || text.size() > 40) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

}  // namespace dynastore::streams
