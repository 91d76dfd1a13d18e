// ListStreams (DynamoDB Streams API): the caller's streams, of one table or
// all, by table name then age, paged by Limit and ExclusiveStartStreamArn.
#include <algorithm>

#include "api/operations.h"
#include "api/stream_lookup.h"
#include "api/table_description.h"
#include "api/table_lookup.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"
#include "dynastore/streams/stream_names.h"

namespace dynastore::api::ops {

using protocol::ConstraintErrors;

namespace {
constexpr std::int64_t kMaxLimit = 100;
}  // namespace

void list_streams(RequestContext& context, const json::Value& request, json::Writer& response) {
  ConstraintErrors errors;
  std::optional<std::string> table_filter;
  if (protocol::find_member(request, "TableName") != nullptr) {
    table_filter = table_name_of(context, request, "TableName", "tableName", errors);
  }
  const auto limit = protocol::get_int32(request, "Limit");
  if (limit && *limit < 1) {
    errors.add(ConstraintErrors::quoted(std::to_string(*limit)), "limit", "Member must have value greater than or equal to 1");
  }
  if (limit && *limit > kMaxLimit) {
    errors.add(ConstraintErrors::quoted(std::to_string(*limit)), "limit", "Member must have value less than or equal to 100");
  }
  const auto start = protocol::get_string(request, "ExclusiveStartStreamArn");
  errors.throw_if_any();
  if (start && !streams::parse_stream_arn(*start)) {
    throw protocol::DynamoError::validation("Invalid ExclusiveStartStreamArn: " + std::string(*start));
  }

  // Every stream of the caller's tables, live or deleted (a deleted
  // table's stream is listed until it is gone), by table name then age.
  struct Listed {
    std::string table, label;
    bool operator<(const Listed& other) const {
      return table != other.table ? table < other.table : label < other.label;
    }
  };
  std::vector<Listed> all;
  auto add_streams_of = [&](const catalog::TableInfo& table) {
    if (table.scope != context.scope || (table_filter && table.name != *table_filter)) return;
    for (const auto& stream : table.streams) all.push_back({table.name, stream.label});
  };
  for (const auto& name : context.catalog.list_names(context.scope, "", SIZE_MAX)) {
    if (const auto table = context.find_table(name)) add_streams_of(*table);
  }
  for (const auto& table : context.catalog.retired_tables()) add_streams_of(*table);
  std::sort(all.begin(), all.end());

  const std::size_t max = static_cast<std::size_t>(limit.value_or(kMaxLimit));
  std::vector<std::pair<std::string, std::string>> found;  // (table, arn) in order
  std::vector<std::string> labels;
  bool started = !start;
  bool more = false;
  for (const auto& [name, label] : all) {
    const std::string arn = stream_arn(context, name, label);
    if (!started) {
      started = arn == *start;
      continue;
    }
    if (found.size() == max) {
      more = true;
      break;
    }
    found.emplace_back(name, arn);
    labels.push_back(label);
  }
  response.StartObject();
  protocol::write_key(response, "Streams");
  response.StartArray();
  for (std::size_t i = 0; i < found.size(); ++i) {
    response.StartObject();
    protocol::write_key(response, "StreamArn");
    protocol::write_string(response, found[i].second);
    protocol::write_key(response, "TableName");
    protocol::write_string(response, found[i].first);
    protocol::write_key(response, "StreamLabel");
    protocol::write_string(response, labels[i]);
    response.EndObject();
  }
  response.EndArray();
  if (more) {
    protocol::write_key(response, "LastEvaluatedStreamArn");
    protocol::write_string(response, found.back().second);
  }
  response.EndObject();
}

}  // namespace dynastore::api::ops
