// Scan: the whole table (or one segment of a parallel scan) in hash order,
// paged by Limit and the 1 MB rule.
#include "api/attribute_selection.h"
#include "api/operations.h"
#include "api/paged_read.h"
#include "api/legacy_parameters.h"
#include "api/read_target.h"
#include "api/request_expressions.h"
#include "api/table_lookup.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

using protocol::DynamoError;

namespace {

struct Segmenting {
  std::uint32_t segment = 0;
  std::uint32_t total = 1;
};

// Segment (0..999999) and TotalSegments (1..1000000) are in range: the
// request's shape was checked first (protocol/request_validator.h).
Segmenting parse_segments(const json::Value& request) {
  const auto segment = protocol::get_int32(request, "Segment");
  const auto total = protocol::get_int32(request, "TotalSegments");
  if (segment && !total) {
    throw DynamoError::validation(
        "The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
  }
  if (total && !segment) {
    throw DynamoError::validation(
        "The Segment parameter is required but was not present in the request when parameter TotalSegments is present");
  }
  Segmenting s;
  if (segment) {
    if (*segment >= *total) {
      throw DynamoError::validation("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: " +
                                    std::to_string(*segment) + " is not less than TotalSegments: " + std::to_string(*total));
    }
    s.segment = static_cast<std::uint32_t>(*segment);
    s.total = static_cast<std::uint32_t>(*total);
  }
  return s;
}

}  // namespace

void scan(RequestContext& context, const json::Value& request, json::Writer& response) {
  const auto name = table_name_of(context, request);
  const auto limit = protocol::get_int32(request, "Limit");  // at least 1 (the request's shape)
  const auto segments = parse_segments(request);
  const auto index_name = protocol::get_string(request, "IndexName");

  PagedRead read;
  read.limit = limit;
  read.consistent = protocol::get_bool(request, "ConsistentRead").value_or(false);
  read.return_capacity = parse_return_capacity(request);
  // Both lists in DynamoDB's order for the mixing message (ExtendDB's
  // suite run against DynamoDB, 2026).
  RequestExpressions expressions(request, {{"ProjectionExpression", "FilterExpression"},
                                           {"AttributesToGet", "ScanFilter", "ConditionalOperator"},
                                           {"FilterExpression"},
                                           protocol::ValueWording::kOlder});
  auto filter = expressions.condition("FilterExpression", expr::ExpressionKind::kFilter);
  read.selection = parse_attribute_selection(request, expressions);
  expressions.finish();
  if (!filter) filter = parse_legacy_filter(request, "ScanFilter", protocol::ValueWording::kOlder);
  if (filter) read.filter = [condition = std::move(*filter)](const model::Item& item) { return expr::evaluate(condition, &item); };

  const auto target = ReadTarget::resolve(context, name, index_name);
  if (target.is_global_index() && read.consistent) {
    throw DynamoError::validation("Consistent reads are not supported on global secondary indexes");
  }
  apply_select(request, target, read);
  read.target = &target;
  partition::ScanRead scan_read{target.source(), segments.segment, segments.total, nullptr};
  model::Item start_key;
  if (const auto* start = protocol::get_object(request, "ExclusiveStartKey")) {
    start_key = target.parse_start_key(*start, /*detailed=*/true, protocol::ValueWording::kOlder);
    scan_read.exclusive_start = &start_key;
    if (partition::fit_of_start_key(scan_read) != partition::StartKeyFit::kInside) {
      throw DynamoError::validation(
          "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct "
          "Segment. TotalSegments: " + std::to_string(segments.total) + " Segment: " + std::to_string(segments.segment));
    }
  }
  read.entries = scan_read;
  run_paged_read(context, read, response);
}

}  // namespace dynastore::api::ops
