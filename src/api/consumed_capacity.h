// Consumed capacity by DynamoDB's rules (Developer Guide, "DynamoDB read and
// write operations", "Global secondary indexes: provisioned throughput
// considerations", "Local secondary indexes: provisioned throughput
// considerations"), gathered per table while a request runs, and the
// ConsumedCapacity member of its answer.
//
//   reads   1 unit per 4 KB of item (rounded up, at least 1); eventually
//           consistent reads half; transactional reads double. GetItem and
//           BatchGetItem round each item (absent ones cost the minimum);
//           Query and Scan sum the sizes of the items they evaluate (before
//           any filter, whatever is returned) and round once. An index read
//           counts index entries, and an LSI read that fetches from the
//           table also each fetched item, rounded on its own.
//   writes  1 unit per KB (rounded up, at least 1) of the larger of the item
//           before and after (a delete: the item deleted; an absent one
//           costs the minimum); transactional writes double. Each secondary
//           index the write changes costs its own: an entry added or
//           removed 1 unit per KB of the entry (its keys and projected
//           attributes), an entry whose index key changed a removal and an
//           addition, an entry whose projected attributes changed a
//           rewrite; nothing when the index does not hold the item before
//           or after, or its entry stays the same.
//
// LSIs consume the table's throughput, GSIs their own; ConsumedCapacity
// reports both under their names (ReturnConsumedCapacity=INDEXES).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dynastore/catalog/catalog.h"
#include "dynastore/common/status.h"
#include "dynastore/json/json.h"
#include "dynastore/model/attribute_value.h"
#include "dynastore/model/index_schema.h"

namespace dynastore::api {

enum class ReturnCapacity { kNone, kTotal, kIndexes };

// Units of one item: writes per 1 KB of the larger of `old_size` and
// `new_size`, reads per 4 KB (halved for eventually consistent reads); at
// least one unit (half for an eventually consistent read) either way.
double write_capacity_units(std::size_t old_size, std::size_t new_size);
double read_capacity_units(std::size_t size, bool consistent);
// The same for a stored item (model/item_codec.h), which is measured only
// when its length leaves its units in doubt (item_size.h's bound). Corrupt
// bytes -> Status::corruption.
Result<double> stored_read_units(std::string_view encoded, bool consistent);

// What one secondary index consumed.
struct IndexCapacity {
  std::string name;
  double read = 0;
  double write = 0;
};

// What one request consumed of one table and its indexes.
struct TableCapacity {
  std::string name;         // the table as the request named it (its name or its ARN)
  catalog::TablePtr table;  // the table described
  double read = 0;          // of the table itself
  double write = 0;
  std::vector<IndexCapacity> global_indexes;  // those that consumed anything, in order of first use
  std::vector<IndexCapacity> local_indexes;

  IndexCapacity& index(const model::IndexSchema& schema);
  // Units against the table's throughput: its own and its LSIs'.
  double table_read() const;
  double table_write() const;
  // Every unit: the table's, its LSIs' and its GSIs'.
  double all_read() const;
  double all_write() const;
};

// Per request: every table it consumed capacity of, in order of first use.
//
// The pipeline uses one per I/O thread (for_this_thread()), cleared before
// each request and read once it is answered (the metrics): its entries'
// memory is reused from one request to the next, so counting costs no
// allocation on the request's path.
class ConsumedCapacity {
 public:
  static ConsumedCapacity& for_this_thread();

  // The entry of `table`, as the request named it (`name`), added when new.
  TableCapacity& of(std::string_view name, const catalog::TablePtr& table);
  std::span<const TableCapacity> tables() const { return {tables_.data(), size_}; }
  // Forgets every entry (keeping their memory for the next request).
  void clear();
  double read_total() const;
  double write_total() const;

  // Writes "ConsumedCapacity": {...} for the request's one table (nothing
  // for kNone, and the table's entry with zero units if it consumed
  // nothing). `split` adds ReadCapacityUnits and WriteCapacityUnits
  // (the transactions' answers).
  void write_object(json::Writer& writer, ReturnCapacity mode, std::string_view table_name, bool split = false) const;
  // Writes "ConsumedCapacity": [...], one entry per table (batches and
  // transactions); nothing for kNone.
  void write_list(json::Writer& writer, ReturnCapacity mode, bool split = false) const;

 private:
  std::vector<TableCapacity> tables_;  // the first size_ are this request's; the rest are kept for reuse
  std::size_t size_ = 0;
};

// Adds to `into` the write units `table`'s secondary indexes consume when
// one of its items goes from `old_item` to `new_item` (nullptr: absent),
// times `factor`.
void add_index_writes(const catalog::TableInfo& table, const model::Item* old_item, const model::Item* new_item,
                      TableCapacity& into, double factor = 1.0);

}  // namespace dynastore::api
