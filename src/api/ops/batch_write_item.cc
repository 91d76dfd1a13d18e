// BatchWriteItem: up to 25 puts/deletes across tables. The whole request is
// validated before anything is written, so a bad request writes nothing.
// DynamoDB makes each write atomic on its own, not the batch; here the batch
// goes through the store's one write path as a whole, so it is atomic too
// (a stronger guarantee no client can tell from the weaker one).
#include <set>

#include "api/item_keys.h"
#include "api/operations.h"
#include "api/status_mapping.h"
#include "api/table_lookup.h"
#include "api/write_options.h"
#include "dynastore/model/item_size.h"
#include "dynastore/model/key_codec.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

using protocol::ConstraintErrors;
using protocol::DynamoError;

namespace {

constexpr std::size_t kMaxWrites = 25;

struct PendingWrite {
  catalog::TablePtr table;
  bool is_put = false;
  model::Item item;  // the item for a put, the key for a delete
  model::Item key;   // the key alone
};

std::string name_of(const json::Value& name) { return {name.GetString(), name.GetStringLength()}; }

void check_request_items_shape(const RequestContext& context, const json::Value* request_items) {
  ConstraintErrors errors;
  if (request_items == nullptr) {
    errors.add(ConstraintErrors::kNull, "requestItems", "Member must not be null");
  } else if (request_items->MemberCount() == 0) {
    // An empty map: DynamoDB is moving from "The requestItems parameter is
    // required for BatchWriteItem" to this constraint form region by region, and some
    // regions have given both (paritysuite/dynamodb-conformance captures
    // 2026-10-07-batch-empty-request-items.json and cross-region-latest.json,
    // error-messages/batchWriteItem.test.ts). We answer the newer form.
    errors.add_unechoed("RequestItems", "Member must have length greater than or equal to 1");
  } else {
    for (const auto& entry : request_items->GetObject()) {
      const auto name = name_of(entry.name);
      (void)bare_table_name(context, name, "requestItems.key", errors);
      if (!entry.value.IsArray()) throw DynamoError::serialization("Unexpected value type in payload");
      if (entry.value.Empty() || entry.value.Size() > kMaxWrites) {
        errors.add("'{" + name + "=[...]}'", "requestItems",
                   "Map value must satisfy constraint: [Member must have length less than or equal to 25, "
                   "Member must have length greater than or equal to 1]");
      }
    }
  }
  errors.throw_if_any();
}

}  // namespace

void batch_write_item(RequestContext& context, const json::Value& request, json::Writer& response) {
  const auto return_capacity = parse_return_capacity(request);
  const bool return_metrics = parse_return_item_collection_metrics(request);
  const auto* request_items = protocol::get_object(request, "RequestItems");
  check_request_items_shape(context, request_items);

  // Parse every value first: malformed values are reported before unknown tables.
  std::vector<PendingWrite> writes;
  std::vector<std::string> table_of_write;
  for (const auto& entry : request_items->GetObject()) {
    for (const auto& write_request : entry.value.GetArray()) {
      if (!write_request.IsObject()) throw DynamoError::serialization("Unexpected value type in payload");
      const auto* put = protocol::get_object(write_request, "PutRequest");
      const auto* del = protocol::get_object(write_request, "DeleteRequest");
      if ((put == nullptr) == (del == nullptr)) {
        throw DynamoError::validation(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
      }
      if (writes.size() >= kMaxWrites) throw DynamoError::validation("Too many items requested for the BatchWriteItem call");
      PendingWrite write;
      write.is_put = put != nullptr;
      write.item = protocol::parse_item(write.is_put ? required_map(*put, "Item", "item") : required_map(*del, "Key", "key"),
                                        protocol::ValueWording::kOlder);
      writes.push_back(std::move(write));
      table_of_write.push_back(name_of(entry.name));
    }
  }

  std::set<std::string> seen_keys;
  for (std::size_t i = 0; i < writes.size(); ++i) {
    auto& write = writes[i];
    ConstraintErrors unused;  // reported by check_request_items_shape
    write.table = require_table(context, bare_table_name(context, table_of_write[i], "requestItems.key", unused),
                                NotFoundStyle::kDataPlane);
    if (write.is_put) {
      // A put's key problems get BatchWriteItem's key message, not PutItem's.
      validate_key(*write.table, key_attributes(*write.table, write.item));
      validate_item_for_write(*write.table, write.item);
    } else {
      validate_key(*write.table, write.item);
    }
    write.key = key_attributes(*write.table, write.item);
    if (!seen_keys.insert(partition::ItemStore::storage_key(*write.table->write_schema, write.item)).second) {
      throw DynamoError::validation("Provided list of item keys contains duplicates");
    }
  }

  std::vector<partition::ItemWrite> item_writes;
  item_writes.reserve(writes.size());
  for (const auto& write : writes) {
    const model::Item* item = &write.item;
    item_writes.push_back({write.table->write_schema.get(), &write.key,
                           [item, is_put = write.is_put](const partition::StoredItem&) {
                             return is_put ? partition::Decision::put(*item) : partition::Decision::erase();
                           }});
  }
  const auto result = unwrap(context.items.write(item_writes));
  BatchCapacity capacity;
  for (std::size_t i = 0; i < writes.size(); ++i) {
    const std::size_t new_size = writes[i].is_put ? model::item_size(writes[i].item) : 0;
    // Named as the request named the table (its ARN, if so).
    capacity.add(table_of_write[i], write_capacity_units(result.outcomes[i].old_item.size(), new_size));
  }

  response.StartObject();
  protocol::write_key(response, "UnprocessedItems");
  response.StartObject();
  response.EndObject();
  capacity.write(response, return_capacity);
  if (return_metrics) {
    std::vector<WrittenKey> written;
    for (const auto& write : writes) written.push_back({write.table.get(), &write.key});
    write_collection_metrics_map(response, context, written);
  }
  response.EndObject();
}

}  // namespace dynastore::api::ops
