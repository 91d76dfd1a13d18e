#include "api/operations.h"
#include "api/status_mapping.h"
#include "api/table_description.h"
#include "api/table_lookup.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

void delete_table(RequestContext& context, const json::Value& request, json::Writer& response) {
  const auto name = table_name_of(request);
  const auto table = require_table(context, name, NotFoundStyle::kControlPlane);
  if (table->deletion_protection) {
    throw protocol::DynamoError::validation(
        "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.");
  }
  // The description reports the table as it was, in DELETING state; its data
  // goes in the same atomic write that removes it from the catalog, so the
  // name is reusable at once and a new table never sees old items.
  const auto stats = unwrap(context.items.stats(*table));
  auto dropped = context.catalog.drop(name);
  if (!dropped.is_ok()) {
    if (dropped.status().code() == StatusCode::kNotFound) {
      throw protocol::DynamoError::resource_not_found("Requested resource not found: Table: " + name + " not found");
    }
    throw_internal(dropped.status());
  }
  catalog::TableInfo deleting = *dropped.value();
  deleting.status = catalog::TableStatus::kDeleting;
  response.StartObject();
  protocol::write_key(response, "TableDescription");
  write_table_description(response, context, deleting, &stats);
  response.EndObject();
}

}  // namespace dynastore::api::ops
