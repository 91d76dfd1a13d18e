// Query: the items of one partition, optionally narrowed by a sort-key
// condition, in sort-key order (or reverse), paged by Limit and 1 MB.
#include "api/attribute_selection.h"
#include "api/item_keys.h"
#include "api/legacy_parameters.h"
#include "api/request_expressions.h"
#include "api/operations.h"
#include "api/paged_read.h"
#include "api/table_lookup.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

using protocol::DynamoError;

namespace {

// A Query's filter may not name the key attributes it reads by (DynamoDB
// wants those in the key condition).
void check_filter_names(const expr::Condition& filter, const ReadTarget& target, std::string_view parameter) {
  for (const auto* keys : {&target.hash_keys(), &target.range_keys()}) {
    for (const auto& key : *keys) {
      if (filter.top_level_names().count(key.name)) {
        throw DynamoError::validation(std::string(parameter) +
                                      " can only contain non-primary key attributes: Primary key attribute: " + key.name);
      }
    }
  }
}

}  // namespace

void query(RequestContext& context, const json::Value& request, json::Writer& response) {
  const auto name = table_name_of(context, request);
  const auto limit = protocol::get_int32(request, "Limit");  // at least 1 (the request's shape)
  const auto index_name = protocol::get_string(request, "IndexName");

  PagedRead read;
  read.limit = limit;
  read.consistent = protocol::get_bool(request, "ConsistentRead").value_or(false);
  read.return_capacity = parse_return_capacity(request);
  const bool forward = protocol::get_bool(request, "ScanIndexForward").value_or(true);
  // KeyConditions may go with FilterExpression and ProjectionExpression
  // (DynamoDB's mixing rule covers QueryFilter, ConditionalOperator and
  // AttributesToGet), not with KeyConditionExpression. Both lists in
  // DynamoDB's order for the mixing message (ExtendDB's suite run against
  // DynamoDB, 2026; AttributesToGet first as in Scan's).
  RequestExpressions expressions(request, {{"ProjectionExpression", "FilterExpression", "KeyConditionExpression"},
                                           {"AttributesToGet", "QueryFilter", "ConditionalOperator"},
                                           {"KeyConditionExpression", "FilterExpression"},
                                           protocol::ValueWording::kCurrent,
                                           /*enveloped_without_expression=*/false,
                                           {{"KeyConditions", "KeyConditionExpression"}}});
  auto key_expression = expressions.condition("KeyConditionExpression", expr::ExpressionKind::kKeyCondition);
  auto filter = expressions.condition("FilterExpression", expr::ExpressionKind::kFilter);
  read.selection = parse_attribute_selection(request, expressions);
  expressions.finish();
  const auto* key_conditions = protocol::get_object(request, "KeyConditions");
  if (key_conditions == nullptr && !key_expression) {
    throw DynamoError::validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
  }
  const bool legacy_filter = !filter;
  if (!filter) filter = parse_legacy_filter(request, "QueryFilter", protocol::ValueWording::kCurrent);

  const auto target = ReadTarget::resolve(context, name, index_name);
  if (target.is_global_index() && read.consistent) {
    throw DynamoError::validation("Consistent reads are not supported on global secondary indexes");
  }
  apply_select(request, target, read);
  read.target = &target;
  const expr::KeyCondition key_condition =
      key_expression ? value_or_throw(expr::to_key_condition(*key_expression, target.key_attributes()))
                     : parse_key_conditions(*key_conditions, target.key_attributes(), protocol::ValueWording::kCurrent);
  if (filter) {
    check_no_nested_index_keys(target.table(), filter->nested_top_level_names());
    check_filter_names(*filter, target, legacy_filter ? "QueryFilter" : "Filter Expression");
    read.filter = [condition = std::move(*filter)](const model::Item& item) { return expr::evaluate(condition, &item); };
  }
  partition::QueryRead query_read{target.source(), &key_condition, forward, nullptr};
  model::Item start_key;
  if (const auto* start = protocol::get_object(request, "ExclusiveStartKey")) {
    // Query reports a malformed start key without Scan's detail.
    start_key = target.parse_start_key(*start, /*detailed=*/false, protocol::ValueWording::kCurrent);
    query_read.exclusive_start = &start_key;
    switch (partition::fit_of_start_key(query_read)) {
      case partition::StartKeyFit::kOutsidePartition:
        throw DynamoError::validation("The provided starting key is outside query boundaries based on provided conditions");
      case partition::StartKeyFit::kOutsideSortCondition:
        throw DynamoError::validation("The provided starting key does not match the range key predicate");
      default: break;
    }
  }
  read.entries = query_read;
  run_paged_read(context, read, response);
}

}  // namespace dynastore::api::ops
