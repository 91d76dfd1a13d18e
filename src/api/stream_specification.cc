#include "api/stream_specification.h"

#include "dynastore/catalog/table_status.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"
#include "dynastore/streams/stream_names.h"

namespace dynastore::api {

using protocol::ConstraintErrors;
using protocol::DynamoError;

namespace {

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

// A new stream of `table`, created at `now`, ENABLED with one open shard.
void add_new_stream(catalog::TableInfo& table, catalog::StreamViewType view, double now) {
  const std::string label = streams::stream_label(now);
  catalog::add_stream(table, view, label, streams::shard_id(now, label, 0), now);
}

}  // namespace

std::optional<StreamRequest> parse_stream_specification(const json::Value& request, ConstraintErrors& errors) {
  const auto* spec = protocol::get_object(request, "StreamSpecification");
  if (spec == nullptr) return std::nullopt;
  StreamRequest out;
  if (auto enabled = protocol::get_bool(*spec, "StreamEnabled")) {
    out.enabled = *enabled;
  } else {
    errors.add(ConstraintErrors::kNull, "streamSpecification.streamEnabled", "Member must not be null");
  }
  if (auto view = protocol::get_string(*spec, "StreamViewType")) {
    out.view_type = catalog::parse_stream_view_type(*view);
    if (!out.view_type) {
      errors.add(ConstraintErrors::quoted(*view), "streamSpecification.streamViewType",
                 "Member must satisfy enum value set: [OLD_IMAGE, KEYS_ONLY, NEW_AND_OLD_IMAGES, NEW_IMAGE]");
    }
  }
  return out;
}

void apply_stream_on_create(const StreamRequest& stream, catalog::TableInfo& table, double now) {
  if (stream.enabled && !stream.view_type) {
    throw DynamoError::validation(std::string(kInvalid) +
                                  "Table is being created with a stream enabled, UpdateViewType is required");
  }
  if (!stream.enabled && stream.view_type) {
    throw DynamoError::validation(std::string(kInvalid) +
                                  "Table is being created with a stream disabled, UpdateViewType should not be specified");
  }
  if (stream.enabled) add_new_stream(table, *stream.view_type, now);
}

void check_stream_update(const StreamRequest& stream) {
  if (stream.enabled && !stream.view_type) {
    throw DynamoError::validation(std::string(kInvalid) + "If stream is being enabled then UpdateViewType is required");
  }
  if (!stream.enabled && stream.view_type) {
    throw DynamoError::validation(std::string(kInvalid) +
                                  "If stream is being disabled, then UpdateViewType must not be specified");
  }
}

Status apply_stream_update(RequestContext& context, const StreamRequest& stream, catalog::TableInfo& table) {
  const auto* current = table.enabled_stream();
  if (stream.enabled) {
    if (current != nullptr) {
      return Status::invalid_argument("Table already has an enabled stream: TableName: " + table.name);
    }
    add_new_stream(table, *stream.view_type, context.now);
    return Status::ok();
  }
  if (current == nullptr) return Status::invalid_argument("Table has no stream to disable: TableName: " + table.name);
  // Closed first: no record lands after the end the description gives it.
  auto end = context.items.close_stream(current->stream_id);
  if (!end.is_ok()) return end.status();
  catalog::disable_stream(table, end.value(), context.now);
  return Status::ok();
}

}  // namespace dynastore::api
