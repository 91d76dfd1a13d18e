// WriteBatch::encode/decode: the replicated form of a batch. The format is
// frozen (docs/storage-format.md, "Write batches (replication unit)"): a
// replica may run another build than the leader, and log entries outlive
// both.
#include "dynastore/storage/write_batch.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "dynastore/common/varint.h"

namespace dynastore::storage {

namespace {

constexpr std::uint8_t kFormatVersion = 1;
constexpr std::size_t kMaxVarintBytes = 10;
constexpr std::size_t kCountersBytes = 16;
// An erase of the empty key: kind, column, key length 0. A count claiming
// more ops than the input could hold is rejected before anything is
// reserved for them.
constexpr std::size_t kSmallestOpBytes = 3;

bool has_value(WriteBatch::OpKind kind) { return kind != WriteBatch::OpKind::kErase; }

bool known_kind(std::uint8_t byte) {
  switch (static_cast<WriteBatch::OpKind>(byte)) {
    case WriteBatch::OpKind::kPut:
    case WriteBatch::OpKind::kErase:
    case WriteBatch::OpKind::kEraseRange:
    case WriteBatch::OpKind::kAddCounters:
      return true;
  }
  return false;
}

// Reads the input front to back; every read fails rather than run past the
// end.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  std::size_t remaining() const { return in_.size(); }

  bool byte(std::uint8_t& out) {
    if (in_.empty()) return false;
    out = static_cast<std::uint8_t>(in_.front());
    in_.remove_prefix(1);
    return true;
  }

  // Only the shortest form of each value is accepted, so that a decoded
  // batch encodes back to the very bytes it came from.
  bool varint(std::uint64_t& out) {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      std::uint8_t b;
      if (!byte(b)) return false;
      if (shift == 63 && b > 1) return false;  // more than 64 bits
      value |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (b == 0 && shift > 0) return false;  // a needless trailing zero group
        out = value;
        return true;
      }
    }
    return false;
  }

  bool bytes(std::string_view& out) {
    std::uint64_t length;
    if (!varint(length) || length > in_.size()) return false;
    out = in_.substr(0, length);
    in_.remove_prefix(length);
    return true;
  }

 private:
  std::string_view in_;
};

Status malformed(std::string_view reason) { return Status::corruption("write batch: " + std::string(reason)); }

Status decode_op(Reader& in, WriteBatch::Op& op) {
  std::uint8_t kind, column;
  if (!in.byte(kind)) return malformed("truncated op");
  if (!known_kind(kind)) return malformed("unknown op kind " + std::to_string(kind));
  if (!in.byte(column)) return malformed("truncated op");
  if (column >= kColumnCount) return malformed("unknown column " + std::to_string(column));
  op.kind = static_cast<WriteBatch::OpKind>(kind);
  op.column = static_cast<Column>(column);
  std::string_view key, value;
  if (!in.bytes(key)) return malformed("bad key length");
  if (has_value(op.kind) && !in.bytes(value)) return malformed("bad value length");
  if (op.kind == WriteBatch::OpKind::kAddCounters && value.size() != kCountersBytes) {
    return malformed("counters not 16 bytes");
  }
  op.key.assign(key);
  op.value.assign(value);
  return Status::ok();
}

}  // namespace

std::string WriteBatch::encode() const {
  std::string out;
  encode_to(out);
  return out;
}

void WriteBatch::encode_to(std::string& out) const {
  std::size_t size = 1 + kMaxVarintBytes;
  for (const auto& op : ops_) size += 2 + 2 * kMaxVarintBytes + op.key.size() + op.value.size();
  out.reserve(out.size() + size);

  out.push_back(static_cast<char>(kFormatVersion));
  append_varint(out, ops_.size());
  for (const auto& op : ops_) {
    out.push_back(static_cast<char>(op.kind));
    out.push_back(static_cast<char>(op.column));
    append_length_prefixed(out, op.key);
    if (has_value(op.kind)) append_length_prefixed(out, op.value);
  }
}

Result<WriteBatch> WriteBatch::decode(std::string_view bytes) {
  Reader in(bytes);
  std::uint8_t version;
  if (!in.byte(version)) return malformed("empty input");
  if (version != kFormatVersion) return malformed("unknown format version " + std::to_string(version));
  std::uint64_t count;
  if (!in.varint(count)) return malformed("bad op count");
  if (count > in.remaining() / kSmallestOpBytes) return malformed("op count exceeds the input");

  WriteBatch batch;
  batch.ops_.reserve(count);
  for (std::uint64_t i = 0; i < count; ++i) {
    Op op{};
    if (Status s = decode_op(in, op); !s.is_ok()) return s;
    batch.ops_.push_back(std::move(op));
  }
  if (in.remaining() != 0) return malformed("trailing bytes");
  return batch;
}

}  // namespace dynastore::storage
