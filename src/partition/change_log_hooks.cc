#include "partition/change_log_hooks.h"

#include <cmath>
#include <cstdlib>
#include <limits>

#include "dynastore/common/clock.h"
#include "dynastore/model/item_codec.h"
#include "dynastore/model/key_codec.h"
#include "dynastore/partition/stream_record.h"

namespace dynastore::partition {

Status StreamHook::plan(const ItemChange& change, WritePlan& plan) const {
  if (!change.table.stream) return Status::ok();
  const StreamTarget& stream = *change.table.stream;
  StreamRecord record;
  if (!change.old_item) {
    record.event = StreamEvent::kInsert;
  } else if (change.new_item == nullptr) {
    record.event = StreamEvent::kRemove;
  } else if (change.old_item.encoded() == change.new_encoded) {
    return Status::ok();  // the item is as it was (equal items encode alike)
  } else {
    record.event = StreamEvent::kModify;
  }
  auto sequence = sequencer_.acquire(stream.stream_id);
  if (!sequence.is_ok()) return sequence.status();
  if (!sequence.value()) return Status::ok();  // the stream was disabled meanwhile
  const std::uint64_t number = *sequence.value();
  plan.on_finish([this, id = stream.stream_id, number] { sequencer_.release(id, number); });

  std::string keys;
  model::encode_item(change.key, keys);
  record.by_service = change.by_service;
  record.created_ms = static_cast<std::uint64_t>(epoch_seconds_now() * 1000.0);
  record.keys = keys;
  if (stream.old_image) record.old_image = change.old_item.encoded();
  if (stream.new_image) record.new_image = change.new_encoded;
  std::string value;
  encode_stream_record(record, value);
  plan.batch().put(storage::Column::kStreams, stream_record_key(stream.stream_id, number), value);
  return Status::ok();
}

std::optional<std::uint64_t> ttl_expiry(const model::Item& item, const std::string& attribute) {
  auto it = item.find(attribute);
  if (it == item.end() || it->second.type() != model::AttributeType::kNumber) return std::nullopt;
  const double seconds = std::strtod(std::string(it->second.scalar()).c_str(), nullptr);
  if (!(seconds >= 0)) return std::nullopt;  // before 1970 (or not a number at all): never expires here
  constexpr double kNever = static_cast<double>(std::numeric_limits<std::int64_t>::max());
  return static_cast<std::uint64_t>(std::floor(std::min(seconds, kNever)));
}

std::string ttl_entry_key(std::uint32_t index_id, std::uint64_t expiry, std::string_view storage_key) {
  std::string key = model::table_prefix(index_id);
  for (int shift = 56; shift >= 0; shift -= 8) key.push_back(static_cast<char>((expiry >> shift) & 0xFF));
  key.append(storage_key);
  return key;
}

Status TtlHook::plan(const ItemChange& change, WritePlan& plan) const {
  if (!change.table.ttl) return Status::ok();
  const TtlTarget& ttl = *change.table.ttl;
  const auto old_expiry = change.old_item ? ttl_expiry(*change.old_item, ttl.attribute) : std::nullopt;
  const auto new_expiry = change.new_item ? ttl_expiry(*change.new_item, ttl.attribute) : std::nullopt;
  if (old_expiry == new_expiry) return Status::ok();
  if (old_expiry) plan.batch().erase(storage::Column::kItems, ttl_entry_key(ttl.index_id, *old_expiry, change.storage_key));
  if (new_expiry) {
    std::string key;
    model::encode_item(change.key, key);
    plan.batch().put(storage::Column::kItems, ttl_entry_key(ttl.index_id, *new_expiry, change.storage_key), key);
  }
  return Status::ok();
}

}  // namespace dynastore::partition
