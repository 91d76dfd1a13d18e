#include "api/stream_lookup.h"

#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/streams/stream_names.h"

namespace dynastore::api {

std::optional<FoundStream> find_stream_by_label(RequestContext& context, const std::string& table_key,
                                                std::string_view label) {
  // A deleted table's streams stay readable (Catalog::retired_tables).
  auto table = context.catalog.find_stream_owner(table_key, label);
  if (!table) return std::nullopt;
  for (const auto& stream : table->streams) {
    if (stream.label == label) return FoundStream{table, &stream};
  }
  return std::nullopt;
}

FoundStream find_stream(RequestContext& context, std::string_view arn) {
  const auto parsed = streams::parse_stream_arn(arn);
  if (!parsed) throw protocol::DynamoError::validation("Invalid StreamArn: " + std::string(arn));
  if (auto found = find_stream_by_label(context, context.table_key(parsed->table), parsed->label)) return *found;
  throw protocol::DynamoError::resource_not_found("Requested resource not found: Stream: " + std::string(arn) +
                                                  " not found");
}

std::optional<std::size_t> shard_index(const catalog::StreamInfo& stream, std::string_view shard_id) {
  for (std::size_t i = 0; i < stream.shards.size(); ++i) {
    if (stream.shards[i].shard_id == shard_id) return i;
  }
  return std::nullopt;
}

std::optional<std::uint64_t> shard_end(const catalog::StreamInfo& stream, std::size_t index) {
  if (index + 1 < stream.shards.size()) return stream.shards[index + 1].start_sequence;
  if (!stream.enabled()) return stream.end_sequence;
  return std::nullopt;
}

}  // namespace dynastore::api
