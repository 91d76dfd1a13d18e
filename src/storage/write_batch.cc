#include "dynastore/storage/write_batch.h"

#include <cstring>

namespace dynastore::storage {

void WriteBatch::put(Column column, std::string_view key, std::string_view value) {
  ops_.push_back({OpKind::kPut, column, std::string(key), std::string(value)});
}

void WriteBatch::erase(Column column, std::string_view key) {
  ops_.push_back({OpKind::kErase, column, std::string(key), {}});
}

void WriteBatch::erase_range(Column column, std::string_view begin, std::string_view end) {
  ops_.push_back({OpKind::kEraseRange, column, std::string(begin), std::string(end)});
}

void WriteBatch::add_counters(Column column, std::string_view key, Counters delta) {
  ops_.push_back({OpKind::kAddCounters, column, std::string(key), encode_counters(delta)});
}

void WriteBatch::add_to_counters(std::size_t op, Counters delta) {
  Op& counters = ops_.at(op);
  Counters sum = decode_counters(counters.value);
  sum.first += delta.first;
  sum.second += delta.second;
  counters.value = encode_counters(sum);
}

void WriteBatch::append(const WriteBatch& other) { ops_.insert(ops_.end(), other.ops_.begin(), other.ops_.end()); }

void WriteBatch::append(WriteBatch&& other) {
  if (ops_.empty()) {
    ops_ = std::move(other.ops_);
    return;
  }
  ops_.insert(ops_.end(), std::make_move_iterator(other.ops_.begin()), std::make_move_iterator(other.ops_.end()));
}

std::string encode_counters(Counters c) {
  std::string out(16, '\0');
  // Little-endian fixed width; frozen (stored on disk).
  for (int i = 0; i < 8; ++i) {
    out[i] = static_cast<char>((static_cast<std::uint64_t>(c.first) >> (8 * i)) & 0xFF);
    out[8 + i] = static_cast<char>((static_cast<std::uint64_t>(c.second) >> (8 * i)) & 0xFF);
  }
  return out;
}

Counters decode_counters(std::string_view bytes) {
  Counters c;
  if (bytes.size() != 16) return c;
  std::uint64_t a = 0, b = 0;
  for (int i = 7; i >= 0; --i) {
    a = (a << 8) | static_cast<std::uint8_t>(bytes[i]);
    b = (b << 8) | static_cast<std::uint8_t>(bytes[8 + i]);
  }
  c.first = static_cast<std::int64_t>(a);
  c.second = static_cast<std::int64_t>(b);
  return c;
}

}  // namespace dynastore::storage
