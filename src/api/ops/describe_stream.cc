// DescribeStream (DynamoDB Streams API): status, view type, key schema and
// shards with their sequence number ranges and lineage, paged by Limit and
// ExclusiveStartShardId.
#include "api/operations.h"
#include "api/stream_lookup.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"
#include "dynastore/streams/stream_names.h"

namespace dynastore::api::ops {

using protocol::ConstraintErrors;
using protocol::write_key;
using protocol::write_string;

namespace {

constexpr std::int64_t kMaxLimit = 100;

void write_key_element(json::Writer& w, const model::KeyAttribute& key, std::string_view type) {
  w.StartObject();
  write_key(w, "AttributeName");
  write_string(w, key.name);
  write_key(w, "KeyType");
  write_string(w, type);
  w.EndObject();
}

}  // namespace

void describe_stream(RequestContext& context, const json::Value& request, json::Writer& response) {
  ConstraintErrors errors;
  const auto arn = protocol::get_string(request, "StreamArn");
  if (!arn) errors.add(ConstraintErrors::kNull, "streamArn", "Member must not be null");
  const auto limit = protocol::get_int32(request, "Limit");
  if (limit && *limit < 1) {
    errors.add(ConstraintErrors::quoted(std::to_string(*limit)), "limit", "Member must have value greater than or equal to 1");
  }
  if (limit && *limit > kMaxLimit) {
    errors.add(ConstraintErrors::quoted(std::to_string(*limit)), "limit", "Member must have value less than or equal to 100");
  }
  const auto start = protocol::get_string(request, "ExclusiveStartShardId");
  // ShardFilter {Type: CHILD_SHARDS, ShardId}: only that shard's children
  // (Developer Guide, "Shard discovery").
  std::optional<std::string> parent_filter;
  if (const auto* filter = protocol::find_member(request, "ShardFilter"); filter != nullptr && filter->IsObject()) {
    const auto type = protocol::get_string(*filter, "Type");
    if (!type) {
      errors.add(ConstraintErrors::kNull, "shardFilter.type", "Member must not be null");
    } else if (*type != "CHILD_SHARDS") {
      errors.add(ConstraintErrors::quoted(*type), "shardFilter.type", "Member must satisfy enum value set: [CHILD_SHARDS]");
    }
    parent_filter = protocol::get_string(*filter, "ShardId").value_or("");
  }
  errors.throw_if_any();
  const auto found = find_stream(context, *arn);
  const auto& stream = *found.stream;
  const auto& table = *found.table;

  response.StartObject();
  write_key(response, "StreamDescription");
  response.StartObject();
  write_key(response, "StreamArn");
  write_string(response, *arn);
  write_key(response, "StreamLabel");
  write_string(response, stream.label);
  write_key(response, "StreamStatus");
  write_string(response, catalog::stream_status_name(stream.status));
  write_key(response, "StreamViewType");
  write_string(response, catalog::stream_view_type_name(stream.view_type));
  write_key(response, "CreationRequestDateTime");
  response.Double(stream.created);
  write_key(response, "TableName");
  write_string(response, table.name);
  write_key(response, "KeySchema");
  response.StartArray();
  write_key_element(response, table.key_schema.hash, "HASH");
  if (table.key_schema.range) write_key_element(response, *table.key_schema.range, "RANGE");
  response.EndArray();
  write_key(response, "Shards");
  response.StartArray();
  const std::size_t max = static_cast<std::size_t>(limit.value_or(kMaxLimit));
  std::size_t first = 0;
  if (start) {
    const auto index = shard_index(stream, *start);
    first = index ? *index + 1 : stream.shards.size();
  }
  std::size_t written = 0;
  if (parent_filter) {
    // A shard's only child is the one after it.
    const auto parent = shard_index(stream, *parent_filter);
    first = std::max(first, parent ? *parent + 1 : stream.shards.size());
  }
  const std::size_t past = parent_filter ? std::min(first + 1, stream.shards.size()) : stream.shards.size();
  for (std::size_t i = first; i < past && written < max; ++i, ++written) {
    const auto& shard = stream.shards[i];
    response.StartObject();
    write_key(response, "ShardId");
    write_string(response, shard.shard_id);
    write_key(response, "SequenceNumberRange");
    response.StartObject();
    write_key(response, "StartingSequenceNumber");
    write_string(response, streams::sequence_number_text(shard.start_sequence));
    if (const auto end = shard_end(stream, i)) {
      write_key(response, "EndingSequenceNumber");
      write_string(response, streams::sequence_number_text(std::max(shard.start_sequence, *end - 1)));
    }
    response.EndObject();
    if (i > 0) {
      write_key(response, "ParentShardId");
      write_string(response, stream.shards[i - 1].shard_id);
    }
    response.EndObject();
  }
  response.EndArray();
  if (first + written < past) {
    write_key(response, "LastEvaluatedShardId");
    write_string(response, stream.shards[first + written - 1].shard_id);
  }
  response.EndObject();
  response.EndObject();
}

}  // namespace dynastore::api::ops
