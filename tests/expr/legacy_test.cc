#include "dynastore/expr/legacy.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "test_util.h"

namespace dynastore::expr {
namespace {

using namespace testing;  // NOLINT: test value builders
using Op = ComparisonOperator;

// One filter row: attribute "a" of `item` tested with `op` and `values`.
struct FilterCase {
  const char* item;
  Op op;
  std::vector<const char*> values;
  bool expected;
};

class LegacyFilterTest : public ::testing::TestWithParam<FilterCase> {};

TEST_P(LegacyFilterTest, Row) {
  const FilterCase& c = GetParam();
  FilterCondition f;
  f.comparison_operator = c.op;
  for (const char* v : c.values) f.attribute_value_list.push_back(parse_value(v));
  auto cond = build_filter({{"a", f}}, ConditionalOperator::kAnd);
  ASSERT_TRUE(cond.is_ok()) << cond.status().message();
  model::Item item = parse_item(c.item);
  EXPECT_EQ(evaluate(cond.value(), &item), c.expected)
      << comparison_operator_name(c.op) << " on " << c.item;
}

INSTANTIATE_TEST_SUITE_P(Table, LegacyFilterTest, ::testing::Values(
    FilterCase{"{a:N1}", Op::kEq, {"N1"}, true},
    FilterCase{"{a:N1}", Op::kEq, {"S1"}, false},
    FilterCase{"{}", Op::kEq, {"N1"}, false},
    FilterCase{"{a:<Sa|b>}", Op::kEq, {"<Sb|a>"}, true},
    FilterCase{"{a:N1}", Op::kNe, {"N2"}, true},
    FilterCase{"{a:N1}", Op::kNe, {"S1"}, true},           // different types never match
    FilterCase{"{}", Op::kNe, {"N1"}, true},               // missing attribute: NE succeeds
    FilterCase{"{a:N1}", Op::kNe, {"N1"}, false},
    FilterCase{"{a:N2}", Op::kLt, {"N10"}, true},
    FilterCase{"{a:Sb}", Op::kGe, {"Sa"}, true},
    FilterCase{"{a:Sb}", Op::kGe, {"N1"}, false},
    FilterCase{"{}", Op::kLe, {"N1"}, false},
    FilterCase{"{a:Z}", Op::kNotNull, {}, true},           // NOT_NULL tests existence, not type
    FilterCase{"{}", Op::kNotNull, {}, false},
    FilterCase{"{}", Op::kNull, {}, true},
    FilterCase{"{a:N1}", Op::kNull, {}, false},
    FilterCase{"{a:Shello}", Op::kContains, {"Sell"}, true},
    FilterCase{"{a:<N2|4|7>}", Op::kContains, {"N4"}, true},
    FilterCase{"{a:[N2,N4]}", Op::kContains, {"N4"}, true},
    FilterCase{"{a:Bhi there}", Op::kContains, {"Bthe"}, true},
    FilterCase{"{}", Op::kContains, {"N4"}, false},
    FilterCase{"{a:Shello}", Op::kNotContains, {"Sdog"}, true},
    FilterCase{"{a:<N2|4|7>}", Op::kNotContains, {"N1"}, true},
    FilterCase{"{a:<N2|4|7>}", Op::kNotContains, {"N4"}, false},
    FilterCase{"{a:[N2,N4]}", Op::kNotContains, {"N4"}, false},
    FilterCase{"{}", Op::kNotContains, {"N1"}, false},     // legacy: missing attribute fails
    FilterCase{"{a:N3}", Op::kNotContains, {"Sx"}, true},
    FilterCase{"{a:Shello}", Op::kBeginsWith, {"Shell"}, true},
    FilterCase{"{a:N3}", Op::kBeginsWith, {"Sdog"}, false},
    FilterCase{"{a:N3}", Op::kIn, {"N2", "N3", "N8"}, true},
    FilterCase{"{a:N3}", Op::kIn, {"N1", "N2"}, false},
    FilterCase{"{a:<N2|4>}", Op::kIn, {"N2"}, false},      // IN is not set membership
    FilterCase{"{a:N2}", Op::kBetween, {"N1", "N3"}, true},
    FilterCase{"{a:N2}", Op::kBetween, {"N2", "N3"}, true},
    FilterCase{"{a:N2}", Op::kBetween, {"Scat", "Sdog"}, false},
    FilterCase{"{}", Op::kBetween, {"N0", "N100"}, false}
));

struct ErrorCase {
  Op op;
  std::vector<const char*> values;
  const char* error;
};

class LegacyFilterErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(LegacyFilterErrorTest, Row) {
  const ErrorCase& c = GetParam();
  FilterCondition f;
  f.comparison_operator = c.op;
  for (const char* v : c.values) f.attribute_value_list.push_back(parse_value(v));
  auto cond = build_filter({{"a", f}}, ConditionalOperator::kAnd);
  ASSERT_FALSE(cond.is_ok());
  EXPECT_EQ(cond.status().message(), c.error);
}

INSTANTIATE_TEST_SUITE_P(Table, LegacyFilterErrorTest, ::testing::Values(
    ErrorCase{Op::kEq, {}, "One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator"},
    ErrorCase{Op::kNull, {"Sa"}, "One or more parameter values were invalid: Invalid number of argument(s) for the NULL ComparisonOperator"},
    ErrorCase{Op::kBetween, {"Sa", "Sa", "Sa"}, "One or more parameter values were invalid: Invalid number of argument(s) for the BETWEEN ComparisonOperator"},
    ErrorCase{Op::kIn, {}, "One or more parameter values were invalid: Invalid number of argument(s) for the IN ComparisonOperator"},
    ErrorCase{Op::kIn, {"Sb", "N1"}, "One or more parameter values were invalid: AttributeValues inside AttributeValueList must be of same type"},
    ErrorCase{Op::kLt, {"T"}, "One or more parameter values were invalid: ComparisonOperator LT is not valid for BOOL AttributeValue type"},
    ErrorCase{Op::kIn, {"[]"}, "One or more parameter values were invalid: ComparisonOperator IN is not valid for L AttributeValue type"},
    ErrorCase{Op::kContains, {"<Sa>"}, "One or more parameter values were invalid: ComparisonOperator CONTAINS is not valid for SS AttributeValue type"},
    ErrorCase{Op::kBeginsWith, {"N1"}, "One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"},
    ErrorCase{Op::kBetween, {"Sb", "Sa"}, "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"}
));

TEST(LegacyExpected, ValueExistsAndOperator) {
  model::Item item = parse_item("{a:N1,b:Sx}");
  auto eval = [&](std::vector<std::pair<std::string, ExpectedAttribute>> e, ConditionalOperator op) {
    auto c = build_expected(e, op);
    EXPECT_TRUE(c.is_ok()) << c.status().message();
    return c.is_ok() && evaluate(c.value(), &item);
  };
  ExpectedAttribute a_is_1{N("1"), std::nullopt, std::nullopt, std::nullopt};
  ExpectedAttribute a_is_2{N("2"), true, std::nullopt, std::nullopt};
  ExpectedAttribute c_absent{std::nullopt, false, std::nullopt, std::nullopt};
  ExpectedAttribute b_absent{std::nullopt, false, std::nullopt, std::nullopt};
  ExpectedAttribute b_gt{std::nullopt, std::nullopt, Op::kGt, std::vector<model::AttributeValue>{S("a")}};
  ExpectedAttribute b_value_op{S("x"), std::nullopt, Op::kEq, std::nullopt};  // Value with an operator
  EXPECT_TRUE(eval({{"a", a_is_1}}, ConditionalOperator::kAnd));
  EXPECT_FALSE(eval({{"a", a_is_2}}, ConditionalOperator::kAnd));
  EXPECT_TRUE(eval({{"c", c_absent}}, ConditionalOperator::kAnd));
  EXPECT_FALSE(eval({{"b", b_absent}}, ConditionalOperator::kAnd));
  EXPECT_TRUE(eval({{"b", b_gt}, {"a", a_is_1}}, ConditionalOperator::kAnd));
  EXPECT_FALSE(eval({{"a", a_is_2}, {"b", b_absent}}, ConditionalOperator::kOr));
  EXPECT_TRUE(eval({{"a", a_is_2}, {"b", b_gt}}, ConditionalOperator::kOr));
  EXPECT_TRUE(eval({{"b", b_value_op}}, ConditionalOperator::kAnd));
  EXPECT_TRUE(eval({}, ConditionalOperator::kAnd));
  auto c = build_expected({{"a", a_is_1}}, ConditionalOperator::kAnd);
  EXPECT_FALSE(evaluate(c.value(), nullptr));
}

TEST(LegacyExpected, Errors) {
  auto error = [](ExpectedAttribute e) {
    auto c = build_expected({{"a", e}}, ConditionalOperator::kAnd);
    return c.is_ok() ? std::string("ok") : c.status().message();
  };
  const std::string p = "One or more parameter values were invalid: ";
  EXPECT_EQ(error({S("x"), std::nullopt, Op::kEq, std::vector<model::AttributeValue>{S("x")}}),
            p + "Value and AttributeValueList cannot be used together for Attribute: a");
  EXPECT_EQ(error({std::nullopt, true, Op::kEq, std::vector<model::AttributeValue>{S("x")}}),
            p + "Exists and ComparisonOperator cannot be used together for Attribute: a");
  EXPECT_EQ(error({std::nullopt, std::nullopt, Op::kEq, std::nullopt}),
            p + "Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a");
  EXPECT_EQ(error({std::nullopt, std::nullopt, std::nullopt, std::vector<model::AttributeValue>{S("x")}}),
            p + "AttributeValueList can only be used with a ComparisonOperator for Attribute: a");
  EXPECT_EQ(error({std::nullopt, std::nullopt, std::nullopt, std::nullopt}),
            p + "Value must be provided when Exists is null for Attribute: a");
  EXPECT_EQ(error({std::nullopt, true, std::nullopt, std::nullopt}),
            p + "Value must be provided when Exists is true for Attribute: a");
  EXPECT_EQ(error({S("x"), false, std::nullopt, std::nullopt}),
            p + "Value cannot be used when Exists is false for Attribute: a");
  EXPECT_EQ(error({std::nullopt, std::nullopt, Op::kNotNull, std::nullopt}), "ok");
}

TEST(LegacyKeyConditions, SchemaChecks) {
  const std::vector<model::KeyAttribute> hash = {{"p", model::ScalarType::kString}};
  const std::vector<model::KeyAttribute> range = {{"c", model::ScalarType::kNumber}};
  const KeyAttributes range_table{hash, range};
  auto run = [&](std::vector<std::pair<std::string, FilterCondition>> conds) {
    auto k = build_key_conditions(conds, range_table);
    return k.is_ok() ? std::string("ok") : k.status().message();
  };
  FilterCondition p_eq{Op::kEq, {S("k")}};
  FilterCondition c_between{Op::kBetween, {N("1"), N("5")}};
  FilterCondition c_ne{Op::kNe, {N("1")}};
  FilterCondition c_str{Op::kGt, {S("1")}};
  FilterCondition p_gt{Op::kGt, {S("k")}};
  EXPECT_EQ(run({{"p", p_eq}, {"c", c_between}}), "ok");
  EXPECT_EQ(run({{"p", p_eq}}), "ok");
  EXPECT_EQ(run({}), "Conditions can be of length 1 or 2 only");
  EXPECT_EQ(run({{"p", p_eq}, {"c", c_ne}}), "Attempted conditional constraint is not an indexable operation");
  EXPECT_EQ(run({{"p", p_eq}, {"c", c_str}}),
            "One or more parameter values were invalid: Condition parameter type does not match schema type");
  EXPECT_EQ(run({{"p", p_gt}}), "Query key condition not supported");
  EXPECT_EQ(run({{"c", c_between}}), "Query condition missed key schema element: p");
  EXPECT_EQ(run({{"p", p_eq}, {"z", c_between}}), "Query condition missed key schema element: c");
  EXPECT_EQ(run({{"p", p_eq}, {"c", c_between}, {"z", p_eq}}),
            "The number of query conditions (3) exceeds the number of key attributes defined in the schema (2)");
  EXPECT_EQ(run({{"p", p_eq}, {"c", FilterCondition{Op::kBetween, {N("5"), N("1")}}}}),
            "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
  auto k = build_key_conditions({{"c", c_between}, {"p", p_eq}}, range_table);
  ASSERT_TRUE(k.is_ok());
  EXPECT_EQ(k->partition_values, std::vector<model::AttributeValue>{S("k")});
  ASSERT_TRUE(k->sort.has_value());
  EXPECT_EQ(k->sort->op, SortKeyOp::kBetween);
  EXPECT_EQ(k->sort->upper, N("5"));
}

TEST(LegacyKeyConditions, OperandsOfEachEntry) {
  auto check = [](Op op, std::vector<model::AttributeValue> values) {
    auto s = check_key_condition_operands(op, values);
    return s.is_ok() ? std::string("ok") : s.message();
  };
  const std::string p = "One or more parameter values were invalid: ";
  EXPECT_EQ(check(Op::kEq, {S("a")}), "ok");
  EXPECT_EQ(check(Op::kBetween, {N("1")}), p + "Invalid number of argument(s) for the BETWEEN ComparisonOperator");
  EXPECT_EQ(check(Op::kEq, {}), p + "Invalid number of argument(s) for the EQ ComparisonOperator");
  EXPECT_EQ(check(Op::kNull, {S("a")}), p + "Invalid number of argument(s) for the NULL ComparisonOperator");
  EXPECT_EQ(check(Op::kIn, {}), "ok");  // refused later, as not indexable
  EXPECT_EQ(check(Op::kBetween, {N("1"), S("2")}), p + "AttributeValues inside AttributeValueList must be of same type");
  EXPECT_EQ(check(Op::kBeginsWith, {N("1")}), p + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type");
  // Unlike a filter, a key condition's operand types are checked against the key schema later.
  EXPECT_EQ(check(Op::kLt, {SS({"a"})}), "ok");
}

struct AttributeUpdateCase {
  const char* before;
  const char* name;
  AttributeUpdate::Action action;
  const char* value;  // "" for none
  const char* after;  // item or error
};

class AttributeUpdatesTest : public ::testing::TestWithParam<AttributeUpdateCase> {};

TEST_P(AttributeUpdatesTest, Row) {
  const AttributeUpdateCase& c = GetParam();
  AttributeUpdate u;
  u.action = c.action;
  if (std::string(c.value).size() > 0) u.value = parse_value(c.value);
  auto plan = build_attribute_updates({{c.name, u}});
  std::string result;
  if (!plan.is_ok()) {
    result = plan.status().message();
  } else {
    model::Item item = parse_item(c.before);
    Status s = apply_update(plan.value(), item, true);
    result = s.is_ok() ? to_text(item) : s.message();
  }
  std::string expected = std::string(c.after).starts_with("{") ? to_text(parse_item(c.after)) : c.after;
  EXPECT_EQ(result, expected) << c.name << " " << c.value << " on " << c.before;
}

using A = AttributeUpdate::Action;
INSTANTIATE_TEST_SUITE_P(Table, AttributeUpdatesTest, ::testing::Values(
    AttributeUpdateCase{"{a:N1}", "b", A::kPut, "Sx", "{a:N1,b:Sx}"},
    AttributeUpdateCase{"{a:N1}", "a", A::kPut, "Sx", "{a:Sx}"},
    AttributeUpdateCase{"{a:N1}", "a", A::kPut, "", "One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified"},
    AttributeUpdateCase{"{a:N1,b:Sx}", "a", A::kDelete, "", "{b:Sx}"},
    AttributeUpdateCase{"{b:Sx}", "a", A::kDelete, "", "{b:Sx}"},
    AttributeUpdateCase{"{a:<N1|2|3>}", "a", A::kDelete, "<N1|4>", "{a:<N2|3>}"},
    AttributeUpdateCase{"{a:<N1|2>}", "a", A::kDelete, "<N2|1>", "{}"},
    AttributeUpdateCase{"{a:<Sx>}", "a", A::kDelete, "<N1>", "Type mismatch for attribute to update"},
    AttributeUpdateCase{"{a:N1}", "a", A::kDelete, "N1", "One or more parameter values were invalid: DELETE action with value is not supported for the type N"},
    AttributeUpdateCase{"{a:N1}", "a", A::kAdd, "N3", "{a:N4}"},
    AttributeUpdateCase{"{}", "d", A::kAdd, "N5", "{d:N5}"},
    AttributeUpdateCase{"{a:<Sa|b>}", "a", A::kAdd, "<Sb|c|d>", "{a:<Sa|b|c|d>}"},
    AttributeUpdateCase{"{a:[Sa,N1]}", "a", A::kAdd, "[Sb,N2]", "{a:[Sa,N1,Sb,N2]}"},
    AttributeUpdateCase{"{}", "f", A::kAdd, "[Sa,N1]", "{f:[Sa,N1]}"},
    AttributeUpdateCase{"{a:<N1>}", "a", A::kAdd, "N1", "Type mismatch for attribute to update"},
    AttributeUpdateCase{"{}", "a", A::kAdd, "Sx", "One or more parameter values were invalid: ADD action is not supported for the type S"},
    AttributeUpdateCase{"{}", "a", A::kAdd, "{}", "One or more parameter values were invalid: ADD action is not supported for the type M"}
));

TEST(LegacyNames, ComparisonOperatorRoundTrip) {
  for (const char* name : {"EQ", "NE", "LE", "LT", "GE", "GT", "NOT_NULL", "NULL", "CONTAINS", "NOT_CONTAINS",
                           "BEGINS_WITH", "IN", "BETWEEN"}) {
    auto op = parse_comparison_operator(name);
    ASSERT_TRUE(op.has_value()) << name;
    EXPECT_EQ(comparison_operator_name(*op), name);
  }
  EXPECT_FALSE(parse_comparison_operator("eq").has_value());
}

}  // namespace
}  // namespace dynastore::expr
