// Query: the items of one partition, optionally narrowed by a sort-key
// condition, in sort-key order (or reverse), paged by Limit and 1 MB.
#include "api/attribute_selection.h"
#include "api/key_query.h"
#include "api/operations.h"
#include "api/paged_read.h"
#include "api/table_lookup.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

using protocol::ConstraintErrors;
using protocol::DynamoError;

void query(RequestContext& context, const json::Value& request, json::Writer& response) {
  const auto name = table_name_of(request);
  ConstraintErrors errors;
  const auto limit = protocol::get_integer(request, "Limit");
  if (limit && *limit < 1) errors.add(ConstraintErrors::quoted(std::to_string(*limit)), "limit", "Member must have value greater than or equal to 1");
  errors.throw_if_any();
  const auto index_name = protocol::get_string(request, "IndexName");

  PagedRead read;
  read.limit = limit;
  read.consistent = protocol::get_bool(request, "ConsistentRead").value_or(false);
  read.return_capacity = parse_return_capacity(request);
  read.selection = parse_attribute_selection(request);
  const bool forward = protocol::get_bool(request, "ScanIndexForward").value_or(true);
  reject_unsupported_parameters(request, {"KeyConditionExpression", "FilterExpression", "QueryFilter",
                                          "ConditionalOperator", "ExpressionAttributeValues"});
  const auto* key_conditions = protocol::get_object(request, "KeyConditions");
  if (key_conditions == nullptr) {
    throw DynamoError::validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
  }

  const auto target = ReadTarget::resolve(context, name, index_name);
  if (target.is_global_index() && read.consistent) {
    throw DynamoError::validation("Consistent reads are not supported on global secondary indexes");
  }
  apply_select(request, target, read);
  read.target = &target;
  const KeyQuery key_query = parse_key_conditions(target, *key_conditions);
  read.range = query_range(target, key_query, forward);
  if (const auto* start = protocol::get_object(request, "ExclusiveStartKey")) {
    // Query reports a malformed start key without Scan's detail.
    const auto start_key = target.parse_start_key(*start, /*detailed=*/false);
    if (!in_partition(target, start_key, key_query)) {
      throw DynamoError::validation("The provided starting key is outside query boundaries based on provided conditions");
    }
    if (!start_key_matches(target, start_key, key_query)) {
      throw DynamoError::validation("The provided starting key does not match the range key predicate");
    }
    apply_exclusive_start(target, start_key, read.range);
  }
  run_paged_read(context, read, response);
}

}  // namespace dynastore::api::ops
