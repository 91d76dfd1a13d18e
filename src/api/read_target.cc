#include "api/read_target.h"

#include "api/item_keys.h"
#include "api/table_lookup.h"
#include "dynastore/model/index_schema.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

using protocol::DynamoError;

ReadTarget ReadTarget::resolve(RequestContext& context, const std::string& table_name,
                               std::optional<std::string_view> index_name) {
  ReadTarget target;
  target.table_ = require_table(context, table_name, NotFoundStyle::kDataPlane);
  const auto& schema = target.table_->key_schema;
  if (index_name) {
    target.index_ = target.table_->find_index(*index_name);
    if (target.index_ == nullptr || target.index_->status == catalog::IndexStatus::kDeleting) {
      throw DynamoError::validation("The table does not have the specified index: " + std::string(*index_name));
    }
    if (target.index_->status == catalog::IndexStatus::kCreating) {
      throw DynamoError::validation("Cannot read from backfilling global secondary index: " + std::string(*index_name));
    }
    target.hash_keys_ = target.index_->schema.hash_keys;
    target.range_keys_ = target.index_->schema.range_keys;
  } else {
    target.hash_keys_ = {schema.hash};
    if (schema.range) target.range_keys_ = {*schema.range};
  }
  return target;
}

model::Item ReadTarget::last_evaluated_key(const model::Item& item) const {
  model::Item key;
  auto copy = [&](const model::KeyAttribute& k) {
    auto it = item.find(k.name);
    if (it != item.end()) key.emplace(k.name, it->second);
  };
  copy(table_->key_schema.hash);
  if (table_->key_schema.range) copy(*table_->key_schema.range);
  for (const auto& k : hash_keys_) copy(k);
  for (const auto& k : range_keys_) copy(k);
  return key;
}

model::Item ReadTarget::parse_start_key(const json::Value& key_json, bool detailed,
                                        protocol::ValueWording wording) const {
  // Query reports a malformed value in its start key as it is, not as an
  // invalid starting key (valueLayers.test.ts: ExclusiveStartKey with a
  // duplicate set member, bare current wording).
  model::Item parsed;
  if (!detailed) parsed = protocol::parse_item(key_json, wording);
  try {
    auto key = detailed ? protocol::parse_item(key_json, wording) : std::move(parsed);
    if (!index_) {
      validate_key(*table_, key);
      return key;
    }
    const auto expected = last_evaluated_key(key);
    bool ok = expected.size() == key.size();
    for (const auto* keys : {&hash_keys_, &range_keys_}) {
      for (const auto& k : *keys) {
        auto it = key.find(k.name);
        ok = ok && it != key.end() && it->second.type() == model::attribute_type_of(k.type);
      }
    }
    model::Item table_key;
    for (const auto& [name, value] : key) {
      if (table_->key_schema.is_key_attribute(name)) table_key.emplace(name, value);
    }
    if (!ok) throw DynamoError::validation("The provided key element does not match the schema");
    validate_key(*table_, table_key);
    return key;
  } catch (const DynamoError& error) {
    if (error.name() != "ValidationException") throw;
    if (!detailed) throw DynamoError::validation("The provided starting key is invalid");
    throw DynamoError::validation("The provided starting key is invalid: " + error.message());
  }
}

}  // namespace dynastore::api
