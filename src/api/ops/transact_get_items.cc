// TransactGetItems: up to 100 Gets across tables, read from one engine
// snapshot, so no write of several items (a TransactWriteItems, a
// BatchWriteItem) is ever seen in part. Validation in DynamoDB's order, as
// TransactWriteItems: member constraints, then each Get's key and
// projection, then tables, then one operation per item; a key the table's
// schema refuses cancels the read with a ValidationError reason.
#include <optional>
#include <string>
#include <vector>

#include "api/attribute_selection.h"
#include "api/item_keys.h"
#include "api/operations.h"
#include "api/request_expressions.h"
#include "api/status_mapping.h"
#include "api/table_lookup.h"
#include "api/transaction_common.h"
#include "api/write_options.h"
#include "dynastore/model/item_codec.h"
#include "dynastore/model/item_size.h"
#include "dynastore/protocol/constraint_errors.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api::ops {

using protocol::ConstraintErrors;
using protocol::DynamoError;

namespace {

struct Get {
  const json::Value* spec = nullptr;
  std::string table_name;
  catalog::TablePtr table;
  model::Item key;
  AttributeSelection selection;
  std::optional<std::string> invalid;  // the table's schema refuses the key
};

std::vector<Get> check_members(const RequestContext& context, const json::Value& request, ConstraintErrors& errors) {
  std::vector<Get> gets;
  const json::Value* items = check_transact_items(request, "TransactGetItem", errors);
  if (items == nullptr) return gets;
  for (json::SizeType i = 0; i < items->Size(); ++i) {
    const json::Value& entry = (*items)[i];
    if (!entry.IsObject()) throw DynamoError::serialization("Unexpected value type in payload");
    const std::string path = "transactItems." + std::to_string(i + 1) + ".member.get";
    Get get;
    get.spec = protocol::get_object(entry, "Get");
    if (get.spec == nullptr) {
      errors.add(ConstraintErrors::kNull, path, "Member must not be null");
      continue;
    }
    // Each Get needs dynamodb:GetItem (Developer Guide, "Using IAM with
    // DynamoDB transactions").
    get.table_name = table_name_of(context, *get.spec, "TableName", path + ".tableName", errors, "GetItem");
    if (protocol::get_object(*get.spec, "Key") == nullptr) {
      errors.add(ConstraintErrors::kNull, path + ".key", "Member must not be null");
    }
    gets.push_back(std::move(get));
  }
  return gets;
}

}  // namespace

void transact_get_items(RequestContext& context, const json::Value& request, json::Writer& response) {
  ConstraintErrors errors;
  std::vector<Get> gets = check_members(context, request, errors);
  const auto return_capacity = parse_return_capacity(request, errors);
  errors.throw_if_any();

  for (auto& get : gets) {
    get.key = protocol::parse_item(*protocol::get_object(*get.spec, "Key"), protocol::ValueWording::kOlder);
    RequestExpressions expressions(*get.spec, {{"ProjectionExpression"}, {}, {}});
    get.selection = parse_attribute_selection(*get.spec, expressions);
    expressions.finish();
  }
  TransactionTargets targets;
  CancellationReasons reasons;
  bool cancelled = false;
  for (auto& get : gets) {
    get.table = require_table(context, get.table_name, NotFoundStyle::kDataPlane);
    check_key_values_not_empty(*get.table, get.key, /*with_index_keys=*/false);
    try {
      validate_key(*get.table, get.key);
    } catch (const DynamoError& error) {
      get.invalid = error.message();
    }
  }
  for (const auto& get : gets) {
    if (get.invalid) {
      reasons.validation_error(*get.invalid);
      cancelled = true;
      continue;
    }
    reasons.none();
    targets.add(get.table->table_id, partition::ItemStore::storage_key(*get.table->write_schema, get.key));
  }
  if (cancelled) throw reasons.error();

  std::vector<TransactionAccess> accesses;
  for (const auto& get : gets) accesses.push_back({get.table.get(), Access::kRead});
  check_transaction_throughput(context, accesses);

  std::vector<partition::ItemRead> reads;
  reads.reserve(gets.size());
  for (const auto& get : gets) reads.push_back({get.table->write_schema.get(), &get.key});
  const auto items = unwrap(context.items.get_consistent(reads));

  std::size_t total_bytes = 0;
  for (std::size_t i = 0; i < gets.size(); ++i) {
    const std::size_t size = items[i] ? unwrap(model::encoded_item_size(*items[i])) : 0;
    total_bytes += size;
    // Transactional reads: two units per 4 KB.
    context.consumed.of(gets[i].table->name, gets[i].table).read += 2 * read_capacity_units(size, /*consistent=*/true);
  }
  if (total_bytes > kMaxTransactionBytes) {
    throw DynamoError::validation("Transaction response cannot exceed the aggregate item size limit of 4 MB");
  }
  response.StartObject();
  protocol::write_key(response, "Responses");
  response.StartArray();
  for (std::size_t i = 0; i < gets.size(); ++i) {
    response.StartObject();
    if (items[i] && gets[i].selection.selects_all()) {
      ++context.returned_items;
      protocol::write_key(response, "Item");
      gets[i].selection.write_stored(response, *items[i]);
    } else if (items[i]) {
      // A projection that matches nothing leaves no Item at all here, where
      // GetItem answers {} (Ketlark/dynamodb-conformance tests/tier2/
      // transactions/transactGet.test.ts and tests/tier1/getItem/
      // projection.test.ts).
      const model::Item projected = gets[i].selection.apply(unwrap(model::decode_item(*items[i])));
      if (!projected.empty()) {
        ++context.returned_items;
        protocol::write_key(response, "Item");
        protocol::write_item(response, projected);
      }
    }
    response.EndObject();
  }
  response.EndArray();
  context.consumed.write_list(response, return_capacity, /*split=*/true);
  response.EndObject();
}

}  // namespace dynastore::api::ops
