#include "api/throttling.h"

#include "api/table_description.h"
#include "dynastore/json/json.h"

namespace dynastore::api {

namespace {

// DynamoDB's texts (API Reference, TransactWriteItems, "Cancellation reason
// codes and possible error messages"). The GSI text is as DynamoDB sends it
// (without the final period the reference shows; captured in AWS's
// workshops' logs).
constexpr std::string_view kTableProvisioned =
    "The level of configured provisioned throughput for the table was exceeded. Consider increasing your "
    "provisioning level with the UpdateTable API.";
constexpr std::string_view kIndexProvisioned =
    "The level of configured provisioned throughput for one or more global secondary indexes of the table was "
    "exceeded. Consider increasing your provisioning level for the under-provisioned global secondary indexes with "
    "the UpdateTable API";
// On-demand tables: the texts DynamoDB documents for their throttling.
// Its text for a table held at its MaxRead/WriteRequestUnits is not
// documented; the ThrottlingReasons entry says which limit it was.
constexpr std::string_view kTableOnDemand =
    "Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or "
    "index so please try again shortly. If exceptions persist, check if you have a hot key: "
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html.";
constexpr std::string_view kIndexOnDemand =
    "Throughput exceeds the current capacity for one or more global secondary indexes. DynamoDB is automatically "
    "scaling your index so please try again shortly.";

std::string_view message_of(const Throttle& throttle) {
  if (throttle.on_demand) return throttle.index != nullptr ? kIndexOnDemand : kTableOnDemand;
  return throttle.index != nullptr ? kIndexProvisioned : kTableProvisioned;
}

}  // namespace

protocol::DynamoError throttle_error(const RequestContext& context, const catalog::TableInfo& table,
                                     const Throttle& throttle) {
  // ThrottlingReason (API Reference): ResourceType + OperationType + LimitType.
  std::string reason = throttle.index != nullptr ? "Index" : "Table";
  reason += throttle.access == Access::kRead ? "Read" : "Write";
  reason += throttle.on_demand ? "MaxOnDemandThroughputExceeded" : "ProvisionedThroughputExceeded";
  std::string resource = table_arn(context, table.name);
  if (throttle.index != nullptr) resource += "/index/" + throttle.index->schema.name;

  json::StringBuffer buffer;
  json::Writer writer(buffer);
  writer.StartArray();
  writer.StartObject();
  json::write_key(writer, "reason");
  json::write_string(writer, reason);
  json::write_key(writer, "resource");
  json::write_string(writer, resource);
  writer.EndObject();
  writer.EndArray();
  std::string reasons(buffer.GetString(), buffer.GetSize());
  // The model spells the member differently in the two exceptions.
  if (throttle.on_demand) {
    return protocol::DynamoError::throttling(std::string(message_of(throttle)))
        .with_member_json("throttlingReasons", std::move(reasons));
  }
  return protocol::DynamoError::provisioned_throughput_exceeded(std::string(message_of(throttle)))
      .with_member_json("ThrottlingReasons", std::move(reasons));
}

ThrottleReason throttle_reason(const Throttle& throttle) {
  return {throttle.on_demand ? "ThrottlingError" : "ProvisionedThroughputExceeded", std::string(message_of(throttle))};
}

}  // namespace dynastore::api
