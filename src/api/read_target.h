// What a Query or Scan reads: the table itself or one of its secondary
// indexes, with the request-level rules of each (which index exists and can
// be read, its key attributes, its start keys). partition/ lays them out.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/request_context.h"
#include "dynastore/catalog/catalog.h"
#include "dynastore/expr/key_condition.h"
#include "dynastore/partition/logical_read.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

class ReadTarget {
 public:
  // Resolves TableName (+ optional IndexName). Throws ResourceNotFound or
  // "The table does not have the specified index: X".
  static ReadTarget resolve(RequestContext& context, const std::string& table_name,
                            std::optional<std::string_view> index_name);

  const catalog::TableInfo& table() const { return *table_; }
  const catalog::TablePtr& table_ptr() const { return table_; }
  const catalog::IndexInfo* index() const { return index_; }
  bool is_global_index() const { return index_ && index_->schema.kind == model::IndexKind::kGlobal; }
  // The same, for a logical read of partition/.
  partition::ReadSource source() const { return {table_->write_schema.get(), index_ ? &index_->schema : nullptr}; }
  // True when entries hold every attribute (a table, or an index projecting ALL).
  bool projects_all() const { return !index_ || index_->schema.projection == model::ProjectionType::kAll; }

  // The read's partition / sort key attributes (an index's may be several).
  const std::vector<model::KeyAttribute>& hash_keys() const { return hash_keys_; }
  const std::vector<model::KeyAttribute>& range_keys() const { return range_keys_; }
  expr::KeyAttributes key_attributes() const { return {hash_keys_, range_keys_}; }

  // LastEvaluatedKey of an item: table keys, plus index keys when reading an index.
  model::Item last_evaluated_key(const model::Item& item) const;
  // Parses and checks ExclusiveStartKey (those same attributes). Throws
  // "The provided starting key is invalid", with the reason when `detailed`
  // (Scan) and without it (Query), as DynamoDB answers.
  model::Item parse_start_key(const json::Value& key_json, bool detailed, protocol::ValueWording wording) const;

 private:
  catalog::TablePtr table_;
  const catalog::IndexInfo* index_ = nullptr;  // points into *table_
  std::vector<model::KeyAttribute> hash_keys_;
  std::vector<model::KeyAttribute> range_keys_;
};

}  // namespace dynastore::api
