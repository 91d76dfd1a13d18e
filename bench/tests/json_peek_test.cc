#include "json_peek.h"

#include <gtest/gtest.h>

namespace dynastore::bench {
namespace {

TEST(JsonPeekTest, ErrorType) {
  EXPECT_EQ(error_type(R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"x"})"),
            "ResourceNotFoundException");
  EXPECT_EQ(error_type(R"({"message":"x", "__type" : "ValidationException"})"), "ValidationException");
  EXPECT_EQ(error_type("<html>502</html>"), "");
}

TEST(JsonPeekTest, CountIsNotScannedCount) {
  EXPECT_EQ(find_uint(R"({"Items":[],"ScannedCount":7,"Count":3})", "Count"), 3u);
  EXPECT_EQ(find_uint(R"({"ScannedCount":7})", "Count"), std::nullopt);
}

TEST(JsonPeekTest, ItemIsNotItems) {
  EXPECT_FALSE(find_value(R"({"Items":[{"a":{"S":"Item"}}]})", "Item"));
  EXPECT_EQ(find_value(R"({"Item":{"pk":{"S":"k\"}"}}})", "Item"), R"({"pk":{"S":"k\"}"}})");
  EXPECT_FALSE(find_value("{}", "Item"));
}

TEST(JsonPeekTest, LastEvaluatedKeyAndTruncation) {
  EXPECT_EQ(find_value(R"({"Count":1,"LastEvaluatedKey": {"pk":{"S":"k1"}} })", "LastEvaluatedKey"),
            R"({"pk":{"S":"k1"}})");
  EXPECT_FALSE(find_value(R"({"LastEvaluatedKey":{"pk":{"S":"k1"})", "LastEvaluatedKey"));
  EXPECT_EQ(find_string(R"({"Table":{"TableStatus":"ACTIVE"}})", "TableStatus"), "ACTIVE");
}

TEST(JsonPeekTest, EmptyObject) {
  EXPECT_TRUE(is_empty_object("{}"));
  EXPECT_TRUE(is_empty_object(" { } "));
  EXPECT_FALSE(is_empty_object(R"({"t":[]})"));
  EXPECT_FALSE(is_empty_object(""));
}

}  // namespace
}  // namespace dynastore::bench
