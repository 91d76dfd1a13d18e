#include "api/operations.h"
#include "api/table_lookup.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

using protocol::ConstraintErrors;

void list_tables(RequestContext& context, const json::Value& request, json::Writer& response) {
  ConstraintErrors errors;
  const auto limit = protocol::get_int32(request, "Limit");
  if (limit && *limit < 1) errors.add(ConstraintErrors::quoted(std::to_string(*limit)), "limit", "Member must have value greater than or equal to 1");
  if (limit && *limit > 100) errors.add(ConstraintErrors::quoted(std::to_string(*limit)), "limit", "Member must have value less than or equal to 100");
  const auto start = protocol::get_string(request, "ExclusiveStartTableName");
  if (start) add_table_name_errors(*start, *start, "exclusiveStartTableName", errors);
  errors.throw_if_any();

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
