#include "request_bodies.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace dynastore::bench {

namespace {

constexpr std::size_t kKeyLength = 11;  // 'k' or 'p' and ten digits
constexpr std::size_t kNewKeyLength = 17;  // 'n' and sixteen hex digits

void append_key(std::string& out, char prefix, std::uint64_t n) {
  char buf[32];
  const int len = std::snprintf(buf, sizeof buf, "%c%010llu", prefix, static_cast<unsigned long long>(n));
  out.append(buf, static_cast<std::size_t>(len));
}

void append_new_key(std::string& out, std::uint64_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  char buf[kNewKeyLength];
  buf[0] = 'n';
  for (std::size_t i = 0; i < 16; ++i) buf[1 + i] = kHex[(n >> (4 * (15 - i))) & 0xF];
  out.append(buf, kNewKeyLength);
}

void append_number(std::string& out, std::uint64_t n) {
  char buf[24];
  const int len = std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(n));
  out.append(buf, static_cast<std::size_t>(len));
}

// Printable filler that does not compress to nothing, so storage engines that
// compress see realistic bytes. Deterministic for comparable runs.
std::string filler(std::size_t length) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string out(length, 'x');
  std::uint64_t state = 0x2545F4914F6CDD1DULL;
  for (char& c : out) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    c = kAlphabet[state % (sizeof kAlphabet - 1)];
  }
  return out;
}

// DynamoDB item size: UTF-8 lengths of names and string values; a number
// takes about one byte per two significant digits plus one (sk 0..9: 2).
std::size_t data_length(std::uint32_t item_size, std::size_t fixed_part) {
  return item_size > fixed_part + 1 ? item_size - fixed_part : 1;
}

// CreateTable of a table keyed by pk (S) alone: the item and accounts tables,
// without the closing brace (RequestBodies::finish_create_table).
void create_hash_table(std::string& out, std::string_view name) {
  out.clear();
  out.append(R"({"TableName":")")
      .append(name)
      .append(R"(","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],)"
              R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST")");
}

}  // namespace

TableNames table_names(std::string_view prefix) {
  return {std::string(prefix) + "_items", std::string(prefix) + "_query", std::string(prefix) + "_accounts"};
}

RequestBodies::RequestBodies(TableNames tables, std::uint32_t item_size, bool key_condition_expression,
                             std::uint32_t scan_limit, std::string stream_view_type)
    : tables_(std::move(tables)),
      // "pk" + key, "data" + value.
      items_data_(filler(data_length(item_size, 2 + kKeyLength + 4))),
      new_items_data_(filler(data_length(item_size, 2 + kNewKeyLength + 4))),
      // "pk" + key, "sk" + number, "data" + value.
      query_data_(filler(data_length(item_size, 2 + kKeyLength + 2 + 2 + 4))),
      key_condition_expression_(key_condition_expression),
      scan_limit_(scan_limit),
      stream_view_type_(std::move(stream_view_type)) {}

void RequestBodies::append_item(std::string& out, std::uint64_t key) const {
  out.append(R"({"pk":{"S":")");
  append_key(out, 'k', key);
  out.append(R"("},"data":{"S":")").append(items_data_).append(R"("}})");
}

void RequestBodies::append_new_item(std::string& out, std::uint64_t key) const {
  out.append(R"({"pk":{"S":")");
  append_new_key(out, key);
  out.append(R"("},"data":{"S":")").append(new_items_data_).append(R"("}})");
}

void RequestBodies::append_query_row(std::string& out, std::uint64_t row) const {
  out.append(R"({"pk":{"S":")");
  append_key(out, 'p', row / kItemsPerPartition);
  out.append(R"("},"sk":{"N":")");
  append_number(out, row % kItemsPerPartition);
  out.append(R"("},"data":{"S":")").append(query_data_).append(R"("}})");
}

void RequestBodies::put_item(std::string& out, std::uint64_t key) const {
  out.clear();
  out.append(R"({"TableName":")").append(tables_.items).append(R"(","Item":)");
  append_item(out, key);
  out.push_back('}');
}

void RequestBodies::put_item(std::string& out, std::uint64_t key, std::uint64_t version) const {
  put_item(out, key);
  // "data" is the last value of the item: its characters end 3 before the end ("}}}).
  const std::size_t digits = std::min<std::size_t>(16, items_data_.size());
  const std::size_t at = out.size() - 4 - items_data_.size();
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < digits; ++i) out[at + i] = kHex[(version >> (4 * (15 - i))) & 0xF];
}

void RequestBodies::put_new_item(std::string& out, std::uint64_t key) const {
  out.clear();
  out.append(R"({"TableName":")").append(tables_.items).append(R"(","Item":)");
  append_new_item(out, key);
  out.push_back('}');
}

void RequestBodies::batch_put_new_items(std::string& out, std::span<const std::uint64_t> keys) const {
  out.clear();
  out.append(R"({"RequestItems":{")").append(tables_.items).append(R"(":[)");
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.append(R"({"PutRequest":{"Item":)");
    append_new_item(out, keys[i]);
    out.append("}}");
  }
  out.append("]}}");
}

void RequestBodies::get_item(std::string& out, std::uint64_t key) const {
  out.clear();
  out.append(R"({"TableName":")").append(tables_.items).append(R"(","Key":{"pk":{"S":")");
  append_key(out, 'k', key);
  out.append(R"("}}})");
}

