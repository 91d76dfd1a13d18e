#include "dynastore/streams/record_json.h"

#include <cinttypes>
#include <cstdio>

#include "dynastore/model/item_size.h"
#include "dynastore/partition/stream_record.h"
#include "dynastore/protocol/wire.h"
#include "dynastore/streams/stream_names.h"

namespace dynastore::streams {

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

Status write_image(json::Writer& writer, std::string_view name, std::string_view encoded) {
  write_key(writer, name);
  return protocol::write_encoded_item(writer, encoded);
}

Result<std::size_t> image_size(std::string_view encoded) {
  return encoded.empty() ? Result<std::size_t>(std::size_t{0}) : model::encoded_item_size(encoded);
}

}  // namespace

Result<std::size_t> write_record_json(json::Writer& writer, const RecordSource& source, std::uint64_t sequence,
                                      std::string_view bytes) {
  auto decoded = partition::decode_stream_record(bytes);
  if (!decoded.is_ok()) return decoded.status();
  const auto& record = decoded.value();
  std::size_t size = 0;
  for (auto part : {record.keys, record.old_image, record.new_image}) {
    auto bytes_of = image_size(part);
    if (!bytes_of.is_ok()) return bytes_of.status();
    size += bytes_of.value();
  }
  const auto& stream = *source.stream;
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
  write_string(writer, source.region);
  write_key(writer, "dynamodb");
  writer.StartObject();
  write_key(writer, "ApproximateCreationDateTime");
  writer.Int64(static_cast<std::int64_t>(record.created_ms / 1000));
  if (auto s = write_image(writer, "Keys", record.keys); !s.is_ok()) return s;
  if (!record.new_image.empty()) {
    if (auto s = write_image(writer, "NewImage", record.new_image); !s.is_ok()) return s;
  }
  if (!record.old_image.empty()) {
    if (auto s = write_image(writer, "OldImage", record.old_image); !s.is_ok()) return s;
  }
  write_key(writer, "SequenceNumber");
  write_string(writer, sequence_number_text(sequence));
  write_key(writer, "SizeBytes");
  writer.Uint64(size);
  write_key(writer, "StreamViewType");
  write_string(writer, catalog::stream_view_type_name(stream.view_type));
  writer.EndObject();
  if (source.lambda_event) {
    write_key(writer, "eventSourceARN");
    write_string(writer, source.stream_arn);
  }
  if (record.by_service) {
    // Developer Guide, "TTL and DynamoDB Streams": deletions by TTL say so.
    // The Streams API's Identity shape capitalises its keys; Lambda events
    // do not.
    write_key(writer, "userIdentity");
    writer.StartObject();
    write_key(writer, source.lambda_event ? "principalId" : "PrincipalId");
    write_string(writer, "dynamodb.amazonaws.com");
    write_key(writer, source.lambda_event ? "type" : "Type");
    write_string(writer, "Service");
    writer.EndObject();
  }
  writer.EndObject();
  return size;
}

}  // namespace dynastore::streams
