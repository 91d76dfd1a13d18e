#include <array>
#include <string_view>

#include "api/operations.h"
#include "api/request_context.h"

namespace dynastore::api {

namespace {

// X-Amz-Target values: the DynamoDB API and the DynamoDB Streams API, which
// the same endpoint serves.
constexpr std::array<OperationEntry, 29> kOperations = {{
    {"DynamoDB_20120810.DescribeEndpoints", &ops::describe_endpoints, protocol::RequestShape::kDescribeEndpoints},
    {"DynamoDB_20120810.CreateTable", &ops::create_table, protocol::RequestShape::kCreateTable},
    {"DynamoDB_20120810.DescribeTable", &ops::describe_table, protocol::RequestShape::kDescribeTable},
    {"DynamoDB_20120810.ListTables", &ops::list_tables, protocol::RequestShape::kListTables},
    {"DynamoDB_20120810.UpdateTable", &ops::update_table, protocol::RequestShape::kUpdateTable},
    {"DynamoDB_20120810.DeleteTable", &ops::delete_table, protocol::RequestShape::kDeleteTable},
    {"DynamoDB_20120810.PutItem", &ops::put_item, protocol::RequestShape::kPutItem},
    {"DynamoDB_20120810.GetItem", &ops::get_item, protocol::RequestShape::kGetItem},
    {"DynamoDB_20120810.DeleteItem", &ops::delete_item, protocol::RequestShape::kDeleteItem},
    {"DynamoDB_20120810.BatchGetItem", &ops::batch_get_item, protocol::RequestShape::kBatchGetItem},
    {"DynamoDB_20120810.BatchWriteItem", &ops::batch_write_item, protocol::RequestShape::kBatchWriteItem},
    {"DynamoDB_20120810.UpdateItem", &ops::update_item, protocol::RequestShape::kUpdateItem},
    {"DynamoDB_20120810.Query", &ops::query, protocol::RequestShape::kQuery},
    {"DynamoDB_20120810.Scan", &ops::scan, protocol::RequestShape::kScan},
    {"DynamoDB_20120810.TagResource", &ops::tag_resource, protocol::RequestShape::kTagResource},
    {"DynamoDB_20120810.UntagResource", &ops::untag_resource, protocol::RequestShape::kUntagResource},
    {"DynamoDB_20120810.ListTagsOfResource", &ops::list_tags_of_resource, protocol::RequestShape::kListTagsOfResource},
    {"DynamoDB_20120810.DescribeLimits", &ops::describe_limits, protocol::RequestShape::kDescribeLimits},
    {"DynamoDB_20120810.TransactWriteItems", &ops::transact_write_items, protocol::RequestShape::kTransactWriteItems},
    {"DynamoDB_20120810.TransactGetItems", &ops::transact_get_items, protocol::RequestShape::kTransactGetItems},
    {"DynamoDB_20120810.ExecuteStatement", &ops::execute_statement, protocol::RequestShape::kExecuteStatement},
    {"DynamoDB_20120810.BatchExecuteStatement", &ops::batch_execute_statement,
     protocol::RequestShape::kBatchExecuteStatement},
    {"DynamoDB_20120810.ExecuteTransaction", &ops::execute_transaction, protocol::RequestShape::kExecuteTransaction},
    {"DynamoDB_20120810.UpdateTimeToLive", &ops::update_time_to_live, protocol::RequestShape::kUpdateTimeToLive},
    {"DynamoDB_20120810.DescribeTimeToLive", &ops::describe_time_to_live, protocol::RequestShape::kDescribeTimeToLive},
    {"DynamoDBStreams_20120810.ListStreams", &ops::list_streams, protocol::RequestShape::kListStreams},
    {"DynamoDBStreams_20120810.DescribeStream", &ops::describe_stream, protocol::RequestShape::kDescribeStream},
    {"DynamoDBStreams_20120810.GetShardIterator", &ops::get_shard_iterator, protocol::RequestShape::kGetShardIterator},
    {"DynamoDBStreams_20120810.GetRecords", &ops::get_records, protocol::RequestShape::kGetRecords},
}};

// The rest of DynamoDB's operations (botocore 1.43's service model for
// dynamodb 2012-08-10 lists 57; DynamoDB Streams' four are all above).
constexpr std::array<std::string_view, 32> kUnimplemented = {
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

const OperationEntry* find_operation(std::string_view target) {
  for (const auto& entry : kOperations) {
    if (entry.name == target) return &entry;
  }
  return nullptr;
}

}  // namespace dynastore::api
