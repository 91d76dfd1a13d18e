// The names DynamoDB Streams gives things, in the formats SDKs check
// (botocore's service model: stream ARNs 37..1024 characters, shard ids
// 28..65, sequence numbers 21..40 digits):
//   label            2026-12-06T20:50:00.123 (the stream's creation time, UTC)
//   stream ARN       arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>
//   shard id         shardId-<creation ms, 20 digits>-<8 hex digits>
//   sequence number  a record's number, zero-padded to 21 digits
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dynastore::streams {

std::string stream_label(double epoch_seconds);
std::string stream_arn(std::string_view region, std::string_view account, std::string_view table,
                       std::string_view label);

struct ParsedStreamArn {
  std::string table;
  std::string label;
};
// The table and label of a stream ARN; nullopt when it is not one.
std::optional<ParsedStreamArn> parse_stream_arn(std::string_view arn);

// A shard's id: its creation time and a digest of (stream label, shard index),
// so ids differ across shards and streams.
std::string shard_id(double created, std::string_view stream_label, std::size_t index);

std::string sequence_number_text(std::uint64_t sequence);
// nullopt unless 1..40 decimal digits that fit 64 bits.
std::optional<std::uint64_t> parse_sequence_number(std::string_view text);

}  // namespace dynastore::streams
