// Query: the items of one partition, optionally narrowed by a sort-key
// condition, in sort-key order (or reverse), paged by Limit and 1 MB.
#include "api/attribute_selection.h"
#include "api/key_query.h"
#include "api/operations.h"
#include "api/paged_read.h"
#include "api/table_lookup.h"
#include "dynastore/model/key_codec.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

using protocol::ConstraintErrors;
using protocol::DynamoError;

namespace {

bool starts_in_partition(const catalog::TableInfo& table, const model::Item& start_key, const KeyQuery& query) {
  return start_key.at(table.key_schema.hash.name) == query.partition_value;
}

void check_between_order(const KeyQuery& query) {
  if (!query.sort || query.sort->op != SortKeyCondition::Op::kBetween) return;
  std::string lower, upper;
  model::append_key_value_bytes(query.sort->value, lower);
  model::append_key_value_bytes(query.sort->upper, upper);
  if (lower > upper) {
    throw DynamoError::validation(
        "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to "
        "lower bound");
  }
}

}  // namespace

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
  read.count_only = parse_select(request, read.selection, index_name.has_value()) == Select::kCount;
  const bool forward = protocol::get_bool(request, "ScanIndexForward").value_or(true);
  reject_unsupported_parameters(request, {"KeyConditionExpression", "FilterExpression", "QueryFilter",
                                          "ConditionalOperator", "ExpressionAttributeValues"});
  const auto* key_conditions = protocol::get_object(request, "KeyConditions");
  if (key_conditions == nullptr) {
    throw DynamoError::validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
  }

  const auto table = require_table(context, name, NotFoundStyle::kDataPlane);
  if (index_name) {
    throw DynamoError::validation("The table does not have the specified index: " + std::string(*index_name));
  }
  read.table = table.get();
  const KeyQuery key_query = parse_key_conditions(*table, *key_conditions);
  check_between_order(key_query);
  read.range = query_range(*table, key_query, forward);
  if (const auto* start = protocol::get_object(request, "ExclusiveStartKey")) {
    const auto start_key = parse_exclusive_start_key(*table, *start);
    if (!starts_in_partition(*table, start_key, key_query)) {
      throw DynamoError::validation("The provided starting key is outside query boundaries based on provided conditions");
    }
    apply_exclusive_start(*table, start_key, read.range);
  }
  run_paged_read(context, read, response);
}

}  // namespace dynastore::api::ops
