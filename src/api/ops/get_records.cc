// GetRecords (DynamoDB Streams API): up to Limit (1,000) records or 1 MB from
// a shard iterator, in sequence order, and the iterator to continue with —
// none once a closed shard has been read to its end.
#include "api/operations.h"
#include "api/status_mapping.h"
#include "api/stream_lookup.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"
#include "dynastore/streams/record_json.h"
#include "dynastore/streams/shard_iterator.h"

namespace dynastore::api::ops {

using protocol::ConstraintErrors;
using protocol::DynamoError;

namespace {

constexpr std::int64_t kMaxLimit = 1000;
constexpr std::size_t kMaxPageBytes = 1024 * 1024;

}  // namespace

void get_records(RequestContext& context, const json::Value& request, json::Writer& response) {
  ConstraintErrors errors;
  const auto text = protocol::get_string(request, "ShardIterator");
  if (!text) {
    errors.add(ConstraintErrors::kNull, "shardIterator", "Member must not be null");
  } else if (text->size() > 2048) {
    errors.add(ConstraintErrors::quoted(*text), "shardIterator", "Member must have length less than or equal to 2048");
  }
  const auto limit = protocol::get_int32(request, "Limit");
  if (limit && *limit < 1) {
    errors.add(ConstraintErrors::quoted(std::to_string(*limit)), "limit", "Member must have value greater than or equal to 1");
  }
  if (limit && *limit > kMaxLimit) {
    errors.add(ConstraintErrors::quoted(std::to_string(*limit)), "limit", "Member must have value less than or equal to 1000");
  }
  errors.throw_if_any();

  auto iterator = streams::decode_shard_iterator(*text);
  if (!iterator) throw DynamoError::validation("Invalid ShardIterator");
  const double issued = static_cast<double>(iterator->issued_ms) / 1000.0;
  if (issued + context.stream_iterator_seconds <= context.now) {
    throw DynamoError::expired_iterator("Iterator expired. The iterator was created at time " +
                                       std::to_string(iterator->issued_ms) + " while right now the time is " +
                                       std::to_string(static_cast<std::uint64_t>(context.now * 1000.0)));
  }
  const auto found = find_stream_by_label(context, iterator->table_key, iterator->label);
  if (!found) throw DynamoError::resource_not_found("Requested resource not found: Stream not found");
  const auto& stream = *found->stream;
  const auto index = shard_index(stream, iterator->shard_id);
  if (!index) throw DynamoError::resource_not_found("Requested resource not found: Shard does not exist");
  if (iterator->position < stream.trimmed_before) {
    throw DynamoError::trimmed_data_access(
        "The data you are trying to access has been trimmed.");
  }
  const auto end = shard_end(stream, *index);
  const std::uint64_t to = end.value_or(UINT64_MAX);
  const std::size_t max = static_cast<std::size_t>(limit.value_or(kMaxLimit));

  response.StartObject();
  protocol::write_key(response, "Records");
  response.StartArray();
  std::size_t count = 0, bytes = 0;
  std::optional<std::uint64_t> last;
  const streams::RecordSource source{context.region, &stream, "", false};
  check(context.items.read_stream(stream.stream_id, iterator->position, to, [&](std::uint64_t sequence, std::string_view record) {
    bytes += unwrap(streams::write_record_json(response, source, sequence, record));
    last = sequence;
    return ++count < max && bytes < kMaxPageBytes;
  }));
  response.EndArray();
  // Without records the reader moves to where records are settled, so gaps
  // (abandoned writes) are passed over; never past the shard's end.
  std::uint64_t next = iterator->position;
  if (last) {
    next = *last + 1;
  } else {
    next = std::max(next, std::min(to, unwrap(context.items.stream_position(stream.stream_id)).readable_end));
  }
  const bool drained = end && next >= *end;
  if (!drained) {
    streams::ShardIterator following = *iterator;
    following.position = next;
    following.issued_ms = static_cast<std::uint64_t>(context.now * 1000.0);
    protocol::write_key(response, "NextShardIterator");
    protocol::write_string(response, streams::encode_shard_iterator(following));
  }
  response.EndObject();
}

}  // namespace dynastore::api::ops
