// The documented expression limits (Developer Guide "Expression parameters"; DynamoDB Local
// DbConfig: 4096 bytes, 300 operators, 100 IN operands, 32 path levels).
#include "dynastore/expr/expression_kind.h"

#include <gtest/gtest.h>

#include <string>

#include "dynastore/expr/condition.h"
#include "dynastore/expr/projection.h"
#include "dynastore/expr/update.h"
#include "test_util.h"

namespace dynastore::expr {
namespace {

using namespace testing;  // NOLINT: test value builders

std::string condition_error(const std::string& text, ExpressionKind kind = ExpressionKind::kCondition) {
  Placeholders ph({}, {{":v", N("1")}});
  auto c = parse_condition(text, kind, ph);
  return c.is_ok() ? "ok" : c.status().message();
}

TEST(Limits, ParameterNames) {
  EXPECT_EQ(expression_parameter_name(ExpressionKind::kCondition), "ConditionExpression");
  EXPECT_EQ(expression_parameter_name(ExpressionKind::kFilter), "FilterExpression");
  EXPECT_EQ(expression_parameter_name(ExpressionKind::kKeyCondition), "KeyConditionExpression");
  EXPECT_EQ(expression_parameter_name(ExpressionKind::kUpdate), "UpdateExpression");
  EXPECT_EQ(expression_parameter_name(ExpressionKind::kProjection), "ProjectionExpression");
}

TEST(Limits, ExpressionSize) {
  std::string at_limit = "a = :v" + std::string(kMaxExpressionSize - 6, ' ');
  EXPECT_EQ(condition_error(at_limit), "ok");
  std::string over = at_limit + " ";
  EXPECT_EQ(condition_error(over),
            "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097");
  EXPECT_EQ(condition_error(over, ExpressionKind::kFilter),
            "Invalid FilterExpression: Expression size has exceeded the maximum allowed size; expression size: 4097");
  Placeholders ph;
  auto p = parse_projection(std::string(4097, 'a'), ph);
  EXPECT_EQ(p.status().message(), "Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size;");
  auto u = parse_update("SET " + std::string(4093, 'a'), ph);
  EXPECT_EQ(u.status().message(), "Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;");
}

TEST(Limits, OperatorCount) {
  std::string text = "a = :v";
  for (int i = 0; i < 149; ++i) text += " AND a = :v";  // 150 comparisons + 149 ANDs = 299
  EXPECT_EQ(condition_error("NOT (" + text + ")"), "ok");  // 300 operators
  EXPECT_EQ(condition_error(text + " AND a = :v"),
            "Invalid ConditionExpression: The expression contains too many operators; operator count: 301");
}

TEST(Limits, InOperands) {
  std::string list = ":v";
  for (int i = 1; i < 100; ++i) list += ",:v";
  EXPECT_EQ(condition_error("a IN (" + list + ")"), "ok");
  EXPECT_EQ(condition_error("a IN (" + list + ",:v)"),
            "Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101");
}

TEST(Limits, PathDepth) {
  std::string path = "a";
  for (int i = 1; i < 32; ++i) path += ".b";
  EXPECT_EQ(condition_error("attribute_exists(" + path + ")"), "ok");
  EXPECT_EQ(condition_error("attribute_exists(" + path + "[0])"),
            "Invalid ConditionExpression: The document path has too many nesting levels; nesting levels: 33");
}

TEST(Limits, ListIndexRange) {
  EXPECT_EQ(condition_error("attribute_exists(a[2147483647])"), "ok");
  EXPECT_EQ(condition_error("attribute_exists(a[2147483648])"),
            "Invalid ConditionExpression: List index is not within the allowable range; index: 2147483648");
}

}  // namespace
}  // namespace dynastore::expr
