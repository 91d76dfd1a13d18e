#include "dynastore/expr/condition.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "test_util.h"

namespace dynastore::expr {
namespace {

using namespace testing;  // NOLINT: test value builders

Placeholders make_placeholders() {
  std::map<std::string, std::string> names = {{"#a", "a"}, {"#b", "b"}, {"#n", "name"}, {"#dot", "x.y"}};
  std::map<std::string, model::AttributeValue> values = {
      {":s", S("abc")}, {":s2", S("abd")}, {":n", N("1")}, {":n2", N("2")},   {":b", B("ab")},
      {":l", L({N("1")})}, {":m", M({})}, {":ss", SS({"a"})}, {":t", BOOL(true)}, {":z", NUL()},
      {":typeS", S("S")}, {":typeX", S("X")}, {":ns", NS({"1"})},
  };
  return Placeholders(names, values);
}

struct ParseCase {
  const char* text;
  const char* error;  // "" when the expression is valid
};

class ConditionParseTest : public ::testing::TestWithParam<ParseCase> {};

TEST_P(ConditionParseTest, Row) {
  const ParseCase& c = GetParam();
  Placeholders ph = make_placeholders();
  auto result = parse_condition(c.text, ExpressionKind::kCondition, ph);
  if (std::string(c.error).empty()) {
    EXPECT_TRUE(result.is_ok()) << c.text << " -> " << result.status().message();
  } else {
    ASSERT_FALSE(result.is_ok()) << c.text;
    EXPECT_EQ(result.status().message(), std::string("Invalid ConditionExpression: ") + c.error) << c.text;
  }
}

INSTANTIATE_TEST_SUITE_P(Table, ConditionParseTest, ::testing::Values(
    ParseCase{"a = :s", ""},
    ParseCase{"#a = :s", ""},
    ParseCase{"a.b[1].c <> :n", ""},
    ParseCase{"a = :s AND b = :n OR NOT c = :s", ""},
    ParseCase{"(a = :s) AND (b = :n)", ""},
    ParseCase{"((a = :s) AND (b = :n))", ""},
    ParseCase{"(a) = :s", ""},
    ParseCase{"a BETWEEN :n AND :n2", ""},
    ParseCase{"a IN (:n, :n2, :s)", ""},
    ParseCase{"attribute_exists(a) AND attribute_not_exists(#b.c)", ""},
    ParseCase{"size(a) > :n", ""},
    ParseCase{"begins_with(a, :s)", ""},
    ParseCase{"contains(a, :l)", ""},
    ParseCase{"attribute_type(a, :typeS)", ""},
    ParseCase{"a=:s and b<>:n", ""},
    ParseCase{":s = :s", ""},
    ParseCase{"NOT NOT a = :s", ""},
    ParseCase{"", "The expression can not be empty;"},
    ParseCase{"foo", "Syntax error; token: \"<EOF>\", near: \"foo\""},
    ParseCase{"   ", "Syntax error; token: \"<EOF>\", near: \"\""},
    ParseCase{"a = ", "Syntax error; token: \"<EOF>\", near: \"=\""},
    ParseCase{"things are not gonna be ok", "Syntax error; token: \"are\", near: \"things are not\""},
    ParseCase{"a > 4", "Syntax error; token: \"4\", near: \"> 4\""},
    ParseCase{"a = !!", "Syntax error; token: \"!\", near: \"= !!\""},
    ParseCase{"a in b, c", "Syntax error; token: \"b\", near: \"in b,\""},
    ParseCase{"a in (b,c,)", "Syntax error; token: \")\", near: \",)\""},
    ParseCase{"a = set", "Syntax error; token: \"set\", near: \"= set\""},
    ParseCase{"ü > a", "Syntax error; token: \"ü\", near: \"ü >\""},
    ParseCase{"size(a).b > a", "Syntax error; token: \".\", near: \").b\""},
    ParseCase{"a[:s] = :s", "Syntax error; token: \":s\", near: \"[:s]\""},
    ParseCase{"a = \"x\"", "Syntax error; token: \"\"x\"\", near: \"= \"x\"\""},
    ParseCase{"((a = :s))", "The expression has redundant parentheses;"},
    ParseCase{"a=a and a > ((views))", "The expression has redundant parentheses;"},
    ParseCase{"a=:s AND ((a=:s AND a=:n)) AND a=:s", "The expression has redundant parentheses;"},
    ParseCase{"foo(a) = :s", "Invalid function name; function: foo"},
    ParseCase{"attRIbute_exIsts((views), #a)", "Invalid function name; function: attRIbute_exIsts"},
    ParseCase{"if_not_exists(a, :s) = :s", "The function is not allowed in a condition expression; function: if_not_exists"},
    ParseCase{"attribute_exists(a) = :s", "The function is not allowed to be used this way in an expression; function: attribute_exists"},
    ParseCase{"size(a)", "The function is not allowed to be used this way in an expression; function: size"},
    ParseCase{"size(contains(a, b)) > a", "The function is not allowed to be used this way in an expression; function: contains"},
    ParseCase{"a between b and attribute_exists(c)", "The function is not allowed to be used this way in an expression; function: attribute_exists"},
    ParseCase{"name = :s", "Attribute name is a reserved keyword; reserved keyword: name"},
    ParseCase{":s < abOrT", "Attribute name is a reserved keyword; reserved keyword: abOrT"},
    ParseCase{"#x = :s", "An expression attribute name used in the document path is not defined; attribute name: #x"},
    ParseCase{"a = :nope", "An expression attribute value used in expression is not defined; attribute value: :nope"},
    ParseCase{"attribute_exists(a, b)", "Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2"},
    ParseCase{"begins_with(a)", "Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1"},
    ParseCase{"a = a", "The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]"},
    ParseCase{"#a <> a", "The first operand must be distinct from the remaining operands for this operator or function; operator: <>, first operand: [a]"},
    ParseCase{"contains(a.b[1], a.b[1])", "The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [a, b, [1]]"},
    ParseCase{"begins_with(a, :n)", "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"},
    ParseCase{"begins_with(a, size(b))", "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"},
    ParseCase{"size(:n) > a", "Incorrect operand type for operator or function; operator or function: size, operand type: N"},
    ParseCase{"attribute_type(a, :n)", "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N"},
    ParseCase{"attribute_type(a, b)", "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}"},
    ParseCase{"attribute_type(a, :typeX)", "Invalid attribute type name found; type: X, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"},
    ParseCase{"attribute_exists(:s)", "Operator or function requires a document path; operator or function: attribute_exists"},
    ParseCase{"a < :l", "Incorrect operand type for operator or function; operator or function: <, operand type: L"},
    ParseCase{"a between :n and :s", "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:abc}"},
    ParseCase{"a between :s2 and :s", "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {S:abd}, upper bound operand: AttributeValue: {S:abc}"},
    // Priorities: unknown function beats reserved word; reserved beats undefined name.
    ParseCase{"name = :s AND foo(a)", "Invalid function name; function: foo"},
    ParseCase{"#x = :s AND size = :s", "Attribute name is a reserved keyword; reserved keyword: size"},
    // Within the first invalid condition: undefined placeholder beats operand count.
    ParseCase{"attribute_exists(#x, b)", "An expression attribute name used in the document path is not defined; attribute name: #x"},
    // The first invalid condition decides.
    ParseCase{"a = a AND :nope = b", "The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]"}
));

}  // namespace
}  // namespace dynastore::expr

