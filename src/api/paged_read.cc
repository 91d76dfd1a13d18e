#include "api/paged_read.h"

#include "api/status_mapping.h"
#include "api/throttling.h"
#include "dynastore/model/item_codec.h"
#include "dynastore/model/item_size.h"
#include "dynastore/protocol/dynamo_error.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

void apply_select(const json::Value& request, const ReadTarget& target, PagedRead& read) {
  const auto select = parse_select(request, read.selection, target.index() != nullptr);
  read.count_only = select == Select::kCount;
  if (target.projects_all()) return;
  if (select == Select::kSpecificAttributes) {
    // An LSI fetches attributes it does not project from the table (Query
    // API Reference, Select); a GSI just does not have them.
    if (target.is_global_index()) return;
    const auto& schema = target.index()->schema;
    for (const auto& name : read.selection.top_level_names()) {
      if (!model::projects(target.table().key_schema, schema, name)) read.fetch_base_items = true;
    }
    return;
  }
  // Without Select or a projection DynamoDB returns what an index projects.
  if (select != Select::kAllAttributes) return;
  if (target.is_global_index()) {
    throw protocol::DynamoError::validation(
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary "
        "index " + target.index()->schema.name + " because its projection type is not ALL");
  }
  read.fetch_base_items = true;  // an LSI fetches the rest from the table
}

void run_paged_read(RequestContext& context, const PagedRead& read, json::Writer& response) {
  const auto& target = *read.target;
  // A GSI has throughput of its own; the table's is spent on an LSI read.
  check_throughput(context, target.table(), Access::kRead, target.is_global_index() ? target.index() : nullptr);
  std::size_t scanned = 0, count = 0, bytes_read = 0;
  double fetch_units = 0;  // an LSI read's fetches from the table, each item rounded on its own
  std::optional<model::Item> last_key;

  response.StartObject();
  if (!read.count_only) {
    protocol::write_key(response, "Items");
    response.StartArray();
  }
  // Items that go out as they are stored (no filter, no projection, nothing
  // to fetch) are written straight from their bytes; the rest are decoded.
  const bool pass_through = !read.filter && !read.fetch_base_items && read.selection.selects_all();
  // Eventually consistent reads (every GSI read among them) may see an
  // earlier state (--eventual-consistency-lag-ms), base items fetched for
  // an LSI the same one.
  const auto view = read.consistent ? nullptr : context.eventual_view();
  auto visit = [&](std::string_view, std::string_view encoded) {
    ++scanned;
    std::optional<model::Item> entry;
    if (!pass_through) entry = unwrap(model::decode_item(encoded));
    bytes_read += entry ? model::item_size(*entry) : unwrap(model::encoded_item_size(encoded));
    const bool page_full =
        (read.limit && static_cast<std::int64_t>(scanned) >= *read.limit) || bytes_read >= kMaxPageBytes;
    if (page_full) last_key = target.last_evaluated_key(entry ? *entry : unwrap(model::decode_item(encoded)));
    if (pass_through) {
      ++count;
      if (!read.count_only) read.selection.write_stored(response, encoded);
      return !page_full;
    }
    model::Item item = std::move(*entry);
    if (read.fetch_base_items) {
      auto base = unwrap(context.items.get(*target.table().write_schema, target.last_evaluated_key(item), view.get()));
      fetch_units += read_capacity_units(base ? model::item_size(*base) : 0, read.consistent);
      if (base) item = std::move(*base);
    }
    if (!read.filter || read.filter(item)) {
      ++count;
      if (!read.count_only) protocol::write_item(response, read.selection.apply(std::move(item)));
    }
    return !page_full;
  };
  check(std::visit(
      [&](const auto& entries) {
        if constexpr (std::is_same_v<std::decay_t<decltype(entries)>, partition::QueryRead>) {
          return context.items.query(entries, visit, view.get());
        } else {
          return context.items.scan(entries, visit, view.get());
        }
      },
      read.entries));
  if (!read.count_only) response.EndArray();

  protocol::write_key(response, "Count");
  response.Uint64(count);
  context.returned_items = count;
  protocol::write_key(response, "ScannedCount");
  response.Uint64(scanned);
  if (last_key) {
    protocol::write_key(response, "LastEvaluatedKey");
    protocol::write_item(response, *last_key);
  }
  // The entries read (of the table or the index) summed before filtering,
  // rounded up once (Developer Guide, "Query operations" and "Scan
  // operations" of "Capacity unit consumption for read operations").
  TableCapacity& units = context.consumed.of(target.table().name, target.table_ptr());
  const double entry_units = read_capacity_units(bytes_read, read.consistent);
  if (target.index() != nullptr) {
    units.index(target.index()->schema).read += entry_units;
  } else {
    units.read += entry_units;
  }
  units.read += fetch_units;
  context.consumed.write_object(response, read.return_capacity, target.table().name);
  response.EndObject();
}

}  // namespace dynastore::api
