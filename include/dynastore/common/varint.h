// Unsigned LEB128 varints, as the frozen formats use them (the item encoding,
// model/item_codec.h, and the write batch encoding, storage/write_batch.h):
// 7 bits a byte, low group first, the high bit set on every byte but the last.
// Their readers stay with each format: each has its own rules for what it
// accepts (a write batch only the shortest form, so it re-encodes to the same
// bytes).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dynastore {

// Appends `value` in its shortest form (1 to 10 bytes).
inline void append_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

// Appends the length of `bytes` as a varint, then the bytes.
inline void append_length_prefixed(std::string& out, std::string_view bytes) {
  append_varint(out, bytes.size());
  out.append(bytes);
}

}  // namespace dynastore
