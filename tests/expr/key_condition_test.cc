#include "dynastore/expr/key_condition.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "test_util.h"

namespace dynastore::expr {
namespace {

using namespace testing;  // NOLINT: test value builders

Placeholders key_placeholders() {
  std::map<std::string, model::AttributeValue> values = {
      {":p", S("pk")}, {":a", S("a")}, {":b", S("b")}, {":n", N("1")}, {":n2", N("2")}, {":l", L({})},
      {":t", BOOL(true)},
  };
  return Placeholders({{"#p", "p"}, {"#c", "c"}}, values);
}

struct KeyCase {
  const char* expression;
  bool range_table;
  const char* expected;  // describe() of the result, or the error message
};

// "hash=<values> [& <sort equality>]... [<op> <v> [<upper>]]", every value in key order.
std::string describe(const KeyCondition& k) {
  std::string out = "hash=";
  for (const auto& v : k.partition_values) out += to_text(v) + (&v == &k.partition_values.back() ? "" : ",");
  for (const auto& v : k.sort_equalities) out += " & " + to_text(v);
  if (k.sort) {
    static const char* kOps[] = {"=", "<", "<=", ">", ">=", "BETWEEN", "begins_with"};
    out += std::string(" ") + kOps[static_cast<int>(k.sort->op)] + " " + to_text(k.sort->value);
    if (k.sort->op == SortKeyOp::kBetween) out += " " + to_text(k.sort->upper);
  }
  return out;
}

const std::vector<model::KeyAttribute> kHash = {{"p", model::ScalarType::kString}};
const std::vector<model::KeyAttribute> kRange = {{"c", model::ScalarType::kString}};
const std::vector<model::KeyAttribute> kNoRange;

class KeyConditionTest : public ::testing::TestWithParam<KeyCase> {};

TEST_P(KeyConditionTest, Row) {
  const KeyCase& c = GetParam();
  Placeholders ph = key_placeholders();
  auto result = parse_key_condition(c.expression, ph, {kHash, c.range_table ? kRange : kNoRange});
  if (result.is_ok()) {
    EXPECT_EQ(describe(result.value()), c.expected) << c.expression;
  } else {
    EXPECT_EQ(result.status().message(), c.expected) << c.expression;
  }
}

INSTANTIATE_TEST_SUITE_P(Table, KeyConditionTest, ::testing::Values(
    KeyCase{"p = :p", false, "hash=Spk"},
    KeyCase{" p  =   :p ", true, "hash=Spk"},
    KeyCase{":p = p", true, "hash=Spk"},
    KeyCase{"#p = :p AND #c = :a", true, "hash=Spk = Sa"},
    KeyCase{"p = :p AND c < :a", true, "hash=Spk < Sa"},
    KeyCase{"p = :p AND :a < c", true, "hash=Spk > Sa"},   // operand order flips the operator
    KeyCase{"p = :p AND :a >= c", true, "hash=Spk <= Sa"},
    KeyCase{"c BETWEEN :a AND :b AND p = :p", true, "hash=Spk BETWEEN Sa Sb"},
    KeyCase{"p = :p AnD c BeTwEeN :a aNd :b", true, "hash=Spk BETWEEN Sa Sb"},
    KeyCase{"p = :p AND begins_with(c, :a)", true, "hash=Spk begins_with Sa"},
    KeyCase{"((c = :a) AND (p = :p))", true, "hash=Spk = Sa"},
    KeyCase{"", true, "Invalid KeyConditionExpression: The expression can not be empty;"},
    KeyCase{"p = :p AND c != :a", true, "Invalid KeyConditionExpression: Syntax error; token: \"!\", near: \"c !=\""},
    KeyCase{"a > 4", true, "Invalid KeyConditionExpression: Syntax error; token: \"4\", near: \"> 4\""},
    KeyCase{"p = :zz", true, "Invalid KeyConditionExpression: An expression attribute value used in expression is not defined; attribute value: :zz"},
    KeyCase{"p = :p AND begins_with(c, :n)", true, "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"},
    KeyCase{"p = :p AND c BETWEEN :b AND :a", true, "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {S:b}, upper bound operand: AttributeValue: {S:a}"},
    KeyCase{"p = :p AND c BETWEEN :n AND :a", true, "Invalid KeyConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}"},
    KeyCase{"a > :a and size(b) > :a or a > :b", true, "Invalid operator used in KeyConditionExpression: OR"},
    KeyCase{"a in (:a, :b)", true, "Invalid operator used in KeyConditionExpression: IN"},
    KeyCase{"attribute_exists(a)", true, "Invalid operator used in KeyConditionExpression: attribute_exists"},
    KeyCase{"attribute_not_exists(a)", true, "Invalid operator used in KeyConditionExpression: attribute_not_exists"},
    KeyCase{"contains(a.d, :a)", true, "Invalid operator used in KeyConditionExpression: contains"},
    KeyCase{"not a > :a", true, "Invalid operator used in KeyConditionExpression: NOT"},
    KeyCase{"a <> :a", true, "Invalid operator used in KeyConditionExpression: <>"},
    KeyCase{":a between c and :b and p > :b", true, "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand"},
    KeyCase{"begins_with(:a, b) and a > :b", true, "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand"},
    KeyCase{"size(b) > :n AND a.b > b AND b > c", true, "KeyConditionExpressions cannot contain nested operations"},
    KeyCase{"a > size(b.d)", true, "KeyConditionExpressions cannot contain nested operations"},
    KeyCase{"b > a.b", true, "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"},
    KeyCase{"a between b and size(a)", true, "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"},
    KeyCase{"begins_with(a, b)", true, "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"},
    KeyCase{"a.d > :a", true, "KeyConditionExpressions cannot have conditions on nested attributes"},
    KeyCase{"b[0] > :a", true, "KeyConditionExpressions cannot have conditions on nested attributes"},
    KeyCase{":b > :a AND a < :b", true, "Invalid condition in KeyConditionExpression: No key attribute specified"},
    KeyCase{"p = :p AND p = :p", true, "KeyConditionExpressions must only contain one condition per key"},
    KeyCase{"b > :a AND b < :a and c = :a and d = :a", true, "KeyConditionExpressions must only contain one condition per key"},
    // paritysuite/dynamodb-conformance queryKeyConditionOperands.test.ts (eu-west-2, October 2026).
    KeyCase{":a = a and b = :a and :a = c", true,
            "The number of query conditions (3) exceeds the number of key attributes defined in the schema (2)"},
    KeyCase{"p < :p", true, "Query key condition not supported"},
    KeyCase{"begins_with(p, :p)", false, "Query key condition not supported"},
    KeyCase{"p = :p AND c = :a", false, "Query key condition not supported"},   // hash-only schema
    KeyCase{"c = :a", true, "Query condition missed key schema element: p"},
    KeyCase{"p = :p AND z = :a", true, "Query condition missed key schema element: c"},
    KeyCase{"z = :a", false, "Query condition missed key schema element: p"},
    KeyCase{"p = :p AND c < :t", true, "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: BOOL"}
));

// Multi-attribute GSI keys (Developer Guide, "Multi-attribute keys"): every partition
// attribute by equality; sort attributes left to right, equality on all but the last given.
struct MultiCase {
  const char* expression;
  const char* expected;
};

class MultiAttributeKeyConditionTest : public ::testing::TestWithParam<MultiCase> {};

TEST_P(MultiAttributeKeyConditionTest, Row) {
  const MultiCase& c = GetParam();
  const std::vector<model::KeyAttribute> hash = {{"h1", model::ScalarType::kString}, {"h2", model::ScalarType::kNumber}};
  const std::vector<model::KeyAttribute> range = {{"r1", model::ScalarType::kNumber}, {"r2", model::ScalarType::kString}};
  Placeholders ph = key_placeholders();
  auto result = parse_key_condition(c.expression, ph, {hash, range});
  EXPECT_EQ(result.is_ok() ? describe(result.value()) : result.status().message(), c.expected) << c.expression;
}

INSTANTIATE_TEST_SUITE_P(Table, MultiAttributeKeyConditionTest, ::testing::Values(
    MultiCase{"h1 = :a AND h2 = :n", "hash=Sa,N1"},
    MultiCase{"h2 = :n AND h1 = :a", "hash=Sa,N1"},
    MultiCase{"h1 = :a AND h2 = :n AND r1 = :n", "hash=Sa,N1 = N1"},
    MultiCase{"h1 = :a AND h2 = :n AND r1 > :n", "hash=Sa,N1 > N1"},
    MultiCase{"r2 BETWEEN :a AND :b AND h1 = :a AND h2 = :n AND r1 = :n2", "hash=Sa,N1 & N2 BETWEEN Sa Sb"},
    MultiCase{"h1 = :a AND h2 = :n AND r1 = :n AND begins_with(r2, :b)", "hash=Sa,N1 & N1 begins_with Sb"},
    MultiCase{"h1 = :a AND h2 = :n AND r1 > :n AND r2 = :a", "Query key condition not supported"},
    MultiCase{"h1 = :a AND h2 > :n", "Query key condition not supported"},
    MultiCase{"h1 = :a AND h2 = :n AND r2 = :a", "Query condition missed key schema element: r1"},
    MultiCase{"h1 = :a AND r1 = :n", "Query condition missed key schema element: h2"},
    MultiCase{"h1 = :a", "Query condition missed key schema element: h2"},
    MultiCase{"h1 = :n AND h2 = :n",
              "One or more parameter values were invalid: Condition parameter type does not match schema type"},
    MultiCase{"h1 = :a AND h2 = :n AND r1 = :n AND r2 = :a AND z = :a",
              "The number of query conditions (5) exceeds the number of key attributes defined in the schema (4)"},
    MultiCase{"h1 = :a AND h2 = :n AND h1 = :b", "KeyConditionExpressions must only contain one condition per key"},
    MultiCase{"h1 = :a OR h2 = :n", "Invalid operator used in KeyConditionExpression: OR"}
));

TEST(KeyCondition, SchemaTypesAreChecked) {
  Placeholders ph = key_placeholders();
  const std::vector<model::KeyAttribute> numeric_range = {{"c", model::ScalarType::kNumber}};
  auto ok = parse_key_condition("p = :p AND c > :n", ph, {kHash, numeric_range});
  ASSERT_TRUE(ok.is_ok()) << ok.status().message();
  auto bad = parse_key_condition("p = :p AND c > :a", ph, {kHash, numeric_range});
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().message(),
            "One or more parameter values were invalid: Condition parameter type does not match schema type");
}

TEST(KeyCondition, SortKeyMatches) {
  SortKeyCondition between{SortKeyOp::kBetween, N("2"), N("10")};
  EXPECT_TRUE(between.matches(N("2")));
  EXPECT_TRUE(between.matches(N("10")));
  EXPECT_FALSE(between.matches(N("10.5")));
  EXPECT_FALSE(between.matches(S("5")));
  SortKeyCondition prefix{SortKeyOp::kBeginsWith, S("ab"), {}};
  EXPECT_TRUE(prefix.matches(S("abc")));
  EXPECT_FALSE(prefix.matches(S("b")));
  SortKeyCondition lt{SortKeyOp::kLt, B("\x80"), {}};
  EXPECT_TRUE(lt.matches(B("\x7f")));
  EXPECT_FALSE(lt.matches(B("\x81")));
}

}  // namespace
}  // namespace dynastore::expr
