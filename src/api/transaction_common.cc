#include "api/transaction_common.h"

#include <cstdio>

#include "dynastore/protocol/wire.h"

namespace dynastore::api {

using protocol::ConstraintErrors;
using protocol::DynamoError;

const json::Value* check_transact_items(const json::Value& request, std::string_view element_type,
                                        ConstraintErrors& errors) {
  const json::Value* items = protocol::find_member(request, "TransactItems");
  if (items == nullptr || items->IsNull()) {
    errors.add(ConstraintErrors::kNull, "transactItems", "Member must not be null");
    return nullptr;
  }
  if (!items->IsArray()) throw DynamoError::serialization("Unexpected value type in payload");
  if (items->Empty()) {
    errors.add("'[]'", "transactItems", "Member must have length greater than or equal to 1");
    return nullptr;
  }
  if (items->Size() > kMaxTransactionActions) {
    // AWS echoes the list as Java prints it: the element type and an
    // identity hash per element.
    std::string shown = "'[";
    for (json::SizeType i = 0; i < items->Size(); ++i) {
      char element[96];
      std::snprintf(element, sizeof element, "%scom.amazonaws.dynamodb.v20120810.%.*s@%x", i == 0 ? "" : ", ",
                    static_cast<int>(element_type.size()), element_type.data(), 0x10000001u + i);
      shown += element;
    }
    shown += "]'";
    errors.add(shown, "transactItems", "Member must have length less than or equal to 100");
    return nullptr;
  }
  return items;
}

void TransactionTargets::add(std::uint32_t table_id, std::string storage_key) {
  if (!seen_.emplace(table_id, std::move(storage_key)).second) {
    throw DynamoError::validation("Transaction request cannot include multiple operations on one item");
  }
}

DynamoError CancellationReasons::error() const {
  std::string codes;
  json::StringBuffer buffer;
  json::Writer writer(buffer);
  writer.StartArray();
  for (const auto& reason : reasons_) {
    codes += (codes.empty() ? "" : ", ") + reason.code;
    writer.StartObject();
    if (!reason.item_json.empty()) {
      json::write_key(writer, "Item");
      writer.RawValue(reason.item_json.data(), reason.item_json.size(), json::kObjectType);
    }
    json::write_key(writer, "Code");
    json::write_string(writer, reason.code);
    if (!reason.message.empty()) {
      json::write_key(writer, "Message");
      json::write_string(writer, reason.message);
    }
    writer.EndObject();
  }
  writer.EndArray();
  auto error =
      DynamoError::transaction_canceled("Transaction cancelled, please refer cancellation reasons for specific reasons [" +
                                        codes + "]");
  error.with_member_json("CancellationReasons", std::string(buffer.GetString(), buffer.GetSize()));
  return error;
}

TransactionCapacity::Units& TransactionCapacity::of(const std::string& table_name) {
  for (auto& units : tables_) {
    if (units.table_name == table_name) return units;
  }
  tables_.push_back({table_name, 0, 0});
  return tables_.back();
}

void TransactionCapacity::add_read(const std::string& table_name, std::size_t item_size) {
  of(table_name).read += 2 * read_capacity_units(item_size, /*consistent=*/true);
}

void TransactionCapacity::add_write(const std::string& table_name, std::size_t old_size, std::size_t new_size) {
  of(table_name).write += 2 * write_capacity_units(old_size, new_size);
}

void TransactionCapacity::write(json::Writer& writer, ReturnCapacity mode) const {
  if (mode == ReturnCapacity::kNone) return;
  auto write_units = [&writer](const Units& units) {
    protocol::write_key(writer, "CapacityUnits");
    writer.Double(units.read + units.write);
    if (units.read > 0) {
      protocol::write_key(writer, "ReadCapacityUnits");
      writer.Double(units.read);
    }
    if (units.write > 0) {
      protocol::write_key(writer, "WriteCapacityUnits");
      writer.Double(units.write);
    }
  };
  protocol::write_key(writer, "ConsumedCapacity");
  writer.StartArray();
  for (const auto& units : tables_) {
    writer.StartObject();
    protocol::write_key(writer, "TableName");
    protocol::write_string(writer, units.table_name);
    write_units(units);
    if (mode == ReturnCapacity::kIndexes) {
      protocol::write_key(writer, "Table");
      writer.StartObject();
      write_units(units);
      writer.EndObject();
    }
    writer.EndObject();
  }
  writer.EndArray();
}

}  // namespace dynastore::api
