#include "api/operations.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

void list_tables(RequestContext& context, const json::Value& request, json::Writer& response) {
  // Limit (1..100) and ExclusiveStartTableName (a table name) were checked
  // with the request's shape (protocol/request_validator.h).
  const auto limit = protocol::get_int32(request, "Limit");
  const auto start = protocol::get_string(request, "ExclusiveStartTableName");

  const std::size_t page = static_cast<std::size_t>(limit.value_or(100));
  // One extra name tells whether another page exists.
  auto names = context.catalog.list_names(context.scope, start.value_or(""), page + 1);
  const bool more = names.size() > page;
  if (more) names.pop_back();

  response.StartObject();
  protocol::write_key(response, "TableNames");
  response.StartArray();
  for (const auto& name : names) protocol::write_string(response, name);
  response.EndArray();
  if (more) {
    protocol::write_key(response, "LastEvaluatedTableName");
    protocol::write_string(response, names.back());
  }
  response.EndObject();
}

}  // namespace dynastore::api::ops
