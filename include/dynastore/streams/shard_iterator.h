// ShardIterator: where a GetRecords reader stands, handed to the client as
// an opaque string (1..2048 characters, as SDKs check) and valid for 15
// minutes (API Reference, GetShardIterator).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dynastore::streams {

struct ShardIterator {
  std::string table_key;   // the catalog key of the stream's table
  std::string label;       // which of its streams
  std::string shard_id;
  std::uint64_t position = 0;   // the sequence number to read next
  std::uint64_t issued_ms = 0;  // when GetShardIterator or GetRecords made it
};

std::string encode_shard_iterator(const ShardIterator& iterator);
// nullopt for anything encode_shard_iterator did not make.
std::optional<ShardIterator> decode_shard_iterator(std::string_view text);

}  // namespace dynastore::streams
