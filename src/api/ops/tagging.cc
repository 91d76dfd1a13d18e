// TagResource, UntagResource, ListTagsOfResource: tables addressed by ARN.
// Tag rules from the Developer Guide ("Tagging restrictions"): at most 50 per
// resource, keys 1..128 characters, values 0..256 (the request's shape),
// their character set and the reserved aws: prefix (api/tag_rules.h), a key
// appears once.
#include <algorithm>
#include <functional>

#include "api/operations.h"
#include "api/status_mapping.h"
#include "api/table_lookup.h"
#include "api/table_options.h"
#include "api/tag_rules.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

using protocol::ConstraintErrors;
using protocol::DynamoError;

namespace {

constexpr std::size_t kMaxTags = 50;

// Returns the table named by the request's ResourceArn.
catalog::TablePtr table_of_arn(RequestContext& context, const json::Value& request, std::string& arn) {
  auto text = protocol::get_string(request, "ResourceArn");
  if (!text) {
    ConstraintErrors errors;
    errors.add(ConstraintErrors::kNull, "resourceArn", "Member must not be null");
    errors.throw_if_any();
  }
  arn = std::string(*text);
  const auto parts = parse_table_arn(arn);
  if (!parts) throw DynamoError::validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
  // Another account's ARN is AccessDeniedException, another region's
  // ValidationException; only a table of the caller's account and region can
  // be missing (check_arn_scope).
  check_arn_scope(context, *parts, arn, context.action, ArnMember::kResourceArn);
  auto table = context.find_table(parts->name);
  // DynamoDB's text, "ResourcArn" included.
  if (!table) throw DynamoError::resource_not_found("Requested resource not found: ResourcArn: " + arn + " not found");
  return table;
}

void update_tags(RequestContext& context, const std::string& table_name,
                 const std::function<void(std::vector<catalog::Tag>&)>& change) {
  auto updated = context.catalog.update(context.table_key(table_name), [&](catalog::TableInfo& table) {
    // Observed from DynamoDB: tags of a table being deleted cannot change.
    if (table.status == catalog::TableStatus::kDeleting) return not_active(table);
    change(table.tags);
    if (table.tags.size() > kMaxTags) {
      return Status::invalid_argument("One or more parameter values were invalid: Too many tags");
    }
    return Status::ok();
  });
  if (!updated.is_ok()) {
    if (updated.status().code() == StatusCode::kInvalidArgument) throw DynamoError::validation(updated.status().message());
    if (updated.status().code() == StatusCode::kNotFound) throw DynamoError::resource_not_found("Requested resource not found");
    throw_internal(updated.status());
  }
}

}  // namespace

void tag_resource(RequestContext& context, const json::Value& request, json::Writer&) {
  std::string arn;
  const auto table = table_of_arn(context, request, arn);
  const auto* tags_json = protocol::get_array(request, "Tags");
  ConstraintErrors errors;
  std::vector<catalog::Tag> tags;
  if (tags_json == nullptr) {
    errors.add(ConstraintErrors::kNull, "tags", "Member must not be null");
  } else {
    tags = parse_tags(*tags_json, errors, "tags");
  }
  errors.throw_if_any();
  update_tags(context, table->name, [&](std::vector<catalog::Tag>& current) {
    for (auto& tag : tags) {
      auto it = std::find_if(current.begin(), current.end(), [&](const auto& t) { return t.key == tag.key; });
      if (it != current.end()) {
        it->value = std::move(tag.value);
      } else {
        current.push_back(std::move(tag));
      }
    }
  });
}

void untag_resource(RequestContext& context, const json::Value& request, json::Writer&) {
  std::string arn;
  const auto table = table_of_arn(context, request, arn);
  const auto* keys_json = protocol::get_array(request, "TagKeys");
  if (keys_json == nullptr) {
    ConstraintErrors errors;
    errors.add(ConstraintErrors::kNull, "tagKeys", "Member must not be null");
    errors.throw_if_any();
  }
  std::vector<std::string> keys;
  ConstraintErrors errors;
  for (const auto& key : keys_json->GetArray()) {
    if (!key.IsString()) throw DynamoError::serialization("Unexpected value type in payload");
    keys.emplace_back(key.GetString(), key.GetStringLength());
    add_tag_text_errors(keys.back(), "tagKeys." + std::to_string(keys.size()) + ".member", errors);
  }
  errors.throw_if_any();
  for (const auto& key : keys) check_tag_key_prefix(key);
  update_tags(context, table->name, [&](std::vector<catalog::Tag>& current) {
    std::erase_if(current, [&](const auto& t) { return std::find(keys.begin(), keys.end(), t.key) != keys.end(); });
  });
}

void list_tags_of_resource(RequestContext& context, const json::Value& request, json::Writer& response) {
  std::string arn;
  const auto table = table_of_arn(context, request, arn);
  response.StartObject();
  protocol::write_key(response, "Tags");
  response.StartArray();
  for (const auto& tag : table->tags) {
    response.StartObject();
    protocol::write_key(response, "Key");
    protocol::write_string(response, tag.key);
    protocol::write_key(response, "Value");
    protocol::write_string(response, tag.value);
    response.EndObject();
  }
  response.EndArray();
  response.EndObject();
}

}  // namespace dynastore::api::ops
