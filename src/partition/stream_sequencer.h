// Sequence numbers of stream records, one counter per stream, handed out in
// increasing order while the items' locks are held. Writes commit in any
// order, so a reader must not move past a number whose record may still
// land: readable_end is the smallest number still in flight (or the next one
// to hand out), below which every record has been committed or abandoned.
//
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>

#include "dynastore/common/status.h"
#include "dynastore/storage/kv_engine.h"

namespace dynastore::partition {

class StreamSequencer {
 public:
  explicit StreamSequencer(storage::KvEngine& engine) : engine_(engine) {}

  // A number for a new record of the stream, to release() once the write is
  // committed or abandoned; nullopt once the stream is closed.
  Result<std::optional<std::uint64_t>> acquire(std::uint32_t stream_id);
  void release(std::uint32_t stream_id, std::uint64_t sequence);

  struct Position {
    std::uint64_t next = 1;          // the number the next record would get
    std::uint64_t readable_end = 1;  // every record below it is settled
  };
  Result<Position> position(std::uint32_t stream_id);

  // Hands out no more numbers for the stream; returns the next one it would
  // have (the end of its last shard).
  Result<std::uint64_t> close(std::uint32_t stream_id);

  // Drops what it loaded of streams with no number in flight, so the next
  // use reloads it from the store: for a replica whose store was written by
  // another node (it applied a leader's records, or becomes leader itself).
  void forget_idle();

 private:
  struct State {
    std::uint64_t next = 1;
    bool closed = false;
    std::set<std::uint64_t> in_flight;
  };
  // The stream's state, loaded on first use from its last stored record.
  // REQUIRES: mutex_ held.
  Result<State*> state(std::uint32_t stream_id);

  storage::KvEngine& engine_;
  std::mutex mutex_;
  std::unordered_map<std::uint32_t, State> streams_;
};

}  // namespace dynastore::partition
