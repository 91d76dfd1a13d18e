// What a Query or Scan reads: the table itself or one of its secondary
// indexes. Hides the two storage layouts (item keys vs index entry keys).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/request_context.h"
#include "dynastore/catalog/catalog.h"
#include "dynastore/model/key_codec.h"

namespace dynastore::api {

class ReadTarget {
 public:
  // Resolves TableName (+ optional IndexName). Throws ResourceNotFound or
  // "The table does not have the specified index: X".
  static ReadTarget resolve(RequestContext& context, const std::string& table_name,
                            std::optional<std::string_view> index_name);

  const catalog::TableInfo& table() const { return *table_; }
  const catalog::IndexInfo* index() const { return index_; }
  bool is_global_index() const { return index_ && index_->schema.kind == model::IndexKind::kGlobal; }
  std::uint32_t storage_id() const { return index_ ? index_->schema.index_id : table_->table_id; }
  // True when entries hold every attribute (a table, or an index projecting ALL).
  bool projects_all() const { return !index_ || index_->schema.projection == model::ProjectionType::kAll; }

  // The read's partition / sort key attributes (an index's may be several).
  const std::vector<model::KeyAttribute>& hash_keys() const { return hash_keys_; }
  const std::vector<model::KeyAttribute>& range_keys() const { return range_keys_; }

  // LastEvaluatedKey of an item: table keys, plus index keys when reading an index.
  model::Item last_evaluated_key(const model::Item& item) const;
  // Parses and checks ExclusiveStartKey (those same attributes). Throws
  // "The provided starting key is invalid", with the reason when `detailed`
  // (Scan) and without it (Query), as DynamoDB answers.
  model::Item parse_start_key(const json::Value& key_json, bool detailed) const;
  // The storage key of the entry `start_key` names.
  std::string storage_key_of(const model::Item& start_key) const;
  // Prefix of the partition whose hash key values are `values`.
  std::string partition_prefix(const std::vector<model::AttributeValue>& values) const;
  // Appends a sort-key part the way this layout stores it: raw bytes as the
  // table's last key part, escaped and terminated in an index (`terminated`
  // false leaves the terminator off, for range bounds).
  void append_sort_part(const model::AttributeValue& value, bool terminated, std::string& out) const;
  // The whole storage range of the target, or one parallel-scan segment.
  model::KeyRange segment(std::uint32_t segment, std::uint32_t total) const {
    return model::segment_range(storage_id(), segment, total);
  }

 private:
  catalog::TablePtr table_;
  const catalog::IndexInfo* index_ = nullptr;  // points into *table_
  std::vector<model::KeyAttribute> hash_keys_;
  std::vector<model::KeyAttribute> range_keys_;
};

}  // namespace dynastore::api
