#include "dynastore/partition/stream_record.h"

#include "dynastore/common/varint.h"
#include "dynastore/model/key_codec.h"

namespace dynastore::partition {

namespace {

constexpr std::uint8_t kVersion = 1;
constexpr std::uint8_t kByService = 1;

void append_u64(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

// Reads the input front to back; every read fails rather than run past the end.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool byte(std::uint8_t& out) {
    if (in_.empty()) return false;
    out = static_cast<std::uint8_t>(in_.front());
    in_.remove_prefix(1);
    return true;
  }
  bool u64(std::uint64_t& out) {
    if (in_.size() < 8) return false;
    out = 0;
    for (int i = 0; i < 8; ++i) out = (out << 8) | static_cast<std::uint8_t>(in_[static_cast<std::size_t>(i)]);
    in_.remove_prefix(8);
    return true;
  }
  bool bytes(std::string_view& out) {
    std::uint64_t length = 0;
    for (int shift = 0;; shift += 7) {
      std::uint8_t b;
      if (shift > 63 || !byte(b)) return false;
      length |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) break;
    }
    if (length > in_.size()) return false;
    out = in_.substr(0, length);
    in_.remove_prefix(length);
    return true;
  }
  bool done() const { return in_.empty(); }

 private:
  std::string_view in_;
};

}  // namespace

void encode_stream_record(const StreamRecord& record, std::string& out) {
  out.push_back(static_cast<char>(kVersion));
  out.push_back(static_cast<char>(record.event));
  out.push_back(static_cast<char>(record.by_service ? kByService : 0));
  append_u64(out, record.created_ms);
  append_length_prefixed(out, record.keys);
  append_length_prefixed(out, record.old_image);
  append_length_prefixed(out, record.new_image);
}

Result<StreamRecord> decode_stream_record(std::string_view bytes) {
  Reader in(bytes);
  std::uint8_t version = 0, event = 0, flags = 0;
  StreamRecord record;
  if (!in.byte(version) || version != kVersion || !in.byte(event) || event < 1 || event > 3 || !in.byte(flags) ||
      !in.u64(record.created_ms) || !in.bytes(record.keys) || !in.bytes(record.old_image) ||
      !in.bytes(record.new_image) || !in.done()) {
    return Status::corruption("bad stream record");
  }
  record.event = static_cast<StreamEvent>(event);
  record.by_service = (flags & kByService) != 0;
  return record;
}

std::string stream_record_key(std::uint32_t stream_id, std::uint64_t sequence) {
  std::string key = model::table_prefix(stream_id);
  append_u64(key, sequence);
  return key;
}

}  // namespace dynastore::partition
