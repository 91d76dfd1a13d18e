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

}  // namespace
}  // namespace dynastore::bench
