// GetShardIterator (DynamoDB Streams API): where in a shard a reader starts —
// its oldest record still kept (TRIM_HORIZON), after its newest (LATEST),
// at or after a sequence number.
#include "api/operations.h"
#include "api/stream_lookup.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"
#include "dynastore/streams/shard_iterator.h"
#include "dynastore/streams/stream_names.h"
#include "api/status_mapping.h"

namespace dynastore::api::ops {

using protocol::ConstraintErrors;
using protocol::DynamoError;

namespace {

enum class IteratorType { kTrimHorizon, kLatest, kAtSequenceNumber, kAfterSequenceNumber };

std::optional<IteratorType> parse_type(std::string_view text) {
  if (text == "TRIM_HORIZON") return IteratorType::kTrimHorizon;
  if (text == "LATEST") return IteratorType::kLatest;
  if (text == "AT_SEQUENCE_NUMBER") return IteratorType::kAtSequenceNumber;
  if (text == "AFTER_SEQUENCE_NUMBER") return IteratorType::kAfterSequenceNumber;
  return std::nullopt;
}

}  // namespace

void get_shard_iterator(RequestContext& context, const json::Value& request, json::Writer& response) {
  ConstraintErrors errors;
  const auto arn = protocol::get_string(request, "StreamArn");
  if (!arn) errors.add(ConstraintErrors::kNull, "streamArn", "Member must not be null");
  const auto shard = protocol::get_string(request, "ShardId");
  if (!shard) errors.add(ConstraintErrors::kNull, "shardId", "Member must not be null");
  const auto type_text = protocol::get_string(request, "ShardIteratorType");
  std::optional<IteratorType> type;
  if (!type_text) {
    errors.add(ConstraintErrors::kNull, "shardIteratorType", "Member must not be null");
  } else if (!(type = parse_type(*type_text))) {
    errors.add(ConstraintErrors::quoted(*type_text), "shardIteratorType",
               "Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_SEQUENCE_NUMBER, TRIM_HORIZON]");
  }
  const auto sequence_text = protocol::get_string(request, "SequenceNumber");
  errors.throw_if_any();
  const bool needs_sequence = *type == IteratorType::kAtSequenceNumber || *type == IteratorType::kAfterSequenceNumber;
  if (sequence_text && !needs_sequence) {
    throw DynamoError::validation("Sequence number must not be specified for iterator type: " + std::string(*type_text));
  }

  const auto found = find_stream(context, *arn);
  const auto& stream = *found.stream;
  const auto index = shard_index(stream, *shard);
  if (!index) {
    throw DynamoError::resource_not_found("Requested resource not found: Shard does not exist");
  }
  const std::uint64_t start = std::max(stream.shards[*index].start_sequence, stream.trimmed_before);
  const auto end = shard_end(stream, *index);
  std::uint64_t position = start;
  switch (*type) {
    case IteratorType::kTrimHorizon: break;
    case IteratorType::kLatest:
      position = end ? *end : unwrap(context.items.stream_position(stream.stream_id)).next;
      break;
    case IteratorType::kAtSequenceNumber:
    case IteratorType::kAfterSequenceNumber: {
      if (!sequence_text) {
        throw DynamoError::validation("Sequence number must be specified for iterator type: " + std::string(*type_text));
      }
      const auto sequence = streams::parse_sequence_number(*sequence_text);
      const bool in_shard = sequence && *sequence >= stream.shards[*index].start_sequence && (!end || *sequence < *end);
      if (!in_shard) {
        throw DynamoError::validation("Invalid SequenceNumber for ShardIteratorType " + std::string(*type_text) +
                                      ": " + std::string(*sequence_text) + " for shard " + std::string(*shard));
      }
      if (*sequence < stream.trimmed_before) {
        throw DynamoError::trimmed_data_access(
            "The data you are trying to access has been trimmed.");
      }
      position = *type == IteratorType::kAtSequenceNumber ? *sequence : *sequence + 1;
      break;
    }
  }
  const streams::ShardIterator iterator{context.table_key(found.table->name), stream.label, std::string(*shard), position,
                                        static_cast<std::uint64_t>(context.now * 1000.0)};
  response.StartObject();
  protocol::write_key(response, "ShardIterator");
  protocol::write_string(response, streams::encode_shard_iterator(iterator));
  response.EndObject();
}

}  // namespace dynastore::api::ops
