#include "dynastore/expr/update.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "dynastore/expr/projection.h"
#include "test_util.h"

namespace dynastore::expr {
namespace {

using namespace testing;  // NOLINT: test value builders

std::map<std::string, model::AttributeValue> update_values() {
  std::map<std::string, std::string> texts = {
      {":s", "Sx"},    {":n", "N1"},       {":n2", "N2"},        {":l", "[N1]"},  {":l2", "[Sa,Sb]"},
      {":m", "{k:N1}"}, {":ss", "<Sa|b>"}, {":ssb", "<Sb|c>"},   {":ns", "<N1|2>"}, {":t", "T"},
      {":z", "Z"},     {":b", "Bxy"},      {":big", "N9.9999999999999999999999999999999999999E+125"},
      {":tiny", "N1E-130"}, {":neg", "N-3"}, {":ssa", "<Sa>"},   {":e", "[]"},
  };
  std::map<std::string, model::AttributeValue> values;
  for (const auto& [k, v] : texts) values.emplace(k, parse_value(v));
  return values;
}

Placeholders update_placeholders() {
  return Placeholders({{"#a", "a"}, {"#c", "c"}, {"#d", "[3]"}, {"#1", "1"}}, update_values());
}

// ---- parse / validation ------------------------------------------------------------------

struct ParseCase {
  const char* text;
  const char* error;  // "" when valid
};

class UpdateParseTest : public ::testing::TestWithParam<ParseCase> {};

TEST_P(UpdateParseTest, Row) {
  const ParseCase& c = GetParam();
  Placeholders ph = update_placeholders();
  auto plan = parse_update(c.text, ph);
  if (std::string(c.error).empty()) {
    EXPECT_TRUE(plan.is_ok()) << c.text << " -> " << plan.status().message();
  } else {
    ASSERT_FALSE(plan.is_ok()) << c.text;
    EXPECT_EQ(plan.status().message(), std::string("Invalid UpdateExpression: ") + c.error) << c.text;
  }
}

INSTANTIATE_TEST_SUITE_P(Table, UpdateParseTest, ::testing::Values(
    ParseCase{"SET a = :s", ""},
    ParseCase{"set a = :s", ""},
    ParseCase{"sEt a=:s , b=:n", ""},
    ParseCase{"SET a = b + :n, c = :n - d", ""},
    ParseCase{"SET a = (b + :n)", ""},
    ParseCase{"SET a = ((b) + (:n))", ""},
    ParseCase{"SET a = if_not_exists(a, :n) + :n", ""},
    ParseCase{"SET a = list_append(a, :l)", ""},
    ParseCase{"SET a = list_append(if_not_exists(a, :e), :l)", ""},
    ParseCase{"SET a[3] = :s, b.c.#a = :n", ""},
    ParseCase{"REMOVE a, b.c, d[1] SET e = :s ADD f :n DELETE g :ss", ""},
    ParseCase{"ADD a :n, b :ss", ""},
    ParseCase{"SET #a = :s", ""},
    ParseCase{"SET #d = :s", ""},
    ParseCase{"", "The expression can not be empty;"},
    ParseCase{"whatever", "Syntax error; token: \"whatever\", near: \"whatever\""},
    ParseCase{"set a", "Syntax error; token: \"<EOF>\", near: \"a\""},
    ParseCase{"SET MyStr = myNum + 1", "Syntax error; token: \"1\", near: \"+ 1\""},
    ParseCase{"SET MyStr = myNum Mystr2 myNum2", "Syntax error; token: \"Mystr2\", near: \"myNum Mystr2 myNum2\""},
    ParseCase{"SET MyStr = my Num", "Syntax error; token: \"Num\", near: \"my Num\""},
    ParseCase{"SET _123 = :s", "Syntax error; token: \"_\", near: \"SET _123\""},
    ParseCase{"SET path = VALUE 1", "Syntax error; token: \"1\", near: \"VALUE 1\""},
    ParseCase{"set a=set", "Syntax error; token: \"set\", near: \"=set\""},
    ParseCase{"remove a = b", "Syntax error; token: \"=\", near: \"a = b\""},
    ParseCase{"add a b", "Syntax error; token: \"b\", near: \"a b\""},
    ParseCase{"set :a = b", "Syntax error; token: \":a\", near: \"set :a =\""},
    ParseCase{"set a = b / c", "Syntax error; token: \"/\", near: \"b / c\""},
    ParseCase{"set a = b + c + d", "Syntax error; token: \"+\", near: \"c + d\""},
    ParseCase{"set a = (b.c).d + e", "Syntax error; token: \".\", near: \").d\""},
    ParseCase{"SET if_not_exist(a, b) = a", "Syntax error; token: \"(\", near: \"if_not_exist(a\""},
    ParseCase{"SET a[:s] = :n", "Syntax error; token: \":s\", near: \"[:s]\""},
    ParseCase{"SET a = f()", "Syntax error; token: \")\", near: \"()\""},
    ParseCase{"SET a = ((b))", "The expression has redundant parentheses;"},
    ParseCase{"SET a = ((b + :n))", "The expression has redundant parentheses;"},
    ParseCase{" set #c = :s set abOrt = :s ", "Attribute name is a reserved keyword; reserved keyword: abOrt"},
    ParseCase{" remove Absolute ", "Attribute name is a reserved keyword; reserved keyword: Absolute"},
    ParseCase{"set a = f(b, c)", "Invalid function name; function: f"},
    ParseCase{"SET a = LIST_APPEND(:l, :l)", "Invalid function name; function: LIST_APPEND"},
    ParseCase{"SET a = size(b)", "The function is not allowed in an update expression; function: size"},
    ParseCase{"set a = :s set c = :n", "The \"SET\" section can only be used once in an update expression;"},
    ParseCase{"remove #a set b = c remove e", "The \"REMOVE\" section can only be used once in an update expression;"},
    ParseCase{"add a :n set b = c add e :n", "The \"ADD\" section can only be used once in an update expression;"},
    ParseCase{"delete a :ss set b = c delete e :ss", "The \"DELETE\" section can only be used once in an update expression;"},
    ParseCase{"SET #zz = if_not_exists(:nope)", "An expression attribute name used in the document path is not defined; attribute name: #zz"},
    ParseCase{"SET a = if_not_exists(:nope)", "An expression attribute value used in expression is not defined; attribute value: :nope"},
    ParseCase{"SET a = :s REMOVE a", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"},
    ParseCase{"set c.b.#c = a, c = a, #a = a", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [c, b, c], path two: [c]"},
    ParseCase{"set #c[3].#d = a, #c[3] = a", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [c, [3], [3]], path two: [c, [3]]"},
    ParseCase{"remove c, #c.a", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [c], path two: [c, a]"},
    ParseCase{"set d[1] = a, d.b = a, c[1].a = a, #c = a", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [c, [1], a], path two: [c]"},
    ParseCase{"set #c[3].#d = a, #c.#d[3] = a", "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [c, [3], [3]], path two: [c, [3], [3]]"},
    ParseCase{"remove a.#c set a[1] = :s", "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, c], path two: [a, [1]]"},
    ParseCase{"add a.b :s", "Incorrect operand type for operator or function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND"},
    ParseCase{"delete a.b :n", "Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER, typeSet: ALLOWED_FOR_DELETE_OPERAND"},
    ParseCase{"add a :l", "Incorrect operand type for operator or function; operator: ADD, operand type: LIST, typeSet: ALLOWED_FOR_ADD_OPERAND"},
    ParseCase{"delete a :m", "Incorrect operand type for operator or function; operator: DELETE, operand type: MAP, typeSet: ALLOWED_FOR_DELETE_OPERAND"},
    ParseCase{"add a :t", "Incorrect operand type for operator or function; operator: ADD, operand type: BOOLEAN, typeSet: ALLOWED_FOR_ADD_OPERAND"},
    // dynalite: an ADD operand error outranks function errors elsewhere in the expression.
    ParseCase{"set b = list_append(:s, a), c = if_not_exists(a) add a.b :s", "Incorrect operand type for operator or function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND"},
    ParseCase{"set a = if_not_exists(c)", "Incorrect number of operands for operator or function; operator or function: if_not_exists, number of operands: 1"},
    ParseCase{"set a = list_append(c)", "Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 1"},
    ParseCase{"set a = if_not_exists(:s, c)", "Operator or function requires a document path; operator or function: if_not_exists"},
    ParseCase{"set a = if_not_exists(if_not_exists(a, b), c)", "Operator or function requires a document path; operator or function: if_not_exists"},
    ParseCase{"set a = list_append(:s, a)", "Incorrect operand type for operator or function; operator or function: list_append, operand type: S"},
    ParseCase{"set a = list_append(a, :n)", "Incorrect operand type for operator or function; operator or function: list_append, operand type: N"},
    ParseCase{"set a = a + :s", "Incorrect operand type for operator or function; operator or function: +, operand type: S"},
    ParseCase{"set a = :b - a", "Incorrect operand type for operator or function; operator or function: -, operand type: B"},
    ParseCase{"set a = a + :ss", "Incorrect operand type for operator or function; operator or function: +, operand type: SS"},
    ParseCase{"SET a = list_append(list_append(:l, :l), :l)", "The function is not allowed to be used this way in an expression; function: list_append"}
));

// ---- application -------------------------------------------------------------------------

struct ApplyCase {
  const char* before;  // "" for no item
  const char* update;
  const char* after;   // expected item, or the expected error message
};

class UpdateApplyTest : public ::testing::TestWithParam<ApplyCase> {};

TEST_P(UpdateApplyTest, Row) {
  const ApplyCase& c = GetParam();
  Placeholders ph = update_placeholders();
  auto plan = parse_update(c.update, ph);
  ASSERT_TRUE(plan.is_ok()) << c.update << ": " << plan.status().message();
  bool exists = std::string(c.before).size() > 0;
  model::Item item = exists ? parse_item(c.before) : model::Item{};
  model::Item original = item;
  Status s = apply_update(plan.value(), item, exists);
  if (std::string(c.after).starts_with("{")) {
    ASSERT_TRUE(s.is_ok()) << c.update << ": " << s.message();
    EXPECT_EQ(to_text(item), to_text(parse_item(c.after))) << c.update << " on " << c.before;
  } else {
    ASSERT_FALSE(s.is_ok()) << c.update << " on " << c.before << " gave " << to_text(item);
    EXPECT_EQ(s.message(), c.after) << c.update;
    EXPECT_EQ(to_text(item), to_text(original)) << "failed update must leave the item unchanged";
  }
}

INSTANTIATE_TEST_SUITE_P(Table, UpdateApplyTest, ::testing::Values(
    ApplyCase{"", "SET a = :s", "{a:Sx}"},
    ApplyCase{"{k:S1}", "SET a = :s, b = :n", "{a:Sx,b:N1,k:S1}"},
    ApplyCase{"{a:N1,b:N2}", "SET a = b, b = a", "{a:N2,b:N1}"},                     // reads see the old item
    ApplyCase{"{a:Sh}", "SET b = a", "{a:Sh,b:Sh}"},
    ApplyCase{"{a:Sh}", "SET c = z", "The provided expression refers to an attribute that does not exist in the item"},
    ApplyCase{"", "SET c = z", "The provided expression refers to an attribute that does not exist in the item"},
    ApplyCase{"{a:Sh}", "REMOVE a SET b = a", "{b:Sh}"},
    ApplyCase{"{a:N2}", "SET a = a + :n", "{a:N3}"},
    ApplyCase{"{a:N2}", "SET a = :n - a", "{a:N-1}"},
    ApplyCase{"{a:N2}", "SET b = :n2 + :n", "{a:N2,b:N3}"},
    ApplyCase{"{a:N0.1}", "SET a = a + :n", "{a:N1.1}"},
    ApplyCase{"{a:Sx}", "SET a = a + :n", "An operand in the update expression has an incorrect data type"},
    ApplyCase{"{}", "SET a = a + :n", "The provided expression refers to an attribute that does not exist in the item"},
    ApplyCase{"{a:N1}", "SET a = a + :big", "Number overflow. Attempting to store a number with magnitude larger than supported range"},
    ApplyCase{"{}", "SET a = if_not_exists(a, :n)", "{a:N1}"},
    ApplyCase{"{a:N5}", "SET a = if_not_exists(a, :n)", "{a:N5}"},
    ApplyCase{"{a:N5}", "SET b = if_not_exists(c, a)", "{a:N5,b:N5}"},
    ApplyCase{"{}", "SET a = if_not_exists(a, :n) + :n2", "{a:N3}"},
    ApplyCase{"{a:[N1]}", "SET a = list_append(a, :l2)", "{a:[N1,Sa,Sb]}"},
    ApplyCase{"{a:[N1]}", "SET a = list_append(:l2, a)", "{a:[Sa,Sb,N1]}"},
    ApplyCase{"{}", "SET a = list_append(if_not_exists(a, :e), :l)", "{a:[N1]}"},
    ApplyCase{"{}", "SET a = list_append(b, :l)", "The provided expression refers to an attribute that does not exist in the item"},
    ApplyCase{"{b:N1}", "SET a = list_append(b, :l)", "An operand in the update expression has an incorrect data type"},
    // Nested SET.
    ApplyCase{"{a:{b:N3,c:N4}}", "SET a.c = :n", "{a:{b:N3,c:N1}}"},
    ApplyCase{"{a:{b:N3}}", "SET a.d = :n", "{a:{b:N3,d:N1}}"},
    ApplyCase{"{a:[So,St,Sh]}", "SET a[1] = :s", "{a:[So,Sx,Sh]}"},
    ApplyCase{"{a:[So,St,Sh]}", "SET a[7] = :s", "{a:[So,St,Sh,Sx]}"},                 // past the end appends
    ApplyCase{"{a:[So]}", "SET a[9] = :s, a[3] = :n, a[5] = :t", "{a:[So,N1,T,Sx]}"},  // appends in index order
    ApplyCase{"{a:{b:N3,c:[Shi,{x:{y:[N3,N5,N7]}}]}}", "SET a.c[1].#a = :n", "{a:{b:N3,c:[Shi,{a:N1,x:{y:[N3,N5,N7]}}]}}"},
    ApplyCase{"{a:Sh,b:[Shi]}", "SET a.c = :n", "The document path provided in the update expression is invalid for update"},
    ApplyCase{"{a:Sh,b:[Shi]}", "SET b.c = :n", "The document path provided in the update expression is invalid for update"},
    ApplyCase{"{a:Sh}", "SET c.c = :n", "The document path provided in the update expression is invalid for update"},
    ApplyCase{"", "SET c.c = :n", "The document path provided in the update expression is invalid for update"},
    ApplyCase{"{a:Sh}", "SET a[0] = :n", "The document path provided in the update expression is invalid for update"},
    ApplyCase{"{a:{1:Sa}}", "SET a[1] = :n", "The document path provided in the update expression is invalid for update"},
    ApplyCase{"{d:[Sa,Sb]}", "SET d.#1 = :n", "The document path provided in the update expression is invalid for update"},
    ApplyCase{"{a:[N1]}", "SET a[5].b = :n", "The document path provided in the update expression is invalid for update"},
    // REMOVE.
    ApplyCase{"{a:Sh,b:Shi}", "REMOVE a", "{b:Shi}"},
    ApplyCase{"{a:Sh}", "REMOVE c", "{a:Sh}"},
    ApplyCase{"{a:{b:N1}}", "REMOVE a.b", "{a:{}}"},
    ApplyCase{"{a:[N1]}", "REMOVE a[0]", "{a:[]}"},
    ApplyCase{"{a:[N4,N5,N6]}", "REMOVE a[17]", "{a:[N4,N5,N6]}"},
    ApplyCase{"{a:{x:N3},b:[Shi]}", "REMOVE a.y, b[7]", "{a:{x:N3},b:[Shi]}"},
    ApplyCase{"{a:[N2,N3,N4,N5,N6,N7]}", "REMOVE a[1], a[3]", "{a:[N2,N4,N6,N7]}"},     // original positions
    ApplyCase{"{a:[N2,N3,N4,N5,N6,N7]}", "REMOVE a[3], a[1]", "{a:[N2,N4,N6,N7]}"},
    ApplyCase{"{a:[N2,N3,N4,N5,N6,N7]}", "REMOVE a[1] SET a[3] = :n", "{a:[N2,N4,N1,N6,N7]}"},
    ApplyCase{"{a:[N2,N3,N4,N5,N6,N7]}", "SET a[3] = :n REMOVE a[1]", "{a:[N2,N4,N1,N6,N7]}"},
    ApplyCase{"{a:[N1,N2]}", "SET a[9] = :s REMOVE a[0]", "{a:[N2,Sx]}"},
    ApplyCase{"{a:[N1,N2]}", "SET a[3] = :s, a[4] = :t REMOVE a[2]", "{a:[N1,N2,Sx,T]}"},  // a[2] did not exist
    ApplyCase{"{a:[[N1,N2],[N3,N4]]}", "REMOVE a[0], a[1][0]", "{a:[[N4]]}"},
    ApplyCase{"{a:{b:N3,c:[Shi,{x:{y:[N3,N5,N7]},q:N2}]}}", "REMOVE a.c[1].x.y[1], a.c[1].q", "{a:{b:N3,c:[Shi,{x:{y:[N3,N7]}}]}}"},
    ApplyCase{"{a:Sh}", "REMOVE a.c", "The document path provided in the update expression is invalid for update"},
    ApplyCase{"{a:Sh}", "REMOVE c.c", "The document path provided in the update expression is invalid for update"},
    ApplyCase{"{a:Sh}", "REMOVE a[0]", "The document path provided in the update expression is invalid for update"},
    ApplyCase{"", "REMOVE x.y, z[0]", "{}"},   // no item: tolerated
    // ADD.
    ApplyCase{"{a:N3}", "ADD a :n", "{a:N4}"},
    ApplyCase{"{}", "ADD b :n2", "{b:N2}"},
    ApplyCase{"", "ADD b :neg", "{b:N-3}"},
    ApplyCase{"{a:Shi}", "ADD a :n", "An operand in the update expression has an incorrect data type"},
    ApplyCase{"{a:<Sa|b>}", "ADD a :ssb", "{a:<Sa|b|c>}"},
    ApplyCase{"{}", "ADD a :ssb", "{a:<Sb|c>}"},
    ApplyCase{"{a:<N1|2>}", "ADD a :ss", "An operand in the update expression has an incorrect data type"},
    ApplyCase{"{a:[N1]}", "ADD a :ss", "An operand in the update expression has an incorrect data type"},
    ApplyCase{"{a:N1}", "ADD a :big", "Number overflow. Attempting to store a number with magnitude larger than supported range"},
    ApplyCase{"{a:{b:N1}}", "ADD a.b :n, a.c :n", "{a:{b:N2,c:N1}}"},
    ApplyCase{"{a:[N1]}", "ADD a[5] :n", "{a:[N1,N1]}"},
    ApplyCase{"{}", "ADD a.b :n", "The document path provided in the update expression is invalid for update"},
    // DELETE.
    ApplyCase{"{a:<Sa|b>,b:Shi}", "DELETE a :ssa", "{a:<Sb>,b:Shi}"},
    ApplyCase{"{a:<Sa|b>}", "DELETE a :ssb", "{a:<Sa>}"},
    ApplyCase{"{a:<Sa|b>,b:Shi}", "DELETE a :ss", "{b:Shi}"},      // emptied set is removed
    ApplyCase{"{b:Shi}", "DELETE a :ss", "{b:Shi}"},
    ApplyCase{"{a:<N1|2>}", "DELETE a :ss", "An operand in the update expression has an incorrect data type"},
    ApplyCase{"{a:Sx}", "DELETE a :ss", "An operand in the update expression has an incorrect data type"},
    ApplyCase{"{a:[<Sa>,N1]}", "DELETE a[0] :ssa", "{a:[N1]}"},
    ApplyCase{"{}", "DELETE y.a :ss", "The document path provided in the update expression is invalid for update"},
    // Everything at once (dynalite "should update nested attributes").
    ApplyCase{"{a:Sk,b:{a:N1,b:N2,c:N3},c:[N1,N3]}",
              "set b.c=((c[1])+(b.a)),b.a = a,c[1] = a, c[4] = b.a - b.b, c[2] = b.c add c[8] :ssa, c[6] :n2",
              "{a:Sk,b:{a:Sk,b:N2,c:N4},c:[N1,Sk,N3,N-1,N2,<Sa>]}"}
));

TEST(UpdatePlan, ModifiedNamesAndPathsForReturnValues) {
  Placeholders ph = update_placeholders();
  auto plan = parse_update("SET b.c = :n, b.a = a, c[1] = a, c[4] = :n REMOVE d ADD e :n", ph);
  ASSERT_TRUE(plan.is_ok()) << plan.status().message();
  EXPECT_EQ(plan->modified_top_level_names(), (std::set<std::string>{"b", "c", "d", "e"}));
  EXPECT_EQ(plan->nested_top_level_names(), (std::set<std::string>{"b", "c"}));
  // UPDATED_NEW / UPDATED_OLD are projections of the new / old item onto the modified paths.
  model::Item before = parse_item("{a:Sk,b:{a:N1,b:N2,c:N3},c:[N1,N3],d:N9}");
  model::Item after = before;
  ASSERT_TRUE(apply_update(plan.value(), after, true).is_ok());
  Projection touched = Projection::from_paths(plan->modified_paths());
  EXPECT_EQ(to_text(project(touched, before)), "{b:{a:N1,c:N3},c:[N3],d:N9}");
  EXPECT_EQ(to_text(project(touched, after)), "{b:{a:Sk,c:N1},c:[Sk],e:N1}");
}

TEST(UpdateApply, LegacyDialectMessagesAndListAdd) {
  std::vector<UpdateAction> actions(1);
  actions[0].kind = UpdateAction::Kind::kAdd;
  actions[0].path = {PathElement::member("a")};
  actions[0].value = Operand::of_value(N("1"));
  UpdatePlan plan(actions, UpdateDialect::kAttributeUpdates);
  model::Item item = parse_item("{a:Sx}");
  Status s = apply_update(plan, item, true);
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.message(), "Type mismatch for attribute to update");
}

}  // namespace
}  // namespace dynastore::expr
