// Finding a stream (DynamoDB Streams API) by its ARN, and the sequence
// number ranges of its shards.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/request_context.h"
#include "dynastore/catalog/table_info.h"

namespace dynastore::api {

struct FoundStream {
  catalog::TablePtr table;
  const catalog::StreamInfo* stream = nullptr;  // points into *table
};

// The stream `arn` names among the caller's tables, or
// ResourceNotFoundException "Requested resource not found: Stream: <arn> not found";
// ValidationException "Invalid StreamArn: <arn>" when it is no stream ARN.
FoundStream find_stream(RequestContext& context, std::string_view arn);
// The stream of table `table_key` with `label`, or nullopt.
std::optional<FoundStream> find_stream_by_label(RequestContext& context, const std::string& table_key,
                                                std::string_view label);

// The index of shard `shard_id` in the stream, or nullopt.
std::optional<std::size_t> shard_index(const catalog::StreamInfo& stream, std::string_view shard_id);
// The sequence number after shard `index`'s last record: the next shard's
// start, or the stream's end once disabled; nullopt while the shard is open.
std::optional<std::uint64_t> shard_end(const catalog::StreamInfo& stream, std::size_t index);

}  // namespace dynastore::api
