#include "api/operations.h"
#include "api/table_description.h"
#include "api/table_lookup.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

void describe_table(RequestContext& context, const json::Value& request, json::Writer& response) {
  const auto name = table_name_of(context, request);
  const auto table = require_table(context, name, NotFoundStyle::kControlPlane);
  response.StartObject();
  protocol::write_key(response, "Table");
  write_table_description(response, context, *table);
  response.EndObject();
}

}  // namespace dynastore::api::ops
