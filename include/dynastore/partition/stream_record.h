// A DynamoDB Streams record as stored, written in the same batch as the item
// change it describes (so neither exists without the other, also across a
// crash). Frozen (docs/storage-format.md):
//
//   key:   stream_id (4 bytes BE) | sequence number (8 bytes BE)
//   value: version byte 1 | event (1 byte: 1 INSERT, 2 MODIFY, 3 REMOVE)
//          | flags (1 byte: bit 0 = made by the service, a TTL deletion)
//          | creation time, ms since the epoch (8 bytes BE)
//          | varint length + keys | varint length + old image
//          | varint length + new image
//
// Keys and images are items in model/item_codec.h's encoding; an image the
// stream's view type leaves out is stored empty.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "dynastore/common/status.h"

namespace dynastore::partition {

// Frozen values.
enum class StreamEvent : std::uint8_t { kInsert = 1, kModify = 2, kRemove = 3 };

struct StreamRecord {
  StreamEvent event = StreamEvent::kInsert;
  bool by_service = false;
  std::uint64_t created_ms = 0;
  std::string_view keys;       // encoded item; views into the decoded bytes
  std::string_view old_image;  // empty when absent
  std::string_view new_image;  // empty when absent
};

void encode_stream_record(const StreamRecord& record, std::string& out);
// The record `bytes` holds; its views point into `bytes`. Corruption when
// the bytes are not a record of this version.
Result<StreamRecord> decode_stream_record(std::string_view bytes);

// The storage key of record `sequence` of stream `stream_id`.
std::string stream_record_key(std::uint32_t stream_id, std::uint64_t sequence);

}  // namespace dynastore::partition
