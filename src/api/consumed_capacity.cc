#include "api/consumed_capacity.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "dynastore/model/item_size.h"
#include "dynastore/protocol/wire.h"

namespace dynastore::api {

double write_capacity_units(std::size_t old_size, std::size_t new_size) {
  const std::size_t size = std::max(old_size, new_size);
  return std::max<double>(1.0, std::ceil(static_cast<double>(size) / 1024.0));
}

double read_capacity_units(std::size_t size, bool consistent) {
  const double units = std::max<double>(1.0, std::ceil(static_cast<double>(size) / 4096.0));
  return consistent ? units : units / 2.0;
}

Result<double> stored_read_units(std::string_view encoded, bool consistent) {
  if (model::encoded_item_size_bound(encoded) <= 4096) return read_capacity_units(0, consistent);
  auto size = model::encoded_item_size(encoded);
  if (!size.is_ok()) return size.status();
  return read_capacity_units(size.value(), consistent);
}

IndexCapacity& TableCapacity::index(const model::IndexSchema& schema) {
  auto& list = schema.kind == model::IndexKind::kGlobal ? global_indexes : local_indexes;
  for (auto& entry : list) {
    if (entry.name == schema.name) return entry;
  }
  list.push_back({schema.name, 0, 0});
  return list.back();
}

double TableCapacity::table_read() const {
  double units = read;
  for (const auto& index : local_indexes) units += index.read;
  return units;
}

double TableCapacity::table_write() const {
  double units = write;
  for (const auto& index : local_indexes) units += index.write;
  return units;
}

double TableCapacity::all_read() const {
  double units = table_read();
  for (const auto& index : global_indexes) units += index.read;
  return units;
}

double TableCapacity::all_write() const {
  double units = table_write();
  for (const auto& index : global_indexes) units += index.write;
  return units;
}

ConsumedCapacity& ConsumedCapacity::for_this_thread() {
  thread_local ConsumedCapacity capacity;
  return capacity;
}

TableCapacity& ConsumedCapacity::of(std::string_view name, const catalog::TablePtr& table) {
  for (std::size_t i = 0; i < size_; ++i) {
    if (tables_[i].name == name) return tables_[i];
  }
  if (size_ == tables_.size()) tables_.emplace_back();
  TableCapacity& entry = tables_[size_++];
  entry.name.assign(name.data(), name.size());
  entry.table = table;
  entry.read = 0;
  entry.write = 0;
  entry.global_indexes.clear();
  entry.local_indexes.clear();
  return entry;
}

void ConsumedCapacity::clear() {
  // Let go of the table descriptions; names and lists keep their memory.
  for (std::size_t i = 0; i < size_; ++i) tables_[i].table.reset();
  size_ = 0;
}

double ConsumedCapacity::read_total() const {
  double units = 0;
  for (const auto& entry : tables()) units += entry.all_read();
  return units;
}

double ConsumedCapacity::write_total() const {
  double units = 0;
  for (const auto& entry : tables()) units += entry.all_write();
  return units;
}

namespace {

// CapacityUnits, and with `split` its read and write parts (each only when
// non-zero, as the transactions' answers carry them).
void write_units(json::Writer& writer, double read, double write, bool split) {
  protocol::write_key(writer, "CapacityUnits");
  writer.Double(read + write);
  if (!split) return;
  if (read > 0) {
    protocol::write_key(writer, "ReadCapacityUnits");
    writer.Double(read);
  }
  if (write > 0) {
    protocol::write_key(writer, "WriteCapacityUnits");
    writer.Double(write);
  }
}

void write_index_map(json::Writer& writer, std::string_view member, const std::vector<IndexCapacity>& indexes,
                     bool split) {
  if (indexes.empty()) return;
  protocol::write_key(writer, member);
  writer.StartObject();
  for (const auto& index : indexes) {
    protocol::write_key(writer, index.name);
    writer.StartObject();
    write_units(writer, index.read, index.write, split);
    writer.EndObject();
  }
  writer.EndObject();
}

void write_entry(json::Writer& writer, ReturnCapacity mode, std::string_view table_name, const TableCapacity* entry,
                 bool split) {
  static const TableCapacity kNothing;
  const TableCapacity& units = entry != nullptr ? *entry : kNothing;
  writer.StartObject();
  protocol::write_key(writer, "TableName");
  protocol::write_string(writer, table_name);
  write_units(writer, units.all_read(), units.all_write(), split);
  if (mode == ReturnCapacity::kIndexes) {
    protocol::write_key(writer, "Table");
    writer.StartObject();
    write_units(writer, units.read, units.write, split);
    writer.EndObject();
    write_index_map(writer, "LocalSecondaryIndexes", units.local_indexes, split);
    write_index_map(writer, "GlobalSecondaryIndexes", units.global_indexes, split);
  }
  writer.EndObject();
}

}  // namespace

void ConsumedCapacity::write_object(json::Writer& writer, ReturnCapacity mode, std::string_view table_name,
                                    bool split) const {
  if (mode == ReturnCapacity::kNone) return;
  protocol::write_key(writer, "ConsumedCapacity");
  write_entry(writer, mode, table_name, size_ == 0 ? nullptr : &tables_.front(), split);
}

void ConsumedCapacity::write_list(json::Writer& writer, ReturnCapacity mode, bool split) const {
  if (mode == ReturnCapacity::kNone) return;
  protocol::write_key(writer, "ConsumedCapacity");
  writer.StartArray();
  for (const auto& entry : tables()) write_entry(writer, mode, entry.name, &entry, split);
  writer.EndArray();
}

void add_index_writes(const catalog::TableInfo& table, const model::Item* old_item, const model::Item* new_item,
                      TableCapacity& into, double factor) {
  if (table.write_schema == nullptr) return;
  for (const auto& index : table.write_schema->indexes) {
    std::optional<model::IndexEntry> before, after;
    if (old_item != nullptr) before = model::index_entry(table.key_schema, index.schema, *old_item);
    if (new_item != nullptr) after = model::index_entry(table.key_schema, index.schema, *new_item);
    double units = 0;
    if (before && after && before->key == after->key) {
      // The same entry: rewritten only when what it projects changed.
      if (before->projected == after->projected) continue;
      units = write_capacity_units(model::item_size(before->projected), model::item_size(after->projected));
    } else {
      // A new index key is a removal and an addition (two writes).
      if (before) units += write_capacity_units(model::item_size(before->projected), 0);
      if (after) units += write_capacity_units(0, model::item_size(after->projected));
    }
    if (units > 0) into.index(index.schema).write += units * factor;
  }
}

}  // namespace dynastore::api
