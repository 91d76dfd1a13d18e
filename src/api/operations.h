// One function per DynamoDB operation, each in src/api/ops/<operation>.cc.
#pragma once

#include "api/request_context.h"

namespace dynastore::api::ops {

void create_table(RequestContext& context, const json::Value& request, json::Writer& response);
void describe_table(RequestContext& context, const json::Value& request, json::Writer& response);
void list_tables(RequestContext& context, const json::Value& request, json::Writer& response);
void update_table(RequestContext& context, const json::Value& request, json::Writer& response);
void delete_table(RequestContext& context, const json::Value& request, json::Writer& response);
void put_item(RequestContext& context, const json::Value& request, json::Writer& response);
void get_item(RequestContext& context, const json::Value& request, json::Writer& response);
void delete_item(RequestContext& context, const json::Value& request, json::Writer& response);
void batch_get_item(RequestContext& context, const json::Value& request, json::Writer& response);
void batch_write_item(RequestContext& context, const json::Value& request, json::Writer& response);
void update_item(RequestContext& context, const json::Value& request, json::Writer& response);
void query(RequestContext& context, const json::Value& request, json::Writer& response);
void scan(RequestContext& context, const json::Value& request, json::Writer& response);
void tag_resource(RequestContext& context, const json::Value& request, json::Writer& response);
void untag_resource(RequestContext& context, const json::Value& request, json::Writer& response);
void list_tags_of_resource(RequestContext& context, const json::Value& request, json::Writer& response);
void describe_endpoints(RequestContext& context, const json::Value& request, json::Writer& response);
void describe_limits(RequestContext& context, const json::Value& request, json::Writer& response);
void transact_write_items(RequestContext& context, const json::Value& request, json::Writer& response);
void transact_get_items(RequestContext& context, const json::Value& request, json::Writer& response);
void update_time_to_live(RequestContext& context, const json::Value& request, json::Writer& response);
void describe_time_to_live(RequestContext& context, const json::Value& request, json::Writer& response);
void list_streams(RequestContext& context, const json::Value& request, json::Writer& response);
void describe_stream(RequestContext& context, const json::Value& request, json::Writer& response);
void get_shard_iterator(RequestContext& context, const json::Value& request, json::Writer& response);
void execute_statement(RequestContext& context, const json::Value& request, json::Writer& response);
void batch_execute_statement(RequestContext& context, const json::Value& request, json::Writer& response);
void execute_transaction(RequestContext& context, const json::Value& request, json::Writer& response);
void get_records(RequestContext& context, const json::Value& request, json::Writer& response);

}  // namespace dynastore::api::ops
