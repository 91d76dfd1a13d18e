// The DynamoDB JSON request bodies the benchmark sends, and the data model
// behind them:
//   NAME_items  pk (S, HASH)                 "k0000000042"; plus "data" (S);
//                                            new keys (put-new...) "n" and 16
//                                            hex digits, with "data" as long as
//                                            keeps the item at --item-size
//   NAME_query  pk (S, HASH), sk (N, RANGE)  "p0000000004" x sk 0..9; plus "data"
//   NAME_accounts  pk (S, HASH)              "k0000000042"; plus "balance" (N),
//                                            kInitialBalance after setup
// "data" is sized so that each item is --item-size bytes as DynamoDB counts
// item size (attribute names plus values).
//
// Bodies are written into a caller-owned string that is cleared first, so a
// connection reuses one buffer for its whole run.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace dynastore::bench {

inline constexpr std::uint64_t kItemsPerPartition = 10;
// Puts per BatchWriteItem: its limit, used by setup and by batch-load.
inline constexpr std::uint64_t kBatchWriteLimit = 25;
inline constexpr std::uint64_t kInitialBalance = 1'000'000;
// A transfer moves 1..kMaxTransferAmount.
inline constexpr std::uint64_t kMaxTransferAmount = 10;

struct TableNames {
  std::string items;
  std::string query;
  std::string accounts;
};

TableNames table_names(std::string_view prefix);

class RequestBodies {
 public:
  // A non-empty `stream_view_type` (KEYS_ONLY, NEW_IMAGE, OLD_IMAGE,
  // NEW_AND_OLD_IMAGES) gives every CreateTable a StreamSpecification.
  RequestBodies(TableNames tables, std::uint32_t item_size, bool key_condition_expression, std::uint32_t scan_limit,
                std::string stream_view_type = "");

  const TableNames& tables() const { return tables_; }
  const std::string& stream_view_type() const { return stream_view_type_; }

  void put_item(std::string& out, std::uint64_t key) const;
  // The same item with the first 16 characters of "data" (fewer if it is
  // shorter) replaced by `version` in hex: overwrites that change the item.
  void put_item(std::string& out, std::uint64_t key, std::uint64_t version) const;
  // PutItem of the item table's new key `key` (NewKeys).
  void put_new_item(std::string& out, std::uint64_t key) const;
  // BatchWriteItem of puts of the new keys given.
  void batch_put_new_items(std::string& out, std::span<const std::uint64_t> keys) const;
  void get_item(std::string& out, std::uint64_t key) const;
  void update_item(std::string& out, std::uint64_t key) const;
  void query(std::string& out, std::uint64_t partition) const;
  // `exclusive_start_key` is a LastEvaluatedKey as returned (raw JSON), or empty.
  void scan(std::string& out, std::string_view exclusive_start_key) const;
  // TransactWriteItems: debit `amount` from account `from` on condition that
  // its balance covers it, credit it to `to` (from != to, else the server
  // rejects the request: two actions on one item).
  void transfer(std::string& out, std::uint64_t from, std::uint64_t to, std::uint64_t amount) const;

  // Setup.
  void create_items_table(std::string& out) const;
  void create_query_table(std::string& out) const;
  void create_accounts_table(std::string& out) const;
  void describe_table(std::string& out, std::string_view table) const;
  // Up to 25 puts: items [first, first + count) of the item table.
  void batch_put_items(std::string& out, std::uint64_t first, std::uint64_t count) const;
  // Up to 25 puts: rows [first, first + count) of the query table, row r being
  // partition r / 10, sort key r % 10.
  void batch_put_query_rows(std::string& out, std::uint64_t first, std::uint64_t count) const;
  // Up to 25 puts: accounts [first, first + count), each with kInitialBalance.
  void batch_put_accounts(std::string& out, std::uint64_t first, std::uint64_t count) const;

 private:
  void append_item(std::string& out, std::uint64_t key) const;
  void append_new_item(std::string& out, std::uint64_t key) const;
  void append_query_row(std::string& out, std::uint64_t row) const;
  // Closes a CreateTable body: the StreamSpecification if any, then '}'.
  void finish_create_table(std::string& out) const;

  TableNames tables_;
  std::string items_data_;  // "data" value for the item table
  std::string new_items_data_;  // the same for its new keys, which are longer
  std::string query_data_;  // "data" value for the query table
  bool key_condition_expression_;
  std::uint32_t scan_limit_;
  std::string stream_view_type_;
};

}  // namespace dynastore::bench
