#include "api/paged_read.h"

#include "api/item_keys.h"
#include "api/status_mapping.h"
#include "dynastore/model/item_size.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

namespace {

model::Item key_of(const catalog::TableInfo& table, const model::Item& item) {
  model::Item key;
  key.emplace(table.key_schema.hash.name, item.at(table.key_schema.hash.name));
  if (table.key_schema.range) key.emplace(table.key_schema.range->name, item.at(table.key_schema.range->name));
  return key;
}

}  // namespace

model::Item parse_exclusive_start_key(const catalog::TableInfo& table, const json::Value& key_json) {
  try {
    auto key = protocol::parse_item(key_json);
    validate_key(table, key);
    return key;
  } catch (const protocol::DynamoError& error) {
    if (error.name() != "ValidationException") throw;
    throw protocol::DynamoError::validation("The provided starting key is invalid: " + error.message());
  }
}

void run_paged_read(RequestContext& context, const PagedRead& read, json::Writer& response) {
  std::size_t scanned = 0, count = 0, bytes_read = 0;
  std::optional<model::Item> last_key;
  bool stopped_early = false;

  response.StartObject();
  if (!read.count_only) {
    protocol::write_key(response, "Items");
    response.StartArray();
  }
  auto status = context.items.read_range(read.range, [&](std::string_view, model::Item&& item) {
    ++scanned;
    bytes_read += model::item_size(item);
    const bool page_full = (read.limit && static_cast<std::int64_t>(scanned) >= *read.limit) || bytes_read >= kMaxPageBytes;
    if (page_full) last_key = key_of(*read.table, item);
    if (!read.filter || read.filter(item)) {
      ++count;
      if (!read.count_only) protocol::write_item(response, read.selection.apply(std::move(item)));
    }
    if (page_full) stopped_early = true;
    return !page_full;
  });
  check(status);
  if (!read.count_only) response.EndArray();

  protocol::write_key(response, "Count");
  response.Uint64(count);
  protocol::write_key(response, "ScannedCount");
  response.Uint64(scanned);
  if (stopped_early && last_key) {
    protocol::write_key(response, "LastEvaluatedKey");
    protocol::write_item(response, *last_key);
  }
  write_consumed_capacity(response, read.return_capacity, read.table->name, read_capacity_units(bytes_read, read.consistent));
  response.EndObject();
}

}  // namespace dynastore::api
