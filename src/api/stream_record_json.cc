#include "api/stream_record_json.h"

#include <cinttypes>
#include <cstdio>

#include "api/status_mapping.h"
#include "dynastore/model/item_size.h"
#include "dynastore/partition/stream_record.h"
#include "dynastore/protocol/wire.h"
#include "dynastore/streams/stream_names.h"

namespace dynastore::api {

using protocol::write_key;
using protocol::write_string;

namespace {

std::string_view event_name(partition::StreamEvent event) {
  switch (event) {
    case partition::StreamEvent::kInsert: return "INSERT";
    case partition::StreamEvent::kModify: return "MODIFY";
    case partition::StreamEvent::kRemove: return "REMOVE";
  }
  return "MODIFY";
}

void write_image(json::Writer& writer, std::string_view name, std::string_view encoded) {
  write_key(writer, name);
  check(protocol::write_encoded_item(writer, encoded));
}

}  // namespace

std::size_t write_stream_record(json::Writer& writer, const RequestContext& context,
                                const catalog::StreamInfo& stream, std::uint64_t sequence, std::string_view bytes) {
  const auto record = unwrap(partition::decode_stream_record(bytes));
  std::size_t size = unwrap(model::encoded_item_size(record.keys));
  if (!record.old_image.empty()) size += unwrap(model::encoded_item_size(record.old_image));
  if (!record.new_image.empty()) size += unwrap(model::encoded_item_size(record.new_image));

  // Unique per stream and record, 32 hex digits like DynamoDB's.
  char event_id[40];
  std::snprintf(event_id, sizeof event_id, "%016" PRIx64 "%016" PRIx64, static_cast<std::uint64_t>(stream.stream_id),
                sequence);
  writer.StartObject();
  write_key(writer, "eventID");
  write_string(writer, event_id);
  write_key(writer, "eventName");
  write_string(writer, event_name(record.event));
  write_key(writer, "eventVersion");
  write_string(writer, "1.1");
  write_key(writer, "eventSource");
  write_string(writer, "aws:dynamodb");
  write_key(writer, "awsRegion");
  write_string(writer, context.region);
  write_key(writer, "dynamodb");
  writer.StartObject();
  write_key(writer, "ApproximateCreationDateTime");
  writer.Int64(static_cast<std::int64_t>(record.created_ms / 1000));
  write_image(writer, "Keys", record.keys);
  if (!record.new_image.empty()) write_image(writer, "NewImage", record.new_image);
  if (!record.old_image.empty()) write_image(writer, "OldImage", record.old_image);
  write_key(writer, "SequenceNumber");
  write_string(writer, streams::sequence_number_text(sequence));
  write_key(writer, "SizeBytes");
  writer.Uint64(size);
  write_key(writer, "StreamViewType");
  write_string(writer, catalog::stream_view_type_name(stream.view_type));
  writer.EndObject();
  if (record.by_service) {
    // Developer Guide, "TTL and DynamoDB Streams": deletions by TTL say so
    // (the Streams API's Identity shape: Type, PrincipalId).
    write_key(writer, "userIdentity");
    writer.StartObject();
    write_key(writer, "PrincipalId");
    write_string(writer, "dynamodb.amazonaws.com");
    write_key(writer, "Type");
    write_string(writer, "Service");
    writer.EndObject();
  }
  writer.EndObject();
  return size;
}

}  // namespace dynastore::api