void RequestBodies::update_item(std::string& out, std::uint64_t key) const {
  out.clear();
  out.append(R"({"TableName":")").append(tables_.items).append(R"(","Key":{"pk":{"S":")");
  append_key(out, 'k', key);
  out.append(R"("}},"UpdateExpression":"ADD #c :one","ExpressionAttributeNames":{"#c":"counter"},)"
             R"("ExpressionAttributeValues":{":one":{"N":"1"}}})");
}

void RequestBodies::query(std::string& out, std::uint64_t partition) const {
  out.clear();
  out.append(R"({"TableName":")").append(tables_.query).append("\",");
  if (key_condition_expression_) {
    out.append(R"("KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":")");
    append_key(out, 'p', partition);
    out.append(R"("}}})");
  } else {
    out.append(R"("KeyConditions":{"pk":{"AttributeValueList":[{"S":")");
    append_key(out, 'p', partition);
    out.append(R"("}],"ComparisonOperator":"EQ"}}})");
  }
}

void RequestBodies::scan(std::string& out, std::string_view exclusive_start_key) const {
  out.clear();
  out.append(R"({"TableName":")").append(tables_.items).append(R"(","Limit":)");
  append_number(out, scan_limit_);
  if (!exclusive_start_key.empty()) out.append(R"(,"ExclusiveStartKey":)").append(exclusive_start_key);
  out.push_back('}');
}

void RequestBodies::transfer(std::string& out, std::uint64_t from, std::uint64_t to, std::uint64_t amount) const {
  out.clear();
  out.append(R"({"TransactItems":[{"Update":{"TableName":")").append(tables_.accounts);
  out.append(R"(","Key":{"pk":{"S":")");
  append_key(out, 'k', from);
  out.append(R"("}},"UpdateExpression":"ADD balance :neg","ConditionExpression":"balance >= :amt",)"
             R"("ExpressionAttributeValues":{":neg":{"N":"-)");
  append_number(out, amount);
  out.append(R"("},":amt":{"N":")");
  append_number(out, amount);
  out.append(R"("}}}},{"Update":{"TableName":")").append(tables_.accounts);
  out.append(R"(","Key":{"pk":{"S":")");
  append_key(out, 'k', to);
  out.append(R"("}},"UpdateExpression":"ADD balance :amt","ExpressionAttributeValues":{":amt":{"N":")");
  append_number(out, amount);
  out.append(R"("}}}}]})");
}

void RequestBodies::finish_create_table(std::string& out) const {
  if (!stream_view_type_.empty()) {
    out.append(R"(,"StreamSpecification":{"StreamEnabled":true,"StreamViewType":")")
        .append(stream_view_type_)
        .append(R"("})");
  }
  out.push_back('}');
}

void RequestBodies::create_items_table(std::string& out) const {
  create_hash_table(out, tables_.items);
  finish_create_table(out);
}

void RequestBodies::create_accounts_table(std::string& out) const {
  create_hash_table(out, tables_.accounts);
  finish_create_table(out);
}

void RequestBodies::create_query_table(std::string& out) const {
  out.clear();
  out.append(R"({"TableName":")")
      .append(tables_.query)
      .append(R"(","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},)"
              R"({"AttributeName":"sk","AttributeType":"N"}],)"
              R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],)"
              R"("BillingMode":"PAY_PER_REQUEST")");
  finish_create_table(out);
}

void RequestBodies::describe_table(std::string& out, std::string_view table) const {
  out.clear();
  out.append(R"({"TableName":")").append(table).append(R"("})");
}

void RequestBodies::batch_put_items(std::string& out, std::uint64_t first, std::uint64_t count) const {
  out.clear();
  out.append(R"({"RequestItems":{")").append(tables_.items).append(R"(":[)");
  for (std::uint64_t i = 0; i < count; ++i) {
    if (i > 0) out.push_back(',');
    out.append(R"({"PutRequest":{"Item":)");
    append_item(out, first + i);
    out.append("}}");
  }
  out.append("]}}");
}

void RequestBodies::batch_put_accounts(std::string& out, std::uint64_t first, std::uint64_t count) const {
  out.clear();
  out.append(R"({"RequestItems":{")").append(tables_.accounts).append(R"(":[)");
  for (std::uint64_t i = 0; i < count; ++i) {
    if (i > 0) out.push_back(',');
    out.append(R"({"PutRequest":{"Item":{"pk":{"S":")");
    append_key(out, 'k', first + i);
    out.append(R"("},"balance":{"N":")");
    append_number(out, kInitialBalance);
    out.append(R"("}}}})");
  }
  out.append("]}}");
}

void RequestBodies::batch_put_query_rows(std::string& out, std::uint64_t first, std::uint64_t count) const {
  out.clear();
  out.append(R"({"RequestItems":{")").append(tables_.query).append(R"(":[)");
  for (std::uint64_t i = 0; i < count; ++i) {
    if (i > 0) out.push_back(',');
    out.append(R"({"PutRequest":{"Item":)");
    append_query_row(out, first + i);
    out.append("}}");
  }
  out.append("]}}");
}

}  // namespace dynastore::bench