namespace dynastore::expr {
namespace {

TEST(ConditionParse, MessagesNameTheParameter) {
  Placeholders ph = make_placeholders();
  auto filter = parse_condition("a = ", ExpressionKind::kFilter, ph);
  EXPECT_EQ(filter.status().message(), "Invalid FilterExpression: Syntax error; token: \"<EOF>\", near: \"=\"");
  auto key = parse_condition("((a = :s))", ExpressionKind::kKeyCondition, ph);
  EXPECT_EQ(key.status().message(), "Invalid KeyConditionExpression: The expression has redundant parentheses;");
  auto wrong = parse_condition("a = :s", ExpressionKind::kUpdate, ph);
  EXPECT_EQ(wrong.status().code(), StatusCode::kInternal);
}

TEST(ConditionParse, ReportsTopLevelNames) {
  Placeholders ph = make_placeholders();
  auto c = parse_condition("a.b = :s AND size(#b) > :n AND c[0] <> :s AND d = :s", ExpressionKind::kFilter, ph);
  ASSERT_TRUE(c.is_ok()) << c.status().message();
  EXPECT_EQ(c->top_level_names(), (std::set<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(c->nested_top_level_names(), (std::set<std::string>{"a", "c"}));
}

}  // namespace
}  // namespace dynastore::expr
