// Writes DynamoDB's TableDescription structure for a table.
#pragma once

#include <optional>

#include "api/request_context.h"
#include "dynastore/catalog/table_info.h"

namespace dynastore::api {

std::string table_arn(const RequestContext& context, const std::string& table_name);
// arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>
std::string stream_arn(const RequestContext& context, const std::string& table_name, const std::string& label);

// Which operation's TableDescription: DeleteTable's leaves out the schema
// (AttributeDefinitions, KeySchema, GlobalSecondaryIndexes,
// LocalSecondaryIndexes) and CreationDateTime, as DynamoDB's does
// (alternator's test_delete_table_description and _with_si, which pass on
// DynamoDB; dynalite#60 quotes a DynamoDB answer without them).
enum class DescriptionFor { kDescribe, kDeleteTable };

// Writes the TableDescription object (the value, not its key). ItemCount and
// TableSizeBytes come from `stats`, or when null from the live statistics.
void write_table_description(json::Writer& writer, RequestContext& context, const catalog::TableInfo& table,
                             const partition::TableStats* stats = nullptr,
                             DescriptionFor purpose = DescriptionFor::kDescribe);

}  // namespace dynastore::api
