#include "partition/stream_sequencer.h"

#include "dynastore/model/key_codec.h"

namespace dynastore::partition {

Result<StreamSequencer::State*> StreamSequencer::state(std::uint32_t stream_id) {
  auto it = streams_.find(stream_id);
  if (it != streams_.end()) return &it->second;
  State loaded;
  auto scan = engine_.scan(storage::Column::kStreams, model::table_prefix(stream_id), model::table_prefix(stream_id + 1));
  scan->seek_to_last();
  if (scan->valid()) {
    const auto key = scan->key();
    if (key.size() != model::kTablePrefixSize + 8) return Status::corruption("bad stream record key");
    std::uint64_t last = 0;
    for (std::size_t i = model::kTablePrefixSize; i < key.size(); ++i) last = (last << 8) | static_cast<std::uint8_t>(key[i]);
    loaded.next = last + 1;
  }
  if (auto s = scan->status(); !s.is_ok()) return s;
  return &streams_.emplace(stream_id, std::move(loaded)).first->second;
}

void StreamSequencer::forget_idle() {
  std::lock_guard lock(mutex_);
  std::erase_if(streams_, [](const auto& entry) { return entry.second.in_flight.empty(); });
}

Result<std::optional<std::uint64_t>> StreamSequencer::acquire(std::uint32_t stream_id) {
  std::lock_guard lock(mutex_);
  auto stream = state(stream_id);
  if (!stream.is_ok()) return stream.status();
  State& s = *stream.value();
  if (s.closed) return std::optional<std::uint64_t>();
  const std::uint64_t sequence = s.next++;
  s.in_flight.insert(sequence);
  return std::optional<std::uint64_t>(sequence);
}

void StreamSequencer::release(std::uint32_t stream_id, std::uint64_t sequence) {
  std::lock_guard lock(mutex_);
  auto it = streams_.find(stream_id);
  if (it != streams_.end()) it->second.in_flight.erase(sequence);
}

Result<StreamSequencer::Position> StreamSequencer::position(std::uint32_t stream_id) {
  std::lock_guard lock(mutex_);
  auto stream = state(stream_id);
  if (!stream.is_ok()) return stream.status();
  const State& s = *stream.value();
  return Position{s.next, s.in_flight.empty() ? s.next : *s.in_flight.begin()};
}

Result<std::uint64_t> StreamSequencer::close(std::uint32_t stream_id) {
  std::lock_guard lock(mutex_);
  auto stream = state(stream_id);
  if (!stream.is_ok()) return stream.status();
  stream.value()->closed = true;
  return stream.value()->next;
}

}  // namespace dynastore::partition
