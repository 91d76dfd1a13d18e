// What a replica keeps of the Raft log in its own store: the index of the
// last entry it applied (written in the same atomic write as the entry's
// changes, so a replayed entry is recognised and skipped), and the small
// descriptor a snapshot is made of. Both formats are frozen
// (docs/storage-format.md, "Replication").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dynastore/common/status.h"
#include "dynastore/storage/write_batch.h"

namespace dynastore::replication {

// A log entry: a WriteBatch framed for the Raft library, which requires
// every entry to be a whole number of 8-byte words (its encoding pads them
// and decodes by that rule; an entry of any other length corrupts the
// messages and segments it is in). Frozen: an 8-byte header (format 1 as a
// little-endian u32, the batch's length as a little-endian u32), the
// batch's bytes (storage::WriteBatch::encode), zeros to the next multiple of 8.
std::string encode_entry(const storage::WriteBatch& batch);
// The batch of an entry; corruption for anything encode_entry did not make.
Result<storage::WriteBatch> decode_entry(std::string_view entry);

// Column::kSystem key of the last applied index. Frozen.
inline constexpr std::string_view kAppliedIndexKey = "replication/applied_index";

// Several entries (each made by encode_entry) as one log entry, so that
// proposals made at the same moment share one append and one fsync. Frozen:
// format 2 as a little-endian u32, the count as a little-endian u32, then
// each entry's length as a little-endian u64 and the entry (whole words, so
// the result is too).
std::string join_entries(const std::vector<std::string>& entries);
// The batches of a log entry, one (encode_entry) or several (join_entries),
// in order; corruption for anything else.
Result<std::vector<storage::WriteBatch>> decode_entries(std::string_view entry);

// Column::kSystem keys of the member directory: "replication/member/<id>"
// -> the member's API address, written (replicated) when a member is added,
// so every node can relay requests to any leader. Frozen.
inline constexpr std::string_view kMemberPrefix = "replication/member/";
std::string member_key(std::uint64_t id);
// The id of a member key; nullopt for any other key.
std::optional<std::uint64_t> member_of_key(std::string_view key);

// The index as decimal digits; nullopt for anything else.
std::string encode_applied_index(std::uint64_t index);
std::optional<std::uint64_t> decode_applied_index(std::string_view bytes);

// "dynastore-snapshot 1 <index>": this replica's store holds every entry up
// to <index>.
std::string encode_snapshot_descriptor(std::uint64_t index);
std::optional<std::uint64_t> decode_snapshot_descriptor(std::string_view bytes);

}  // namespace dynastore::replication
