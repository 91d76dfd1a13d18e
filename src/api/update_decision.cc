#include "api/update_decision.h"

#include "api/item_keys.h"
#include "dynastore/model/item_size.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

using protocol::DynamoError;

namespace {

bool only_removes(const expr::UpdatePlan& plan) {
  if (plan.actions().empty()) return false;
  for (const auto& action : plan.actions()) {
    if (action.kind != expr::UpdateAction::Kind::kRemove && action.kind != expr::UpdateAction::Kind::kDelete) return false;
  }
  return true;
}

// Whether `name` keys one of the table's indexes with `type`.
bool keys_an_index_as(const catalog::TableInfo& table, const std::string& name, model::AttributeType type) {
  for (const auto& index : table.indexes) {
    for (const auto* keys : {&index.schema.hash_keys, &index.schema.range_keys}) {
      for (const auto& key : *keys) {
        if (key.name == name && model::attribute_type_of(key.type) == type) return true;
      }
    }
  }
  return false;
}

// "SET k = :v" where k keys an index and :v is an empty string or binary:
// refused on the request, before any item is read (a transaction's Update
// too, with a ValidationException rather than a cancellation), in the
// update's own words, without the IndexName and IndexKey a put names
// (Ketlark/dynamodb-conformance tests/tier3/error-messages/
// indexKeyValues.test.ts, updateItem.test.ts and transactIndexKeys.test.ts).
void check_no_empty_index_key_set(const catalog::TableInfo& table, const expr::UpdatePlan& plan) {
  if (table.indexes.empty()) return;
  for (const auto& action : plan.actions()) {
    if (action.kind != expr::UpdateAction::Kind::kSet || action.path.size() != 1 || action.path[0].is_index ||
        action.value.kind != expr::Operand::Kind::kValue) {
      continue;
    }
    const auto type = action.value.value.type();
    if ((type != model::AttributeType::kString && type != model::AttributeType::kBinary) ||
        !action.value.value.scalar().empty() || !keys_an_index_as(table, action.path[0].name, type)) {
      continue;
    }
    throw DynamoError::validation(
        std::string("One or more parameter values are not valid. The update expression attempted to update a "
                    "secondary index key to a value that is not supported. The AttributeValue for a key attribute "
                    "cannot contain an empty ") +
        (type == model::AttributeType::kBinary ? "binary" : "string") + " value.");
  }
}

}  // namespace

void check_update_plan(const catalog::TableInfo& table, const expr::UpdatePlan& plan) {
  for (const auto& name : plan.modified_top_level_names()) {
    if (table.key_schema.is_key_attribute(name)) {
      throw DynamoError::validation("One or more parameter values were invalid: Cannot update attribute " + name +
                                    ". This attribute is part of the key");
    }
  }
  check_no_nested_index_keys(table, plan.nested_top_level_names());
  check_no_empty_index_key_set(table, plan);
}

partition::Decision decide_update(const catalog::TableInfo& table, const model::Item& key,
                                  const std::optional<expr::UpdatePlan>& plan, const partition::StoredItem& current) {
  if (!current && plan && only_removes(*plan)) return partition::Decision::keep();
  model::Item updated = current ? *current : key;
  if (plan) {
    auto s = expr::apply_update(*plan, updated, current.has_value());
    if (!s.is_ok()) return partition::Decision::invalid(s.message());
    // A SET at a 32-element path with a 31-level value would build an item
    // that PutItem refuses and that could never be written back: the limit
    // holds for every item, however it is built.
    if (model::item_nested_beyond(updated, protocol::kMaxAttributeDepth)) {
      return partition::Decision::invalid(std::string(protocol::kNestingTooDeep));
    }
  }
  try {
    validate_item_for_write(table, updated, "Item size to update has exceeded the maximum allowed size");
  } catch (const DynamoError& error) {
    return partition::Decision::invalid(error.message());
  }
  return partition::Decision::put_new(std::move(updated));
}

}  // namespace dynastore::api
