#include <array>
#include <string_view>

#include "api/operations.h"
#include "api/request_context.h"

namespace dynastore::api {

namespace {

struct Entry {
  std::string_view name;
  Operation operation;
};

// X-Amz-Target values: the DynamoDB API and the DynamoDB Streams API, which
// the same endpoint serves.
constexpr std::array<Entry, 26> kOperations = {{
    {"DynamoDB_20120810.DescribeEndpoints", &ops::describe_endpoints},
    {"DynamoDB_20120810.CreateTable", &ops::create_table},
    {"DynamoDB_20120810.DescribeTable", &ops::describe_table},
    {"DynamoDB_20120810.ListTables", &ops::list_tables},
    {"DynamoDB_20120810.UpdateTable", &ops::update_table},
    {"DynamoDB_20120810.DeleteTable", &ops::delete_table},
    {"DynamoDB_20120810.PutItem", &ops::put_item},
    {"DynamoDB_20120810.GetItem", &ops::get_item},
    {"DynamoDB_20120810.DeleteItem", &ops::delete_item},
    {"DynamoDB_20120810.BatchGetItem", &ops::batch_get_item},
    {"DynamoDB_20120810.BatchWriteItem", &ops::batch_write_item},
    {"DynamoDB_20120810.UpdateItem", &ops::update_item},
    {"DynamoDB_20120810.Query", &ops::query},
    {"DynamoDB_20120810.Scan", &ops::scan},
    {"DynamoDB_20120810.TagResource", &ops::tag_resource},
    {"DynamoDB_20120810.UntagResource", &ops::untag_resource},
    {"DynamoDB_20120810.ListTagsOfResource", &ops::list_tags_of_resource},
    {"DynamoDB_20120810.DescribeLimits", &ops::describe_limits},
    {"DynamoDB_20120810.TransactWriteItems", &ops::transact_write_items},
    {"DynamoDB_20120810.TransactGetItems", &ops::transact_get_items},
    {"DynamoDB_20120810.UpdateTimeToLive", &ops::update_time_to_live},
    {"DynamoDB_20120810.DescribeTimeToLive", &ops::describe_time_to_live},
    {"DynamoDBStreams_20120810.ListStreams", &ops::list_streams},
    {"DynamoDBStreams_20120810.DescribeStream", &ops::describe_stream},
    {"DynamoDBStreams_20120810.GetShardIterator", &ops::get_shard_iterator},
    {"DynamoDBStreams_20120810.GetRecords", &ops::get_records},
}};

// The rest of DynamoDB's operations (botocore 1.43's service model for
// dynamodb 2012-08-10 lists 57; DynamoDB Streams' four are all above).
constexpr std::array<std::string_view, 35> kUnimplemented = {
    "BatchExecuteStatement",
    "CreateBackup",
    "CreateGlobalTable",
    "DeleteBackup",
    "DeleteResourcePolicy",
    "DescribeBackup",
    "DescribeContinuousBackups",
    "DescribeContributorInsights",
    "DescribeExport",
    "DescribeGlobalTable",
    "DescribeGlobalTableSettings",
    "DescribeImport",
    "DescribeKinesisStreamingDestination",
    "DescribeTableReplicaAutoScaling",
    "DisableKinesisStreamingDestination",
    "EnableKinesisStreamingDestination",
    "ExecuteStatement",
    "ExecuteTransaction",
    "ExportTableToPointInTime",
    "GetResourcePolicy",
    "ImportTable",
    "ListBackups",
    "ListContributorInsights",
    "ListExports",
    "ListGlobalTables",
    "ListImports",
    "PutResourcePolicy",
    "RestoreTableFromBackup",
    "RestoreTableToPointInTime",
    "UpdateContinuousBackups",
    "UpdateContributorInsights",
    "UpdateGlobalTable",
    "UpdateGlobalTableSettings",
    "UpdateKinesisStreamingDestination",
    "UpdateTableReplicaAutoScaling",
};

}  // namespace

std::string_view unimplemented_operation(std::string_view target) {
  constexpr std::string_view kPrefix = "DynamoDB_20120810.";
  if (target.substr(0, kPrefix.size()) != kPrefix) return {};
  const std::string_view name = target.substr(kPrefix.size());
  for (const std::string_view known : kUnimplemented) {
    if (known == name) return known;
  }
  return {};
}

Operation find_operation(std::string_view target) {
  for (const auto& entry : kOperations) {
    if (entry.name == target) return entry.operation;
  }
  return nullptr;
}

}  // namespace dynastore::api
