// The write hooks that record what changed: a DynamoDB Streams record per
// item change (stream_record.h), and the Time to Live expiry index, both in
// the item's own batch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "dynastore/partition/ttl_expiry.h"
#include "dynastore/partition/write_hook.h"
#include "partition/stream_sequencer.h"

namespace dynastore::partition {

// A record for every change of an item of a table with a stream: INSERT,
// MODIFY or REMOVE, with the images its view type asks for. A write that
// leaves the item as it was writes no record (Developer Guide, "Change data
// capture for DynamoDB Streams").
class StreamHook final : public WriteHook {
 public:
  explicit StreamHook(StreamSequencer& sequencer) : sequencer_(sequencer) {}
  Status plan(const ItemChange& change, WritePlan& plan) const override;

 private:
  StreamSequencer& sequencer_;
};

// The expiry index of a table with TTL: one entry per item whose TTL
// attribute is a Number (epoch seconds), keyed by the expiry, so the sweeper
// reads only what has expired.
//   key:   ttl index id (4 bytes BE) | expiry, whole seconds (8 bytes BE) | item storage key
//   value: the item's key attributes, encoded (model/item_codec.h)
class TtlHook final : public WriteHook {
 public:
  Status plan(const ItemChange& change, WritePlan& plan) const override;
};

std::string ttl_entry_key(std::uint32_t index_id, std::uint64_t expiry, std::string_view storage_key);

}  // namespace dynastore::partition
