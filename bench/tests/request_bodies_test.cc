#include "request_bodies.h"

#include <gtest/gtest.h>

#include <string>

namespace dynastore::bench {
namespace {

RequestBodies bodies() { return RequestBodies(table_names("t"), 100, false, 100); }

TEST(RequestBodiesTest, TableNames) {
  const TableNames names = table_names("bench");
  EXPECT_EQ(names.items, "bench_items");
  EXPECT_EQ(names.query, "bench_query");
  EXPECT_EQ(names.accounts, "bench_accounts");
}

TEST(RequestBodiesTest, Transfer) {
  std::string out = "left over from the previous request";
  bodies().transfer(out, 42, 7, 10);
  EXPECT_EQ(out,
            R"({"TransactItems":[)"
            R"({"Update":{"TableName":"t_accounts","Key":{"pk":{"S":"k0000000042"}},)"
            R"("UpdateExpression":"ADD balance :neg","ConditionExpression":"balance >= :amt",)"
            R"("ExpressionAttributeValues":{":neg":{"N":"-10"},":amt":{"N":"10"}}}},)"
            R"({"Update":{"TableName":"t_accounts","Key":{"pk":{"S":"k0000000007"}},)"
            R"("UpdateExpression":"ADD balance :amt","ExpressionAttributeValues":{":amt":{"N":"10"}}}}]})");
}

TEST(RequestBodiesTest, AccountsTableAndPreload) {
  std::string out;
  bodies().create_accounts_table(out);
  EXPECT_EQ(out,
            R"({"TableName":"t_accounts","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],)"
            R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"})");
  bodies().batch_put_accounts(out, 3, 2);
  EXPECT_EQ(out,
            R"({"RequestItems":{"t_accounts":[)"
            R"({"PutRequest":{"Item":{"pk":{"S":"k0000000003"},"balance":{"N":"1000000"}}}},)"
            R"({"PutRequest":{"Item":{"pk":{"S":"k0000000004"},"balance":{"N":"1000000"}}}}]}})");
}

TEST(RequestBodiesTest, PutItemWithAVersion) {
  std::string plain, versioned;
  bodies().put_item(plain, 42);
  bodies().put_item(versioned, 42, 0x0123456789abcdefULL);
  ASSERT_EQ(plain.size(), versioned.size());  // the item's size does not change
  const std::size_t data = plain.find(R"("data":{"S":")") + 13;
  EXPECT_EQ(versioned.substr(0, data), plain.substr(0, data));
  EXPECT_EQ(versioned.substr(data, 16), "0123456789abcdef");
  EXPECT_EQ(versioned.substr(data + 16), plain.substr(data + 16));
  EXPECT_TRUE(versioned.ends_with(R"("}}})"));
  std::string other;
  bodies().put_item(other, 42, 0x0123456789abcdeeULL);
  EXPECT_NE(other, versioned);
  // Data shorter than 16 characters: as many digits as fit, the rest intact.
  const RequestBodies small(table_names("t"), 20, false, 100);  // "data" of 3 characters
  small.put_item(plain, 7);
  small.put_item(versioned, 7, 0xabcULL << 52);
  ASSERT_EQ(plain.size(), versioned.size());
  EXPECT_NE(versioned.find(R"("data":{"S":"abc"}}})"), std::string::npos) << versioned;
}

TEST(RequestBodiesTest, NewItemsKeepTheItemSize) {
  std::string old_item, new_item;
  bodies().put_item(old_item, 42);
  bodies().put_new_item(new_item, 0x0123456789abcdefULL);
  EXPECT_NE(new_item.find(R"("pk":{"S":"n0123456789abcdef"})"), std::string::npos) << new_item;
  // Six more key characters, six fewer of data: the same DynamoDB item size.
  EXPECT_EQ(new_item.size(), old_item.size());
  EXPECT_TRUE(new_item.ends_with(R"("}}})"));
}

TEST(RequestBodiesTest, BatchOfNewItems) {
  std::string batch, single;
  const std::uint64_t keys[] = {1, 0xffffffffffffffffULL};
  bodies().batch_put_new_items(batch, keys);
  bodies().put_new_item(single, 1);
  const std::string item = single.substr(single.find(R"("Item":)") + 7, single.size() - single.find(R"("Item":)") - 8);
  EXPECT_TRUE(batch.starts_with(R"({"RequestItems":{"t_items":[{"PutRequest":{"Item":)" + item + "}},"));
  EXPECT_NE(batch.find(R"("S":"nffffffffffffffff")"), std::string::npos);
  EXPECT_TRUE(batch.ends_with("}}]}}"));
}

TEST(RequestBodiesTest, TablesWithoutAStreamByDefault) {
  std::string out;
  bodies().create_items_table(out);
  EXPECT_EQ(out,
            R"({"TableName":"t_items","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],)"
            R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"})");
  bodies().create_query_table(out);
  EXPECT_EQ(out.find("Stream"), std::string::npos);
  EXPECT_EQ(bodies().stream_view_type(), "");
}

TEST(RequestBodiesTest, TablesWithAStream) {
  const RequestBodies with_stream(table_names("t"), 100, false, 100, "NEW_AND_OLD_IMAGES");
  EXPECT_EQ(with_stream.stream_view_type(), "NEW_AND_OLD_IMAGES");
  std::string out = "left over";
  with_stream.create_items_table(out);
  EXPECT_EQ(out,
            R"({"TableName":"t_items","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],)"
            R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST",)"
            R"("StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"}})");
  const RequestBodies keys_only(table_names("t"), 100, false, 100, "KEYS_ONLY");
  keys_only.create_query_table(out);
  EXPECT_EQ(out,
            R"({"TableName":"t_query","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},)"
            R"({"AttributeName":"sk","AttributeType":"N"}],)"
            R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],)"
            R"("BillingMode":"PAY_PER_REQUEST","StreamSpecification":{"StreamEnabled":true,"StreamViewType":"KEYS_ONLY"}})");
  keys_only.create_accounts_table(out);
  EXPECT_TRUE(out.ends_with(R"("BillingMode":"PAY_PER_REQUEST",)"
                            R"("StreamSpecification":{"StreamEnabled":true,"StreamViewType":"KEYS_ONLY"}})"));
  // The requests themselves do not change.
  std::string plain_put, stream_put;
  bodies().put_item(plain_put, 42);
  with_stream.put_item(stream_put, 42);
  EXPECT_EQ(plain_put, stream_put);
}

}  // namespace
}  // namespace dynastore::bench
