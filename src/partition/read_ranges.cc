#include "partition/read_ranges.h"

#include <algorithm>
#include <vector>

#include "dynastore/model/key_codec.h"

namespace dynastore::partition {

namespace {

std::uint32_t storage_id(const ReadSource& source) {
  return source.index != nullptr ? source.index->index_id : source.table->table_id;
}

// The prefix of every entry whose partition key attributes are `values`.
std::string partition_prefix(const ReadSource& source, const std::vector<model::AttributeValue>& values) {
  if (source.index == nullptr) return model::partition_prefix(source.table->table_id, values.at(0));
  std::vector<const model::AttributeValue*> pointers;
  pointers.reserve(values.size());
  for (const auto& v : values) pointers.push_back(&v);
  return model::index_partition_prefix(*source.index, pointers);
}

// Appends a sort key part the way the source stores it: raw bytes as a
// table's last key part; escaped and terminated in an index, where
// `terminated` false leaves the terminator off (for a begins_with bound).
void append_sort_part(const ReadSource& source, const model::AttributeValue& value, bool terminated,
                      std::string& out) {
  if (source.index == nullptr) {
    model::append_key_value_bytes(value, out);
    return;
  }
  model::append_key_part(value, out);
  if (!terminated) out.resize(out.size() - 2);  // drop the 0x00 0x01 terminator
}

bool same_partition(const ReadSource& source, const model::Item& start_key, const expr::KeyCondition& keys) {
  auto matches = [&](const std::string& name, std::size_t i) {
    auto it = start_key.find(name);
    return it != start_key.end() && i < keys.partition_values.size() && it->second == keys.partition_values[i];
  };
  if (source.index == nullptr) return matches(source.table->key_schema.hash.name, 0);
  for (std::size_t i = 0; i < source.index->hash_keys.size(); ++i) {
    if (!matches(source.index->hash_keys[i].name, i)) return false;
  }
  return true;
}

}  // namespace

std::string item_key(const TableSchema& table, const model::Item& keys) {
  const auto& pk = keys.at(table.key_schema.hash.name);
  const model::AttributeValue* sk = table.key_schema.range ? &keys.at(table.key_schema.range->name) : nullptr;
  std::string key;
  model::encode_item_key(table.table_id, pk, sk, key);
  return key;
}

std::string entry_key(const ReadSource& source, const model::Item& keys) {
  if (source.index == nullptr) return item_key(*source.table, keys);
  return model::index_entry_key(source.table->key_schema, *source.index, keys).value_or(std::string());
}

RangeRead key_condition_range(const ReadSource& source, const expr::KeyCondition& keys, bool forward) {
  std::string base = partition_prefix(source, keys.partition_values);
  for (const auto& value : keys.sort_equalities) append_sort_part(source, value, /*terminated=*/true, base);
  RangeRead range;
  range.forward = forward;
  range.lower = base;
  range.upper = model::prefix_successor(base);
  if (!keys.sort) return range;

  // The first key of the entries whose sort value is v, and the first key after them.
  auto at = [&](const model::AttributeValue& v) {
    std::string key = base;
    append_sort_part(source, v, /*terminated=*/true, key);
    return key;
  };
  auto after = [&](const model::AttributeValue& v) {
    return source.index != nullptr ? model::prefix_successor(at(v)) : model::key_successor(at(v));
  };
  const auto& c = *keys.sort;
  switch (c.op) {
    case expr::SortKeyOp::kEq:
      range.lower = at(c.value);
      range.upper = after(c.value);
      break;
    case expr::SortKeyOp::kLt: range.upper = at(c.value); break;
    case expr::SortKeyOp::kLe: range.upper = after(c.value); break;
    case expr::SortKeyOp::kGt: range.lower = after(c.value); break;
    case expr::SortKeyOp::kGe: range.lower = at(c.value); break;
    case expr::SortKeyOp::kBetween:
      range.lower = at(c.value);
      range.upper = after(c.upper);
      break;
    case expr::SortKeyOp::kBeginsWith: {
      // S and B values are stored as their bytes (escaped in an index, which
      // keeps prefixes), so the value's prefix is a key prefix.
      std::string prefix = base;
      append_sort_part(source, c.value, /*terminated=*/false, prefix);
      range.lower = prefix;
      auto end = model::prefix_successor(prefix);
      if (!end.empty() && end < range.upper) range.upper = std::move(end);
      break;
    }
  }
  return range;
}

RangeRead range_of(const QueryRead& read) {
  RangeRead range = key_condition_range(read.source, *read.keys, read.forward);
  if (read.exclusive_start != nullptr) {
    const auto key = entry_key(read.source, *read.exclusive_start);
    if (range.forward) {
      range.lower = std::max(range.lower, model::key_successor(key));
    } else {
      range.upper = std::min(range.upper, key);
    }
  }
  return range;
}

RangeRead range_of(const ScanRead& read) {
  const auto segment = model::segment_range(storage_id(read.source), read.segment, read.total_segments);
  RangeRead range{segment.lower, segment.upper, true};
  if (read.exclusive_start != nullptr) range.lower = model::key_successor(entry_key(read.source, *read.exclusive_start));
  return range;
}

StartKeyFit fit_of_start_key(const QueryRead& read) {
  if (read.exclusive_start == nullptr) return StartKeyFit::kInside;
  if (!same_partition(read.source, *read.exclusive_start, *read.keys)) return StartKeyFit::kOutsidePartition;
  const auto range = key_condition_range(read.source, *read.keys, /*forward=*/true);
  const auto key = entry_key(read.source, *read.exclusive_start);
  return key >= range.lower && key < range.upper ? StartKeyFit::kInside : StartKeyFit::kOutsideSortCondition;
}

StartKeyFit fit_of_start_key(const ScanRead& read) {
  if (read.exclusive_start == nullptr) return StartKeyFit::kInside;
  const auto segment = model::segment_range(storage_id(read.source), read.segment, read.total_segments);
  const auto key = entry_key(read.source, *read.exclusive_start);
  return key >= segment.lower && key < segment.upper ? StartKeyFit::kInside : StartKeyFit::kOutsideSegment;
}

}  // namespace dynastore::partition
