// WriteBatch: changes that a KvEngine applies atomically, and the unit that
// replication ships between nodes (a Raft log entry) for every replica to
// apply verbatim. A batch is a plain value: copied, compared, and turned
// into bytes and back (encode/decode) in a frozen, versioned format,
// docs/storage-format.md, "Write batches (replication unit)".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dynastore/common/status.h"

namespace dynastore::storage {

// Frozen: column families on disk, by name (see column_name()), and the
// column byte of an encoded WriteBatch.
enum class Column : std::uint8_t {
  kSystem = 0,  // catalog and other metadata
  kItems = 1,   // table items, keyed by model/key_codec
  kStats = 2,   // per-table counters, updated by add_counters merges
  kStreams = 3, // stream records, keyed by partition/stream_record.h
};
inline constexpr int kColumnCount = 4;

// Two signed 64-bit counters that writers adjust by delta (merge, no read):
// e.g. item count and total item bytes of a table.
struct Counters {
  std::int64_t first = 0;
  std::int64_t second = 0;
};

// Serialises Counters the way add_counters/get_counters expect (16 bytes).
std::string encode_counters(Counters c);
Counters decode_counters(std::string_view bytes);

// Not thread-safe to modify; a batch that no one modifies may be read,
// encoded and written from several threads at once.
class WriteBatch {
 public:
  void put(Column column, std::string_view key, std::string_view value);
  void erase(Column column, std::string_view key);
  // Removes every key in [begin, end).
  void erase_range(Column column, std::string_view begin, std::string_view end);
  // Adds deltas to the Counters stored at key (absent counts as zero).
  void add_counters(Column column, std::string_view key, Counters delta);
  // Adds more to the deltas of operation `op`, an add_counters of this
  // batch: as one add_counters of their sums.
  void add_to_counters(std::size_t op, Counters delta);
  // Appends every operation of `other`, in order.
  void append(const WriteBatch& other);
  void append(WriteBatch&& other);
  // Room for `ops` operations without reallocating.
  void reserve(std::size_t ops) { ops_.reserve(ops); }
  bool empty() const { return ops_.empty(); }
  // Removes every operation, keeping the room they took.
  void clear() { ops_.clear(); }
  std::size_t size() const { return ops_.size(); }

  // Frozen: the kind byte of an encoded batch. Never reuse or renumber a
  // value; a new kind takes the next number.
  enum class OpKind : std::uint8_t { kPut = 1, kErase = 2, kEraseRange = 3, kAddCounters = 4 };
  struct Op {
    OpKind kind;
    Column column;
    std::string key;
    std::string value;  // value, range end, or encoded Counters; empty for kErase
    bool operator==(const Op&) const = default;
  };
  const std::vector<Op>& ops() const { return ops_; }
  // Appends one operation.
  void append(Op&& op) { ops_.push_back(std::move(op)); }
  // Hands over the operations, leaving the batch empty.
  std::vector<Op> take_ops() { return std::exchange(ops_, {}); }

  // The same operations in the same order.
  bool operator==(const WriteBatch&) const = default;

  // The batch's bytes. Equal batches encode to equal bytes, on every node
  // and build: a replica may compare or hash them.
  std::string encode() const;
  // Appends the same bytes to out (after a caller's own framing, say).
  void encode_to(std::string& out) const;
  // The batch whose encoding is exactly bytes. Anything else (truncated or
  // trailing bytes, an unknown format version, kind or column, a length
  // beyond the input, a non-minimal varint, counters not 16 bytes) returns
  // Status::corruption with the reason; memory used stays within a small
  // multiple of bytes.size() whatever the input claims.
  static Result<WriteBatch> decode(std::string_view bytes);

 private:
  std::vector<Op> ops_;
};

}  // namespace dynastore::storage
