// DeleteTable. Only an ACTIVE table can be deleted (ResourceInUseException
// otherwise, also while it is already DELETING, as DynamoDB answers).
#include "api/operations.h"
#include "api/status_mapping.h"
#include "api/stream_specification.h"
#include "api/table_description.h"
#include "api/table_lookup.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

using protocol::DynamoError;

namespace {

// DeleteTable (API Reference): "the corresponding stream on that table goes
// into the DISABLED state"; the catalog keeps it readable for 24 hours.
Status disable_stream_of(RequestContext& context, catalog::TableInfo& table) {
  if (table.enabled_stream() == nullptr) return Status::ok();
  return apply_stream_update(context, StreamRequest{}, table);
}

// With a deleting delay the table stays listed and described as DELETING
// (refused to data-plane operations) until the catalog's transition sweep
// drops it with its data.
catalog::TablePtr mark_deleting(RequestContext& context, const std::string& name) {
  auto marked = context.catalog.update(context.table_key(name), [&](catalog::TableInfo& table) {
    if (!catalog::start_deleting(table, context.status_delays, context.now).is_ok()) return not_active(table);
    return disable_stream_of(context, table);
  });
  if (!marked.is_ok()) throw_table_change_error(marked.status(), name);
  return marked.value();
}

// Without one the table and its data go in one atomic write, so the name
// is reusable at once and a new table never sees old items.
catalog::TableInfo drop_now(RequestContext& context, const std::string& name, const catalog::TableInfo& table) {
  if (table.enabled_stream() != nullptr) {
    auto disabled = context.catalog.update(context.table_key(name),
                                           [&](catalog::TableInfo& info) { return disable_stream_of(context, info); });
    if (!disabled.is_ok()) throw_table_change_error(disabled.status(), name);
  }
  auto dropped = context.catalog.drop(context.table_key(name));
  if (!dropped.is_ok()) throw_table_change_error(dropped.status(), name);
  catalog::TableInfo deleting = *dropped.value();
  deleting.status = catalog::TableStatus::kDeleting;  // how the response shows it
  return deleting;
}

}  // namespace

void delete_table(RequestContext& context, const json::Value& request, json::Writer& response) {
  const auto name = table_name_of(context, request);
  const auto table = require_table(context, name, NotFoundStyle::kControlPlane);
  require_active(*table);
  if (table->deletion_protection) {
    throw DynamoError::validation(
        "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.");
  }
  const auto stats = unwrap(context.items.stats_of(table->table_id));  // the description reports the table as it was
  const catalog::TableInfo deleting =
      context.status_delays.deleting > 0 ? *mark_deleting(context, name) : drop_now(context, name, *table);
  response.StartObject();
  protocol::write_key(response, "TableDescription");
  write_table_description(response, context, deleting, &stats, DescriptionFor::kDeleteTable);
  response.EndObject();
}

}  // namespace dynastore::api::ops
